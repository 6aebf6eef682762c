"""Fixtures for transform tests: the sample corpus as sentences."""

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from transform import schemas
from transform.sentences import split_sentences
from transform.textdump import split_text_dump

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample" / "sample-2024q4.txt"


@pytest.fixture(scope="session")
def corpus_sentences_naive() -> pl.LazyFrame:
    """The sample corpus split without the real splitter: an article ends at "Continue reading",
    paragraphs at blank lines, sentences at ". ". Every article is dated 2024-12-20 (after the
    corpus' last event), since the dump carries no dates.

    Written before transform/textdump.py and transform/sentences.py existed; the corpus tests now
    use `corpus_sentences`. Cruder: entries without "Continue reading" and their reprints merge
    into one article, so article-level guesses (the partner of "both countries") can differ."""
    text = SAMPLE.read_text(encoding="utf-8")
    articles = pl.DataFrame({"body": text.split("\nContinue reading ")})
    frame = (
        articles.with_row_index("article_no")
        .with_columns(pl.col("body").str.split("\n\n").alias("paragraph"))
        .explode("paragraph")
        .with_columns(pl.int_range(pl.len()).over("article_no").alias("paragraph_index"))
        .with_columns(pl.col("paragraph").str.split(". ").alias("sentence"))
        .explode("sentence")
        .with_columns(pl.col("sentence").str.strip_chars())
        .filter(pl.col("sentence").str.len_chars() > 0)
        .with_columns(
            pl.format("naive-{}", pl.col("article_no")).alias("article_id"),
            pl.int_range(pl.len()).over("article_no").alias("sentence_index"),
            pl.lit(0).alias("char_start"),  # offsets are not needed by the extractors
            pl.col("sentence").str.len_chars().alias("char_end"),
            pl.lit(date(2024, 12, 20)).alias("published_date"),
        )
    )
    return schemas.conform(frame.lazy(), schemas.SENTENCES)


@pytest.fixture(scope="session")
def corpus_sentences() -> pl.LazyFrame:
    """The sample corpus through the real reader and splitter (textdump + sentences), with their
    inferred publication dates."""
    articles = split_text_dump(SAMPLE.read_text(encoding="utf-8"), SAMPLE.name)
    return split_sentences(articles.lazy()).collect().lazy()
