"""Visits: a named person travelling to another country ("paid a state visit to China from
November 8-10", "visited Peru", "the November 6-12 China visit of Esteban Lazo Hernandez").

The host is the country (or a city of it) named with the visit; the visitor is the first person of
another country the sentence names, or the article's protagonist when the sentence says "he".
A visit that is planned, proposed or expected is not a visit.
"""

import polars as pl

from transform import schemas
from transform.extract import people as people_mod
from transform.extract import vocab
from transform.extract.dates import DAY, MONTH, RANGE_SEPARATOR, make_date, month_number, year_near
from transform.extract.engine import collect
from transform.extract.shared import Shared

RANGE = rf"(?P<m1>{MONTH})\s+(?P<d1>{DAY}){RANGE_SEPARATOR}(?:(?P<m2>{MONTH})\s+)?(?P<d2>{DAY})\b"
# Lower-case on purpose: "May 8" is a date, "may visit" a hypothesis.
NOT_HAPPENED = (
    r"\b(?:will|would|shall|expected|plans?|planned|planning|proposed|upcoming|ahead of|"
    r"look(?:s|ed|ing)? forward|to visit|hopes? to|invit(?:e|es|ed|ation) to visit|intends?|"
    r"underway|prepar\w*|welcome \w+ on)\b"
)
VISIT_TYPE = r"(?i)\b(state|official goodwill|official|goodwill|working|friendly)\s+visit\b"
PRONOUN = r"(?i)^(?:[^,]{0,40},\s+)?(?:he|she)\b"


def _host_pattern() -> str:
    # Names of countries and cities, not demonyms: "visiting Chinese Foreign Minister Wang Yi"
    # names the visitor's country, not the host (see VISITING).
    names = set(vocab.country_names()) | set(vocab.cities())
    places = vocab.alternation(names | {n.replace("'", "’") for n in names})
    # "visit(ed) (to) [the] X[, <range>][, and [the] Y, <range>]", "X visit (of/by)",
    # "is/was in X ... on a state visit".
    return (
        rf"\bvisit(?:ed|ing|s)?\s+(?:to\s+)?(?:the\s+)?(?P<h1>{places})\b"
        rf"(?:,?\s+(?:from\s+)?(?P<r1>{RANGE.replace('?P<', '?P<a_')}))?"
        rf"(?:,?\s+and\s+(?:the\s+)?(?P<h3>{places}),?\s+(?:from\s+)?"
        rf"(?P<r3>{RANGE.replace('?P<', '?P<b_')}))?"
        rf"|\b(?P<h2>{places})\s+visit\b"
        rf"|\b(?:is|was|were|are|arrived)\s+in\s+(?P<h4>{places})\b[^;]{{0,100}}?\bvisit\b"
    )


# "met with visiting Chinese Foreign Minister Wang Yi": the visitor's country by its demonym; the
# host is the other side of the sentence.
VISITING = r"\bvisiting\s+(?P<place>{demonyms})\b"


