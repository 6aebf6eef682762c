-- One row per anniversary occurrence that an article names (origin `mentioned`): the mentions of
-- int_anniversary_mentions_linked grouped by anniversary_id, dated from the text or the founding date.

with

mentions as (
    select * from {{ ref('int_anniversary_mentions_linked') }}
),

ranked as (
    select
        *,
        -- the earliest mention that gives the day is the evidence
        row_number() over (
            partition by anniversary_id
            order by
                stated_anniversary_date is null,
                mentioned_on asc nulls last,
                article_id,
                sentence_index
        ) as best_rank,
    from mentions
),

subjects as (
    {{ most_mentioned('mentions', 'anniversary_id', 'subject') }}
),

ordinals as (
    {{ most_mentioned('mentions', 'anniversary_id', 'ordinal') }}
),

stated_dates as (
    {{ most_mentioned('mentions', 'anniversary_id', 'stated_anniversary_date') }}
),

aggregated as (
    select
        anniversary_id,
        min(founding_key) as founding_key,
        bool_or(is_diplomatic_relations) as is_diplomatic_relations,
        list_sort(list_distinct(flatten(list(country_codes)))) as country_codes,
        min(anniversary_year) as anniversary_year,
        min(mentioned_on) as mentioned_on,
        min(base_date) as base_date,
        min(base_year) as base_year,
        min(base_source) as base_source,
        cast(count(distinct concat_ws('|', article_id, sentence_index)) as integer) as mention_count,
        list_sort(list_distinct(list(article_id))) as article_ids,
        min(evidence) filter (where best_rank = 1) as evidence,
    from ranked
    group by anniversary_id
),

joined as (
    select
        aggregated.*,
        subjects.subject,
        ordinals.ordinal,
        stated_dates.stated_anniversary_date,
        coalesce(aggregated.base_year + ordinals.ordinal <> aggregated.anniversary_year, false) as ordinal_mismatch,
    from aggregated
    inner join subjects on aggregated.anniversary_id = subjects.anniversary_id
    inner join ordinals on aggregated.anniversary_id = ordinals.anniversary_id
    left join stated_dates on aggregated.anniversary_id = stated_dates.anniversary_id
),

dated as (
    select
        anniversary_id,
        founding_key,
        subject,
        is_diplomatic_relations,
        country_codes,
        ordinal,
        anniversary_year,
        coalesce(
            stated_anniversary_date,
            -- from the founding date, unless that would fall outside the year the text names
            case when not ordinal_mismatch then cast(base_date + to_years(ordinal) as date) end
        ) as anniversary_date,
        mentioned_on,
        base_date,
        base_year,
        base_source,
        'mentioned' as origin,
        ordinal % 5 = 0 as is_milestone,
        ordinal_mismatch,
        mention_count,
        evidence,
        article_ids,
    from joined
)

select * from dated
