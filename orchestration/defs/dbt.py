"""dbt: raw.* -> staging -> intermediate -> marts, as one `dbt build` (models, seeds and tests)."""

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import dagster as dg
from dagster_dbt import (
    DagsterDbtTranslator,
    DbtCliInvocation,
    DbtCliResource,
    DbtProject,
    dbt_assets,
)

from orchestration.dbt_project import (
    DBT_EXECUTABLE,
    keep_partial_parse,
    prune_run_targets,
    readout_dbt_project,
)
from orchestration.defs.resources import WarehouseResource
from orchestration.metadata import row_count_observations

LAYERS = ("staging", "intermediate", "marts", "publish")
# Models whose rows are counted after the build; views are not (counting runs their query).
COUNTED_MATERIALIZATIONS = ("table", "incremental")


class ReadoutDbtTranslator(DagsterDbtTranslator):
    """Keys and groups as STYLE.md says, and descriptions for the checks dbt's tests become.

    - source `raw.<table>` -> key `raw/<table>` (dagster-dbt's default for sources), so the Python
      assets that write those tables sit upstream of the staging models with no extra code;
    - model or seed -> key = its name (the default would prefix the configured `+schema`);
    - group = the model's folder under models/ (staging, intermediate, marts); seeds -> reference;
    - dbt test -> asset check on the model it tests (singular tests name it in their config:
      `meta: dagster: ref: name: <model>`), described by the test's dbt `description`
      (dbt_project/tests/_tests.yml); dagster-dbt itself reads only `meta: description:`.
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

    def get_asset_check_spec(
        self,
        asset_spec: dg.AssetSpec,
        manifest: Mapping[str, Any],
        unique_id: str,
        project: DbtProject | None,
    ) -> dg.AssetCheckSpec | None:
        spec = super().get_asset_check_spec(asset_spec, manifest, unique_id, project)
        description = manifest["nodes"][unique_id].get("description")
        if spec is None or spec.description or not description:
            return spec
        return spec._replace(description=description)


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


def built_tables(invocation: DbtCliInvocation) -> dict[dg.AssetKey, str]:
    """Asset key -> `"schema"."table"` of each table model a finished dbt invocation built (read
    from its run_results.json)."""
    try:
        results = invocation.get_artifact("run_results.json")["results"]
    except (OSError, ValueError, KeyError):  # dbt stopped before writing it
        return {}
    manifest, translator = invocation.manifest, invocation.dagster_dbt_translator
    tables = {}
    for result in results:
        node = manifest["nodes"].get(result["unique_id"], {})
        if (
            node.get("resource_type") == "model"
            and result.get("status") == "success"
            and node["config"].get("materialized") in COUNTED_MATERIALIZATIONS
        ):
            key = translator.get_asset_spec(manifest, node["unique_id"], invocation.project).key
            tables[key] = f'"{node["schema"]}"."{node.get("alias") or node["name"]}"'
    return tables


@dbt_assets(
    manifest=readout_dbt_project.manifest_path,
    project=readout_dbt_project,
    dagster_dbt_translator=ReadoutDbtTranslator(),
)
def dbt_models(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource
):
    """dbt build: staging views, intermediate and mart tables, seeds, and their tests.

    Each model and test is reported as dbt finishes it. Row counts follow, as observations, once
    dbt has exited: its process holds the DuckDB file (read-write, so exclusively) for the whole
    build. dagster-dbt's own `fetch_row_counts()` would hold back every event until then instead.
    The dbt adapter that `dbt.cli()` builds in this process opens no connection unless that (or
    `fetch_column_metadata()`) asks for one, so it never contends with dbt for the file.
    """
    with warehouse.connect():
        pass  # creates raw.* if missing, so every dbt source exists
    prune_run_targets(keep=5)
    # The dbt subprocess inherits os.environ: profiles.yml reads READOUT_DB.
    with environment(READOUT_DB=str(warehouse.db_path), DBT_USE_COLORS="false"):
        invocation = dbt.cli(["build"], context=context)  # starts dbt with this environment
    try:
        yield from invocation.stream()
    except Exception:
        # dbt failed (a model, or a test of severity error): still count what it built.
        try:
            yield from row_count_observations(warehouse, built_tables(invocation))
        except Exception as error:  # noqa: BLE001 - dbt's error is the one to report
            context.log.warning(f"no row counts after the failed dbt build: {error}")
        raise
    keep_partial_parse(invocation.target_path)
    yield from row_count_observations(warehouse, built_tables(invocation))


defs = dg.Definitions(
    assets=[dbt_models],
    resources={
        "dbt": DbtCliResource(project_dir=readout_dbt_project, dbt_executable=DBT_EXECUTABLE)
    },
)
