-- One row per founding mention, with the key of what was founded (`founding_key`, shared with the
-- anniversaries of the same thing) and the id of the founding event (`founding_id`).

with

mentions as (
    select * from {{ ref('stg_founding_mentions') }}
),

dates_normalized as (
    select
        * replace (
            coalesce(date_precision, case when base_date is null then 'unknown' else 'day' end) as date_precision
        ),
    from mentions
),

keyed as (
    select
        *,
        -- diplomatic relations are keyed by their countries, other subjects by their wording
        case
            when is_diplomatic_relations and len(country_codes) >= 2
                then 'diplomatic relations|' || array_to_string(country_codes, ';')
            else 'subject|' || lower(subject)
        end as founding_key,
    from dates_normalized
),

identified as (
    select
        md5(concat_ws(
            '|',
            founding_key,
            coalesce(
                case when date_precision in ('day', 'month') then cast(base_date as varchar) end,
                cast(base_year as varchar),
                'unknown'
            )
        )) as founding_id,
        *,
    from keyed
)

select * from identified
