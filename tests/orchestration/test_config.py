"""Configuration through Dagster: a launchpad run needs no environment variable, and the sources
file is read when the definitions are built, not when a module is imported."""

import importlib
import sys

import dagster as dg
import duckdb
import pytest

from orchestration.source_config import SourcesFileError
from tests.conftest import SAMPLE


def test_a_launchpad_run_config_sets_the_warehouse_inputs_and_full_refresh(
    tmp_path, monkeypatch, dbt_manifest
):
    for name in ("READOUT_DB", "READOUT_INPUTS", "READOUT_FULL_REFRESH", "READOUT_SOURCES"):
        monkeypatch.delenv(name, raising=False)
    from orchestration.definitions import build_defs

    db = tmp_path / "elsewhere" / "readout.duckdb"
    job = build_defs().resolve_implicit_global_asset_job_def()
    subset = job.get_subset(
        asset_selection={dg.AssetKey(["raw", "articles"]), dg.AssetKey(["raw", "sentences"])}
    )
    run_config = {  # what one types in the launchpad
        "resources": {"warehouse": {"config": {"path": str(db)}}},
        "ops": {
            "raw__articles": {"config": {"paths": [str(SAMPLE)]}},
            "raw__sentences": {"config": {"full_refresh": True}},
        },
    }
    result = subset.execute_in_process(
        run_config=run_config, instance=dg.DagsterInstance.ephemeral()
    )

    assert result.success
    (sentences,) = result.asset_materializations_for_node("raw__sentences")
    assert sentences.metadata["full refresh"].value is True
    assert sentences.metadata["reason"].value == "requested (full_refresh)"
    with duckdb.connect(str(db), read_only=True) as con:
        articles, with_sentences = con.execute(
            "select count(*), (select count(distinct article_id) from raw.sentences) "
            "from raw.articles"
        ).fetchone()
    assert articles == with_sentences > 20


def test_an_invalid_sources_file_fails_the_build_not_the_import(
    tmp_path, monkeypatch, dbt_manifest
):
    path = tmp_path / "sources.yaml"
    path.write_text("sources:\n  - {name: wire, kind: rss}\n")
    monkeypatch.setenv("READOUT_SOURCES", str(path))
    for module in (
        "orchestration.defs.sources",
        "orchestration.defs.ingest",
        "orchestration.definitions",
    ):
        monkeypatch.delitem(sys.modules, module, raising=False)  # imported afresh, then restored
    definitions = importlib.import_module("orchestration.definitions")  # reads nothing

    with pytest.raises(SourcesFileError, match=rf"{path}:2: source #1 \(wire\): needs `url`"):
        definitions.defs()
