"""Schemas of the raw layer: what `transform/` produces and what dbt reads as `source('raw', ...)`.

Every extraction function returns exactly these columns in this order, so the Dagster assets can
write them without guessing and dbt's sources stay in step (`warehouse/raw_schema.sql` is the DDL
form of the same thing, checked against this module by a test).
"""

import polars as pl

List = pl.List(pl.String)

# One row per article. Reprints inside a dump are articles of their own with `parent_article_id`.
ARTICLES: dict[str, pl.DataType] = {
    "article_id": pl.String,  # sha256 of title + body, first 16 hex chars: same text, same id
    "source": pl.String,  # the input it came from (file name of a dump, or the article file's path)
    "source_kind": pl.String,  # text_dump | txt | html
    "url": pl.String,  # null for files
    "title": pl.String,
    "body": pl.String,  # paragraphs joined by "\n\n"; sentence offsets index into this
    "position": pl.Int32,  # order within its source, from 0
    "parent_article_id": pl.String,  # the blog entry that reprints this article
    "dateline": pl.String,  # e.g. "BEIJING, Dec. 3 (Xinhua) —", as written
    "dateline_place": pl.String,  # e.g. "Beijing"
    "published_date": pl.Date,  # inferred publication date (see published_date_source)
    "published_date_source": pl.String,  # dateline | metadata | text | parent | reference_year
}

# One row per sentence. `published_date` is the article's, carried for date resolution.
SENTENCES: dict[str, pl.DataType] = {
    "article_id": pl.String,
    "sentence_index": pl.Int32,  # position in the article, from 0
    "paragraph_index": pl.Int32,
    "char_start": pl.Int32,  # body[char_start:char_end] == sentence (Python str indices)
    "char_end": pl.Int32,
    "sentence": pl.String,
    "published_date": pl.Date,
}

# One row per sentence that reports a meeting (several rows may describe one real meeting:
# dbt deduplicates them into marts.fct_meetings).
MEETING_MENTIONS: dict[str, pl.DataType] = {
    "article_id": pl.String,
    "sentence_index": pl.Int32,
    "mention_index": pl.Int32,  # several meetings in one sentence
    "meeting_kind": pl.String,  # talks | meeting | phone_call | video_call | multilateral
    "participants": List,  # full names, sorted by name
    "participant_roles": List,  # same order as participants ('' when unknown)
    "participant_countries": List,  # same order as participants
    "country_codes": List,  # sorted, distinct
    "meeting_date": pl.Date,
    "date_precision": pl.String,  # day | month | year | unknown
    "date_source": pl.String,  # dateline | text | relative | publication | null
    "location": pl.String,  # city, when the text says
    "location_country": pl.String,  # ISO3 of that city's country, when known
    "occasion": pl.String,  # e.g. "19th G20 Leaders' Summit"
    "evidence": pl.String,  # the sentence, verbatim
}

VISIT_MENTIONS: dict[str, pl.DataType] = {
    "article_id": pl.String,
    "sentence_index": pl.Int32,
    "visitor_name": pl.String,
    "visitor_role": pl.String,
    "visitor_country": pl.String,
    "host_country": pl.String,
    "start_date": pl.Date,
    "end_date": pl.Date,
    "date_precision": pl.String,
    "visit_type": pl.String,  # state | official | goodwill | working | null
    "evidence": pl.String,
}

PARTNERSHIP_MENTIONS: dict[str, pl.DataType] = {
    "article_id": pl.String,
    "sentence_index": pl.Int32,
    "country_a": pl.String,  # country_a < country_b
    "country_b": pl.String,
    "partnership_label": pl.String,  # normalized, lower-case, no country names
    "action": pl.String,  # established | status
    "effective_date": pl.Date,
    "date_precision": pl.String,
    "evidence": pl.String,
}

ANNIVERSARY_MENTIONS: dict[str, pl.DataType] = {
    "article_id": pl.String,
    "sentence_index": pl.Int32,
    "subject": pl.String,  # e.g. "establishment of China-Nepal diplomatic relations"
    "is_diplomatic_relations": pl.Boolean,  # subject is the establishment of relations
    "country_codes": List,
    "ordinal": pl.Int32,
    "anniversary_year": pl.Int32,
    "anniversary_date": pl.Date,  # when the text gives the day
    "mentioned_on": pl.Date,  # the article's published_date
    "evidence": pl.String,
}

FOUNDING_MENTIONS: dict[str, pl.DataType] = {
    "article_id": pl.String,
    "sentence_index": pl.Int32,
    "subject": pl.String,
    "is_diplomatic_relations": pl.Boolean,
    "country_codes": List,
    "base_date": pl.Date,
    "base_year": pl.Int32,
    "date_precision": pl.String,
    "evidence": pl.String,
}

RAW_TABLES: dict[str, dict[str, pl.DataType]] = {
    "articles": ARTICLES,
    "sentences": SENTENCES,
    "meeting_mentions": MEETING_MENTIONS,
    "visit_mentions": VISIT_MENTIONS,
    "partnership_mentions": PARTNERSHIP_MENTIONS,
    "anniversary_mentions": ANNIVERSARY_MENTIONS,
    "founding_mentions": FOUNDING_MENTIONS,
}


def empty(schema: dict[str, pl.DataType]) -> pl.LazyFrame:
    return pl.LazyFrame(schema=schema)


def conform(frame: pl.LazyFrame, schema: dict[str, pl.DataType]) -> pl.LazyFrame:
    """Select and cast to `schema`, in its order; a missing column is an error, not a null."""
    return frame.select([pl.col(name).cast(dtype) for name, dtype in schema.items()])
