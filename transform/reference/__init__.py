"""Loaders for the reference data: the dbt seeds (dbt_project/seeds/*.csv), which dbt reads too,
and the extraction's vocabularies (transform/reference/data/*.csv, see its README.md), read by
polars as text, so each fact has one copy that Python and dbt both read.

transform/reference/gazetteer.py builds the place tables (GeoNames cities and capitals, curated
names, demonyms, metonyms, blocs); transform/extract/vocab.py turns them into patterns.
"""

from functools import cache
from pathlib import Path

import polars as pl

SEEDS_DIR = Path(__file__).resolve().parents[2] / "dbt_project" / "seeds"
DATA_DIR = Path(__file__).resolve().parent / "data"


def _read_csv(path: Path) -> pl.DataFrame:
    if not path.is_file():
        raise FileNotFoundError(f"no reference file {path}: is the checkout complete?")
    # Empty fields are nulls; no column is inferred (the callers cast what they need).
    return pl.read_csv(path, infer_schema=False)


@cache
def read_seed(name: str) -> pl.DataFrame:
    """The seed `dbt_project/seeds/<name>.csv` as a frame (every column text unless typed below)."""
    return _read_csv(SEEDS_DIR / f"{name}.csv")


@cache
def read_data(name: str) -> pl.DataFrame:
    """The data file `transform/reference/data/<name>.csv` as a frame of text columns."""
    return _read_csv(DATA_DIR / f"{name}.csv")


def partnership_ladder() -> pl.DataFrame:
    """The ranked ladder of partnership labels: label, rank (null: off the ladder), lowest first."""
    return (
        read_seed("partnership_levels")
        .select("label", pl.col("rank").cast(pl.Int32))
        .sort("rank", "label", nulls_last=True)
    )


@cache
def commemorated_events() -> list[tuple[str, str, int]]:
    """(subject, pattern, founding year) of every commemorated event of the seed `commemorations`
    that the text names by its wording (the rows keyed `subject|...`), in the seed's order: the
    first pattern that matches a mention names its event."""
    rows = read_seed("commemorations").filter(pl.col("founding_key").str.starts_with("subject|"))
    missing = rows.filter(pl.col("pattern").is_null())["subject"].to_list()
    if missing:
        raise ValueError(f"commemorations.csv: subjects without a pattern: {missing}")
    events = rows.select("subject", "pattern", pl.col("base_date").str.slice(0, 4).cast(pl.Int32))
    return list(events.iter_rows())


@cache
def terms(kind: str) -> list[str]:
    """The terms of one kind in `data/partnership_terms.csv`, in file order."""
    frame = read_data("partnership_terms")
    return frame.filter(pl.col("kind") == kind)["term"].to_list()


@cache
def term_map(kind: str) -> dict[str, str]:
    """term -> maps_to for one kind of `data/partnership_terms.csv`, in file order."""
    frame = read_data("partnership_terms").filter(pl.col("kind") == kind)
    return dict(frame.select("term", "maps_to").iter_rows())
