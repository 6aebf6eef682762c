"""Schemas of the raw layer: what `transform/` produces and what dbt reads as `source('raw', ...)`.

Every extraction function returns exactly these columns in this order, so the Dagster assets can
write them without guessing and dbt's sources stay in step (`warehouse/raw_schema.sql` is the DDL
form of the same thing, checked against this module by a test).
"""

from dataclasses import dataclass

import polars as pl

List = pl.List(pl.String)

# One row per article. Reprints inside a dump are articles of their own with `parent_article_id`.
ARTICLES: dict[str, pl.DataType] = {
    "article_id": pl.String,  # sha256 of title + body, first 16 hex chars: same text, same id
    "source": pl.String,  # the input (dump file name, article file path) or configured source name
    "source_kind": pl.String,  # text_dump | txt | html | jsonl | rss | wordpress
    "url": pl.String,  # null for files
    "title": pl.String,
    "body": pl.String,  # paragraphs joined by "\n\n"; sentence offsets index into this
    "position": pl.Int32,  # order within its source, from 0
    "parent_article_id": pl.String,  # the blog entry that reprints this article
    "dateline": pl.String,  # e.g. "BEIJING, Dec. 3 (Xinhua) —", as written
    "dateline_place": pl.String,  # e.g. "Beijing"
    "published_date": pl.Date,  # inferred publication date (see published_date_source)
    # metadata | dateline | published_line | caption | lead | text | parent | reference_year
    # (transform/parse/dating.py)
    "published_date_source": pl.String,
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


@dataclass(frozen=True)
class EventType:
    """One kind of event: its raw mention table, and the mart its deduplicated events land in."""

    name: str  # as in marts.fct_event_mentions.event_type
    table: str  # raw.<table>, also the asset key raw/<table>
    columns: dict[str, pl.DataType]  # the raw table's schema
    type_column: str  # the column the UI counts the table's rows by
    description: str  # the asset's description in the UI
    mart: str | None  # the mart of its events (None: foundings are read through anniversaries)
    mart_type_column: str | None  # the mart's column the UI counts rows by


# The registry: every place that lists the event types (the extract assets, their checks, the
# publish step's counts, the CLI's summary) reads it from here.
EVENT_TYPES: tuple[EventType, ...] = (
    EventType(
        "meeting",
        "meeting_mentions",
        MEETING_MENTIONS,
        "meeting_kind",
        "Sentences that report a meeting, with participants, date and kind.",
        "fct_meetings",
        "meeting_kind",
    ),
    EventType(
        "visit",
        "visit_mentions",
        VISIT_MENTIONS,
        "visit_type",
        "Sentences that report an official visit, with visitor, host country and dates.",
        "fct_visits",
        "visit_type",
    ),
    EventType(
        "partnership",
        "partnership_mentions",
        PARTNERSHIP_MENTIONS,
        "action",
        "Sentences that establish or state a bilateral partnership between two countries.",
        "partnership_timeline",
        "action",
    ),
    EventType(
        "anniversary",
        "anniversary_mentions",
        ANNIVERSARY_MENTIONS,
        "ordinal",
        "Sentences that name an anniversary (e.g. the 75th anniversary of diplomatic relations).",
        "anniversary_calendar",
        "origin",
    ),
    EventType(
        "founding",
        "founding_mentions",
        FOUNDING_MENTIONS,
        "date_precision",
        "Sentences that date a founding event (e.g. relations established on a given day).",
        None,
        None,
    ),
)
EVENT_TABLES: tuple[str, ...] = tuple(event.table for event in EVENT_TYPES)

RAW_TABLES: dict[str, dict[str, pl.DataType]] = {
    "articles": ARTICLES,
    "sentences": SENTENCES,
    **{event.table: event.columns for event in EVENT_TYPES},
}


# State of the configured sources (orchestration/http.py), not read by dbt: what each source
# delivered last time, so a run fetches and writes only what is new or changed.
# One row per (source, item_key): an item is a URL (or a file, or a .jsonl line) of a source.
SOURCE_ITEMS: dict[str, pl.DataType] = {
    "source": pl.String,  # the source's name in sources.yaml
    "item_key": pl.String,  # the URL as listed/linked, a file path, or path#line
    "url": pl.String,  # the article's canonical URL (null for files)
    "article_id": pl.String,  # the article in raw.articles that holds the item's current text
    "content_hash": pl.String,  # sha256 of url, title, published date and body
    "categories": List,  # from the feed or the WordPress API
    "published_date": pl.Date,
    "first_seen": pl.Datetime("us"),
    "last_changed": pl.Datetime("us"),
}

# One row per (source, url or file): HTTP validators for conditional requests, and a body hash.
HTTP_VALIDATORS: dict[str, pl.DataType] = {
    "source": pl.String,
    "url": pl.String,  # a URL fetched (feed, API page, listing, article), or a file's path
    "etag": pl.String,
    "last_modified": pl.String,  # the Last-Modified header, as sent
    "content_hash": pl.String,  # sha256 of the body (for files: of the file)
    "fetched_at": pl.Datetime("us"),
}

# State of incremental extraction (orchestration/defs/extract.py), not read by dbt: one row per
# (extract table, article) the table's rows were computed from, with the version of the extraction
# code that computed them. A run extracts the articles not listed yet and deletes the rows of
# listed articles gone from raw.articles; a different version means a full rebuild.
EXTRACTED_ARTICLES: dict[str, pl.DataType] = {
    "table_name": pl.String,  # sentences | meeting_mentions | ...
    "article_id": pl.String,
    "extraction_version": pl.String,  # hash of transform/*.py when the rows were extracted
    "extracted_at": pl.Datetime("us"),
}

STATE_TABLES: dict[str, dict[str, pl.DataType]] = {
    "source_items": SOURCE_ITEMS,
    "http_validators": HTTP_VALIDATORS,
    "extracted_articles": EXTRACTED_ARTICLES,
}


def empty(schema: dict[str, pl.DataType]) -> pl.LazyFrame:
    return pl.LazyFrame(schema=schema)


def conform(frame: pl.LazyFrame, schema: dict[str, pl.DataType]) -> pl.LazyFrame:
    """Select and cast to `schema`, in its order; a missing column is an error, not a null."""
    return frame.select([pl.col(name).cast(dtype) for name, dtype in schema.items()])
