"""Extract: raw.articles -> raw.sentences -> one raw.<event>_mentions table per event type.

Each asset plans its run (`orchestration/incremental.py`: only new or changed articles, in
batches), calls `transform/` per batch and writes each batch in one transaction with its record.
A full rebuild from all articles happens when asked (the asset config `full_refresh: true`, which
`readout run --full-refresh` sets; or READOUT_FULL_REFRESH=1), when the extraction version changed
(the assets' `code_version`, so the UI marks tables extracted by older code as stale), and the
first time on a warehouse without the record.

READOUT_EXTRACT_WORKERS (default 2) batches are extracted at once, in threads; they are written in
order. The five mention tables are one step (`event_mentions`, transform/extract/events.py): they
read the same people, sentence dates and sentences, computed once per batch. Each stays an asset
of its own.
"""

import os
from collections import deque
from concurrent.futures import ThreadPoolExecutor

import dagster as dg
import polars as pl
from pydantic import Field

from orchestration.defs.resources import WarehouseResource
from orchestration.incremental import (
    EXTRACTION_VERSION,
    Plan,
    apply_batch,
    extract_workers,
    in_batches,
    plan_extraction,
    read_for,
    row_spans,
    table_rows,
)
from orchestration.metadata import column_schema, counts_by, preview_table
from transform.extract.engine import collect
from transform.extract.events import ARTICLE_COLUMNS, extract_events
from transform.extract.sentences import split_sentences
from transform.schemas import EVENT_TYPES, RAW_TABLES, empty

ARTICLES = dg.AssetKey(["raw", "articles"])
# Per-type counts shown on each materialization.
TYPE_COLUMNS = {event.table: event.type_column for event in EVENT_TYPES}
SENTENCES = dg.AssetKey(["raw", "sentences"])
FULL_REFRESH_ENV = "READOUT_FULL_REFRESH"


class ExtractConfig(dg.Config):
    full_refresh: bool = Field(
        default=False,
        description="Rebuild the table from all articles instead of only new or changed ones "
        "(also: READOUT_FULL_REFRESH=1, `readout run --full-refresh`).",
    )


def full_refresh_requested(config: ExtractConfig) -> bool:
    flag = os.environ.get(FULL_REFRESH_ENV, "").strip().lower()
    return config.full_refresh or flag in ("1", "true", "yes", "on")


def report(
    warehouse: WarehouseResource,
    plan: Plan,
    before: int,
    batches: int,
    inserted: int,
    sample: pl.DataFrame,
) -> dg.MaterializeResult:
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


def extract_tables(
    warehouse: WarehouseResource,
    config: ExtractConfig,
    tables: list[str],
    extractor,
    *inputs: str,
    columns: dict[str, tuple[str, ...]] | None = None,
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
        for step, out in zip(steps, outs, strict=True):
            inserted[step.table] += out.height
            if samples[step.table].height == 0:
                samples[step.table] = out
        if len(batches) > 1:
            dg.get_dagster_logger().info(
                f"extract {'+'.join(tables)}: batch {number} of {len(batches)} "
                f"({steps[0].new_ids.height} articles) written"
            )

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
                pending.append(
                    (
                        number,
                        steps,
                        pool.submit(
                            extractor, *read_for(con, steps[0], spans, *inputs, columns=columns)
                        ),
                    )
                )
            # `workers` batches extract while this thread writes the oldest: one more in flight.
            while len(pending) > workers or (pending and number == len(batches)):
                done_number, done_steps, future = pending.popleft()
                write(con, done_number, done_steps, future.result())
    return {
        plan.table: report(
            warehouse,
            plan,
            before[plan.table],
            len(batches),
            inserted[plan.table],
            samples[plan.table],
        )
        for plan in plans
    }


@dg.asset(
    key=["raw", "sentences"],
    deps=[ARTICLES],
    group_name="extract",
    kinds={"polars", "duckdb"},
    code_version=EXTRACTION_VERSION,
)
def sentences(config: ExtractConfig, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Article bodies split into sentences, with their character spans."""
    [result] = extract_tables(
        warehouse,
        config,
        ["sentences"],
        lambda articles: {"sentences": collect(split_sentences(articles))},
        "articles",
    ).values()
    return result


# The mention tables: each an asset of its own (its rows, checks and lineage), all extracted
# together by one step because they read the same people, dates and sentences.
MENTION_TABLES = {event.table: event.description for event in EVENT_TYPES}


@dg.multi_asset(
    name="event_mentions",
    specs=[
        dg.AssetSpec(
            ["raw", table],
            deps=[SENTENCES, ARTICLES],
            group_name="extract",
            kinds={"polars", "duckdb"},
            description=description,
            skippable=True,
            code_version=EXTRACTION_VERSION,
        )
        for table, description in MENTION_TABLES.items()
    ],
    can_subset=True,
)
def event_mentions(
    context: dg.AssetExecutionContext, config: ExtractConfig, warehouse: WarehouseResource
):
    """Every event mention table from the new sentences, in batches (transform.extract.events)."""
    tables = [t for t in MENTION_TABLES if dg.AssetKey(["raw", t]) in context.selected_asset_keys]
    # Not the article bodies (a third of the step's reading): the sentences carry the text.
    results = extract_tables(
        warehouse,
        config,
        tables,
        extract_events,
        "sentences",
        "articles",
        columns={"articles": ARTICLE_COLUMNS},
    )
    yield from results.values()


defs = dg.Definitions(assets=[sentences, event_mentions])
