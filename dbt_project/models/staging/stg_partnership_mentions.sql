with

source as (
    select * from {{ source('raw', 'partnership_mentions') }}
),

renamed as (
    select
        cast(article_id as varchar) as article_id,
        cast(sentence_index as integer) as sentence_index,
        upper(trim(country_a)) as country_a,
        upper(trim(country_b)) as country_b,
        -- the ladder seed is matched on the exact label: normalize case and spaces only
        lower(trim(regexp_replace(partnership_label, '\s+', ' ', 'g'))) as partnership_label,
        lower(trim(action)) as action,
        cast(effective_date as date) as effective_date,
        lower(trim(date_precision)) as date_precision,
        -- verbatim, never trimmed
        evidence,
    from source
)

select * from renamed
