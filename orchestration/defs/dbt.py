"""dbt: raw.* -> staging -> intermediate -> marts, as one `dbt build` (models, seeds and tests)."""

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import cached_property
from importlib.metadata import version as installed_version
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets
from packaging import version

from orchestration.dbt_project import (DBT_EXECUTABLE, keep_partial_parse, prune_run_targets,
                                       readout_dbt_project)
from orchestration.defs.resources import WarehouseResource
from orchestration.metadata import with_row_counts

LAYERS = ("staging", "intermediate", "marts", "publish")


class ReadoutDbtTranslator(DagsterDbtTranslator):
    """Keys and groups as STYLE.md says.

    - source `raw.<table>` -> key `raw/<table>` (dagster-dbt's default for sources), so the Python
      assets that write those tables sit upstream of the staging models with no extra code;
    - model or seed -> key = its name (the default would prefix the configured `+schema`);
    - group = the model's folder under models/ (staging, intermediate, marts); seeds -> reference.
    """

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            return super().get_asset_key(dbt_resource_props)
        meta_key = (dbt_resource_props.get("config", {}).get("meta") or {}).get("dagster", {})
        if meta_key.get("asset_key"):
            return super().get_asset_key(dbt_resource_props)
        return dg.AssetKey([dbt_resource_props["name"]])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "seed":
            return "reference"
        # fqn: [project, folder, ..., name]
        fqn = dbt_resource_props.get("fqn", [])
        for folder in fqn[1:-1]:
            if folder in LAYERS:
                return folder
        return super().get_group_name(dbt_resource_props) or "dbt"


class ReadoutDbtCliResource(DbtCliResource):
    """DbtCliResource without two start-up costs we never use (~3 s of every run).

    - dagster-dbt asks the executable for its version (`dbt --version`, a 2 s subprocess) to tell
      dbt Core from the Fusion engine; ours is the venv's dbt-core, whose version the package
      metadata gives at once.
    - it loads the project into a dbt adapter inside the Dagster process (~1 s), only for
      `fetch_row_counts()` / `fetch_column_metadata()`; row counts come from
      orchestration/metadata.py instead, after dbt has let go of the DuckDB file. With no adapter,
      dagster-dbt takes the path it takes for Fusion, where those two methods are unavailable.
    """

    @cached_property
    def _cli_version(self) -> version.Version:
        return version.parse(installed_version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args):  # noqa: ARG002 - the parent's signature
        return None


@contextmanager
def environment(**values: str) -> Iterator[None]:
    """Set environment variables for the duration of the block, then restore them."""
    previous = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@dbt_assets(
    manifest=readout_dbt_project.manifest_path,
    project=readout_dbt_project,
    dagster_dbt_translator=ReadoutDbtTranslator(),
)
def dbt_models(
    context: dg.AssetExecutionContext, dbt: ReadoutDbtCliResource, warehouse: WarehouseResource
):
    """dbt build: staging views, intermediate and mart tables, seeds, and their tests."""
    with warehouse.connect():
        pass  # creates raw.* if missing, so every dbt source exists
    prune_run_targets(keep=5)
    # The dbt subprocess inherits os.environ: profiles.yml reads READOUT_DB.
    with environment(READOUT_DB=str(warehouse.db_path), DBT_USE_COLORS="false"):
        invocation = dbt.cli(["build"], context=context)
        # Row counts are added once dbt has exited (orchestration/metadata.py).
        yield from with_row_counts(invocation.stream(), warehouse, readout_dbt_project.manifest_path)
    keep_partial_parse(invocation.target_path)


defs = dg.Definitions(
    assets=[dbt_models],
    resources={
        "dbt": ReadoutDbtCliResource(project_dir=readout_dbt_project, dbt_executable=DBT_EXECUTABLE)
    },
)
