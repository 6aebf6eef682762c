-- One row per anniversary of a known founding event (int_foundings_combined) in the calendar years
-- Y, Y+1 and Y+2 (origin `projected`), unless an article already names that occurrence.
-- Y is the var `calendar_start_year`, else the year of the latest article, else the current year.

{%- set start_year = var('calendar_start_year', none) %}

with

foundings as (
    select * from {{ ref('int_foundings_combined') }}
),

articles as (
    select * from {{ ref('stg_articles') }}
),

mentioned as (
    select * from {{ ref('int_anniversaries_deduplicated') }}
),

calendar_start as (
    select
        cast(coalesce(
            {{ start_year if start_year is not none else 'null' }},
            max(year(published_date)),
            year(current_date)
        ) as integer) as start_year,
    from articles
),

calendar_years as (
    select
        cast(calendar_start.start_year + year_offsets.n as integer) as anniversary_year,
    from calendar_start
    cross join range(0, 3) as year_offsets (n)
),

occurrences as (
    select
        foundings.*,
        calendar_years.anniversary_year,
        cast(calendar_years.anniversary_year - foundings.base_year as integer) as ordinal,
    from foundings
    cross join calendar_years
    where calendar_years.anniversary_year - foundings.base_year >= 1
),

identified as (
    select
        md5(concat_ws('|', founding_key, cast(anniversary_year as varchar))) as anniversary_id,
        *,
    from occurrences
),

not_mentioned as (
    select identified.*
    from identified
    anti join mentioned
        on identified.anniversary_id = mentioned.anniversary_id
),

projected as (
    select
        anniversary_id,
        founding_key,
        subject,
        is_diplomatic_relations,
        country_codes,
        ordinal,
        anniversary_year,
        cast(base_date + to_years(ordinal) as date) as anniversary_date,
        cast(null as date) as mentioned_on,
        base_date,
        base_year,
        base_source,
        'projected' as origin,
        ordinal % 5 = 0 as is_milestone,
        false as ordinal_mismatch,
        cast(0 as integer) as mention_count,
        evidence,
        article_ids,
    from not_mentioned
)

select * from projected
