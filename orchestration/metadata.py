"""Metadata the UI shows: preview tables, column schemas, per-type counts, and row counts for the
dbt tables (observed once dbt has exited, so its process never shares the file).
"""

from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime
from typing import Any

import dagster as dg
import duckdb
import polars as pl

_TYPES = {
    pl.String: "string",
    pl.Date: "date",
    pl.Int32: "int",
    pl.Int64: "int",
    pl.UInt32: "int",
    pl.Boolean: "bool",
    pl.Float64: "float",
}


def _cell(value: Any, max_chars: int) -> str | int | float | bool | None:
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    return text if len(text) <= max_chars else text[: max_chars - 1] + "…"


def column_schema(frame: pl.DataFrame) -> dg.TableSchema:
    return dg.TableSchema(
        columns=[
            dg.TableColumn(
                name, _TYPES.get(dtype, "list" if isinstance(dtype, pl.List) else str(dtype))
            )
            for name, dtype in frame.schema.items()
        ]
    )


def preview_table(
    frame: pl.DataFrame, rows: int = 5, max_chars: int = 80, drop: Iterable[str] = ("body",)
) -> dg.MetadataValue:
    """The first `rows` rows as a table the UI renders (long text cut, lists joined)."""
    head = frame.drop([c for c in drop if c in frame.columns]).head(rows)
    records = [
        dg.TableRecord({k: _cell(v, max_chars) for k, v in row.items()})
        for row in head.iter_rows(named=True)
    ]
    schema = dg.TableSchema(
        columns=[
            dg.TableColumn(name, "string" if _TYPES.get(dtype) in (None, "date") else _TYPES[dtype])
            for name, dtype in head.schema.items()
        ]
    )
    return dg.MetadataValue.table(records=records, schema=schema)


def counts_by(frame: pl.DataFrame, column: str) -> dg.MetadataValue:
    """`{value: rows}` of one column, as JSON (null shown as "(none)")."""
    counts = frame.group_by(column).agg(n=pl.len()).sort(column, nulls_last=True)
    return dg.MetadataValue.json({("(none)" if k is None else str(k)): n for k, n in counts.rows()})


def row_count_observations(
    warehouse, relations: Mapping[dg.AssetKey, str]
) -> Iterator[dg.AssetObservation]:
    """One observation with `dagster/row_count` per asset, counted in its `schema.table`.

    For tables another process wrote (dbt's): call it once that process has let go of the file.
    A table that cannot be counted gets no observation; a count is no reason to fail a run.
    """
    if not relations:
        return
    counts = {}
    with warehouse.connect() as con:
        for key, relation in relations.items():
            try:
                counts[key] = con.execute(f"select count(*) from {relation}").fetchone()[0]
            except duckdb.Error:
                continue
    for key, rows in counts.items():
        yield dg.AssetObservation(asset_key=key, metadata={"dagster/row_count": rows})
