-- The raw layer: tables written by the Python assets (orchestration/defs/ingest.py, extract.py)
-- and read by dbt as source('raw', <table>). The DDL form of transform/schemas.py RAW_TABLES,
-- checked against it by tests/orchestration/test_definitions.py. Applied (idempotently) by
-- WarehouseResource.connect(), so dbt's sources exist even before the first extraction.
-- Changing a column here needs a fresh warehouse (`make clean`) or a migration: `create table if
-- not exists` does not alter an existing table.

create schema if not exists raw;

create table if not exists raw.articles (
    article_id            VARCHAR,
    source                VARCHAR,
    source_kind           VARCHAR,
    url                   VARCHAR,
    title                 VARCHAR,
    body                  VARCHAR,
    position              INTEGER,
    parent_article_id     VARCHAR,
    dateline              VARCHAR,
    dateline_place        VARCHAR,
    published_date        DATE,
    published_date_source VARCHAR
);

create table if not exists raw.sentences (
    article_id      VARCHAR,
    sentence_index  INTEGER,
    paragraph_index INTEGER,
    char_start      INTEGER,
    char_end        INTEGER,
    sentence        VARCHAR,
    published_date  DATE
);

create table if not exists raw.meeting_mentions (
    article_id            VARCHAR,
    sentence_index        INTEGER,
    mention_index         INTEGER,
    meeting_kind          VARCHAR,
    participants          VARCHAR[],
    participant_roles     VARCHAR[],
    participant_countries VARCHAR[],
    country_codes         VARCHAR[],
    meeting_date          DATE,
    date_precision        VARCHAR,
    date_source           VARCHAR,
    location              VARCHAR,
    location_country      VARCHAR,
    occasion              VARCHAR,
    evidence              VARCHAR
);

create table if not exists raw.visit_mentions (
    article_id      VARCHAR,
    sentence_index  INTEGER,
    visitor_name    VARCHAR,
    visitor_role    VARCHAR,
    visitor_country VARCHAR,
    host_country    VARCHAR,
    start_date      DATE,
    end_date        DATE,
    date_precision  VARCHAR,
    visit_type      VARCHAR,
    evidence        VARCHAR
);

create table if not exists raw.partnership_mentions (
    article_id        VARCHAR,
    sentence_index    INTEGER,
    country_a         VARCHAR,
    country_b         VARCHAR,
    partnership_label VARCHAR,
    action            VARCHAR,
    effective_date    DATE,
    date_precision    VARCHAR,
    evidence          VARCHAR
);

create table if not exists raw.anniversary_mentions (
    article_id              VARCHAR,
    sentence_index          INTEGER,
    subject                 VARCHAR,
    is_diplomatic_relations BOOLEAN,
    country_codes           VARCHAR[],
    ordinal                 INTEGER,
    anniversary_year        INTEGER,
    anniversary_date        DATE,
    mentioned_on            DATE,
    evidence                VARCHAR
);

create table if not exists raw.founding_mentions (
    article_id              VARCHAR,
    sentence_index          INTEGER,
    subject                 VARCHAR,
    is_diplomatic_relations BOOLEAN,
    country_codes           VARCHAR[],
    base_date               DATE,
    base_year               INTEGER,
    date_precision          VARCHAR,
    evidence                VARCHAR
);

-- State of the configured sources (orchestration/http.py); not dbt sources. Written in the same
-- transaction as the articles they describe.
create table if not exists raw.source_items (
    source         VARCHAR,
    item_key       VARCHAR,
    url            VARCHAR,
    article_id     VARCHAR,
    content_hash   VARCHAR,
    categories     VARCHAR[],
    published_date DATE,
    first_seen     TIMESTAMP,
    last_changed   TIMESTAMP
);

create table if not exists raw.http_validators (
    source        VARCHAR,
    url           VARCHAR,
    etag          VARCHAR,
    last_modified VARCHAR,
    content_hash  VARCHAR,
    fetched_at    TIMESTAMP
);

-- State of incremental extraction (orchestration/defs/extract.py); not a dbt source. Which
-- articles each extract table's rows were computed from, and by which version of transform/.
-- Written in the same transaction as the rows it describes.
create table if not exists raw.extracted_articles (
    table_name         VARCHAR,
    article_id         VARCHAR,
    extraction_version VARCHAR,
    extracted_at       TIMESTAMP
);
