with

source as (
    select * from {{ source('raw', 'anniversary_mentions') }}
),

renamed as (
    select
        cast(article_id as varchar) as article_id,
        cast(sentence_index as integer) as sentence_index,
        trim(regexp_replace(subject, '\s+', ' ', 'g')) as subject,
        coalesce(is_diplomatic_relations, false) as is_diplomatic_relations,
        list_sort(list_distinct(
            list_transform(coalesce(country_codes, []), lambda x: upper(trim(x)))
        )) as country_codes,
        cast(ordinal as integer) as ordinal,
        cast(anniversary_year as integer) as anniversary_year,
        cast(anniversary_date as date) as anniversary_date,
        cast(mentioned_on as date) as mentioned_on,
        -- verbatim, never trimmed
        evidence,
    from source
)

select * from renamed
