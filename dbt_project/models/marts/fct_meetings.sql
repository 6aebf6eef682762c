with

meetings as (
    select * from {{ ref('int_meetings_deduplicated') }}
),

event_codes as (
    -- the CAMEO / PLOVER crosswalk: one row per meeting kind and location
    select * from {{ ref('meeting_event_codes') }}
),

located as (
    select
        *,
        -- where the meeting took place, as the crosswalk tells places apart
        case
            when location_country is null then 'unknown'
            when list_contains(country_codes, location_country) then 'participant'
            else 'third'
        end as location_class,
    from meetings
),

classified as (
    select
        located.meeting_id,
        located.meeting_date,
        located.date_precision,
        located.meeting_kind,
        located.country_codes,
        located.participants,
        located.participant_roles,
        located.location,
        located.occasion,
        located.date_source,
        event_codes.cameo_code,
        event_codes.plover_mode,
        located.mention_count,
        located.article_ids,
        located.evidence,
        located.location_country,
    from located
    left join event_codes
        on located.meeting_kind = event_codes.meeting_kind
        and located.location_class = event_codes.location
)

select * from classified
