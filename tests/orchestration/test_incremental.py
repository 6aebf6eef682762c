"""Incremental extraction: a warehouse fed in two batches ends up like one built at once.

The sample dump is cut at an entry boundary into part A. One warehouse ingests the whole sample
and is built once (a full run); another ingests A, is extracted, then ingests A+B and is built
incrementally: the six marts must match row for row. The module builds both once (~45 s, most of
it dbt); the other tests copy the incremental warehouse.
"""

import shutil
import time
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from orchestration import incremental
from orchestration.cli import run_config
from orchestration.contract import MARTS
from tests.conftest import SAMPLE
from transform.schemas import EVENT_TABLES

pytestmark = pytest.mark.slow

EXTRACT_TABLES = ["sentences", *EVENT_TABLES]
CUT_AFTER = "Continue reading China-Peru friendship blossoms with Xi Jinping visit\n"


def run(
    defs, db: Path, inputs: list[Path], selection: dg.AssetSelection, full_refresh: bool = False
) -> dg.ExecuteInProcessResult:
    """A run as `readout run` makes it: the warehouse, inputs and full refresh as run config."""
    graph = defs.resolve_asset_graph()
    ops = {graph.get(key).assets_def.node_def.name for key in selection.resolve(graph)}
    result = dg.materialize(
        [*(defs.assets or []), *(defs.asset_checks or [])],
        selection=selection,
        resources=dict(defs.resources or {}),
        run_config=run_config(db, ops, inputs, 2024, full_refresh, "ERROR"),
    )
    assert result.success
    return result


def build_selection() -> dg.AssetSelection:
    """Ingest from the input files, extract, dbt: no configured sources, no publishing."""
    return (
        dg.AssetSelection.all()
        - dg.AssetSelection.key_prefixes("sources")
        - dg.AssetSelection.groups("publish")
    )


def extract_selection(ingest: bool = False) -> dg.AssetSelection:
    selection = dg.AssetSelection.groups("extract")
    return selection | dg.AssetSelection.assets(["raw", "articles"]) if ingest else selection


def extract_metadata(result: dg.ExecuteInProcessResult) -> dict[str, dict]:
    out = {}
    for event in result.get_asset_materialization_events():
        materialization = event.step_materialization_data.materialization
        table = materialization.asset_key.path[-1]
        if table in EXTRACT_TABLES:
            out[table] = {name: value.value for name, value in materialization.metadata.items()}
    return out


