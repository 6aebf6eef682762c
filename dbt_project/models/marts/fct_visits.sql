with

visits as (
    select * from {{ ref('int_visits_deduplicated') }}
),

final as (
    select
        visit_id,
        visitor_name,
        visitor_role,
        visitor_country,
        host_country,
        start_date,
        end_date,
        date_precision,
        visit_type,
        evidence,
        article_ids,
        mention_count,
    from visits
)

select * from final
