with

source as (
    select * from {{ source('raw', 'articles') }}
),

renamed as (
    select
        cast(article_id as varchar) as article_id,
        nullif(trim(source), '') as source,
        lower(trim(source_kind)) as source_kind,
        nullif(trim(url), '') as article_url,
        trim(title) as article_title,
        -- never trimmed: sentence offsets index into the body as written
        body,
        cast(position as integer) as position,
        nullif(trim(parent_article_id), '') as parent_article_id,
        nullif(trim(dateline), '') as dateline,
        nullif(trim(dateline_place), '') as dateline_place,
        cast(published_date as date) as published_date,
        lower(trim(published_date_source)) as published_date_source,
    from source
)

select * from renamed
