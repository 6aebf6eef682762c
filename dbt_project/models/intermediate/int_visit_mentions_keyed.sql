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

resolved as (
    -- "his recent visit to Peru" tells of the visit dated elsewhere, when there is just one
    {{ coarse_date_resolution(
        'dates_normalized', ['visitor_name', 'host_country'],
        ['article_id', 'sentence_index', 'host_country'], 'start_date') }}
),

keyed as (
    select
        md5(concat_ws('|',
            coalesce(visitor_name, 'unknown'),
            coalesce(host_country, 'unknown'),
            coalesce(cast(resolved_date as varchar), 'unknown')
        )) as visit_id,
        * exclude (start_date, resolved_date, is_merged),
        resolved_date as start_date,
    from resolved
)

select * from keyed
