"""The Dagster UI end to end, through its GraphQL API: `dagster dev` on a free port (webserver plus
the daemon that dequeues runs), the code location loads and lists every asset, the whole graph
runs, and a second run launched at once waits in the queue (max_concurrent_runs: 1) and starts
only after the first has finished. Then the published marts are read.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import duckdb
import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
LOCATION = "readout"

LOCATIONS = """
query {
  workspaceOrError {
    __typename
    ... on Workspace {
      locationEntries {
        name
        loadStatus
        locationOrLoadError {
          __typename
          ... on RepositoryLocation { name repositories { name } }
          ... on PythonError { message }
        }
      }
    }
    ... on PythonError { message }
  }
}
"""
ASSETS = "query { assetNodes { assetKey { path } isMaterializable groupName } }"
AUTOMATION = """
query Repo($selector: RepositorySelector!) {
  repositoryOrError(repositorySelector: $selector) {
    __typename
    ... on Repository { schedules { name } sensors { name } }
  }
}
"""
LAUNCH = """
mutation Launch($params: ExecutionParams!) {
  launchRun(executionParams: $params) {
    __typename
    ... on LaunchRunSuccess { run { runId status } }
    ... on PythonError { message stack }
    ... on InvalidSubsetError { message }
    ... on RunConfigValidationInvalid { errors { message } }
  }
}
"""
RUN = """
query Run($runId: ID!) {
  runOrError(runId: $runId) {
    __typename
    ... on Run { status startTime endTime }
  }
}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Dagster:
    def __init__(self, port: int):
        self.url = f"http://127.0.0.1:{port}/graphql"

    def query(self, text: str, **variables) -> dict:
        body = json.dumps({"query": text, "variables": variables}).encode()
        request = urllib.request.Request(
            self.url, data=body, headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            payload = json.load(response)
        assert "errors" not in payload, payload["errors"]
        return payload["data"]


def wait_for_location(dagster: Dagster, process: subprocess.Popen, timeout: float = 120) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "dagster dev exited"
        try:
            workspace = dagster.query(LOCATIONS)["workspaceOrError"]
            entries = {e["name"]: e for e in workspace.get("locationEntries", [])}
            entry = entries.get(LOCATION)
            if entry and entry["loadStatus"] == "LOADED":
                return entry
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(1)
    raise AssertionError(f"code location {LOCATION!r} not loaded after {timeout}s")


def wait_for_runs(dagster: Dagster, run_ids: list[str], timeout: float = 300) -> list[dict]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        runs = [dagster.query(RUN, runId=run_id)["runOrError"] for run_id in run_ids]
        if all(r["status"] in ("SUCCESS", "FAILURE", "CANCELED") for r in runs):
            return runs
        time.sleep(1)
    raise AssertionError(f"runs not finished after {timeout}s: {runs}")


def launch(
    dagster: Dagster, asset_selection: list[list[str]] | None = None, run_config: dict | None = None
) -> str:
    selector = {
        "repositoryLocationName": LOCATION,
        "repositoryName": "__repository__",
        "jobName": "__ASSET_JOB",
    }
    if asset_selection is not None:
        selector["assetSelection"] = [{"path": path} for path in asset_selection]
    params = {"selector": selector, "runConfigData": run_config or {}}
    result = dagster.query(LAUNCH, params=params)["launchRun"]
    assert result["__typename"] == "LaunchRunSuccess", result
    return result["run"]["runId"]


@pytest.fixture
def dagster_dev(tmp_path, dbt_manifest):
    from orchestration.cli import ensure_dagster_home

    home = tmp_path / "dagster_home"
    previous_home = os.environ.get("DAGSTER_HOME")
    ensure_dagster_home(home)  # dagster.yaml with telemetry off and max_concurrent_runs: 1
    if previous_home:
        os.environ["DAGSTER_HOME"] = previous_home
    (tmp_path / "inbox").mkdir()
    port = free_port()
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "READOUT_DB": str(tmp_path / "w" / "readout.duckdb"),
        "READOUT_INBOX": str(tmp_path / "inbox"),
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
    }
    log = (tmp_path / "dagster.log").open("w")
    process = subprocess.Popen(
        [str(BIN / "dagster"), "dev", "-h", "127.0.0.1", "-p", str(port)],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # its own process group (STACK.md)
    try:
        yield Dagster(port), process, tmp_path
    finally:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        except ProcessLookupError:
            pass
        log.close()


def test_ui_loads_every_asset_and_runs_the_graph_queueing_a_second_run(dagster_dev, readout_defs):
    dagster, process, tmp = dagster_dev
    entry = wait_for_location(dagster, process)
    location = entry["locationOrLoadError"]
    assert location["__typename"] == "RepositoryLocation", location
    assert [r["name"] for r in location["repositories"]] == ["__repository__"]

    nodes = dagster.query(ASSETS)["assetNodes"]
    listed = {"/".join(n["assetKey"]["path"]) for n in nodes}
    expected = {
        key.to_user_string() for key in readout_defs.resolve_asset_graph().get_all_asset_keys()
    }
    assert expected <= listed
    assert {"ingest", "extract", "staging", "intermediate", "marts", "publish"} <= {
        n["groupName"] for n in nodes
    }

    # The schedule and the sensors defined in code are all there, under Automation.
    repo = dagster.query(
        AUTOMATION,
        selector={"repositoryLocationName": LOCATION, "repositoryName": "__repository__"},
    )["repositoryOrError"]
    assert {s["name"] for s in repo["schedules"]} == {s.name for s in readout_defs.schedules}
    assert {s["name"] for s in repo["sensors"]} == {s.name for s in readout_defs.sensors or []}
    assert "daily_refresh" in {s["name"] for s in repo["schedules"]}

    # Two launches at once: the whole graph, then a refresh of the published copies. The queue
    # (max_concurrent_runs: 1) starts the second only after the first has finished.
    first = launch(dagster)
    second = launch(dagster, [["publish", "marts"], ["publish", "brief"]])
    runs = wait_for_runs(dagster, [first, second])
    assert [r["status"] for r in runs] == ["SUCCESS", "SUCCESS"], (
        runs,
        (tmp / "dagster.log").read_text()[-3000:],
    )
    assert runs[1]["startTime"] >= runs[0]["endTime"]

    publish = tmp / "w" / "publish"
    with duckdb.connect(str(publish / "marts.duckdb"), read_only=True) as con:
        assert con.execute("select count(*) from marts.fct_meetings").fetchone()[0] > 0
        assert (
            con.execute(
                "select count(*) from marts.fct_meetings where list_contains(participants, 'Keir Starmer')"
            ).fetchone()[0]
            >= 1
        )
        assert con.execute("select run_id from _published").fetchone() == (second,)
    assert (publish / "brief.html").exists()

    # The launchpad's config: another warehouse file and a full refresh, no environment variable.
    other = tmp / "other" / "readout.duckdb"
    third = launch(
        dagster,
        [["raw", "articles"], ["raw", "sentences"]],
        {
            "resources": {"warehouse": {"config": {"path": str(other)}}},
            "ops": {"raw__sentences": {"config": {"full_refresh": True}}},
        },
    )
    (run,) = wait_for_runs(dagster, [third])
    assert run["status"] == "SUCCESS", (tmp / "dagster.log").read_text()[-3000:]
    with duckdb.connect(str(other), read_only=True) as con:
        assert (
            con.execute("select count(distinct article_id) from raw.sentences").fetchone()[0] > 20
        )
