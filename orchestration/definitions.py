"""Readout's Dagster definitions: everything under orchestration/defs/, run in-process.

The in-process executor keeps one writer on the DuckDB file at a time (see STYLE.md).
Import only after `orchestration.dbt_project.ensure_manifest()` (or under `dagster dev`).
"""

import warnings
from pathlib import Path

import dagster as dg

OWNER = "team:readout"


def _owned_and_tagged(spec: dg.AssetSpec) -> dg.AssetSpec:
    """Every asset gets an owner and a `layer` tag (its group) for the UI's filters."""
    tags = {"layer": spec.group_name or "default", **(spec.tags or {})}
    return spec.replace_attributes(owners=list(spec.owners or [OWNER]), tags=tags)


@dg.definitions
def defs() -> dg.Definitions:
    loaded = dg.load_from_defs_folder(path_within_project=Path(__file__).parent)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", dg.PreviewWarning)  # map_asset_specs is "preview"
        loaded = loaded.map_asset_specs(func=_owned_and_tagged)
    return dg.Definitions.merge(loaded, dg.Definitions(executor=dg.in_process_executor))
