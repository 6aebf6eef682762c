with

source as (
    select * from {{ source('raw', 'sentences') }}
),

renamed as (
    select
        cast(article_id as varchar) as article_id,
        cast(sentence_index as integer) as sentence_index,
        cast(paragraph_index as integer) as paragraph_index,
        cast(char_start as integer) as char_start,
        cast(char_end as integer) as char_end,
        -- verbatim, never trimmed
        sentence,
        cast(published_date as date) as published_date,
    from source
)

select * from renamed
