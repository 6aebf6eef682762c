"""The dbt project as Dagster sees it, and how to make sure its manifest exists.

`orchestration.defs.dbt` reads `dbt_project/target/manifest.json` at import time. Under
`dagster dev`, `prepare_if_dev()` regenerates it; everywhere else (the CLI, tests) call
`ensure_manifest()` before importing the definitions.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from dagster_dbt import DbtProject

REPO_ROOT = Path(__file__).resolve().parents[1]
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"
# The venv's dbt, found without the venv being activated.
DBT_EXECUTABLE = str(Path(sys.executable).parent / "dbt")

readout_dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
readout_dbt_project.prepare_if_dev()

# Files whose change makes the manifest stale.
_MANIFEST_INPUTS = ("models", "seeds", "macros", "tests", "snapshots", "analyses")
_MANIFEST_FILES = (
    "dbt_project.yml",
    "profiles.yml",
    "packages.yml",
    "dependencies.yml",
    "selectors.yml",
)


def _newest_input_mtime() -> float:
    newest = 0.0
    for name in _MANIFEST_FILES:
        path = DBT_PROJECT_DIR / name
        if path.exists():
            newest = max(newest, path.stat().st_mtime)
    for name in _MANIFEST_INPUTS:
        folder = DBT_PROJECT_DIR / name
        if folder.is_dir():
            for path in folder.rglob("*"):
                newest = max(newest, path.stat().st_mtime)
    return newest


def manifest_is_fresh() -> bool:
    manifest = readout_dbt_project.manifest_path
    return manifest.exists() and manifest.stat().st_mtime >= _newest_input_mtime()


def ensure_manifest(force: bool = False) -> Path:
    """Run `dbt parse` (and `dbt deps` if the project has packages not yet installed) when the
    manifest is missing or older than the project's files. Returns the manifest's path.

    Raises RuntimeError with dbt's output when dbt fails.
    """
    manifest = readout_dbt_project.manifest_path
    if not force and manifest_is_fresh():
        return manifest
    env = {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false", "DBT_USE_COLORS": "false"}
    commands = []
    if readout_dbt_project.has_uninstalled_deps:
        commands.append(["deps"])
    commands.append(["parse"])
    for args in commands:
        result = subprocess.run(
            [DBT_EXECUTABLE, *args, "--quiet", "--profiles-dir", str(DBT_PROJECT_DIR)],
            cwd=DBT_PROJECT_DIR,
            env=env,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            output = (result.stdout + result.stderr).strip()
            raise RuntimeError(f"`dbt {' '.join(args)}` failed in {DBT_PROJECT_DIR}:\n{output}")
    manifest.touch()  # dbt parse may leave an unchanged manifest with its old mtime
    return manifest


PARTIAL_PARSE = "partial_parse.msgpack"


def keep_partial_parse(run_target: Path, project_dir: Path = DBT_PROJECT_DIR) -> None:
    """Make a run's parse state the one the next run starts from.

    dagster-dbt gives each run its own target folder, seeded with target/partial_parse.msgpack.
    dbt reparses the whole project (~2.5 s) when that file was written for another profile, and
    the one `dbt parse` leaves there always is: the warehouse path is part of the profile, and
    `ensure_manifest` parses with the default one. Copied back after a run, the run's own file
    lets the next run on the same warehouse parse only what changed (dbt checks every file's
    checksum, so a stale file costs a reparse, never a wrong one).
    """
    run_target = run_target if run_target.is_absolute() else project_dir / run_target
    source = run_target / PARTIAL_PARSE
    if not source.exists():
        return
    destination = project_dir / readout_dbt_project.target_path / PARTIAL_PARSE
    temporary = destination.with_name(f".{PARTIAL_PARSE}.tmp-{os.getpid()}")
    shutil.copyfile(source, temporary)
    os.replace(temporary, destination)  # a run starting now copies a whole file or the old one


def prune_run_targets(keep: int = 5) -> None:
    """Delete all but the newest `keep` per-run target folders (dagster-dbt writes one per run,
    ~1 MB each, under dbt_project/target/)."""
    target = readout_dbt_project.project_dir / readout_dbt_project.target_path
    if not target.is_dir():
        return
    runs = sorted(
        (p for p in target.iterdir() if p.is_dir() and p.name.startswith("dbt_models-")),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for old in runs[keep:]:
        shutil.rmtree(old, ignore_errors=True)
