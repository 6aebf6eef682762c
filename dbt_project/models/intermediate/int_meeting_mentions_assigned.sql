-- One row per meeting mention, assigned to the real-world meeting it reports (`meeting_id`).
-- Mentions with the same participant set, channel (in person / remote) and date are one meeting;
-- a mention dated only to the month or year, or not at all, joins the one meeting of the same
-- people and channel known to the day within that span, if there is exactly one.

with

mentions as (
    select * from {{ ref('stg_meeting_mentions') }}
    -- a meeting is between people of at least two countries (CONTRACT.md)
    where len(country_codes) >= 2
),

meeting_kinds as (
    select * from {{ ref('meeting_kinds') }}
),

dates_normalized as (
    select
        mentions.*,
        mentions.meeting_date is not null and coalesce(mentions.date_precision, 'day') <> 'unknown' as is_dated,
        -- a phone or video call is never the same event as an in-person meeting
        coalesce(meeting_kinds.channel, 'in_person') as channel,
    from mentions
    left join meeting_kinds on mentions.meeting_kind = meeting_kinds.meeting_kind
),

keyed as (
    select
        article_id,
        sentence_index,
        mention_index,
        meeting_kind,
        participants,
        participant_roles,
        participant_countries,
        country_codes,
        array_to_string(list_sort(participants), ';') as participant_key,
        channel,
        case when is_dated then meeting_date end as mention_date,
        case when is_dated then coalesce(date_precision, 'day') else 'unknown' end as date_precision,
        case when is_dated then date_source end as date_source,
        location,
        location_country,
        occasion,
        evidence,
    from dates_normalized
),

-- "their meeting in November" joins the meeting of the same people and channel dated to a
-- day in November, when there is exactly one
dated_resolved as (
    {{ coarse_date_resolution(
        'keyed', ['participant_key', 'channel'],
        ['article_id', 'sentence_index', 'mention_index'], 'mention_date',
        include_undated=false) }}
),

known_meetings as (
    -- once month and year mentions are placed: the dated meetings of each set and channel
    select
        participant_key,
        channel,
        count(distinct resolved_date) as n_dates,
        min(resolved_date) as only_date,
    from dated_resolved
    where resolved_date is not null
    group by all
),

dates_resolved as (
    -- an undated mention joins the one dated meeting of the same people and channel, if only one
    select
        dated_resolved.* exclude (resolved_date, is_merged),
        case
            when dated_resolved.resolved_date is not null then dated_resolved.resolved_date
            when known_meetings.n_dates = 1 then known_meetings.only_date
        end as meeting_date,
        (
            dated_resolved.is_merged
            or (dated_resolved.resolved_date is null and coalesce(known_meetings.n_dates = 1, false))
        ) as is_merged_undated,
    from dated_resolved
    left join known_meetings
        on dated_resolved.participant_key = known_meetings.participant_key
        and dated_resolved.channel = known_meetings.channel
),

assigned as (
    select
        md5(concat_ws(
            '|',
            coalesce(cast(meeting_date as varchar), 'unknown'),
            participant_key,
            channel
        )) as meeting_id,
        *,
    from dates_resolved
)

select * from assigned
