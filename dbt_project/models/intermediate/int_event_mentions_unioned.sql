-- One row per sentence that reports an event, with the id of the event in its mart and the
-- sentence's place in its article.

with

meeting_mentions as (
    select * from {{ ref('int_meeting_mentions_assigned') }}
),

visit_mentions as (
    select * from {{ ref('int_visit_mentions_keyed') }}
),

partnership_mentions as (
    select * from {{ ref('int_partnership_mentions_keyed') }}
),

anniversary_mentions as (
    select * from {{ ref('int_anniversary_mentions_linked') }}
),

founding_mentions as (
    select * from {{ ref('int_founding_mentions_keyed') }}
),

sentences as (
    select * from {{ ref('stg_sentences') }}
),

articles as (
    select * from {{ ref('stg_articles') }}
),

unioned as (
    select 'meeting' as event_type, meeting_id as event_id, article_id, sentence_index, evidence
    from meeting_mentions
    union all
    select 'visit' as event_type, visit_id as event_id, article_id, sentence_index, evidence
    from visit_mentions
    union all
    select 'partnership' as event_type, partnership_id as event_id, article_id, sentence_index, evidence
    from partnership_mentions
    union all
    select 'anniversary' as event_type, anniversary_id as event_id, article_id, sentence_index, evidence
    from anniversary_mentions
    union all
    select 'founding' as event_type, founding_id as event_id, article_id, sentence_index, evidence
    from founding_mentions
),

joined as (
    select distinct
        unioned.event_type,
        unioned.event_id,
        unioned.article_id,
        articles.article_title,
        articles.article_url,
        unioned.sentence_index,
        sentences.char_start,
        sentences.char_end,
        -- the evidence is the same sentence; it stands in if raw.sentences lacks the row
        coalesce(sentences.sentence, unioned.evidence) as sentence,
    from unioned
    left join sentences
        on unioned.article_id = sentences.article_id
        and unioned.sentence_index = sentences.sentence_index
    left join articles
        on unioned.article_id = articles.article_id
)

select * from joined
