"""Extract: raw.articles -> raw.sentences -> one raw.<event>_mentions table per event type.

Each asset reads its inputs, calls one function of `transform/`, and replaces its table.
"""

import dagster as dg
import polars as pl

from orchestration.defs.resources import WarehouseResource
from orchestration.metadata import column_schema, counts_by, preview_table
from transform.anniversaries import extract_anniversary_mentions, extract_founding_mentions
from transform.meetings import extract_meeting_mentions
from transform.partnerships import extract_partnership_mentions
from transform.schemas import RAW_TABLES, conform
from transform.sentences import split_sentences
from transform.visits import extract_visit_mentions

ARTICLES = dg.AssetKey(["raw", "articles"])
# Per-type counts shown on each materialization.
TYPE_COLUMNS = {"meeting_mentions": "meeting_kind", "visit_mentions": "visit_type",
                "partnership_mentions": "action", "anniversary_mentions": "ordinal",
                "founding_mentions": "date_precision"}
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
            before = con.execute(f"select count(*) from raw.{table}").fetchone()[0]
            con.execute(f"delete from raw.{table}")
            con.execute(f"insert into raw.{table} ({columns}) select {columns} from replacement")
            con.commit()
        except BaseException:
            con.rollback()
            raise
        finally:
            con.unregister("replacement")
    metadata = {
        "dagster/row_count": out.height,
        "new rows": out.height - before,  # net change against the previous contents
        "preview": preview_table(out),
        "dagster/column_schema": column_schema(out),
    }
    if table in TYPE_COLUMNS:
        metadata[f"by {TYPE_COLUMNS[table]}"] = counts_by(out, TYPE_COLUMNS[table])
    return dg.MaterializeResult(metadata=metadata)


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
