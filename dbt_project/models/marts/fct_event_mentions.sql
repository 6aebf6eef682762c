with

event_mentions as (
    select * from {{ ref('int_event_mentions_unioned') }}
),

final as (
    select
        event_type,
        event_id,
        article_id,
        article_title,
        article_url,
        sentence_index,
        char_start,
        char_end,
        sentence,
    from event_mentions
)

select * from final
