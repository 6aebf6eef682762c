-- One row per anniversary mention, linked to its founding event (int_foundings_combined: the text
-- first, else the reference seed) and keyed by the calendar occurrence it names (`anniversary_id`).
-- Mentions whose ordinal is unknown or below 1 are dropped.

with

mentions as (
    select * from {{ ref('stg_anniversary_mentions') }}
),

foundings as (
    select * from {{ ref('int_foundings_combined') }}
),

keyed as (
    select
        *,
        -- the same key as the founding it commemorates
        case
            when is_diplomatic_relations and len(country_codes) >= 2
                then 'diplomatic relations|' || array_to_string(country_codes, ';')
            else 'subject|' || lower(subject)
        end as founding_key,
    from mentions
),

linked as (
    select
        keyed.article_id,
        keyed.sentence_index,
        keyed.founding_key,
        keyed.subject,
        keyed.is_diplomatic_relations,
        keyed.country_codes,
        cast(coalesce(
            keyed.ordinal,
            coalesce(keyed.anniversary_year, year(keyed.anniversary_date)) - foundings.base_year
        ) as integer) as ordinal,
        cast(coalesce(
            keyed.anniversary_year,
            year(keyed.anniversary_date),
            foundings.base_year + keyed.ordinal
        ) as integer) as anniversary_year,
        keyed.anniversary_date as stated_anniversary_date,
        keyed.mentioned_on,
        foundings.base_date,
        foundings.base_year,
        foundings.base_source,
        keyed.evidence,
    from keyed
    left join foundings
        on keyed.founding_key = foundings.founding_key
),

identified as (
    select
        md5(concat_ws(
            '|',
            founding_key,
            coalesce(cast(anniversary_year as varchar), 'unknown')
        )) as anniversary_id,
        *,
    from linked
    where ordinal >= 1
)

select * from identified
