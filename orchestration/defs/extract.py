"""Extract: raw.articles -> raw.sentences -> one raw.<event>_mentions table per event type.

Each asset reads its inputs, calls one function of `transform/`, and replaces its table.
"""

import dagster as dg
import polars as pl

from orchestration.defs.resources import WarehouseResource
from transform.anniversaries import extract_anniversary_mentions, extract_founding_mentions
from transform.meetings import extract_meeting_mentions
from transform.partnerships import extract_partnership_mentions
from transform.schemas import RAW_TABLES, conform
from transform.sentences import split_sentences
from transform.visits import extract_visit_mentions

ARTICLES = dg.AssetKey(["raw", "articles"])
SENTENCES = dg.AssetKey(["raw", "sentences"])


def read_raw(warehouse: WarehouseResource, *tables: str) -> list[pl.LazyFrame]:
    """The given raw tables, fully read into memory (the connection closes before transforming)."""
    with warehouse.connect() as con:
        return [con.sql(f"select * from raw.{table}").pl().lazy() for table in tables]


def replace_raw(
    warehouse: WarehouseResource, table: str, frame: pl.LazyFrame
) -> dg.MaterializeResult:
    """Collect `frame` in the table's schema and swap it in for raw.<table>'s contents.

    Delete + insert in one transaction: the table keeps its DDL types, a rerun gives the same
    contents, and a failure leaves the previous contents in place.
    """
    schema = RAW_TABLES[table]
    out = conform(frame, schema).collect()
    columns = ", ".join(schema)
    with warehouse.connect() as con:
        con.register("replacement", out.to_arrow())
        con.begin()
        try:
            con.execute(f"delete from raw.{table}")
            con.execute(f"insert into raw.{table} ({columns}) select {columns} from replacement")
            con.commit()
        except BaseException:
            con.rollback()
            raise
        finally:
            con.unregister("replacement")
    preview = out.drop([c for c in ("body",) if c in out.columns]).head(5)
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": out.height,
            "preview": dg.MetadataValue.text(str(preview)),
        }
    )


@dg.asset(key=["raw", "sentences"], deps=[ARTICLES], group_name="extract", kinds={"polars", "duckdb"})
def sentences(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Article bodies split into sentences, with their character spans."""
    (articles,) = read_raw(warehouse, "articles")
    return replace_raw(warehouse, "sentences", split_sentences(articles))


@dg.asset(
    key=["raw", "meeting_mentions"],
    deps=[SENTENCES, ARTICLES],
    group_name="extract",
    kinds={"polars", "duckdb"},
)
def meeting_mentions(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Sentences that report a meeting, with participants, date and kind."""
    sentences, articles = read_raw(warehouse, "sentences", "articles")
    return replace_raw(warehouse, "meeting_mentions", extract_meeting_mentions(sentences, articles))


@dg.asset(
    key=["raw", "visit_mentions"],
    deps=[SENTENCES, ARTICLES],
    group_name="extract",
    kinds={"polars", "duckdb"},
)
def visit_mentions(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Sentences that report an official visit, with visitor, host country and dates."""
    sentences, articles = read_raw(warehouse, "sentences", "articles")
    return replace_raw(warehouse, "visit_mentions", extract_visit_mentions(sentences, articles))


@dg.asset(
    key=["raw", "partnership_mentions"],
    deps=[SENTENCES],
    group_name="extract",
    kinds={"polars", "duckdb"},
)
def partnership_mentions(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Sentences that establish or state a bilateral partnership between two countries."""
    (sentences,) = read_raw(warehouse, "sentences")
    return replace_raw(warehouse, "partnership_mentions", extract_partnership_mentions(sentences))


@dg.asset(
    key=["raw", "anniversary_mentions"],
    deps=[SENTENCES],
    group_name="extract",
    kinds={"polars", "duckdb"},
)
def anniversary_mentions(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Sentences that name an anniversary (e.g. the 75th anniversary of diplomatic relations)."""
    (sentences,) = read_raw(warehouse, "sentences")
    return replace_raw(warehouse, "anniversary_mentions", extract_anniversary_mentions(sentences))


@dg.asset(
    key=["raw", "founding_mentions"],
    deps=[SENTENCES],
    group_name="extract",
    kinds={"polars", "duckdb"},
)
def founding_mentions(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Sentences that date a founding event (e.g. relations established on a given day)."""
    (sentences,) = read_raw(warehouse, "sentences")
    return replace_raw(warehouse, "founding_mentions", extract_founding_mentions(sentences))


defs = dg.Definitions(
    assets=[
        sentences,
        meeting_mentions,
        visit_mentions,
        partnership_mentions,
        anniversary_mentions,
        founding_mentions,
    ]
)
