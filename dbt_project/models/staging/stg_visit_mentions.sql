with

source as (
    select * from {{ source('raw', 'visit_mentions') }}
),

renamed as (
    select
        cast(article_id as varchar) as article_id,
        cast(sentence_index as integer) as sentence_index,
        nullif(trim(visitor_name), '') as visitor_name,
        nullif(trim(visitor_role), '') as visitor_role,
        upper(nullif(trim(visitor_country), '')) as visitor_country,
        upper(nullif(trim(host_country), '')) as host_country,
        cast(start_date as date) as start_date,
        cast(end_date as date) as end_date,
        lower(trim(date_precision)) as date_precision,
        lower(nullif(trim(visit_type), '')) as visit_type,
        -- verbatim, never trimmed
        evidence,
    from source
)

select * from renamed
