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

-- "in the course of 2024, China and Brazil announced ..." tells of the elevation dated to the
-- day elsewhere, when exactly one such row of the pair, label and action falls in its span
resolved as (
    {{ coarse_date_resolution(
        'pairs_ordered', ['country_a', 'country_b', 'partnership_label', 'action'],
        ['article_id', 'sentence_index', 'country_a', 'country_b', 'partnership_label'],
        'effective_date', where="coarse.action = 'established'") }}
),

keyed as (
    select
        md5(concat_ws(
            '|',
            country_a,
            country_b,
            partnership_label,
            action,
            coalesce(cast(resolved_date as varchar), 'unknown')
        )) as partnership_id,
        * exclude (effective_date, resolved_date, is_merged),
        resolved_date as effective_date,
    from resolved
)

select * from keyed
