"""What several extractors read, computed once per batch of articles.

The people of each article, the date each sentence reports and each article's main foreign
country are read by two to four extractors. Called alone, an extractor makes its own `Shared`;
`transform.extract.events.extract_events` passes one to all of them.
"""

from functools import cached_property

import polars as pl

from transform.extract.engine import collect
from transform.extract.people import article_people, plain_spaces
from transform.extract.sentence_dates import resolve_sentence_dates
from transform.extract.vocab import main_foreign_country


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

    def main_country_of(self, found: pl.DataFrame) -> pl.LazyFrame:
        """vocab.main_foreign_country of the articles of `found` (only those with a match need
        it: it reads every sentence for country names)."""
        wanted = found.lazy().select("article_id").unique()
        return main_foreign_country(self.sentences.join(wanted, on="article_id", how="semi"))
