"""Fixtures for transform tests: the sample corpus as sentences."""

from pathlib import Path

import polars as pl
import pytest

from transform.extract.sentences import split_sentences
from transform.parse.textdump import split_text_dump

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample" / "sample-2024q4.txt"


@pytest.fixture(scope="session")
def corpus_sentences() -> pl.LazyFrame:
    """The sample corpus through the real reader and splitter (textdump + sentences), with their
    inferred publication dates."""
    articles = split_text_dump(SAMPLE.read_text(encoding="utf-8"), SAMPLE.name)
    return split_sentences(articles.lazy()).collect().lazy()
