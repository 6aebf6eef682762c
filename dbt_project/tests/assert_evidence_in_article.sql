-- Every fct_meetings evidence occurs, verbatim, in the body of at least one of its articles.
-- An asset check on fct_meetings (the other refs are only what it compares with).
{{ config(meta={'dagster': {'ref': {'name': 'fct_meetings'}}}) }}

with

meetings as (
    select * from {{ ref('fct_meetings') }}
),

articles as (
    select * from {{ ref('stg_articles') }}
),

meeting_articles as (
    select
        meetings.meeting_id,
        meetings.evidence,
        unnest(meetings.article_ids) as article_id,
    from meetings
),

checked as (
    select
        meeting_articles.meeting_id,
        any_value(meeting_articles.evidence) as evidence,
        coalesce(bool_or(contains(articles.body, meeting_articles.evidence)), false) as is_found,
    from meeting_articles
    left join articles
        on meeting_articles.article_id = articles.article_id
    group by meeting_articles.meeting_id
),

failures as (
    select * from checked
    where not is_found
)

select * from failures
