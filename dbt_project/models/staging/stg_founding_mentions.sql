with

source as (
    select * from {{ source('raw', 'founding_mentions') }}
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
        cast(base_date as date) as base_date,
        cast(coalesce(base_year, year(base_date)) as integer) as base_year,
        lower(trim(date_precision)) as date_precision,
        -- verbatim, never trimmed
        evidence,
    from source
)

select * from renamed
