"""Publication dates: every article dated by what it says itself, in polars.

`published_date` and `published_date_source`, for every kind of input alike, in this order of
trust (the first that gives a date wins):
1. `metadata`: a date the reader found outside the text (HTML metadata, a feed, an API); kept;
2. `dateline`: the day of the dateline ("MOSCOW, March 21 (Reuters) -", "NEW DELHI, 5 June 2023 —",
   "(Yonhap) -- SEOUL, Oct. 4", the sample's "BEIJING, Dec. 3 (Xinhua) —"; `dates.DATELINE`);
   a wire story is filed the day it names;
3. `published_line`: a `Published: 14 March 2016` / `Date: 2017-05-02` line;
4. `caption`: the full date of a photo caption ("(Photo: ... / taken on June 5, 2018)",
   "... June 5, 2018. (Xinhua/Ju Peng)");
5. `lead`: the first full date of the lead, the first paragraph that is not a date line or caption;
6. `text`: the latest date written in the body, none after December 31 of the article's year (a
   blog entry is written after the events it reports, and a later date is a plan) and none tied
   to history;
7. `parent`: the date of the entry that reprints the article (text dumps);
8. otherwise null: a made-up day would look as precise as a real one downstream.

A day written without a year (a dateline's "Dec. 3", the text's "December 3") takes the year of
the article's own full dates: each full date votes for the year that puts the dateline's day from
two months before it to ten months after it (`dates.year_of_day_near`: a "Jan. 7" dateline over
"Dec. 28, 2015" is 2016), or, without a dateline day, for its own year; the most votes win, ties
going to the full date nearest the dateline's day ("Moscow, Jul 9" over "June 9, 2024" and
"December 6, 2021": 2024), then to the one written first. Dates tied to
history ("established diplomatic relations on Aug. 1, 1955", `dates.HISTORY_CUES`) give no year.
Next comes the year of the entry that reprints the article (its metadata or own full dates). Only
an article that gives no year anywhere, nor its parent, takes the corpus-wide reference year
(`--reference-year`, else inferred from the whole input), and then its source says so:
`reference_year` instead of `dateline` or `text`. The reference year never overrides a year the
article gives, so a folder whose articles span 2013-2025 dates each one right.

`published_date` is what every relative expression of the article resolves against (sentence
dates, `transform/extract/sentence_dates.py`), article by article.
"""

import polars as pl

from transform import schemas
from transform.extract import dates
from transform.extract.engine import collect

# Where the lead and its dateline are looked for: the first paragraph that is not a date line or
# a photo caption.
_PARAGRAPH_BREAK = "\n\n"


def _is_date_line(paragraph: pl.Expr) -> pl.Expr:
    return paragraph.str.contains(dates.PUBLISHED_LINE)


def _is_caption(paragraph: pl.Expr) -> pl.Expr:
    return paragraph.str.contains(dates.PHOTO_NOTE) | paragraph.str.contains(dates.CAPTION_LINE)


def with_datelines(articles: pl.LazyFrame, paragraphs: pl.LazyFrame) -> pl.LazyFrame:
    """Add `dateline`, `dateline_place` and the dateline's day as `_dl_month`, `_dl_day`,
    `_dl_year` (Int32; the year null when not written), from the start of the lead paragraph
    (`paragraphs` is `_paragraphs(articles)`)."""
    lead = paragraphs.filter(pl.col("_lead")).select("article_id", pl.col("_para").alias("_lead"))
    return (
        articles.join(lead, on="article_id", how="left")
        .with_columns(dates.dateline_parts(pl.col("_lead")).alias("_dl"))
        .with_columns(
            pl.col("_dl").struct.field("dateline").alias("dateline"),
            dates.place_name(pl.col("_dl").struct.field("place")).alias("dateline_place"),
            dates.month_number(pl.col("_dl").struct.field("month")).alias("_dl_month"),
            pl.col("_dl").struct.field("day").alias("_dl_day"),
            pl.col("_dl").struct.field("year").alias("_dl_year"),
        )
        .drop("_dl", "_lead")
    )


