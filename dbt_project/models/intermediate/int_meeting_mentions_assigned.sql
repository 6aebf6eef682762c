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

dates_normalized as (
    select
        *,
        meeting_date is not null and coalesce(date_precision, 'day') <> 'unknown' as is_dated,
    from mentions
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
        -- a phone or video call is never the same event as an in-person meeting
        case when meeting_kind in ('phone_call', 'video_call') then 'remote' else 'in_person' end
            as channel,
        case when is_dated then meeting_date end as mention_date,
        case when is_dated then coalesce(date_precision, 'day') else 'unknown' end as date_precision,
        case when is_dated then date_source end as date_source,
        location,
        location_country,
        occasion,
        evidence,
    from dates_normalized
),

day_meetings as (
    -- the meetings known to the day, per participant set and channel
    select distinct participant_key, channel, mention_date as day_date,
    from keyed
    where date_precision = 'day' and mention_date is not null
),

coarse_candidates as (
    -- a mention known only to the month or year may tell of a meeting known to the day
    -- elsewhere: same people, same channel, exactly one such day inside its month or year
    select
        keyed.article_id,
        keyed.sentence_index,
        keyed.mention_index,
        count(distinct day_meetings.day_date) as n_days,
        min(day_meetings.day_date) as only_day,
    from keyed
    join day_meetings
        on keyed.participant_key = day_meetings.participant_key
        and keyed.channel = day_meetings.channel
        and (
            (keyed.date_precision = 'month'
                and date_trunc('month', day_meetings.day_date) = keyed.mention_date)
            or (keyed.date_precision = 'year'
                and year(day_meetings.day_date) = year(keyed.mention_date))
        )
    where keyed.date_precision in ('month', 'year') and keyed.mention_date is not null
    group by all
),

dated_resolved as (
    select
        keyed.*,
        case
            when coarse_candidates.n_days = 1 then coarse_candidates.only_day
            else keyed.mention_date
        end as resolved_date,
        coalesce(coarse_candidates.n_days = 1, false) as is_merged_coarse,
    from keyed
    left join coarse_candidates
        on keyed.article_id = coarse_candidates.article_id
        and keyed.sentence_index = coarse_candidates.sentence_index
        and keyed.mention_index = coarse_candidates.mention_index
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
        dated_resolved.* exclude (resolved_date, is_merged_coarse),
        case
            when dated_resolved.resolved_date is not null then dated_resolved.resolved_date
            when known_meetings.n_dates = 1 then known_meetings.only_date
        end as meeting_date,
        dated_resolved.is_merged_coarse
            or (dated_resolved.resolved_date is null and coalesce(known_meetings.n_dates = 1, false))
            as is_merged_undated,
    from dated_resolved
    left join known_meetings
        on dated_resolved.participant_key = known_meetings.participant_key
        and dated_resolved.channel = known_meetings.channel
),

assigned as (
    select
        md5(concat_ws('|',
            coalesce(cast(meeting_date as varchar), 'unknown'),
            participant_key,
            channel
        )) as meeting_id,
        *,
    from dates_resolved
)

select * from assigned
