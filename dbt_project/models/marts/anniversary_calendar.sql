with

mentioned as (
    select * from {{ ref('int_anniversaries_deduplicated') }}
),

projected as (
    select * from {{ ref('int_anniversaries_projected') }}
),

unioned as (
    select * from mentioned
    union all by name
    select * from projected
),

final as (
    select
        anniversary_id,
        subject,
        country_codes,
        ordinal,
        anniversary_year,
        anniversary_date,
        mentioned_on,
        base_date,
        base_year,
        origin,
        is_milestone,
        evidence,
        article_ids,
        ordinal_mismatch,
        base_source,
        mention_count,
    from unioned
)

select * from final
