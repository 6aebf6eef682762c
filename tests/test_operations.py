"""Operating Readout, end to end: two `readout run` processes at once on one warehouse file, a
reader holding the published marts while they are rebuilt, the published Parquet, and the brief
in headless Chromium.

The module starts two runs of the sample corpus together (about a minute in all): the second
waits for the first's lock, then runs; as soon as the first has published, a read-only
connection opens the published copy and keeps querying it through the second run.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import pytest

from orchestration.contract import MARTS

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
READOUT = Path(sys.executable).parent / "readout"
# STACK.md: without the networking flags headless Chromium floods the closed network.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory, dbt_manifest):
    tmp = tmp_path_factory.mktemp("ops")
    db = tmp / "readout.duckdb"
    published = tmp / "publish" / "marts.duckdb"
    env = {**os.environ, "READOUT_DB": str(db)}
    procs = [
        subprocess.Popen(
            [str(READOUT), "run", "--db", str(db)],
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for _ in range(2)
    ]
    reader, first_run_id, reads = None, None, []
    deadline = time.monotonic() + 480
    try:
        while any(p.poll() is None for p in procs):
            assert time.monotonic() < deadline, "the two runs took more than 8 minutes"
            if reader is None and published.exists():
                reader = duckdb.connect(str(published), read_only=True)
                first_run_id = reader.execute("select run_id from _published").fetchone()[0]
            if reader is not None:
                reads.append(
                    reader.execute("select count(*) from marts.fct_meetings").fetchone()[0]
                )
            time.sleep(0.5)
        outputs = [p.communicate()[0] for p in procs]
        after = (
            reader.execute("select count(*) from marts.fct_meetings").fetchone()[0]
            if reader
            else None
        )
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
        if reader is not None:
            reader.close()
    return {
        "db": db,
        "publish": tmp / "publish",
        "outputs": outputs,
        "returncodes": [p.returncode for p in procs],
        "reads": reads,
        "first_run_id": first_run_id,
        "reader_after": after,
    }


def test_two_runs_at_once_both_succeed_the_second_after_waiting(two_runs):
    for code, output in zip(two_runs["returncodes"], two_runs["outputs"], strict=True):
        assert code == 0, output
    waited = [o for o in two_runs["outputs"] if "waiting for it to finish" in o]
    assert len(waited) == 1, two_runs["outputs"]
    assert "the other run finished after" in waited[0]
    run_ids = {re.search(r"Dagster run ([0-9a-f-]+)", o).group(1) for o in two_runs["outputs"]}
    assert len(run_ids) == 2


def test_a_reader_of_the_published_marts_survives_a_rebuild(two_runs):
    reads = two_runs["reads"]
    assert len(reads) >= 5 and min(reads) > 0, reads  # it read throughout the second run
    assert two_runs["reader_after"] == reads[0]  # still its own copy after the swap
    with duckdb.connect(str(two_runs["publish"] / "marts.duckdb"), read_only=True) as con:
        (run_id,) = con.execute("select run_id from _published").fetchone()
        assert run_id != two_runs["first_run_id"]  # the second run published a new copy
        assert con.execute("select count(*) from marts.fct_meetings").fetchone()[0] == reads[0]


def test_published_parquet_and_duckdb_copy_hold_every_mart(two_runs):
    publish = two_runs["publish"]
    with (
        duckdb.connect(str(two_runs["db"]), read_only=True) as warehouse,
        duckdb.connect(str(publish / "marts.duckdb"), read_only=True) as copy,
    ):
        for mart in MARTS:
            expected = warehouse.execute(f"select * from marts.{mart} order by all").fetchall()
            parquet = warehouse.execute(
                f"select * from read_parquet('{publish / 'parquet' / mart}.parquet') order by all"
            ).fetchall()
            assert parquet == expected, mart
            assert copy.execute(f"select * from {mart} order by all").fetchall() == expected, mart
    assert not list(publish.rglob(".*.tmp-*"))


@pytest.fixture(scope="module")
def chromium() -> str:
    path = shutil.which("chromium")
    if path is None:
        pytest.skip(
            "chromium is not installed (`make test` installs it: apt-get install -y chromium)"
        )
    return path


def run_chromium(chromium: str, *args: str) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory(prefix="readout-chromium-") as profile:
        return subprocess.run(
            [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True,
            text=True,
            timeout=90,
        )


def test_brief_renders_offline_in_chromium_with_charts_and_no_console_errors(two_runs, chromium):
    brief = two_runs["publish"] / "brief.html"
    page = brief.read_text()
    assert not re.search(r"""(src|href)=["']?https?:""", page)  # nothing to fetch: works offline
    result = run_chromium(
        chromium, "--enable-logging=stderr", "--v=0", "--dump-dom", brief.as_uri()
    )
    assert result.returncode == 0, result.stderr[-2000:]
    dom = result.stdout
    assert 'data-brief-ready="1"' in dom  # the page's script ran to the end
    assert 'data-brief-charts="3"' in dom
    assert re.search(r'<div id="js-errors"></div>', dom), "script errors were written into the page"
    console = [line for line in result.stderr.splitlines() if ":CONSOLE" in line]
    assert console == []
    for chart in ("chart-months", "chart-counterparts", "chart-ladder"):
        assert f'id="{chart}"' in dom
    assert dom.count('class="bar"') >= 5  # bars drawn from the sample's meetings
    assert "table-milestones" in dom

    screenshot = Path(
        os.environ.get("READOUT_BRIEF_SCREENSHOT", str(two_runs["publish"] / "brief.png"))
    )
    shot = run_chromium(
        chromium,
        f"--screenshot={screenshot}",
        "--window-size=1000,2600",
        "--hide-scrollbars",
        brief.as_uri(),
    )
    assert shot.returncode == 0 and screenshot.stat().st_size > 10_000, shot.stderr[-2000:]
