with

source as (
    select * from {{ source('raw', 'meeting_mentions') }}
),

renamed as (
    select
        cast(article_id as varchar) as article_id,
        cast(sentence_index as integer) as sentence_index,
        cast(coalesce(mention_index, 0) as integer) as mention_index,
        lower(trim(meeting_kind)) as meeting_kind,
        -- element-wise trims keep the three participant lists aligned
        list_transform(coalesce(participants, []), lambda x: trim(x)) as participants,
        list_transform(coalesce(participant_roles, []), lambda x: coalesce(trim(x), '')) as participant_roles,
        list_transform(coalesce(participant_countries, []), lambda x: upper(trim(x))) as participant_countries,
        list_sort(list_distinct(
            list_transform(coalesce(country_codes, []), lambda x: upper(trim(x)))
        )) as country_codes,
        cast(meeting_date as date) as meeting_date,
        lower(trim(date_precision)) as date_precision,
        lower(trim(date_source)) as date_source,
        nullif(trim(location), '') as location,
        upper(nullif(trim(location_country), '')) as location_country,
        nullif(trim(occasion), '') as occasion,
        -- verbatim, never trimmed
        evidence,
    from source
)

select * from renamed
