"""The incremental planner of the extract assets: which articles each table needs, in batches.

Every extractor works article by article (no context crosses articles), so a table only needs the
rows of articles it has not seen. `raw.extracted_articles` records, per table, the article_ids its
rows were computed from and the extraction version (`EXTRACTION_VERSION`: a hash of
transform/extract/, transform/schemas.py and the reference data, dbt seeds included). A plan
extracts the new articles (in raw.articles for raw.sentences; in raw.sentences' record for the
mention tables) and deletes the rows of the articles gone from raw.articles (superseded by a
source), in one transaction per batch. A full rebuild from all articles happens when asked, when
the extraction version changed (stored mentions would be stale), and the first time on a warehouse
without the record.

Batched: new articles are extracted READOUT_EXTRACT_BATCH (default 5000) at a time, each batch in
its own transaction with its record, so memory is bounded by a batch and a crash mid-way leaves
whole batches behind: the next run extracts the rest.

No Dagster here: `orchestration/defs/extract.py` runs the plans and reports them.
"""

import hashlib
import os
from dataclasses import dataclass, replace
from pathlib import Path

import polars as pl

from orchestration.defs.resources import REPO_ROOT, WarehouseResource, transaction
from transform.extract.engine import ENGINE
from transform.schemas import RAW_TABLES, conform

# Articles extracted per batch: memory stays bounded by the batch, not the corpus.
BATCH_ENV = "READOUT_EXTRACT_BATCH"
DEFAULT_BATCH = 5000
WORKERS_ENV = "READOUT_EXTRACT_WORKERS"
# What the extraction version hashes: the extraction code, the raw tables' schemas and the data
# files extraction reads (transform/reference/, and the dbt seeds, some of which it reads too:
# commemorations, diplomatic_relations). Parsing (transform/parse/) and scoring
# (transform/evaluate/) are left out: editing them re-extracts nothing.
VERSIONED = (
    "transform/extract/**/*.py",
    "transform/schemas.py",
    "transform/reference/**/*",
    "dbt_project/seeds/*.csv",
)


def extraction_version(root: Path = REPO_ROOT, patterns: tuple[str, ...] = VERSIONED) -> str:
    """A hash of what extraction depends on (`VERSIONED`): rows extracted by another version are
    stale, and a table holding any is rebuilt in full. Caches and hidden files do not count."""
    digest = hashlib.sha256()
    files = {
        path
        for pattern in patterns
        for path in root.glob(pattern)
        if path.is_file()
        and not any(part.startswith((".", "__pycache__")) for part in path.relative_to(root).parts)
    }
    for path in sorted(files):
        digest.update(
            path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0"
        )
    return digest.hexdigest()[:16]


EXTRACTION_VERSION = extraction_version()


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
    """What a run does to raw.<table>: `force` (a requested full refresh) rebuilds it."""
    with warehouse.connect() as con:
        versions = {
            v
            for (v,) in con.execute(
                "select distinct extraction_version from raw.extracted_articles where table_name = ?",
                [table],
            ).fetchall()
        }
        [(rows,)] = con.execute(f"select count(*) from raw.{table}").fetchall()
        if force:
            full, reason = True, "requested (full_refresh)"
        elif versions - {EXTRACTION_VERSION}:
            full, reason = (
                True,
                "extraction version changed (transform/extract/, schemas or reference data)",
            )
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


def read_for(
    con,
    plan: Plan,
    spans: dict[str, pl.DataFrame],
    *tables: str,
    columns: dict[str, tuple[str, ...]] | None = None,
) -> list[pl.LazyFrame]:
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
            query = (
                f"select {selected} from raw.{table} "
                "where article_id in (select article_id from wanted_ids)"
            )
            lo, hi, n = (
                spans[table]
                .join(plan.new_ids, on="article_id", how="semi")
                .select(pl.col("lo").min(), pl.col("hi").max(), pl.col("n").sum())
                .row(0)
            )
            span = "false" if n == 0 else f"rowid between {lo} and {hi}"
            frame = con.sql(f"{query} and {span}").pl()
            if frame.height != n:
                frame = con.sql(query).pl()
            frames.append(frame.lazy())
        return frames
    finally:
        con.unregister("wanted_ids")


def apply_batch(con, steps: list[tuple["Plan", pl.DataFrame | pl.LazyFrame]]) -> list[pl.DataFrame]:
    """Collect each frame (its plan's new articles' rows) in its table's schema and apply the plans.

    One transaction for all of them: per table, delete the rows of gone articles (all rows, for
    a full rebuild), insert the new rows, and update raw.extracted_articles to match. Tables keep
    their DDL types, and a failure leaves the previous contents and records in place. Returns the
    rows inserted, per step.
    """
    outs = [
        conform(frame.lazy(), RAW_TABLES[plan.table]).collect(engine=ENGINE)
        for plan, frame in steps
    ]
    todo = [
        (plan, out)
        for (plan, _), out in zip(steps, outs, strict=True)
        if plan.full or plan.new_ids.height or plan.gone_ids.height
    ]
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
            con.execute(
                "delete from raw.extracted_articles where table_name = ? "
                f"and article_id in ({stale})",
                [table],
            )
        con.execute(f"insert into raw.{table} ({columns}) select {columns} from new_rows")
        con.execute(
            "insert into raw.extracted_articles select ?, article_id, ?, now()::timestamp "
            "from new_ids",
            [table, EXTRACTION_VERSION],
        )
    finally:
        for name in ("new_rows", "new_ids", "gone_ids"):
            con.unregister(name)


def table_rows(warehouse: WarehouseResource, table: str) -> int:
    with warehouse.connect() as con:
        [(rows,)] = con.execute(f"select count(*) from raw.{table}").fetchall()
    return rows


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
        ordered = order.select("article_id").join(
            wanted, on="article_id", how="semi", maintain_order="left"
        )
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
