"""Build the frames extraction functions take, from a few sentences of one article."""

from datetime import date

import polars as pl

from transform import schemas


def article(
    sentences: list[str],
    published: date | None = date(2024, 12, 10),
    dateline: str | None = None,
    dateline_place: str | None = None,
    article_id: str = "a1",
) -> tuple[pl.LazyFrame, pl.LazyFrame]:
    """(sentences, articles) for one article whose body is `sentences` joined by spaces."""
    starts, pos = [], 0
    for s in sentences:
        starts.append(pos)
        pos += len(s) + 1
    sent = pl.DataFrame(
        {
            "article_id": [article_id] * len(sentences),
            "sentence_index": list(range(len(sentences))),
            "paragraph_index": list(range(len(sentences))),
            "char_start": starts,
            "char_end": [s + len(t) for s, t in zip(starts, sentences, strict=True)],
            "sentence": sentences,
            "published_date": [published] * len(sentences),
        },
        schema=schemas.SENTENCES,
    )
    arts = pl.DataFrame(
        {
            "article_id": [article_id],
            "source": ["test"],
            "source_kind": ["txt"],
            "url": [None],
            "title": ["t"],
            "body": [" ".join(sentences)],
            "position": [0],
            "parent_article_id": [None],
            "dateline": [dateline],
            "dateline_place": [dateline_place],
            "published_date": [published],
            "published_date_source": ["dateline" if dateline else None],
        },
        schema=schemas.ARTICLES,
    )
    return sent.lazy(), arts.lazy()


def sentences_of(
    *texts: str, published: date | None = date(2024, 11, 20), article_id: str = "a1"
) -> pl.LazyFrame:
    """One article's sentences, in order, as the SENTENCES frame."""
    return article(list(texts), published=published, article_id=article_id)[0]
