"""Operating pieces on small inputs: the run lock, the publish step, the brief, and the wiring
of checks and publish assets (the slow end-to-end versions are in tests/test_operations.py)."""

import subprocess
import sys
import textwrap
import time
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest

from orchestration.brief.render import render_brief, upcoming_milestones
from orchestration.warehouse_lock import hold_warehouse_lock, lock_path

HOLDER = textwrap.dedent(
    """
    import sys, time
    from orchestration.warehouse_lock import hold_warehouse_lock
    with hold_warehouse_lock(sys.argv[1]):
        print("held", flush=True)
        time.sleep(float(sys.argv[2]))
    """
)


def test_a_second_process_waits_for_the_lock_and_is_told_so(tmp_path):
    db = tmp_path / "w.duckdb"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db), "1.5"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        waits = []
        started = time.monotonic()
        with hold_warehouse_lock(db, on_wait=waits.append) as waited:
            assert holder.poll() is not None  # the holder finished first
        assert waits == [lock_path(db)]
        assert waited >= 0.5 and time.monotonic() - started >= 0.5
    finally:
        holder.kill()
        holder.wait()


def test_the_lock_is_reentrant_within_a_process_and_free_afterwards(tmp_path):
    db = tmp_path / "w.duckdb"
    waits = []
    with hold_warehouse_lock(db), hold_warehouse_lock(db, on_wait=waits.append):
        pass
    assert waits == []
    # released: another process takes it at once
    done = subprocess.run(
        [sys.executable, "-c", HOLDER, str(db), "0"], capture_output=True, text=True, timeout=30
    )
    assert done.stdout.strip() == "held"


def test_a_dagster_run_holds_the_lock_through_its_warehouse_resource(tmp_path, capfd):
    import dagster as dg

    from orchestration.defs.resources import WarehouseResource

    db = tmp_path / "w.duckdb"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db), "1.5"], stdout=subprocess.PIPE, text=True
    )

    @dg.asset
    def touch(warehouse: WarehouseResource) -> None:
        with warehouse.connect() as con:
            con.execute("select 1")

    try:
        assert holder.stdout.readline().strip() == "held"
        result = dg.materialize([touch], resources={"warehouse": WarehouseResource(path=str(db))})
        assert result.success
        assert holder.poll() is not None  # the run started only after the holder let go
    finally:
        holder.kill()
        holder.wait()
    assert "waiting for it to finish" in capfd.readouterr().err


def _mini_warehouse(path: Path) -> None:
    from orchestration.defs.publish import MARTS

    con = duckdb.connect(str(path))
    con.execute("create schema marts")
    for mart in MARTS:
        con.execute(
            f"create table marts.{mart} as select 1 as id, ['a', 'b'] as codes, "
            "date '2024-11-18' as day"
        )
    con.execute("comment on column marts.fct_meetings.id is 'the id'")
    con.close()


def test_publish_writes_an_old_storage_version_file_and_parquet_atomically(tmp_path):
    from orchestration.defs.publish import MARTS, publish_marts, published_row_count

    db = tmp_path / "readout.duckdb"
    _mini_warehouse(db)
    publish = tmp_path / "publish"
    with duckdb.connect(str(db)) as con:
        assert publish_marts(con, publish, "run-1") == {m: 1 for m in MARTS}
    assert sorted(p.name for p in (publish / "parquet").iterdir()) == sorted(
        f"{m}.parquet" for m in MARTS
    )
    assert not [p for p in publish.rglob(".*tmp*")]
    # storage version 64 = the v1.0.0 format (DuckDB 0.10 .. 1.1 write it; every 1.x reads it)
    header = (publish / "marts.duckdb").read_bytes()[8:16]
    assert header[:4] == b"DUCK" and int.from_bytes(header[4:], "little") == 64
    with duckdb.connect(str(publish / "marts.duckdb"), read_only=True) as con:
        assert con.execute("select codes from marts.fct_meetings").fetchone() == (["a", "b"],)
        assert con.execute("select run_id from _published").fetchone() == ("run-1",)
        assert con.execute(
            "select comment from duckdb_columns() where table_name = 'fct_meetings' "
            "and column_name = 'id'"
        ).fetchone() == ("the id",)
    assert published_row_count(publish, "fct_meetings") == 1


