"""Extract: raw.articles -> raw.sentences -> one raw.<event>_mentions table per event type.

Each asset reads its inputs, calls one function of `transform/`, and writes its table.

Incremental: every extractor works article by article (no context crosses articles), so a table
only needs the rows of articles it has not seen. `raw.extracted_articles` records, per table, the
article_ids its rows were computed from and the version of the extraction code (a hash of
transform/*.py). A run extracts the new articles (in raw.articles for raw.sentences; in
raw.sentences' record for the mention tables) and deletes the rows of the articles gone from
raw.articles (superseded by a source, see orchestration/defs/sources.py), in one transaction per
table. A full rebuild from all articles happens when asked (READOUT_FULL_REFRESH=1, `readout run
--full-refresh`, or the asset config `full_refresh: true`), when the extraction code changed
(stored mentions would be stale), and the first time on a warehouse without the record.

Batched: new articles are extracted READOUT_EXTRACT_BATCH (default 5000) at a time, each batch in
its own transaction with its record, so memory is bounded by a batch and a crash mid-way leaves
whole batches behind: the next run extracts the rest. READOUT_EXTRACT_WORKERS (default 2) batches
are extracted at once, in threads; they are written in order.

The five mention tables are one step (`event_mentions`, transform/events.py): they read the same
people, sentence dates and sentences, computed once per batch. Each stays an asset of its own.
"""

import hashlib
import os
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

import dagster as dg
import polars as pl
from pydantic import Field

from orchestration.defs.resources import REPO_ROOT, WarehouseResource, transaction
from orchestration.metadata import column_schema, counts_by, preview_table
from transform.events import ARTICLE_COLUMNS, extract_events
from transform.schemas import RAW_TABLES, conform, empty
from transform.sentences import split_sentences
from transform.engine import ENGINE, collect

ARTICLES = dg.AssetKey(["raw", "articles"])
# Per-type counts shown on each materialization.
TYPE_COLUMNS = {"meeting_mentions": "meeting_kind", "visit_mentions": "visit_type",
                "partnership_mentions": "action", "anniversary_mentions": "ordinal",
                "founding_mentions": "date_precision"}
SENTENCES = dg.AssetKey(["raw", "sentences"])
FULL_REFRESH_ENV = "READOUT_FULL_REFRESH"
# Articles extracted per batch: memory stays bounded by the batch, not the corpus.
BATCH_ENV = "READOUT_EXTRACT_BATCH"
DEFAULT_BATCH = 5000
WORKERS_ENV = "READOUT_EXTRACT_WORKERS"


def extraction_version(folder: Path = REPO_ROOT / "transform") -> str:
    """A hash of the extraction code (every transform/*.py): rows extracted by another version
    are stale, and a table holding any is rebuilt in full."""
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


EXTRACTION_VERSION = extraction_version()


class ExtractConfig(dg.Config):
    full_refresh: bool = Field(
        default=False,
        description="Rebuild the table from all articles instead of only new or changed ones "
        "(also: READOUT_FULL_REFRESH=1, `readout run --full-refresh`).",
    )


def full_refresh_requested(config: ExtractConfig) -> bool:
    flag = os.environ.get(FULL_REFRESH_ENV, "").strip().lower()
    return config.full_refresh or flag in ("1", "true", "yes", "on")


@dataclass
class Plan:
    """What one run of an extract asset does to its table."""

    table: str
    full: bool
    reason: str  # why a full rebuild, or "incremental"
    new_ids: pl.DataFrame  # article_id: to extract (a full rebuild: all)
    # article_id: recorded, no longer there. In a batch's plan: every recorded article whose rows
    # the batch deletes (gone, or extracted again for another table of the step).
    gone_ids: pl.DataFrame
    total_articles: int  # articles the table covers after the run


def _universe(table: str) -> str:
    """The article_ids the table should cover: raw.articles for raw.sentences; for a mention
    table, the articles raw.sentences holds (and raw.articles still has)."""
    if table == "sentences":
        return "select distinct article_id from raw.articles"
    return """select article_id from raw.extracted_articles where table_name = 'sentences'
              intersect select article_id from raw.articles"""


