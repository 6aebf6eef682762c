-- One row per partnership mention, with the id of the timeline row it belongs to:
-- one row per (pair, label, action, effective date), null-safe. An `established` mention dated only
-- to the month or year joins the one day-dated establishment of the same pair and label in that span.

with

mentions as (
    select * from {{ ref('stg_partnership_mentions') }}
),

pairs_ordered as (
    select
        * replace (
            least(country_a, country_b) as country_a,
            greatest(country_a, country_b) as country_b,
            coalesce(date_precision, case when effective_date is null then 'unknown' else 'day' end) as date_precision
        ),
    from mentions
),

day_rows as (
    select distinct country_a, country_b, partnership_label, action, effective_date as day_date,
    from pairs_ordered
    where date_precision = 'day' and effective_date is not null
),

coarse_candidates as (
    -- "in the course of 2024, China and Brazil announced ..." tells of the elevation dated to the
    -- day elsewhere, when exactly one such row of the pair, label and action falls in its span
    select
        m.article_id,
        m.sentence_index,
        m.country_a,
        m.country_b,
        m.partnership_label,
        count(distinct d.day_date) as n_days,
        min(d.day_date) as only_day,
    from pairs_ordered as m
    join day_rows as d
        on m.country_a = d.country_a
        and m.country_b = d.country_b
        and m.partnership_label = d.partnership_label
        and m.action = d.action
        and (
            m.effective_date is null
            or (m.date_precision = 'month' and date_trunc('month', d.day_date) = m.effective_date)
            or (m.date_precision = 'year' and year(d.day_date) = year(m.effective_date))
        )
    where m.action = 'established' and (m.date_precision <> 'day' or m.effective_date is null)
    group by all
),

resolved as (
    select
        m.* replace (
            case when c.n_days = 1 then c.only_day else m.effective_date end as effective_date
        ),
    from pairs_ordered as m
    left join coarse_candidates as c
        on m.article_id = c.article_id
        and m.sentence_index = c.sentence_index
        and m.country_a = c.country_a
        and m.country_b = c.country_b
        and m.partnership_label = c.partnership_label
),

keyed as (
    select
        md5(concat_ws('|',
            country_a,
            country_b,
            partnership_label,
            action,
            coalesce(cast(effective_date as varchar), 'unknown')
        )) as partnership_id,
        *,
    from resolved
)

select * from keyed
