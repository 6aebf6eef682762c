-- One row per visit mention, with the id of the visit it reports:
-- the same visitor, host country and start date (null-safe) are one visit; a mention dated only
-- to the month or year, or not at all, joins the one visit of that visitor and host known to the
-- day within that span.

with

mentions as (
    select * from {{ ref('stg_visit_mentions') }}
),

dates_normalized as (
    select
        * replace (
            coalesce(date_precision, case when start_date is null then 'unknown' else 'day' end) as date_precision
        ),
    from mentions
),

day_visits as (
    select distinct visitor_name, host_country, start_date as day_date,
    from dates_normalized
    where date_precision = 'day' and start_date is not null
),

coarse_candidates as (
    -- "his recent visit to Peru" tells of the visit dated elsewhere, when there is just one
    -- such visit within the mention's month or year (or at all, for an undated mention)
    select
        m.article_id,
        m.sentence_index,
        m.host_country,
        count(distinct d.day_date) as n_days,
        min(d.day_date) as only_day,
    from dates_normalized as m
    join day_visits as d
        on m.visitor_name = d.visitor_name
        and m.host_country = d.host_country
        and (
            m.start_date is null
            or (m.date_precision = 'month' and date_trunc('month', d.day_date) = m.start_date)
            or (m.date_precision = 'year' and year(d.day_date) = year(m.start_date))
        )
    where m.date_precision <> 'day' or m.start_date is null
    group by all
),

resolved as (
    select
        m.* replace (
            case when c.n_days = 1 then c.only_day else m.start_date end as start_date
        ),
    from dates_normalized as m
    left join coarse_candidates as c
        on m.article_id = c.article_id
        and m.sentence_index = c.sentence_index
        and m.host_country = c.host_country
),

keyed as (
    select
        md5(concat_ws('|',
            coalesce(visitor_name, 'unknown'),
            coalesce(host_country, 'unknown'),
            coalesce(cast(start_date as varchar), 'unknown')
        )) as visit_id,
        *,
    from resolved
)

select * from keyed