def plan_extraction(warehouse: WarehouseResource, table: str, force: bool) -> Plan:
    with warehouse.connect() as con:
        versions = {v for (v,) in con.execute(
            "select distinct extraction_version from raw.extracted_articles where table_name = ?",
            [table]).fetchall()}
        [(rows,)] = con.execute(f"select count(*) from raw.{table}").fetchall()
        if force:
            full, reason = True, f"requested ({FULL_REFRESH_ENV} or full_refresh config)"
        elif versions - {EXTRACTION_VERSION}:
            full, reason = True, "extraction code changed (transform/*.py)"
        elif not versions and rows:
            full, reason = True, "no record of extracted articles yet"
        else:
            full, reason = False, "incremental"
        con.execute(f"create temp table universe as {_universe(table)}")
        # `table` is a key of RAW_TABLES, not user input.
        recorded = f"select article_id from raw.extracted_articles where table_name = '{table}'"
        new_sql = "select article_id from universe" + ("" if full else f" except {recorded}")
        new_ids = con.sql(new_sql + " order by 1").pl()
        gone_ids = con.sql(f"{recorded} except select article_id from universe order by 1").pl()
        [(total,)] = con.execute("select count(*) from universe").fetchall()
    return Plan(table, full, reason, new_ids, gone_ids, total)


def row_spans(con, ids: pl.DataFrame, table: str) -> pl.DataFrame:
    """Where the rows of the given articles sit in raw.<table>: article_id, lo and hi (first and
    last rowid), n (rows), in the table's physical order (by lo)."""
    con.register("wanted_ids", ids.to_arrow())
    try:
        # `table` is a key of RAW_TABLES, not user input.
        return con.sql(f"""
            select article_id, min(rowid) as lo, max(rowid) as hi, count(*) as n
            from raw.{table} where article_id in (select article_id from wanted_ids)
            group by article_id order by lo""").pl()
    finally:
        con.unregister("wanted_ids")


def read_for(con, plan: Plan, spans: dict[str, pl.DataFrame], *tables: str,
             columns: dict[str, tuple[str, ...]] | None = None) -> list[pl.LazyFrame]:
    """The rows of the plan's new articles in the given raw tables (read into memory: the
    transform runs without the connection), only `columns[table]` where given.

    Each read is limited to the rowids the batch's articles span (`spans`, from row_spans), so it
    touches a few row groups instead of filtering the whole table: the batches follow the table's
    physical order, and a plain `article_id in (...)` per batch made every batch read every body,
    a full extraction quadratic in the corpus. Should the rowids have moved since `spans` was taken
    (a checkpoint compacting deleted rows), the row count tells, and the batch is read in full.
    """
    con.register("wanted_ids", plan.new_ids.to_arrow())
    try:
        frames = []
        for table in tables:
            selected = ", ".join((columns or {}).get(table, ("*",)))
            query = (f"select {selected} from raw.{table} "
                     "where article_id in (select article_id from wanted_ids)")
            lo, hi, n = spans[table].join(plan.new_ids, on="article_id", how="semi").select(
                pl.col("lo").min(), pl.col("hi").max(), pl.col("n").sum()).row(0)
            span = "false" if n == 0 else f"rowid between {lo} and {hi}"
            frame = con.sql(f"{query} and {span}").pl()
            if frame.height != n:
                frame = con.sql(query).pl()
            frames.append(frame.lazy())
        return frames
    finally:
        con.unregister("wanted_ids")


def apply_batch(con, steps: list[tuple["Plan", pl.DataFrame | pl.LazyFrame]]
                ) -> list[pl.DataFrame]:
    """Collect each frame (its plan's new articles' rows) in its table's schema and apply the plans.

    One transaction for all of them: per table, delete the rows of gone articles (all rows, for
    a full rebuild), insert the new rows, and update raw.extracted_articles to match. Tables keep
    their DDL types, and a failure leaves the previous contents and records in place. Returns the
    rows inserted, per step.
    """
    outs = [conform(frame.lazy(), RAW_TABLES[plan.table]).collect(engine=ENGINE)
            for plan, frame in steps]
    todo = [(plan, out) for (plan, _), out in zip(steps, outs)
            if plan.full or plan.new_ids.height or plan.gone_ids.height]
    if not todo:
        return outs
    with transaction(con):
        for plan, out in todo:
            _apply(con, plan, out)
    return outs


