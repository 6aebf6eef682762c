"""The Dagster definitions load, and the asset graph is wired as STYLE.md describes."""

from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
import pytest

from orchestration.defs.resources import RAW_SCHEMA_SQL
from transform.schemas import RAW_TABLES, STATE_TABLES

RAW_KEYS = [dg.AssetKey(["raw", table]) for table in RAW_TABLES]
MARTS = [
    "fct_meetings",
    "fct_visits",
    "partnership_timeline",
    "anniversary_calendar",
    "meeting_counts",
    "fct_event_mentions",
]
DUCKDB_TYPES = {
    pl.String: "VARCHAR",
    pl.Date: "DATE",
    pl.Int32: "INTEGER",
    pl.Boolean: "BOOLEAN",
    pl.List(pl.String): "VARCHAR[]",
    pl.Datetime("us"): "TIMESTAMP",
}


@pytest.fixture(scope="module")
def asset_graph(readout_defs):
    return readout_defs.resolve_asset_graph()


def test_definitions_load(readout_defs):
    assert readout_defs.resolve_all_job_defs()


def test_python_and_mart_assets_exist(asset_graph):
    keys = asset_graph.get_all_asset_keys()
    missing = [k for k in [*RAW_KEYS, *map(dg.AssetKey, MARTS)] if k not in keys]
    assert not missing


def test_raw_tables_are_materialized_by_python_assets_in_ingest_and_extract(asset_graph):
    assert asset_graph.get(dg.AssetKey(["raw", "articles"])).group_name == "ingest"
    for key in RAW_KEYS[1:]:
        node = asset_graph.get(key)
        assert node.is_materializable
        assert node.group_name == "extract"


def test_each_raw_table_is_upstream_of_its_staging_model(asset_graph):
    for table in RAW_TABLES:
        staging = asset_graph.get(dg.AssetKey([f"stg_{table}"]))
        assert dg.AssetKey(["raw", table]) in staging.parent_keys
        assert staging.group_name == "staging"


def test_dbt_groups_follow_model_folders(asset_graph):
    for mart in MARTS:
        assert asset_graph.get(dg.AssetKey([mart])).group_name == "marts"
    groups = {asset_graph.get(k).group_name for k in asset_graph.get_all_asset_keys()}
    assert {"ingest", "extract", "staging", "intermediate", "marts"} <= groups


def test_marts_are_downstream_of_ingest(asset_graph):
    downstream, frontier = set(), [dg.AssetKey(["raw", "articles"])]
    while frontier:
        for child in asset_graph.get(frontier.pop()).child_keys:
            if child not in downstream:
                downstream.add(child)
                frontier.append(child)
    assert {dg.AssetKey([mart]) for mart in MARTS} <= downstream


def test_resources_and_executor(readout_defs):
    assert {"warehouse", "http", "dbt"} <= set(readout_defs.resources)
    assert readout_defs.executor.name == "in_process"


def test_daily_refresh_schedule_targets_everything(readout_defs):
    (schedule,) = [s for s in readout_defs.schedules if s.name == "daily_refresh"]
    assert schedule.cron_schedule == "0 6 * * *"
    job = readout_defs.resolve_job_def(schedule.job_name)
    assert dg.AssetKey(["raw", "articles"]) in job.asset_layer.asset_graph.get_all_asset_keys()
    assert dg.AssetKey(["fct_meetings"]) in job.asset_layer.asset_graph.get_all_asset_keys()


def test_raw_schema_sql_matches_schemas_module():
    con = duckdb.connect()
    con.execute(RAW_SCHEMA_SQL.read_text())
    rows = con.execute(
        """
        select table_name, column_name, data_type
        from information_schema.columns
        where table_schema = 'raw'
        order by table_name, ordinal_position
        """
    ).fetchall()
    actual: dict[str, list[tuple[str, str]]] = {}
    for table, column, data_type in rows:
        actual.setdefault(table, []).append((column, data_type))
    expected = {
        table: [(column, DUCKDB_TYPES[dtype]) for column, dtype in schema.items()]
        for table, schema in {**RAW_TABLES, **STATE_TABLES}.items()
    }
    assert actual == expected


def test_the_pipeline_and_dbt_open_the_warehouse_with_the_same_settings(tmp_path, monkeypatch):
    """Memory limit and checkpoint threshold: the Python assets' connection and dbt's profile agree
    (a write-heavy step checkpointing at DuckDB's 16 MB default rewrote large tables again and
    again)."""
    import yaml

    from orchestration.dbt_project import DBT_PROJECT_DIR
    from orchestration.defs.resources import CHECKPOINT_THRESHOLD, WarehouseResource

    monkeypatch.setenv("READOUT_DUCKDB_MEMORY", "3GB")
    settings = yaml.safe_load((DBT_PROJECT_DIR / "profiles.yml").read_text())["readout"]["outputs"][
        "dev"
    ]["settings"]
    assert settings["checkpoint_threshold"] == CHECKPOINT_THRESHOLD
    assert "READOUT_DUCKDB_MEMORY" in settings["memory_limit"]
    query = (
        "select name, value from duckdb_settings() "
        "where name in ('checkpoint_threshold', 'memory_limit')"
    )
    with WarehouseResource(path=str(tmp_path / "w.duckdb")).connect() as con:
        current = dict(con.execute(query).fetchall())
    with duckdb.connect(
        config={"memory_limit": "3GB", "checkpoint_threshold": CHECKPOINT_THRESHOLD}
    ) as con:
        expected = dict(con.execute(query).fetchall())
    with duckdb.connect() as con:
        default = dict(con.execute(query).fetchall())
    assert current == expected
    assert current["checkpoint_threshold"] != default["checkpoint_threshold"]


