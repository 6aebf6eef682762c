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

spans as (
    select distinct visitor_name, host_country, start_date as span_start, end_date as span_end,
    from dates_normalized
    where start_date is not null and end_date is not null
),

inside_spans as (
    -- "arrived in Lima on 14 November ... to pay a state visit" is the visit of November 13-17
    select
        m.article_id,
        m.sentence_index,
        m.host_country,
        count(distinct s.span_start) as n_spans,
        min(s.span_start) as only_start,
    from dates_normalized as m
    inner join spans as s
        on m.visitor_name = s.visitor_name
        and m.host_country = s.host_country
        and m.end_date is null
        and m.date_precision = 'day'
        and m.start_date between s.span_start and s.span_end
    group by all
),

spanned as (
    select
        m.* replace (
            case when i.n_spans = 1 then i.only_start else m.start_date end as start_date
        ),
    from dates_normalized as m
    left join inside_spans as i
        on m.article_id = i.article_id
        and m.sentence_index = i.sentence_index
        and m.host_country = i.host_country
),

-- "his recent visit to Peru" tells of the visit dated elsewhere, when there is just one
resolved as (
    {{ coarse_date_resolution(
        'spanned', ['visitor_name', 'host_country'],
        ['article_id', 'sentence_index', 'host_country'], 'start_date') }}
),

keyed as (
    select
        md5(concat_ws(
            '|',
            coalesce(visitor_name, 'unknown'),
            coalesce(host_country, 'unknown'),
            coalesce(cast(resolved_date as varchar), 'unknown')
        )) as visit_id,
        * exclude (start_date, resolved_date, is_merged),
        resolved_date as start_date,
    from resolved
)

select * from keyed