def test_publish_keeps_a_reader_of_the_previous_copy_working(tmp_path):
    from orchestration.defs.publish import publish_marts

    db = tmp_path / "readout.duckdb"
    _mini_warehouse(db)
    publish = tmp_path / "publish"
    with duckdb.connect(str(db)) as con:
        publish_marts(con, publish, "run-1")
    reader = duckdb.connect(str(publish / "marts.duckdb"), read_only=True)
    try:
        with duckdb.connect(str(db)) as con:
            con.execute("insert into marts.fct_meetings values (2, [], null)")
            publish_marts(con, publish, "run-2")
        assert reader.execute("select count(*) from fct_meetings").fetchone() == (1,)
    finally:
        reader.close()
    with duckdb.connect(str(publish / "marts.duckdb"), read_only=True) as con:
        assert con.execute("select count(*) from fct_meetings").fetchone() == (2,)


def _brief_marts() -> dict[str, pl.DataFrame]:
    meetings = pl.DataFrame(
        {
            "meeting_id": ["m1", "m2", "m3"],
            "meeting_date": [date(2024, 11, 18), date(2024, 12, 3), None],
            "date_precision": ["day", "day", "unknown"],
            "meeting_kind": ["meeting", "talks", "meeting"],
            "country_codes": [["CHN", "GBR"], ["CHN", "NPL"], ["CHN", "NPL"]],
        }
    )
    timeline = pl.DataFrame(
        {
            "country_a": ["CHN", "CHN"],
            "country_b": ["NPL", "NPL"],
            "partnership_label": ["strategic cooperative partnership"] * 2,
            "level_rank": [3, 3],
            "action": ["established", "status"],
            "effective_date": [date(2019, 1, 1), date(2024, 12, 3)],
            "date_precision": ["year", "day"],
            "previous_label": [None, "strategic cooperative partnership"],
        }
    )
    calendar = pl.DataFrame(
        {
            "subject": ["establishment of China-Nepal diplomatic relations", "x", "y"],
            "country_codes": [["CHN", "NPL"], ["CHN"], ["CHN"]],
            "ordinal": [70, 71, 75],
            "anniversary_date": [date(2025, 8, 1), date(2025, 9, 1), date(2026, 6, 1)],
            "origin": ["mentioned", "projected", "projected"],
            "is_milestone": [True, False, True],
            "mentioned_on": [date(2024, 12, 3), None, None],
        }
    )
    return {
        "fct_meetings": meetings,
        "partnership_timeline": timeline,
        "anniversary_calendar": calendar,
    }


def test_upcoming_milestones_are_the_twelve_months_after_the_latest_date():
    upcoming = upcoming_milestones(_brief_marts()["anniversary_calendar"], date(2024, 12, 3))
    assert upcoming.get_column("ordinal").to_list() == [70]


def test_brief_is_self_contained_html_with_three_charts():
    page = render_brief(_brief_marts())
    assert page.count('<svg class="chart"') == 3
    assert "Nepal" in page and "70th" in page
    for needle in ('src="http', 'href="http', "<link", "@import", "url("):
        assert needle not in page


def test_checks_and_publish_assets_are_defined(readout_defs):
    import dagster as dg

    graph = readout_defs.resolve_asset_graph()
    for key in (["publish", "marts"], ["publish", "brief"]):
        node = graph.get(dg.AssetKey(key))
        assert node.group_name == "publish" and node.owners
    assert dg.AssetKey(["fct_meetings"]) in graph.get(dg.AssetKey(["publish", "marts"])).parent_keys
    names = {(k.asset_key.to_user_string(), k.name) for k in graph.asset_check_keys}
    assert {
        ("raw/meeting_mentions", "evidence_occurs_in_article"),
        ("fct_event_mentions", "datelined_articles_have_events"),
        ("fct_event_mentions", "provenance_offsets_point_at_sentence"),
        ("fct_meetings", "meetings_resolved"),
        ("fct_meetings", "not_much_emptier_than_last_publish"),
    } <= names
    assert all(
        graph.get(k).owners for k in graph.get_all_asset_keys() if graph.get(k).is_materializable
    )


@pytest.mark.parametrize("ok", [True, False])
def test_meetings_resolved_warns_over_the_threshold(tmp_path, ok):
    import dagster as dg

    from orchestration.defs.checks import meetings_resolved
    from orchestration.defs.resources import WarehouseResource

    db = tmp_path / "w.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute("create schema marts")
        unknown = "'day'" if ok else "'unknown'"
        con.execute(f"""create table marts.fct_meetings as
            select 'm' || i as meeting_id, ['CHN', 'GBR'] as country_codes,
                   date '2024-11-18' as meeting_date,
                   case when i < 5 then 'day' else {unknown} end as date_precision
            from range(10) t(i)""")
    result = meetings_resolved(warehouse=WarehouseResource(path=str(db)))
    assert result.passed is ok
    assert result.severity == dg.AssetCheckSeverity.WARN