def _paragraphs(articles: pl.LazyFrame) -> pl.LazyFrame:
    """One row per paragraph: article_id, `_p` (its index), `_para`, `_clean` (history dates
    erased), and whether it is a date line, a caption, the lead."""
    rows = (
        articles.select("article_id", pl.col("body").str.split(_PARAGRAPH_BREAK).alias("_para"))
        .explode("_para")
        .with_columns(pl.int_range(pl.len(), dtype=pl.Int32).over("article_id").alias("_p"))
        .with_columns(
            _is_date_line(pl.col("_para")).alias("_date_line"),
            _is_caption(pl.col("_para")).alias("_caption"),
            dates.without_history_dates(pl.col("_para")).alias("_clean"),
        )
    )
    story = ~pl.col("_date_line") & ~pl.col("_caption")
    return rows.with_columns(
        (story & (story.cast(pl.Int32).cum_sum().over("article_id") == 1)).alias("_lead")
    )


def stated_dates(paragraphs: pl.LazyFrame) -> pl.LazyFrame:
    """article_id -> the dates an article states about itself: `_published_line`, `_caption_date`,
    `_lead_date` (each the first of its kind, null when none), from `_paragraphs`."""
    caption_text = pl.coalesce(
        pl.col("_para").str.extract(dates.PHOTO_NOTE, 0),
        pl.when(pl.col("_caption")).then(pl.col("_para")),
    )
    found = paragraphs.with_columns(
        dates.published_line_date(pl.col("_para")).alias("_published_line"),
        dates.first_full_date(dates.without_history_dates(caption_text)).alias("_caption_date"),
        pl.when(pl.col("_lead")).then(dates.first_full_date(pl.col("_clean"))).alias("_lead_date"),
    )
    first = [
        pl.col(name).sort_by("_p").drop_nulls().first().alias(name)
        for name in ("_published_line", "_caption_date", "_lead_date")
    ]
    return found.group_by("article_id").agg(first)


def own_years(articles: pl.LazyFrame, paragraphs: pl.LazyFrame) -> pl.LazyFrame:
    """article_id -> `_own_year`: the year of the article's own full dates (see the module
    docstring), for articles that write at least one full date that is not history.

    `articles` needs `_dl_month` and `_dl_day` (from `with_datelines`): with a dateline's day,
    each full date votes for the year of that day near it, else for its own year. `paragraphs`
    is `_paragraphs(articles)`.
    """
    paragraphs = paragraphs.join(
        articles.select("article_id", "_dl_month", "_dl_day").unique("article_id", keep="first"),
        on="article_id",
        how="left",
    )
    full = (
        paragraphs.select(
            "article_id",
            "_p",
            "_dl_month",
            "_dl_day",
            pl.col("_clean").str.extract_all(dates.FULL_DATE).alias("_written"),
        )
        .explode("_written")
        .drop_nulls("_written")
        .with_columns(
            dates.first_full_date(pl.col("_written")).alias("_full"),
            pl.int_range(pl.len(), dtype=pl.Int32).over("article_id").alias("_order"),
        )
        .drop_nulls("_full")
    )
    has_day = pl.col("_dl_month").is_not_null() & pl.col("_dl_day").is_not_null()
    vote = (
        pl.when(has_day)
        .then(dates.year_of_day_near(pl.col("_dl_month"), pl.col("_dl_day"), pl.col("_full")))
        .otherwise(pl.col("_full").dt.year().cast(pl.Int32))
    )
    # Ties: the year whose full date lies nearest the dateline's day, then the one written first.
    distance = (
        (dates.make_date(pl.col("_year"), pl.col("_dl_month"), pl.col("_dl_day")) - pl.col("_full"))
        .dt.total_days()
        .abs()
    )
    return (
        full.with_columns(vote.alias("_year"))
        .with_columns(distance.fill_null(0).alias("_distance"))
        .group_by("article_id", "_year")
        .agg(
            pl.len().alias("_votes"),
            pl.col("_distance").min().alias("_nearest"),
            pl.col("_order").min().alias("_first"),
        )
        .group_by("article_id")
        .agg(
            pl.col("_year")
            .sort_by(["_votes", "_nearest", "_first"], descending=[True, False, False])
            .first()
            .alias("_own_year")
        )
    )


def latest_text_dates(articles: pl.LazyFrame) -> pl.LazyFrame:
    """article_id -> `_text_date`: the latest date in the body, none after December 31 of
    `_text_year` (a day without a year takes that year) and none tied to history, and
    `_text_has_year`: that date was written with its year."""
    end_of_year = dates.make_date(pl.col("_text_year"), pl.lit(12), pl.lit(31))
    mentions = dates.mentioned_dates(
        articles.select(
            "article_id",
            dates.without_history_dates(pl.col("body")).alias("_clean"),
            end_of_year.alias("_end_of_year"),
        ),
        "_clean",
        pl.col("_end_of_year"),
    )
    return (
        mentions.filter(
            pl.col("_end_of_year").is_null() | (pl.col("mentioned_date") <= pl.col("_end_of_year"))
        )
        .group_by("article_id")
        .agg(
            pl.col("mentioned_date").max().alias("_text_date"),
            pl.col("has_year").sort_by("mentioned_date").last().alias("_text_has_year"),
        )
    )