def _apply(con, plan: "Plan", out: pl.DataFrame) -> None:
    table = plan.table
    columns = ", ".join(RAW_TABLES[table])
    con.register("new_rows", out.to_arrow())
    con.register("new_ids", plan.new_ids.to_arrow())
    con.register("gone_ids", plan.gone_ids.to_arrow())
    try:
        if plan.full:
            con.execute(f"delete from raw.{table}")
            con.execute("delete from raw.extracted_articles where table_name = ?", [table])
        elif plan.gone_ids.height:
            # Only recorded articles have rows (rows and record are written together), so new
            # articles need no delete: a delete scans the whole table, batch after batch.
            stale = "select article_id from gone_ids"
            con.execute(f"delete from raw.{table} where article_id in ({stale})")
            con.execute("delete from raw.extracted_articles where table_name = ? "
                        f"and article_id in ({stale})", [table])
        con.execute(f"insert into raw.{table} ({columns}) select {columns} from new_rows")
        con.execute(
            "insert into raw.extracted_articles select ?, article_id, ?, now()::timestamp "
            "from new_ids", [table, EXTRACTION_VERSION])
    finally:
        for name in ("new_rows", "new_ids", "gone_ids"):
            con.unregister(name)


def table_rows(warehouse: WarehouseResource, table: str) -> int:
    with warehouse.connect() as con:
        [(rows,)] = con.execute(f"select count(*) from raw.{table}").fetchall()
    return rows


def report(warehouse: WarehouseResource, plan: Plan, before: int, batches: int,
           inserted: int, sample: pl.DataFrame) -> dg.MaterializeResult:
    """Metadata of the whole run of an extract asset (all its batches)."""
    table = plan.table
    with warehouse.connect() as con:
        [(after,)] = con.execute(f"select count(*) from raw.{table}").fetchall()
        by_type = None
        if table in TYPE_COLUMNS:
            column = TYPE_COLUMNS[table]
            by_type = counts_by(con.sql(f"select {column} from raw.{table}").pl(), column)
    metadata = {
        "full refresh": plan.full,
        "reason": plan.reason,
        "new articles processed": plan.new_ids.height,
        "removed articles": plan.gone_ids.height,
        "total articles": plan.total_articles,
        "batches": batches,
        "extraction version": EXTRACTION_VERSION,
        "dagster/row_count": after,
        "rows inserted": inserted,
        "new rows": after - before,  # net change against the previous contents
        "preview": preview_table(sample),
        "dagster/column_schema": column_schema(sample),
    }
    if by_type is not None:
        metadata[f"by {TYPE_COLUMNS[table]}"] = by_type
    return dg.MaterializeResult(asset_key=dg.AssetKey(["raw", table]), metadata=metadata)


def batch_size() -> int:
    return max(1, int(os.environ.get(BATCH_ENV) or DEFAULT_BATCH))


def extract_workers() -> int:
    """Batches extracted at once: READOUT_EXTRACT_WORKERS, else up to 2 (memory grows with it)."""
    return max(1, int(os.environ.get(WORKERS_ENV) or min(2, os.cpu_count() or 1)))


def in_batches(plans: list[Plan], order: pl.DataFrame | None = None) -> list[list[Plan]]:
    """The plans cut into batches of `batch_size()` articles: per batch, one plan per table.

    The articles come in the order of `order` (article_id: the step's main input's physical
    order, so a batch's rows sit together), then any it lacks by article_id.

    The tables are extracted together, so each batch holds the union of the articles any of them
    needs: a table given an article it already has deletes its rows and writes them again (the
    same rows: the same code made them). The first batch also carries the deletions (gone
    articles; everything, for a full rebuild).
    """
    wanted = pl.concat([p.new_ids for p in plans]).unique().sort("article_id")
    if order is not None:
        ordered = order.select("article_id").join(wanted, on="article_id", how="semi",
                                                  maintain_order="left")
        wanted = pl.concat([ordered, wanted.join(ordered, on="article_id", how="anti")])
    size = batch_size()

    def step(plan: Plan, ids: pl.DataFrame, first: bool) -> Plan:
        # A full rebuild empties the table in its first batch; otherwise the ids not new to this
        # table are recorded in it, and their rows are replaced.
        redo = ids.clear() if plan.full else ids.join(plan.new_ids, on="article_id", how="anti")
        gone = pl.concat([plan.gone_ids, redo]) if first else redo
        return replace(plan, new_ids=ids, full=plan.full and first, gone_ids=gone)

    return [
        [step(p, wanted.slice(start, size), start == 0) for p in plans]
        for start in range(0, max(wanted.height, 1), size)
    ]