def rows(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def marts(db: Path) -> dict[str, list[tuple]]:
    return {m: rows(db, f"select * from marts.{m} order by all") for m in MARTS}


def raw_tables(db: Path) -> dict[str, list[tuple]]:
    """The articles (but their input file's name) and the extracted tables."""
    tables = {"articles": rows(db, "select * exclude (source) from raw.articles order by all")}
    return tables | {t: rows(db, f"select * from raw.{t} order by all") for t in EXTRACT_TABLES}


@pytest.fixture(scope="module")
def built(readout_defs, tmp_path_factory):
    sample_input = SAMPLE
    tmp = tmp_path_factory.mktemp("incremental")
    text = sample_input.read_text()
    assert CUT_AFTER in text
    part_a = tmp / "part-a.txt"
    part_a.write_text(text[: text.index(CUT_AFTER) + len(CUT_AFTER)])

    full_db = tmp / "full.duckdb"
    started = time.monotonic()
    full = run(readout_defs, full_db, [sample_input], build_selection())
    full_seconds = time.monotonic() - started

    inc_db = tmp / "incremental.duckdb"
    first = run(readout_defs, inc_db, [part_a], extract_selection(ingest=True))  # no dbt: faster
    started = time.monotonic()
    second = run(readout_defs, inc_db, [sample_input], build_selection())
    inc_seconds = time.monotonic() - started
    print(f"\nfull run {full_seconds:.1f}s, incremental run {inc_seconds:.1f}s")
    return {
        "tmp": tmp,
        "full_db": full_db,
        "inc_db": inc_db,
        "full": extract_metadata(full),
        "first": extract_metadata(first),
        "second": extract_metadata(second),
    }


def test_two_batches_give_the_marts_of_one_full_run(built):
    full_db, inc_db = built["full_db"], built["inc_db"]
    assert rows(inc_db, "select count(*) from raw.articles") == rows(
        full_db, "select count(*) from raw.articles"
    )
    first, second = built["first"]["sentences"], built["second"]["sentences"]
    total = rows(full_db, "select count(*) from raw.articles")[0][0]
    assert 0 < first["new articles processed"] < total
    assert second["new articles processed"] == total - first["new articles processed"]
    assert not second["full refresh"]
    assert all(meta["removed articles"] == 0 for meta in built["second"].values())
    assert all(meta["total articles"] == total for meta in built["second"].values())

    assert raw_tables(inc_db) == raw_tables(full_db)
    expected = marts(full_db)
    assert all(expected[m] for m in MARTS)
    assert marts(inc_db) == expected


def test_a_run_without_new_articles_extracts_nothing(built, readout_defs, sample_input, tmp_path):
    db = tmp_path / "again.duckdb"
    shutil.copy(built["inc_db"], db)
    before = marts(db)
    again = extract_metadata(run(readout_defs, db, [sample_input], build_selection()))
    for table, meta in again.items():
        assert not meta["full refresh"], table
        assert meta["new articles processed"] == meta["removed articles"] == 0, table
        assert meta["rows inserted"] == meta["new rows"] == 0, table
    assert marts(db) == before


def test_a_replaced_article_takes_its_mentions_with_it(built, readout_defs, tmp_path):
    db = tmp_path / "changed.duckdb"
    shutil.copy(built["inc_db"], db)
    # What the sources code does when an item's content changes: the new text goes in under its
    # own id, the previous row is deleted.
    (old_id, new_id) = ("a0302d8cde08a0fc", "0000000000000001")  # Xi holds talks with Hun Sen
    assert rows(db, f"select count(*) from raw.meeting_mentions where article_id = '{old_id}'")[0][
        0
    ]
    with duckdb.connect(str(db)) as con:
        con.execute(f"""
            insert into raw.articles by name
            select * replace ('{new_id}' as article_id,
                              'Xi Jinping met Peruvian President Dina Boluarte in Lima on '
                              || 'November 14.' as body)
            from raw.articles where article_id = '{old_id}'""")
        con.execute(f"delete from raw.articles where article_id = '{old_id}'")

    meta = extract_metadata(run(readout_defs, db, [], extract_selection()))
    for table in EXTRACT_TABLES:
        assert (meta[table]["new articles processed"], meta[table]["removed articles"]) == (1, 1)
        assert rows(db, f"select count(*) from raw.{table} where article_id = '{old_id}'") == [(0,)]
        assert rows(
            db,
            "select count(*) from raw.extracted_articles "
            f"where table_name = '{table}' and article_id = '{old_id}'",
        ) == [(0,)]
    assert rows(
        db, f"select participants from raw.meeting_mentions where article_id = '{new_id}'"
    ) == [(["Dina Boluarte", "Xi Jinping"],)]

    # The same as extracting everything again.
    incremental = raw_tables(db)
    full = extract_metadata(run(readout_defs, db, [], extract_selection(), full_refresh=True))
    assert all(m["full refresh"] for m in full.values())
    assert raw_tables(db) == incremental


def test_changed_extraction_code_or_the_env_var_rebuild_in_full(
    built, readout_defs, tmp_path, monkeypatch
):
    db = tmp_path / "rebuilt.duckdb"
    shutil.copy(built["inc_db"], db)
    before = raw_tables(db)

    monkeypatch.setattr(incremental, "EXTRACTION_VERSION", "another-version")
    meta = extract_metadata(run(readout_defs, db, [], extract_selection()))
    assert all(m["full refresh"] and "version changed" in m["reason"] for m in meta.values())
    assert rows(db, "select distinct extraction_version from raw.extracted_articles") == [
        ("another-version",)
    ]
    assert raw_tables(db) == before

    monkeypatch.setenv("READOUT_FULL_REFRESH", "1")
    meta = extract_metadata(run(readout_defs, db, [], extract_selection()))
    assert all(m["full refresh"] and "requested" in m["reason"] for m in meta.values())
    assert raw_tables(db) == before


def test_small_batches_give_the_same_tables(built, readout_defs, monkeypatch, tmp_path):
    """READOUT_EXTRACT_BATCH bounds memory; the result does not depend on it."""
    monkeypatch.setenv(incremental.BATCH_ENV, "4")
    db = tmp_path / "batched.duckdb"
    result = run(readout_defs, db, [SAMPLE], extract_selection(ingest=True))
    meta = extract_metadata(result)
    total = rows(db, "select count(*) from raw.articles")[0][0]
    assert meta["sentences"]["batches"] == -(-total // 4)
    assert meta["sentences"]["new articles processed"] == total
    extracted = {t: v for t, v in raw_tables(db).items()}
    assert extracted == raw_tables(built["full_db"])


def test_a_table_behind_the_others_catches_up_without_duplicating_theirs(
    built, readout_defs, tmp_path
):
    """Materializing one mention table alone (the UI allows it) leaves the others behind; the
    next run extracts the union for all of them: the tables already holding an article replace
    its rows rather than adding them again."""
    db = tmp_path / "behind.duckdb"
    shutil.copy(built["full_db"], db)
    before = raw_tables(db)
    with duckdb.connect(str(db)) as con:
        behind = [
            r[0]
            for r in con.execute(
                "select distinct article_id from raw.meeting_mentions order by 1 limit 3"
            ).fetchall()
        ]
        ids = ", ".join(f"'{i}'" for i in behind)
        con.execute(f"delete from raw.visit_mentions where article_id in ({ids})")
        con.execute(
            "delete from raw.extracted_articles "
            f"where table_name = 'visit_mentions' and article_id in ({ids})"
        )

    meta = extract_metadata(run(readout_defs, db, [], extract_selection()))
    assert meta["visit_mentions"]["new articles processed"] == len(behind)
    assert meta["meeting_mentions"]["new articles processed"] == 0
    assert raw_tables(db) == before
    assert rows(db, "select count(*) from raw.extracted_articles") == rows(
        built["full_db"], "select count(*) from raw.extracted_articles"
    )
