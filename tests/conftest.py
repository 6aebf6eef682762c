"""Shared test setup: a throwaway warehouse and Dagster instance, and a parsed dbt project.

READOUT_DB and DAGSTER_HOME point into a temporary directory for the whole run (set when pytest
loads this file, before any test module is imported), so tests never touch warehouse/ or
.dagster_home/. Tests that load the Dagster definitions request `dbt_manifest` (or `readout_defs`)
first: `orchestration.defs.dbt` reads dbt_project/target/manifest.json at import time, so import
it inside fixtures or tests, not at module level.
"""

import os
import shutil
import tempfile
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SAMPLE = REPO_ROOT / "data" / "sample" / "sample-2024q4.txt"

_SESSION_DIR = Path(tempfile.mkdtemp(prefix="readout-tests-"))
os.environ["READOUT_DB"] = str(_SESSION_DIR / "warehouse" / "readout.duckdb")
os.environ["DAGSTER_HOME"] = str(_SESSION_DIR / "dagster_home")
os.environ.pop("READOUT_INPUTS", None)
os.environ.pop("READOUT_REFERENCE_YEAR", None)
os.environ.setdefault("DAGSTER_DISABLE_TELEMETRY", "1")


def pytest_sessionstart(session: pytest.Session) -> None:
    from orchestration.cli import ensure_dagster_home

    ensure_dagster_home(Path(os.environ["DAGSTER_HOME"]))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    shutil.rmtree(_SESSION_DIR, ignore_errors=True)


@pytest.fixture(scope="session")
def dbt_manifest() -> Path:
    """dbt_project/target/manifest.json, parsed once per run (`dbt parse` if missing or stale)."""
    from orchestration.dbt_project import ensure_manifest

    return ensure_manifest()


@pytest.fixture(scope="session")
def readout_defs(dbt_manifest):
    """The project's Definitions, as `dagster dev` and `readout run` load them."""
    from orchestration.definitions import defs

    return defs()


@pytest.fixture
def sample_input() -> Path:
    return SAMPLE
