-- One row per official visit: the mentions of int_visit_mentions_keyed grouped by visit_id.

with

mentions as (
    select * from {{ ref('int_visit_mentions_keyed') }}
),

ranked as (
    select
        *,
        -- the best-dated sentence (a known end date first) gives the span and the evidence
        row_number() over (
            partition by visit_id
            order by
                {{ date_precision_priority('date_precision') }},
                end_date is null,
                visit_type is null,
                article_id,
                sentence_index
        ) as best_rank,
    from mentions
),

best_mentions as (
    select
        visit_id,
        end_date,
        date_precision,
        evidence,
    from ranked
    where best_rank = 1
),

visitor_roles as (
    {{ most_mentioned('mentions', 'visit_id', 'visitor_role') }}
),

visitor_countries as (
    {{ most_mentioned('mentions', 'visit_id', 'visitor_country') }}
),

visit_types as (
    {{ most_mentioned('mentions', 'visit_id', 'visit_type') }}
),

aggregated as (
    select
        visit_id,
        min(visitor_name) as visitor_name,
        min(host_country) as host_country,
        min(start_date) as start_date,
        cast(count(distinct concat_ws('|', article_id, sentence_index)) as integer) as mention_count,
        list_sort(list_distinct(list(article_id))) as article_ids,
    from mentions
    group by visit_id
),

joined as (
    select
        aggregated.visit_id,
        aggregated.visitor_name,
        visitor_roles.visitor_role,
        visitor_countries.visitor_country,
        aggregated.host_country,
        aggregated.start_date,
        best_mentions.end_date,
        best_mentions.date_precision,
        visit_types.visit_type,
        aggregated.mention_count,
        aggregated.article_ids,
        best_mentions.evidence,
    from aggregated
    inner join best_mentions on aggregated.visit_id = best_mentions.visit_id
    left join visitor_roles on aggregated.visit_id = visitor_roles.visit_id
    left join visitor_countries on aggregated.visit_id = visitor_countries.visit_id
    left join visit_types on aggregated.visit_id = visit_types.visit_id
)

select * from joined
