with

partnerships as (
    select * from {{ ref('int_partnerships_ranked') }}
),

final as (
    select
        partnership_id,
        country_a,
        country_b,
        partnership_label,
        level_rank,
        action,
        effective_date,
        date_precision,
        previous_label,
        evidence,
        article_ids,
        is_below_current,
        mention_count,
    from partnerships
)

select * from final
