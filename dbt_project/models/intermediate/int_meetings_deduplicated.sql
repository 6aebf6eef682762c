-- One row per real-world meeting: the mentions of int_meeting_mentions_assigned grouped by meeting_id.

with

mentions as (
    select * from {{ ref('int_meeting_mentions_assigned') }}
),

meeting_kinds as (
    select * from {{ ref('meeting_kinds') }}
),

ranked as (
    select
        *,
        -- the best-dated sentence that names the most participants ("Zhao Leji ... and Esteban
        -- Lazo Hernandez ... held talks", not "The two men met") gives the date and the evidence
        row_number() over (
            partition by meeting_id
            order by
                {{ date_precision_priority('date_precision') }},
                len(list_filter(
                    participants, lambda p: len(list_filter(
                        string_split(p, ' '), lambda t: len(t) > 1 and contains(evidence, t)
                    )) > 0
                )) desc,
                {{ date_source_priority('date_source') }},
                location is null,
                occasion is null,
                article_id,
                sentence_index,
                mention_index
        ) as best_rank,
        -- participants and roles come from the mention that knows the most roles
        row_number() over (
            partition by meeting_id
            order by
                len(list_filter(participant_roles, lambda x: x <> '')) desc,
                {{ date_precision_priority('date_precision') }},
                {{ date_source_priority('date_source') }},
                article_id,
                sentence_index,
                mention_index
        ) as roles_rank,
    from mentions
),

best_mentions as (
    select
        meeting_id,
        date_precision,
        date_source,
        evidence,
    from ranked
    where best_rank = 1
),

role_mentions as (
    select
        meeting_id,
        participants,
        participant_roles,
    from ranked
    where roles_rank = 1
),

locations as (
    {{ most_mentioned('mentions', 'meeting_id', 'location') }}
),

location_countries as (
    {{ most_mentioned('mentions', 'meeting_id', 'location_country') }}
),

occasions as (
    {{ most_mentioned('mentions', 'meeting_id', 'occasion') }}
),

aggregated as (
    select
        meeting_id,
        min(meeting_date) as meeting_date,
        -- the most specific kind among the mentions (seed meeting_kinds; unknown kinds last)
        arg_min(
            mentions.meeting_kind, coalesce(meeting_kinds.specificity, 1000)
        ) as meeting_kind,
        list_sort(list_distinct(flatten(list(country_codes)))) as country_codes,
        cast(count(distinct concat_ws('|', article_id, sentence_index)) as integer) as mention_count,
        list_sort(list_distinct(list(article_id))) as article_ids,
    from mentions
    left join meeting_kinds on mentions.meeting_kind = meeting_kinds.meeting_kind
    group by meeting_id
),

joined as (
    select
        aggregated.meeting_id,
        aggregated.meeting_date,
        best_mentions.date_precision,
        best_mentions.date_source,
        aggregated.meeting_kind,
        aggregated.country_codes,
        role_mentions.participants,
        role_mentions.participant_roles,
        locations.location,
        location_countries.location_country,
        occasions.occasion,
        aggregated.mention_count,
        aggregated.article_ids,
        best_mentions.evidence,
    from aggregated
    inner join best_mentions on aggregated.meeting_id = best_mentions.meeting_id
    inner join role_mentions on aggregated.meeting_id = role_mentions.meeting_id
    left join locations on aggregated.meeting_id = locations.meeting_id
    left join location_countries on aggregated.meeting_id = location_countries.meeting_id
    left join occasions on aggregated.meeting_id = occasions.meeting_id
)

select * from joined
