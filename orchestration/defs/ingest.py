"""Ingest: input files -> raw.articles (append-only, keyed by article_id).

Configured sources (feeds, WordPress, web pages, folders) have their own assets, upstream of this
one: orchestration/defs/sources.py.

Inputs are read and written in batches (`transform.parse.articlefiles.input_batches`), one transaction
each, so a dump of any size ingests in bounded memory: the first row of an article_id wins across
batches as within one, because each batch inserts only the ids not stored yet.
"""

import os
import queue
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TypeVar

import dagster as dg
import duckdb
import polars as pl
from pydantic import Field

from orchestration.defs.resources import REPO_ROOT, WarehouseResource, transaction
from orchestration.defs.sources import INBOX_KEY, insert_absent_articles
from orchestration.metadata import preview_table
from transform.parse.articlefiles import input_batches
from transform.schemas import ARTICLES, conform

DEFAULT_INPUTS = [REPO_ROOT / "data" / "sample" / "sample-2024q4.txt"]
PREVIEW_COLUMNS = ["article_id", "source", "published_date", "title"]
PREVIEW_ROWS = 10


def insert_new_articles(con: duckdb.DuckDBPyConnection, articles: pl.DataFrame) -> tuple[int, int]:
    """Insert the articles whose article_id is not in raw.articles yet, in one transaction.

    Within the batch, the first row of each article_id wins. Returns (new rows, total rows).
    """
    con.register("incoming_articles", articles.to_arrow())
    try:
        with transaction(con):
            inserted = insert_absent_articles(con, "incoming_articles")
            total = con.execute("select count(*) from raw.articles").fetchone()[0]
    finally:
        con.unregister("incoming_articles")
    return inserted, total


T = TypeVar("T")
_DONE = object()


def prefetched(items: Iterator[T], depth: int = 1) -> Iterator[T]:
    """`items`, produced by a thread of their own, at most `depth` ahead of the consumer.

    Reading a dump is Python (it holds the GIL) and inserting is DuckDB (it releases it): the next
    batch is read while the current one is written. An exception in `items` is raised here, in
    order; when the consumer stops early, the producer stops at its next item.
    """
    ready: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(item) -> bool:
        while not stop.is_set():
            try:
                ready.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for item in items:
                if not put((item, None)):
                    return
        except BaseException as error:  # noqa: BLE001 - handed to the consumer
            put((_DONE, error))
            return
        put((_DONE, None))

    thread = threading.Thread(target=produce, name="readout-ingest-reader", daemon=True)
    thread.start()
    try:
        while True:
            item, error = ready.get()
            if error is not None:
                raise error
            if item is _DONE:
                return
            yield item
    finally:
        stop.set()
        thread.join()


def _preview(head: pl.DataFrame, batch: pl.DataFrame) -> pl.DataFrame:
    """The first PREVIEW_ROWS distinct articles read, given those of the earlier batches."""
    if head.height >= PREVIEW_ROWS:
        return head
    rows = pl.concat([head, batch.select(PREVIEW_COLUMNS)])
    return rows.unique("article_id", keep="first", maintain_order=True).head(PREVIEW_ROWS)


class IngestConfig(dg.Config):
    """What `raw/articles` reads: the launchpad's `ops: raw__articles: config:`, or `readout run`."""

    paths: list[str] | None = Field(
        default=None,
        description="Text dumps and folders of article files to read. Unset: "
        "READOUT_INPUTS (separated by ':'), else the bundled sample corpus; []: no files.",
    )
    reference_year: int | None = Field(
        default=None,
        description="Year for the articles that give no year anywhere (a last resort: an "
        "article's own year always wins). Unset: READOUT_REFERENCE_YEAR, else inferred from the "
        "input.",
    )

    def input_paths(self) -> list[Path]:
        if self.paths is not None:
            return [Path(p).expanduser().resolve() for p in self.paths]
        value = os.environ.get("READOUT_INPUTS", "")
        paths = [Path(p).expanduser().resolve() for p in value.split(os.pathsep) if p.strip()]
        return paths or list(DEFAULT_INPUTS)

    def year(self) -> int | None:
        if self.reference_year is not None:
            return self.reference_year
        value = os.environ.get("READOUT_REFERENCE_YEAR", "").strip()
        return int(value) if value else None


# After the sources (sources/inbox here; the configured sources/<name> are added when the
# definitions are built): they write raw.articles themselves, and everything downstream of
# raw/articles sees their rows.
@dg.asset(
    key=["raw", "articles"], deps=[INBOX_KEY], group_name="ingest", kinds={"polars", "duckdb"}
)
def articles(config: IngestConfig, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Articles read from the input files; re-ingesting an article already stored adds nothing."""
    paths = config.input_paths()
    # Bad input raises transform.errors.InputError (naming the file) here, before anything is
    # written: every input is checked before the first batch is read.
    batches = (
        conform(batch.lazy(), ARTICLES).collect()
        for batch in input_batches(paths, reference_year=config.year())
    )
    ids: list[pl.Series] = []  # to count distinct articles read across batches (~16 MB per 1M)
    preview = pl.DataFrame(schema={name: ARTICLES[name] for name in PREVIEW_COLUMNS})
    new_rows = 0
    with warehouse.connect() as con:
        for batch in prefetched(batches):
            new_rows += insert_new_articles(con, batch)[0]
            ids.append(batch["article_id"])
            preview = _preview(preview, batch)
        total_rows = con.execute("select count(*) from raw.articles").fetchone()[0]
    read = pl.concat(ids).n_unique() if ids else 0
    return dg.MaterializeResult(
        metadata={
            "inputs": dg.MetadataValue.text("\n".join(str(p) for p in paths)),
            "articles read": read,
            "new rows": new_rows,
            "total rows": total_rows,
            "dagster/row_count": total_rows,
            "preview": preview_table(preview, rows=PREVIEW_ROWS),
        }
    )


defs = dg.Definitions(assets=[articles])
