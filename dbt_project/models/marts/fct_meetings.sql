with

meetings as (
    select * from {{ ref('int_meetings_deduplicated') }}
),

located as (
    select
        *,
        location_country is not null and not list_contains(country_codes, location_country) as is_third_location,
        list_contains(country_codes, location_country) as is_host_location,
    from meetings
),

classified as (
    select
        meeting_id,
        meeting_date,
        date_precision,
        meeting_kind,
        country_codes,
        participants,
        participant_roles,
        location,
        occasion,
        date_source,
        case
            when meeting_kind in ('phone_call', 'video_call') then '041'
            when meeting_kind = 'multilateral' and coalesce(is_host_location, false) then '040'
            when meeting_kind = 'multilateral' then '044'
            when is_third_location then '044'
            -- the crosswalk takes the visitor's view of a meeting in one participant's country
            when is_host_location then '042'
            else '040'
        end as cameo_code,
        case
            when meeting_kind in ('phone_call', 'video_call') then 'phone'
            when meeting_kind = 'multilateral' then 'multilateral'
            when is_third_location then 'third-party'
            when is_host_location then 'visit'
        end as plover_mode,
        mention_count,
        article_ids,
        evidence,
        location_country,
    from located
)

select * from classified
