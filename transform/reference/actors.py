"""Loaders for the actor dictionary: who held which office when.

Three seeds (dbt_project/seeds/), read here with the types `_seeds.yml` gives dbt:

- `office_holders`: one row per (person, office, tenure), `end_date` null while in office;
- `person_names`: the names a person is printed under (one row per variant);
- `office_titles`: the title words that name an office, per country where they differ.

Conventions (see `_seeds.yml`): in presidential systems without a separate head of government the
president holds both `head_of_state` and `head_of_government` rows with the same dates; countries
are ISO3 codes, organisations short codes (`UN`, `EU`, `AU`, `ASEAN`, `NATO`) with
`actor_type = 'organisation'`.
"""

from functools import cache

import polars as pl

from transform.reference import read_seed

# Offices in the order in which one is reported when a person holds several on one day.
OFFICE_PRIORITY: tuple[str, ...] = (
    "head_of_state",
    "head_of_government",
    "secretary_general",
    "council_president",
    "commission_president",
    "commission_chair",
    "high_representative",
    "party_leader",
    "crown_prince",
    "vice_president",
    "foreign_minister",
    "speaker",
)

HOLDER_SCHEMA: dict[str, pl.DataType] = {
    "person_id": pl.String(),
    "full_name": pl.String(),
    "country": pl.String(),
    "actor_type": pl.String(),
    "office": pl.String(),
    "office_title": pl.String(),
    "start_date": pl.Date(),
    "end_date": pl.Date(),
    "date_note": pl.String(),
    "source": pl.String(),
}


@cache
def office_holders() -> pl.DataFrame:
    """Every tenure: person_id, full_name, country, actor_type, office, office_title,
    start_date, end_date (null: in office), date_note, source."""
    frame = read_seed("office_holders")
    return frame.select(
        pl.col(name).str.to_date("%Y-%m-%d") if dtype == pl.Date() else pl.col(name)
        for name, dtype in HOLDER_SCHEMA.items()
    )


@cache
def person_names() -> pl.DataFrame:
    """Every printed name of every person: person_id, variant."""
    return read_seed("person_names").select("person_id", "variant")


@cache
def office_titles() -> pl.DataFrame:
    """Title words per office: office, country (null: any country), title."""
    return read_seed("office_titles").select("office", pl.col("country").replace("", None), "title")
