-- One row per partnership mention, with the id of the timeline row it belongs to:
-- one row per (pair, label, action, effective date), null-safe.

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
    from pairs_ordered
)

select * from keyed
