"""Publish: copies of the marts for readers, so nobody ever opens the pipeline's own file.

After the marts build, `publish/marts` writes `<warehouse dir>/publish/marts.duckdb` (a DuckDB file
in storage version v1.0.0, which DuckDB 0.10 and later open, so BI tools embedding an older DuckDB
can read it) and `<warehouse dir>/publish/parquet/<mart>.parquet`, each written to a temporary file
and swapped in with `os.replace`: a reader holding the previous copy keeps reading it, a new reader
gets the new one, nobody sees half a file. `publish/brief` renders `publish/brief.html` from the
Parquet files.
"""

import os
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl

from orchestration.brief.render import render_brief
from orchestration.contract import MARTS
from orchestration.defs.resources import WarehouseResource
from orchestration.metadata import counts_by, preview_table
from transform.schemas import EVENT_TYPES

# The oldest storage format DuckDB 2.0.1 writes that still holds our types; readable by DuckDB
# 0.10 and every 1.x (the default for a new file, v2.0.0, is unreadable before DuckDB 2.0).
PUBLISHED_STORAGE_VERSION = "v1.0.0"
PUBLISH_MARTS = dg.AssetKey(["publish", "marts"])
# Per-type counts of the published marts: each event mart by its type column, and the provenance.
TYPE_COLUMNS = {
    **{event.mart: event.mart_type_column for event in EVENT_TYPES if event.mart},
    "fct_event_mentions": "event_type",
}


def parquet_path(publish_dir: Path, mart: str) -> Path:
    return publish_dir / "parquet" / f"{mart}.parquet"


def published_row_count(publish_dir: Path, mart: str) -> int | None:
    """Rows of `mart` in the last published Parquet file, or None if there is none."""
    path = parquet_path(publish_dir, mart)
    if not path.exists():
        return None
    with duckdb.connect() as con:
        return con.execute("select count(*) from read_parquet(?)", [str(path)]).fetchone()[0]


def _temporary(path: Path) -> Path:
    return path.with_name(f".{path.name}.tmp-{os.getpid()}")


def publish_marts(con: duckdb.DuckDBPyConnection, publish_dir: Path, run_id: str) -> dict[str, int]:
    """Write the Parquet files and the DuckDB copy of every mart; returns rows per mart.

    In marts.duckdb the marts sit in schema `main`: a reader opening the file gets the catalog
    `marts`, so `from marts.fct_meetings` (and plain `from fct_meetings`) work as in the warehouse;
    a schema `marts` would clash with that catalog name ("ambiguous reference").
    """
    (publish_dir / "parquet").mkdir(parents=True, exist_ok=True)
    con.execute("checkpoint")
    rows = {}
    for mart in MARTS:
        target = parquet_path(publish_dir, mart)
        tmp = _temporary(target)
        con.execute(f"copy marts.{mart} to '{tmp}' (format parquet, compression zstd)")
        os.replace(tmp, target)
        rows[mart] = con.execute(f"select count(*) from marts.{mart}").fetchone()[0]

    target = publish_dir / "marts.duckdb"
    tmp = _temporary(target)
    for leftover in (tmp, Path(f"{tmp}.wal")):
        leftover.unlink(missing_ok=True)
    con.execute(f"attach '{tmp}' as published (storage_version '{PUBLISHED_STORAGE_VERSION}')")
    try:
        for mart in MARTS:
            con.execute(f"create table published.main.{mart} as from marts.{mart}")
        # Keep dbt's descriptions (persist_docs): `describe`/`duckdb_columns()` show them.
        comments = con.execute(
            """
            select table_name, column_name, comment from duckdb_columns()
            where database_name = current_database() and schema_name = 'marts' and comment is not null
            """
        ).fetchall()
        for table, column, comment in comments:
            if table in MARTS:
                quoted = comment.replace("'", "''")
                con.execute(f"comment on column published.main.{table}.{column} is '{quoted}'")
        con.execute(
            "create table published.main._published as select ?::timestamp as published_at_utc, "
            "? as run_id, ? as storage_version",
            [datetime.now(UTC).replace(tzinfo=None), run_id, PUBLISHED_STORAGE_VERSION],
        )
    finally:
        con.execute("detach published")
    os.replace(tmp, target)
    return rows


@dg.asset(
    key=PUBLISH_MARTS,
    deps=[dg.AssetKey([mart]) for mart in MARTS],
    group_name="publish",
    kinds={"duckdb", "parquet"},
    owners=["team:readout"],
    tags={"layer": "publish"},
)
def published_marts(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    """Read-only copies of the marts: publish/marts.duckdb and publish/parquet/*.parquet."""
    publish_dir = warehouse.publish_dir
    previous = {mart: published_row_count(publish_dir, mart) for mart in MARTS}
    with warehouse.connect() as con:
        rows = publish_marts(con, publish_dir, context.run_id)
        meetings = con.sql(
            "select * from marts.fct_meetings order by meeting_date desc nulls last"
        ).pl()
        per_type = {
            mart: con.sql(f"select {col} from marts.{mart}").pl()
            for mart, col in TYPE_COLUMNS.items()
        }
    metadata: dict = {
        "published": dg.MetadataValue.path(str(publish_dir / "marts.duckdb")),
        "parquet": dg.MetadataValue.path(str(publish_dir / "parquet")),
        "storage version": PUBLISHED_STORAGE_VERSION,
        "dagster/row_count": sum(rows.values()),
        "rows per mart": dg.MetadataValue.json(rows),
        "new rows per mart": dg.MetadataValue.json(
            {m: rows[m] - (previous[m] or 0) for m in MARTS}
        ),
        "latest meetings": preview_table(meetings, rows=8),
    }
    for mart, column in TYPE_COLUMNS.items():
        metadata[f"{mart} by {column}"] = counts_by(per_type[mart], column)
    return dg.MaterializeResult(metadata=metadata)


@dg.asset(
    key=["publish", "brief"],
    deps=[PUBLISH_MARTS],
    group_name="publish",
    kinds={"html"},
    owners=["team:readout"],
    tags={"layer": "publish"},
)
def brief(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """publish/brief.html: meetings per month and counterpart, the partnership ladder, milestones."""
    publish_dir = warehouse.publish_dir
    marts = {
        mart: pl.read_parquet(parquet_path(publish_dir, mart))
        for mart in ("fct_meetings", "fct_visits", "partnership_timeline", "anniversary_calendar")
    }
    generated = f"Generated {datetime.now(UTC):%Y-%m-%d %H:%M} UTC from {publish_dir / 'parquet'}."
    page = render_brief(marts, generated=generated)
    target = publish_dir / "brief.html"
    tmp = _temporary(target)
    tmp.write_text(page, encoding="utf-8")
    os.replace(tmp, target)
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(target)),
            "url": dg.MetadataValue.url(target.as_uri()),
            "bytes": len(page.encode()),
            "charts": page.count('<svg class="chart"'),
        }
    )


defs = dg.Definitions(assets=[published_marts, brief])
