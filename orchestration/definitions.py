"""Readout's Dagster definitions: everything under orchestration/defs/, run in-process.

The in-process executor keeps one writer on the DuckDB file at a time (see STYLE.md).
Import only after `orchestration.dbt_project.ensure_manifest()` (or under `dagster dev`).
"""

from pathlib import Path

import dagster as dg


@dg.definitions
def defs() -> dg.Definitions:
    return dg.Definitions.merge(
        dg.load_from_defs_folder(path_within_project=Path(__file__).parent),
        dg.Definitions(executor=dg.in_process_executor),
    )
