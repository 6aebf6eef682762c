"""Materialization metadata the UI shows: preview tables, column schemas, per-type counts, and
row counts for the dbt tables (fetched once dbt has exited, so its process never shares the file).
"""

import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import Any

import dagster as dg
import polars as pl

_TYPES = {pl.String: "string", pl.Date: "date", pl.Int32: "int", pl.Int64: "int", pl.UInt32: "int",
          pl.Boolean: "bool", pl.Float64: "float"}


def _cell(value: Any, max_chars: int) -> str | int | float | bool | None:
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    return text if len(text) <= max_chars else text[: max_chars - 1] + "…"


def column_schema(frame: pl.DataFrame) -> dg.TableSchema:
    return dg.TableSchema(columns=[
        dg.TableColumn(name, _TYPES.get(dtype, "list" if isinstance(dtype, pl.List) else str(dtype)))
        for name, dtype in frame.schema.items()
    ])


def preview_table(frame: pl.DataFrame, rows: int = 5, max_chars: int = 80,
                  drop: Iterable[str] = ("body",)) -> dg.MetadataValue:
    """The first `rows` rows as a table the UI renders (long text cut, lists joined)."""
    head = frame.drop([c for c in drop if c in frame.columns]).head(rows)
    records = [dg.TableRecord({k: _cell(v, max_chars) for k, v in row.items()})
               for row in head.iter_rows(named=True)]
    schema = dg.TableSchema(columns=[
        dg.TableColumn(name, "string" if _TYPES.get(dtype) in (None, "date") else _TYPES[dtype])
        for name, dtype in head.schema.items()
    ])
    return dg.MetadataValue.table(records=records, schema=schema)


def counts_by(frame: pl.DataFrame, column: str) -> dg.MetadataValue:
    """`{value: rows}` of one column, as JSON (null shown as "(none)")."""
    counts = frame.group_by(column).agg(n=pl.len()).sort(column, nulls_last=True)
    return dg.MetadataValue.json({("(none)" if k is None else str(k)): n for k, n in counts.rows()})


def _dbt_tables(manifest_path) -> dict[str, str]:
    """dbt unique_id -> `schema.alias`, for models materialized as tables."""
    manifest = json.loads(manifest_path.read_text())
    out = {}
    for unique_id, node in manifest.get("nodes", {}).items():
        if node.get("resource_type") == "model" and node.get("config", {}).get("materialized") in (
            "table", "incremental"
        ):
            out[unique_id] = f'{node["schema"]}.{node.get("alias") or node["name"]}'
    return out


def _unique_id(event: Any) -> str | None:
    if not isinstance(event, (dg.Output, dg.AssetMaterialization)):
        return None
    value = (event.metadata or {}).get("unique_id")
    return getattr(value, "value", value)


def with_row_counts(events: Iterator[Any], warehouse, manifest_path) -> Iterator[Any]:
    """Re-yield dbt's events, adding `dagster/row_count` to the materializations of table models.

    The events are held until dbt has exited (the counts need the DuckDB file, which dbt's process
    holds meanwhile); their order is kept, so check results still follow their asset.
    """
    buffered = []
    try:
        for event in events:
            buffered.append(event)
    except Exception:
        yield from buffered  # dbt failed: report what it built (without counts), then the error
        raise
    tables = _dbt_tables(manifest_path)
    counts: dict[str, int] = {}
    wanted = {uid: tables[uid] for uid in map(_unique_id, buffered) if uid in tables}
    if wanted:
        with warehouse.connect() as con:
            for unique_id, relation in wanted.items():
                try:
                    counts[unique_id] = con.execute(f"select count(*) from {relation}").fetchone()[0]
                except Exception:  # noqa: BLE001 - a missing count is no reason to fail the run
                    pass
    for event in buffered:
        unique_id = _unique_id(event)
        if unique_id in counts:
            yield event.with_metadata({**(event.metadata or {}), "dagster/row_count": counts[unique_id]})
        else:
            yield event