def extract_tables(warehouse: WarehouseResource, config: ExtractConfig, tables: list[str],
                   extractor, *inputs: str, columns: dict[str, tuple[str, ...]] | None = None
                   ) -> dict[str, dg.MaterializeResult]:
    """The body of the extract assets: plan each table, then per batch read the new articles'
    inputs (only `columns[input]` where given), extract every table (`extractor` returns
    {table: frame}) and write them in one transaction. Returns each table's materialization."""
    force = full_refresh_requested(config)
    plans = [plan_extraction(warehouse, table, force) for table in tables]
    before = {table: table_rows(warehouse, table) for table in tables}
    inserted = dict.fromkeys(tables, 0)
    samples = {table: empty(RAW_TABLES[table]).collect() for table in tables}

    def write(con, number: int, steps: list[Plan], frames: dict) -> None:
        outs = apply_batch(con, [(step, frames[step.table]) for step in steps])
        for step, out in zip(steps, outs):
            inserted[step.table] += out.height
            if samples[step.table].height == 0:
                samples[step.table] = out
        if len(batches) > 1:
            dg.get_dagster_logger().info(
                f"extract {'+'.join(tables)}: batch {number} of {len(batches)} "
                f"({steps[0].new_ids.height} articles) written")

    # Batches are extracted by `workers` threads at once (polars releases the GIL; one batch
    # alone leaves a core idle for much of its plan) and written in order by this thread, the
    # only one that writes to the warehouse.
    workers = extract_workers()
    # One connection for every batch's read and write: reopening a large warehouse file per batch
    # (and checkpointing it on each close) made each batch slower as the warehouse grew.
    with warehouse.connect() as con, ThreadPoolExecutor(max_workers=workers) as pool:
        wanted = pl.concat([p.new_ids for p in plans]).unique()
        spans = {table: row_spans(con, wanted, table) for table in inputs}
        batches = in_batches(plans, order=spans[inputs[0]])
        pending: deque = deque()
        for number, steps in enumerate(batches, start=1):
            if steps[0].new_ids.height == 0:  # nothing to extract (maybe rows to delete)
                frames = {table: empty(RAW_TABLES[table]) for table in tables}
                pending.append((number, steps, pool.submit(lambda f=frames: f)))
            else:
                pending.append((number, steps, pool.submit(
                    extractor, *read_for(con, steps[0], spans, *inputs, columns=columns))))
            # `workers` batches extract while this thread writes the oldest: one more in flight.
            while len(pending) > workers or (pending and number == len(batches)):
                done_number, done_steps, future = pending.popleft()
                write(con, done_number, done_steps, future.result())
    return {plan.table: report(warehouse, plan, before[plan.table], len(batches),
                               inserted[plan.table], samples[plan.table]) for plan in plans}


@dg.asset(key=["raw", "sentences"], deps=[ARTICLES], group_name="extract", kinds={"polars", "duckdb"})
def sentences(config: ExtractConfig, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Article bodies split into sentences, with their character spans."""
    [result] = extract_tables(
        warehouse, config, ["sentences"],
        lambda articles: {"sentences": collect(split_sentences(articles))}, "articles",
    ).values()
    return result


# The mention tables: each an asset of its own (its rows, checks and lineage), all extracted
# together by one step because they read the same people, dates and sentences.
MENTION_TABLES = {
    "meeting_mentions": "Sentences that report a meeting, with participants, date and kind.",
    "visit_mentions": "Sentences that report an official visit, with visitor, host country and "
                      "dates.",
    "partnership_mentions": "Sentences that establish or state a bilateral partnership between "
                            "two countries.",
    "anniversary_mentions": "Sentences that name an anniversary (e.g. the 75th anniversary of "
                            "diplomatic relations).",
    "founding_mentions": "Sentences that date a founding event (e.g. relations established on a "
                         "given day).",
}


@dg.multi_asset(
    name="event_mentions",
    specs=[
        dg.AssetSpec(["raw", table], deps=[SENTENCES, ARTICLES], group_name="extract",
                     kinds={"polars", "duckdb"}, description=description, skippable=True)
        for table, description in MENTION_TABLES.items()
    ],
    can_subset=True,
)
def event_mentions(context: dg.AssetExecutionContext, config: ExtractConfig,
                   warehouse: WarehouseResource):
    """Every event mention table from the new sentences, in batches (transform.events)."""
    tables = [t for t in MENTION_TABLES if dg.AssetKey(["raw", t]) in context.selected_asset_keys]
    # Not the article bodies (a third of the step's reading): the sentences carry the text.
    results = extract_tables(warehouse, config, tables, extract_events, "sentences", "articles",
                             columns={"articles": ARTICLE_COLUMNS})
    yield from results.values()


defs = dg.Definitions(assets=[sentences, event_mentions])
