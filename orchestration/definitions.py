"""Readout's Dagster definitions: everything under orchestration/defs/, run in-process.

`build_defs(sources)` assembles them: the modules of defs/, one `sources/<name>` asset per entry of
the sources file (upstream of `raw/articles`), the `warehouse` and `http` resources and the
in-process executor, which keeps one writer on the DuckDB file at a time (STYLE.md). `defs` is
what `dagster dev` / `make ui` loads: it reads the sources file (`READOUT_SOURCES`, else
`<repo>/sources.yaml`) when the code location loads, so an invalid file shows as the location's
load error, naming the line. `readout run --sources FILE` calls `build_defs` with that file.
Import only after `orchestration.dbt_project.ensure_manifest()` (or under `dagster dev`).
"""

import warnings
from pathlib import Path

import dagster as dg

from orchestration.defs.resources import WarehouseResource
from orchestration.defs.sources import source_definitions, source_keys
from orchestration.source_config import SourcesConfig, load_sources

OWNER = "team:readout"
ARTICLES = dg.AssetKey(["raw", "articles"])


def _owned_and_tagged(spec: dg.AssetSpec) -> dg.AssetSpec:
    """Every asset gets an owner and a `layer` tag (its group) for the UI's filters."""
    tags = {"layer": spec.group_name or "default", **(spec.tags or {})}
    return spec.replace_attributes(owners=list(spec.owners or [OWNER]), tags=tags)


def build_defs(sources: SourcesConfig | None = None) -> dg.Definitions:
    """The definitions, with the configured sources of `sources` (None: no sources file)."""
    sources = sources or SourcesConfig()
    upstream = source_keys(sources)

    def wired(spec: dg.AssetSpec) -> dg.AssetSpec:
        spec = _owned_and_tagged(spec)
        if spec.key == ARTICLES and upstream:  # the configured sources write raw.articles first
            spec = spec.merge_attributes(deps=upstream)
        return spec

    loaded = dg.load_from_defs_folder(path_within_project=Path(__file__).parent)
    merged = dg.Definitions.merge(
        loaded,
        source_definitions(sources),
        dg.Definitions(
            resources={"warehouse": WarehouseResource.from_env()}, executor=dg.in_process_executor
        ),
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", dg.PreviewWarning)  # map_asset_specs is "preview"
        return merged.map_asset_specs(func=wired)


@dg.definitions
def defs() -> dg.Definitions:
    return build_defs(load_sources())
