"""Every event type at once: the five mention tables of the raw layer from one batch of articles.

The extractors share one `Shared` (plain-spaced sentences, people and sentence dates computed once)
and their plans are collected together, so polars runs them side by side on the available cores.
"""

import polars as pl

from transform.extract.anniversaries import extract_anniversary_mentions, extract_founding_mentions
from transform.extract.engine import ENGINE, collect
from transform.extract.meetings import extract_meeting_mentions
from transform.extract.partnerships import extract_partnership_mentions
from transform.extract.shared import Shared
from transform.extract.visits import extract_visit_mentions

# The columns of the articles frame the extractors read (not the bodies: sentences carry the text).
ARTICLE_COLUMNS = ("article_id", "dateline", "dateline_place", "published_date")


def extract_events(sentences: pl.LazyFrame, articles: pl.LazyFrame) -> dict[str, pl.DataFrame]:
    """Every mention table of the raw layer for these articles: {table name: rows}.

    `articles` needs only ARTICLE_COLUMNS."""
    sentences = collect(sentences).lazy()
    articles = collect(articles.select(ARTICLE_COLUMNS)).lazy()
    shared = Shared(sentences, articles)
    frames = {
        "meeting_mentions": extract_meeting_mentions(sentences, articles, shared),
        "visit_mentions": extract_visit_mentions(sentences, articles, shared),
        "partnership_mentions": extract_partnership_mentions(sentences, shared),
        "anniversary_mentions": extract_anniversary_mentions(sentences, shared),
        "founding_mentions": extract_founding_mentions(sentences, shared),
    }
    return dict(zip(frames, pl.collect_all(frames.values(), engine=ENGINE), strict=True))
