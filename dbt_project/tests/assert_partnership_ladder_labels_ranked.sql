-- A partnership_timeline label that is on the ladder (with a rank) has that rank as level_rank.
-- An asset check on partnership_timeline (the other refs are only what it compares with).
{{ config(meta={'dagster': {'ref': {'name': 'partnership_timeline'}}}) }}

with

timeline as (
    select * from {{ ref('partnership_timeline') }}
),

levels as (
    select * from {{ ref('partnership_levels') }}
),

failures as (
    select
        timeline.partnership_id,
        timeline.partnership_label,
        timeline.level_rank,
        levels.rank as ladder_rank,
    from timeline
    inner join levels
        on timeline.partnership_label = levels.label
    where levels.rank is not null and timeline.level_rank is distinct from levels.rank
)

select * from failures
