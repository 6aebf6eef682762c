"""The extraction version: what makes a warehouse re-extract its articles, and what does not."""

import shutil
from pathlib import Path

from orchestration.incremental import EXTRACTION_VERSION, extraction_version
from transform.extract.events import extract_events
from transform.extract.sentences import split_sentences
from transform.parse.textdump import split_text_dump
from transform.schemas import EVENT_TABLES, EVENT_TYPES, RAW_TABLES

REPO = Path(__file__).resolve().parents[2]


def copy_of_transform(tmp_path: Path) -> Path:
    """transform/ and the dbt seeds (what the version hashes) in `tmp_path`."""
    shutil.copytree(
        REPO / "transform", tmp_path / "transform", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copytree(REPO / "dbt_project" / "seeds", tmp_path / "dbt_project" / "seeds")
    return tmp_path


def test_the_version_is_the_repos_and_ignores_caches(tmp_path):
    root = copy_of_transform(tmp_path)
    assert extraction_version(root) == EXTRACTION_VERSION
    (root / "transform" / "extract" / "__pycache__").mkdir()
    (root / "transform" / "extract" / "__pycache__" / "x.pyc").write_bytes(b"\0")
    assert extraction_version(root) == EXTRACTION_VERSION


def test_editing_extraction_schemas_or_reference_changes_the_version(tmp_path):
    root = copy_of_transform(tmp_path)
    for relative in (
        "transform/extract/meetings.py",
        "transform/schemas.py",
        "transform/reference/__init__.py",
        "transform/reference/data/cities.csv",
        "dbt_project/seeds/commemorations.csv",
    ):
        path = root / relative
        original = path.read_text()
        path.write_text(original + "\n# edited\n")
        assert extraction_version(root) != EXTRACTION_VERSION, relative
        path.write_text(original)
    assert extraction_version(root) == EXTRACTION_VERSION


def test_editing_a_parser_or_the_scorer_keeps_the_version(tmp_path):
    root = copy_of_transform(tmp_path)
    for relative in (
        "transform/parse/html.py",
        "transform/evaluate/gold.py",
        "transform/errors.py",
    ):
        path = root / relative
        path.write_text(path.read_text() + "\n# edited\n")
    assert extraction_version(root) == EXTRACTION_VERSION


def test_the_registry_names_every_table_extract_events_writes():
    text = (
        "China and Peru elevate ties\n\nLIMA, Nov. 14 (Xinhua) -- Chinese President Xi "
        "Jinping held talks with Peruvian President Dina Boluarte in Lima on Thursday.\n"
    )
    articles = split_text_dump(text, "test", reference_year=2024)
    tables = extract_events(split_sentences(articles.lazy()), articles.lazy())
    assert tuple(tables) == EVENT_TABLES
    for event in EVENT_TYPES:
        assert tables[event.table].columns == list(RAW_TABLES[event.table])
        assert event.type_column in event.columns
    assert tables["meeting_mentions"].height == 1