def infer_published_dates(articles: pl.LazyFrame, reference_year: int | None) -> pl.LazyFrame:
    """Fill `published_date` and `published_date_source` as the module docstring says.

    `articles` has the ARTICLES columns but for the dateline ones, which `with_datelines` adds
    here; `reference_year` is the corpus-wide year for articles that give none.
    """
    # Materialised where several branches read them (polars computes a shared lazy branch once
    # per reader; see transform/extract/engine.py).
    # Paragraphs depend on the body only, and one article_id is one body: read each once. A dump
    # that reprints the same article k times would otherwise join k x k rows per article.
    paragraphs = collect(_paragraphs(articles.unique("article_id", keep="first"))).lazy()
    articles = collect(with_datelines(articles, paragraphs)).lazy()
    reference = pl.lit(reference_year, dtype=pl.Int32)
    own = (
        articles.join(own_years(articles, paragraphs), on="article_id", how="left")
        .join(stated_dates(paragraphs), on="article_id", how="left")
        .with_columns(
            # The year an article gives, for its reprints: its metadata's, else its own.
            pl.coalesce(
                pl.when(pl.col("published_date_source") == "metadata").then(
                    pl.col("published_date").dt.year().cast(pl.Int32)
                ),
                pl.col("_own_year"),
            ).alias("_given_year")
        )
    )
    parent_years = own.select(
        pl.col("article_id").alias("parent_article_id"),
        pl.col("_given_year").alias("_parent_year"),
    ).unique("parent_article_id")
    own = own.join(parent_years, on="parent_article_id", how="left").with_columns(
        pl.coalesce("_own_year", "_parent_year", reference).alias("_text_year"),
        pl.coalesce("_own_year", "_parent_year").is_null().alias("_year_is_reference"),
    )
    own = collect(own.join(latest_text_dates(own), on="article_id", how="left")).lazy()

    dateline_year = pl.coalesce("_dl_year", "_text_year")
    dateline_date = dates.make_date(dateline_year, pl.col("_dl_month"), pl.col("_dl_day"))
    metadata = pl.col("published_date")
    own_date = pl.coalesce(
        metadata,
        dateline_date,
        "_published_line",
        "_caption_date",
        "_lead_date",
        "_text_date",
    )
    dated_by_dateline = dateline_date.is_not_null()
    dated_by_text = pl.col("_text_date").is_not_null()
    own_source = (
        pl.when(metadata.is_not_null())
        .then(pl.col("published_date_source"))
        .when(dated_by_dateline & pl.col("_dl_year").is_null() & pl.col("_year_is_reference"))
        .then(pl.lit("reference_year"))
        .when(dated_by_dateline)
        .then(pl.lit("dateline"))
        .when(pl.col("_published_line").is_not_null())
        .then(pl.lit("published_line"))
        .when(pl.col("_caption_date").is_not_null())
        .then(pl.lit("caption"))
        .when(pl.col("_lead_date").is_not_null())
        .then(pl.lit("lead"))
        .when(dated_by_text & ~pl.col("_text_has_year") & pl.col("_year_is_reference"))
        .then(pl.lit("reference_year"))
        .when(dated_by_text)
        .then(pl.lit("text"))
    )
    own = collect(
        own.with_columns(own_date.alias("_own_date"), own_source.alias("_own_source"))
    ).lazy()
    parents = own.select(
        pl.col("article_id").alias("parent_article_id"), pl.col("_own_date").alias("_parent_date")
    ).unique("parent_article_id")
    dated = own.join(parents, on="parent_article_id", how="left").with_columns(
        pl.coalesce("_own_date", "_parent_date").alias("published_date"),
        pl.when(pl.col("_own_date").is_not_null())
        .then(pl.col("_own_source"))
        .when(pl.col("_parent_date").is_not_null())
        .then(pl.lit("parent"))
        .alias("published_date_source"),
    )
    return schemas.conform(dated.sort("position"), schemas.ARTICLES)
