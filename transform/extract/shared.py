"""What several extractors read, computed once per batch of articles.

The people of each article, the date each sentence reports, each article's two most-named
countries and the countries of the people a sentence names are read by two to four extractors. Called alone, an extractor makes its own `Shared`;
`transform.extract.events.extract_events` passes one to all of them.
"""

from functools import cached_property

import polars as pl

from transform.extract.engine import collect
from transform.extract.people import article_people, plain_spaces, sentence_references
from transform.extract.sentence_dates import resolve_sentence_dates
from transform.extract.vocab import main_countries


class Shared:
    """Per-batch intermediates, each computed (and held in memory) the first time it is read."""

    def __init__(self, sentences: pl.LazyFrame, articles: pl.LazyFrame | None = None):
        self.sentences = sentences
        self.articles = articles

    @cached_property
    def plain(self) -> pl.LazyFrame:
        """The sentences with unusual spaces made plain (see people.plain_spaces)."""
        return collect(plain_spaces(self.sentences)).lazy()

    @cached_property
    def people(self) -> pl.LazyFrame:
        """people.article_people over the plain sentences."""
        return collect(article_people(self.plain)).lazy()

    @cached_property
    def dates(self) -> pl.LazyFrame:
        """sentence_dates.resolve_sentence_dates over the plain sentences (with datelines when
        the articles are known)."""
        return collect(resolve_sentence_dates(self.plain, self.articles)).lazy()

    def main_countries_of(self, found: pl.DataFrame) -> pl.LazyFrame:
        """vocab.main_countries of the articles of `found` (only those with a match need it: it
        reads every sentence for country names)."""
        wanted = found.lazy().select("article_id").unique()
        return main_countries(self.sentences.join(wanted, on="article_id", how="semi"))

    def people_countries_of(self, found: pl.DataFrame) -> pl.LazyFrame:
        """Per sentence of `found` (article_id, sentence_index): the countries of the people it
        names, in reading order (`people_codes`): "Xi and Lula announced ..." gives [CHN, BRA]
        when the article introduced both."""
        keys = ["article_id", "sentence_index"]
        wanted = found.lazy().select(keys).unique()
        people = self.people
        return (
            sentence_references(self.plain.join(wanted, on=keys, how="semi"), people)
            .join(people.select("article_id", "name", "country"), on=["article_id", "name"])
            .drop_nulls("country")
            .sort([*keys, "pos"])
            .group_by(keys, maintain_order=True)
            .agg(pl.col("country").alias("people_codes"))
        )
