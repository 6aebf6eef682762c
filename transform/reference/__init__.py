"""Loaders for the reference data files: the dbt seeds (dbt_project/seeds/*.csv), read by polars
with the column types their YAML gives dbt, so Python and dbt read one copy of each fact."""

from functools import cache
from pathlib import Path

import polars as pl

SEEDS_DIR = Path(__file__).resolve().parents[2] / "dbt_project" / "seeds"


@cache
def read_seed(name: str) -> pl.DataFrame:
    """The seed `dbt_project/seeds/<name>.csv` as a frame (every column text unless typed below)."""
    path = SEEDS_DIR / f"{name}.csv"
    if not path.is_file():
        raise FileNotFoundError(f"no reference file {path}: is the checkout complete?")
    return pl.read_csv(path, infer_schema=False)


def partnership_ladder() -> pl.DataFrame:
    """The ranked ladder of partnership labels: label, rank (null: off the ladder), lowest first."""
    return (
        read_seed("partnership_levels")
        .select("label", pl.col("rank").cast(pl.Int32))
        .sort("rank", "label", nulls_last=True)
    )
