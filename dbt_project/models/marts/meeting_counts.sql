with

meetings as (
    select * from {{ ref('int_meetings_deduplicated') }}
),

country_pairs as (
    select
        meetings.meeting_id,
        meetings.meeting_kind,
        case
            when meetings.date_precision in ('day', 'month')
                then cast(date_trunc('month', meetings.meeting_date) as date)
        end as month,
        country.code as country_code,
        counterpart.code as counterpart_code,
    from meetings
    cross join unnest(meetings.country_codes) as country (code)
    cross join unnest(meetings.country_codes) as counterpart (code)
    where country.code <> counterpart.code
),

counted as (
    select
        country_code,
        counterpart_code,
        month,
        meeting_kind,
        cast(count(distinct meeting_id) as integer) as meetings,
    from country_pairs
    group by country_code, counterpart_code, month, meeting_kind
)

select * from counted