def _range_dates(prefix: str, ref: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    m1 = month_number(pl.col(f"{prefix}m1"))
    m2 = pl.coalesce(month_number(pl.col(f"{prefix}m2")), m1)
    y1 = year_near(m1, ref)
    start = make_date(y1, m1, pl.col(f"{prefix}d1").cast(pl.Int32))
    end = make_date(
        pl.when(m2 < m1).then(y1 + 1).otherwise(y1), m2, pl.col(f"{prefix}d2").cast(pl.Int32)
    )
    return start, end


def extract_visit_mentions(
    sentences: pl.LazyFrame, articles: pl.LazyFrame, shared: Shared | None = None
) -> pl.LazyFrame:
    """One row per (sentence, visitor, host) (VISIT_MENTIONS schema)."""
    shared = shared or Shared(sentences, articles)
    original = sentences.select(
        "article_id", "sentence_index", pl.col("sentence").alias("evidence")
    )
    sentences = shared.plain
    host_pattern = _host_pattern()
    # Materialised (and `hosts`): several branches read them (transform/extract/engine.py).
    candidates = collect(
        sentences.filter(
            pl.col("sentence").str.contains(r"(?i)\bvisit")
            & ~pl.col("sentence")
            .str.extract(r"(?i)^(.*?)\bvisit", 1)
            .fill_null("")
            .str.contains(NOT_HAPPENED)
        )
    ).lazy()
    hosts = collect(
        candidates.select(
            "article_id",
            "sentence_index",
            "sentence",
            "published_date",
            pl.col("sentence").str.extract_all(host_pattern).alias("hit"),
        )
        .explode("hit")
        .drop_nulls("hit")
        .with_columns(pl.col("hit").str.extract_groups(host_pattern).alias("g"))
        .unnest("g")
    ).lazy()
    # A second country after "and" is a visit of its own, with its own range.
    second = hosts.filter(pl.col("h3").is_not_null()).with_columns(
        pl.col("h3").alias("h1"),
        *[pl.col(f"b_{g}").alias(f"a_{g}") for g in ("m1", "d1", "m2", "d2")],
    )
    place = pl.coalesce("h1", "h2", "h4").str.replace_all("’", "'")
    hosts = (
        pl.concat([hosts, second])
        .with_columns(
            pl.coalesce(
                vocab.to_code(place),
                place.replace_strict(vocab.cities(), default=None, return_dtype=pl.String),
            ).alias("host_country"),
            pl.col("sentence").str.extract_groups(RANGE).alias("sr"),
        )
        .unnest("sr")
        .drop_nulls("host_country")
    )
    ref = pl.col("published_date")
    own_start, own_end = _range_dates("a_", ref)
    first_start, first_end = _range_dates("", ref)
    # A range attached to this host; else the sentence's range, when the sentence names no other
    # host ("Prior to his China visit, Lazo visited Vietnam, November 2-3" dates Vietnam only).
    only_host = pl.len().over("article_id", "sentence_index") == 1
    hosts = hosts.with_columns(
        pl.coalesce(own_start, pl.when(only_host).then(first_start)).alias("start_date"),
        pl.coalesce(own_end, pl.when(only_host).then(first_end)).alias("end_date"),
        pl.col("sentence").str.extract(VISIT_TYPE, 1).str.to_lowercase().alias("visit_type"),
    )

    # Materialised: sentence_references builds its regex from these names, and refs feed several
    # branches of the plan.
    people = shared.people
    refs = collect(
        people_mod.sentence_references(candidates, people).join(
            people.select("article_id", "name", "role", "country"), on=["article_id", "name"]
        )
    ).lazy()
    # "met with visiting Chinese Foreign Minister Wang Yi": host is the country of the first
    # person of another country the sentence names.
    visiting_pattern = VISITING.format(demonyms=vocab.alternation(vocab.demonyms()))
    visiting = candidates.select(
        "article_id",
        "sentence_index",
        "sentence",
        "published_date",
        vocab.to_code(pl.col("sentence").str.extract(visiting_pattern, 1)).alias("from"),
    ).drop_nulls("from")
    visiting_hosts = (
        visiting.join(
            refs.select("article_id", "sentence_index", "pos", "country"),
            on=["article_id", "sentence_index"],
        )
        .filter(pl.col("country") != pl.col("from"))
        .sort("pos")
        .group_by("article_id", "sentence_index", maintain_order=True)
        .agg(
            pl.col("sentence").first(),
            pl.col("published_date").first(),
            pl.col("country").first().alias("host_country"),
            pl.col("from").first().alias("visitor_from"),
        )
        .with_columns(
            pl.col("sentence").str.extract_groups(RANGE).alias("sr"),
            pl.col("sentence").str.extract(VISIT_TYPE, 1).str.to_lowercase().alias("visit_type"),
        )
        .unnest("sr")
        .with_columns(first_start.alias("start_date"), first_end.alias("end_date"))
    )
    hosts = pl.concat([hosts, visiting_hosts], how="diagonal_relaxed")
    protagonist = people_mod.pronoun_subjects(
        candidates.filter(pl.col("sentence").str.contains(PRONOUN)), refs, people
    )
    visitors = pl.concat([refs.select(protagonist.collect_schema().names()), protagonist])
    # "he" never names the host: it is the person who travels, and that person comes after
    # everyone the sentence names outright.

    # "the recent visit to Beijing by Foreign Secretary David Lammy": the person after "by".
    by_text = pl.col("sentence").str.extract(r"(?i)\bvisit\b[^.;]*?\bby\s+(.*)$", 1)
    dates = shared.dates
    rows = (
        hosts.join(visitors, on=["article_id", "sentence_index"])
        .filter(pl.col("country") != pl.col("host_country"))
        .filter(pl.col("visitor_from").is_null() | (pl.col("country") == pl.col("visitor_from")))
        .with_columns(
            by_text.fill_null("").str.contains(pl.col("name"), literal=True).alias("after_by")
        )
        .sort(pl.col("after_by"), pl.col("pos"), descending=[True, False])
        .group_by("article_id", "sentence_index", "host_country", maintain_order=True)
        .agg(pl.all().first())
        .join(dates, on=["article_id", "sentence_index"], how="left")
        .with_columns(
            pl.when(pl.col("start_date").is_not_null())
            .then(pl.lit("day"))
            .otherwise(pl.col("date_precision"))
            .alias("date_precision"),
            pl.coalesce(
                "start_date", pl.when(pl.col("date_source") == "text").then(pl.col("event_date"))
            ).alias("start_date"),
        )
        .with_columns(
            pl.when(pl.col("start_date").is_null())
            .then(pl.lit("unknown"))
            .otherwise(pl.col("date_precision"))
            .alias("date_precision"),
            pl.col("visit_type").replace({"official goodwill": "goodwill", "friendly": "goodwill"}),
        )
        .select(
            "article_id",
            "sentence_index",
            pl.col("name").alias("visitor_name"),
            pl.col("role").alias("visitor_role"),
            pl.col("country").alias("visitor_country"),
            "host_country",
            "start_date",
            "end_date",
            "date_precision",
            "visit_type",
        )
        .join(original, on=["article_id", "sentence_index"])
        .sort("article_id", "sentence_index", "host_country")
    )
    return schemas.conform(rows, schemas.VISIT_MENTIONS)