SINGULAR_TEST_CHECKS = {
    "assert_event_ids_in_marts": "fct_event_mentions",
    "assert_evidence_in_article": "fct_meetings",
    "assert_partnership_ladder_labels_ranked": "partnership_timeline",
}


def test_dbt_singular_tests_are_described_checks_on_the_models_they_test(asset_graph):
    """Each dbt_project/tests/assert_*.sql refs several models; its config names the one it checks
    (`meta: dagster: ref:`), and tests/_tests.yml describes it."""
    singular = {
        key.name: key for key in asset_graph.asset_check_keys if key.name.startswith("assert_")
    }
    assert set(singular) == set(SINGULAR_TEST_CHECKS)
    for name, model in SINGULAR_TEST_CHECKS.items():
        assert singular[name].asset_key == dg.AssetKey([model])
        assert asset_graph.get_check_spec(singular[name]).description.strip()


def test_dbt_runs_through_dagster_dbts_own_resource(readout_defs):
    from dagster_dbt import DbtCliResource

    assert type(readout_defs.resources["dbt"]) is DbtCliResource


def test_dbt_events_reach_dagster_as_dbt_emits_them_and_row_counts_follow(tmp_path, dbt_manifest):
    """The asset passes on each dbt event before dbt emits the next (the UI shows models and tests
    as they finish), then observes the row counts of the tables dbt built (`dagster/row_count`),
    once dbt has exited. A stand-in for dbt: no subprocess."""
    import json

    from dagster_dbt import DbtCliResource

    from orchestration.dbt_project import DBT_EXECUTABLE, readout_dbt_project
    from orchestration.defs.dbt import ReadoutDbtTranslator, dbt_models
    from orchestration.defs.resources import WarehouseResource

    meetings = dg.AssetKey(["fct_meetings"])
    run_results = {
        "results": [
            {"unique_id": "model.readout.fct_meetings", "status": "success"},
            {"unique_id": "model.readout.stg_articles", "status": "success"},  # a view: not counted
            {"unique_id": "model.readout.fct_visits", "status": "error"},  # not built: not counted
        ]
    }
    seen_before_dbt_went_on = []

    class Invocation:
        def __init__(self, context):
            self.context = context
            self.manifest = json.loads(dbt_manifest.read_text())
            self.dagster_dbt_translator = ReadoutDbtTranslator()
            self.project = readout_dbt_project
            self.target_path = tmp_path / "target"

        def stream(self):
            yield dg.Output(
                None,
                output_name="fct_meetings",
                metadata={"unique_id": "model.readout.fct_meetings"},
            )
            event = self.context.instance.get_latest_materialization_event(meetings)
            seen_before_dbt_went_on.append(event is not None)
            yield dg.Output(None, output_name="fct_visits")

        def get_artifact(self, name):
            assert name == "run_results.json"
            return run_results

    class StandInDbt(DbtCliResource):
        def cli(self, args, *, context=None, **kwargs):
            assert list(args) == ["build"]
            return Invocation(context)

    warehouse = WarehouseResource(path=str(tmp_path / "w.duckdb"))
    with warehouse.connect() as con:
        con.execute(
            "create schema marts; create table marts.fct_meetings as select * from range(3)"
        )
    result = dg.materialize(
        [dbt_models],
        resources={
            "dbt": StandInDbt(project_dir=readout_dbt_project, dbt_executable=DBT_EXECUTABLE),
            "warehouse": warehouse,
        },
    )
    assert result.success
    assert seen_before_dbt_went_on == [True]
    observations = [
        event.event_specific_data.asset_observation
        for event in result.all_events
        if event.event_type_value == "ASSET_OBSERVATION"
    ]
    assert [(o.asset_key, o.metadata["dagster/row_count"].value) for o in observations] == [
        (meetings, 3)
    ]


def test_a_runs_parse_state_is_kept_for_the_next_run(tmp_path):
    """dagster-dbt seeds each run's target folder from target/partial_parse.msgpack; the run's
    own file (parsed for this warehouse's profile) replaces it, so the next run skips a 2.5 s
    full parse. A missing file leaves the kept one alone."""
    from dagster_dbt.core import dbt_cli_invocation

    from orchestration.dbt_project import PARTIAL_PARSE, keep_partial_parse

    assert dbt_cli_invocation.PARTIAL_PARSE_FILE_NAME == PARTIAL_PARSE
    run = tmp_path / "target" / "dbt_models-abc"
    run.mkdir(parents=True)
    kept = tmp_path / "target" / PARTIAL_PARSE
    kept.write_bytes(b"parsed by dbt parse, default profile")

    keep_partial_parse(Path("target/dbt_models-abc"), project_dir=tmp_path)  # no file: no change
    assert kept.read_bytes() == b"parsed by dbt parse, default profile"

    (run / PARTIAL_PARSE).write_bytes(b"parsed by the run, its warehouse's profile")
    keep_partial_parse(Path("target/dbt_models-abc"), project_dir=tmp_path)
    assert kept.read_bytes() == b"parsed by the run, its warehouse's profile"
    assert sorted(p.name for p in kept.parent.iterdir()) == ["dbt_models-abc", PARTIAL_PARSE]
