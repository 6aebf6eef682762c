-- Every fct_event_mentions row points at a row of its event's mart.
-- An asset check on fct_event_mentions (the other refs are only what it compares with).
{{ config(meta={'dagster': {'ref': {'name': 'fct_event_mentions'}}}) }}

with

event_mentions as (
    select * from {{ ref('fct_event_mentions') }}
),

event_ids as (
    select 'meeting' as event_type, meeting_id as event_id from {{ ref('fct_meetings') }}
    union all
    select 'visit' as event_type, visit_id as event_id from {{ ref('fct_visits') }}
    union all
    select 'partnership' as event_type, partnership_id as event_id from {{ ref('partnership_timeline') }}
    union all
    select 'anniversary' as event_type, anniversary_id as event_id from {{ ref('anniversary_calendar') }}
),

failures as (
    select event_mentions.*
    from event_mentions
    anti join event_ids
        on event_mentions.event_type = event_ids.event_type
        and event_mentions.event_id = event_ids.event_id
    where event_mentions.event_type <> 'founding'
)

select * from failures
