"""When did what a sentence reports happen? One resolved date per sentence, with its provenance.

Order of evidence, best first:
1. a day in the sentence ("on December 3", "20 November", "on Nov 15, 2024") -> `text`;
   a weekday ("on Tuesday", "last Monday") or a day counted from the article's date
   ("yesterday", "this afternoon", `dates.RELATIVE_DAYS`) -> `relative`;
   "the same day" / "the following day" against the last day named before it -> `relative`;
2. a month or a year in the sentence ("in October", "in December 2023", "in 1972") -> `text`;
   one counted from the article's ("earlier this month", "last month", "last November",
   "last year") -> `relative`, at month or year precision;
3. nothing in the sentence: the last day named earlier in the article -> `relative`;
4. a day, month or year to come, counted from the article's date ("tomorrow", "next month",
   "next May", "next year") -> `relative`: after the context of step 3, because a sentence that
   reports what happened mostly mentions the future in passing ("noting that next year marks the
   70th anniversary ..., Xi said");
5. nothing earlier either: the article's dateline -> `dateline`;
6. otherwise unknown (null date, precision `unknown`): never a guess at the article's date.
Every relative expression is read against the `published_date` of the article it appears in, so
two articles of one batch resolve the same words to their own days.
A range ("December 2-5", "October 31-November 5") names a span, not the day of a meeting within it,
so it sets only a month-precision context.
"""

import polars as pl

from transform.extract.dates import (
    DATELINE,
    DAY,
    MONTH,
    RANGE_SEPARATOR,
    WEEKDAY,
    YEAR,
    make_date,
    month_number,
    named_month,
    relative_day_offset,
    relative_month_offset,
    relative_year_offset,
    shift_months,
    weekday_near,
    weekday_number,
    year_near,
)

SENTENCE_DATES: dict[str, pl.DataType] = {
    "article_id": pl.String,
    "sentence_index": pl.Int32,
    "event_date": pl.Date,
    "date_precision": pl.String,
    "date_source": pl.String,
}

# "BEIJING, Dec. 3 (Xinhua) —": the filing date, not what the sentence reports.
DATELINE_PREFIX = DATELINE + r"\s*"
_RANGE_TAIL = rf"{RANGE_SEPARATOR}(?:{MONTH}\s+)?{DAY}\b"
MONTH_DAY = (
    rf"\b(?P<m1>{MONTH})\s+(?P<d1>{DAY})\b(?P<r1>{_RANGE_TAIL})?(?:,?\s+(?P<y1>{YEAR}))?"
    rf"|\b(?P<d2>{DAY})(?P<r2>{RANGE_SEPARATOR}{DAY})?\s+(?P<m2>{MONTH})(?:,?\s+(?P<y2>{YEAR}))?\b"
)
MONTH_ONLY = (
    rf"\b(?:in|since|during|early|late|mid-?|until)\s+(?P<m>{MONTH})(?:\s+(?P<y>{YEAR}))?\b"
)
YEAR_ONLY = rf"\b(?:in|since|during)\s+(?P<y>{YEAR})\b"
ON_WEEKDAY = rf"\b(?:on|last)\s+(?P<w>{WEEKDAY})\b"
SAME_DAY = r"(?i)\b(?:the same day|that day|the very day|later that day)\b"
NEXT_DAY = r"(?i)\b(?:the following day|the next day|a day later)\b"
PREVIOUS_DAY = r"(?i)\b(?:the previous day|the day before)\b"


def _explicit(sentences: pl.LazyFrame) -> pl.LazyFrame:
    text = pl.col("sentence").str.replace(DATELINE_PREFIX, "")
    ref = pl.col("published_date")
    md = text.str.extract_groups(MONTH_DAY)
    mo = text.str.extract_groups(MONTH_ONLY)
    return (
        sentences.with_columns(
            md.alias("md"),
            mo.alias("mo"),
            text.str.extract(YEAR_ONLY, 1).cast(pl.Int32).alias("y_only"),
            text.str.extract(ON_WEEKDAY, 1).alias("weekday"),
            relative_day_offset(text).alias("rel_days"),
            relative_month_offset(text).alias("rel_months"),
            relative_year_offset(text).alias("rel_years"),
            named_month(text, ref).alias("named"),
        )
        .unnest("md", "mo", "named")
        .with_columns(
            month=month_number(pl.coalesce("m1", "m2")),
            day=pl.coalesce("d1", "d2").cast(pl.Int32),
            year=pl.coalesce("y1", "y2").cast(pl.Int32),
            is_range=pl.coalesce("r1", "r2").is_not_null(),
            month_only=month_number(pl.col("m")),
            month_only_year=pl.col("y").cast(pl.Int32),
        )
        .with_columns(
            day_date=make_date(
                pl.coalesce("year", year_near(pl.col("month"), ref)), pl.col("month"), pl.col("day")
            ),
            weekday_date=weekday_near(weekday_number(pl.col("weekday")), ref),
            month_date=make_date(
                pl.coalesce("month_only_year", year_near(pl.col("month_only"), ref)),
                pl.col("month_only"),
                pl.lit(1),
            ),
            year_date=make_date(pl.col("y_only"), pl.lit(1), pl.lit(1)),
            # Counted from the article's date: before it or on it (past) ...
            rel_past_day=pl.when(pl.col("rel_days") <= 0).then(
                ref + pl.duration(days=pl.col("rel_days"))
            ),
            rel_past_month=pl.coalesce(
                pl.when(pl.col("rel_months") <= 0).then(shift_months(ref, pl.col("rel_months"))),
                pl.when(pl.col("named_which") <= 0).then(pl.col("named_date")),
            ),
            rel_past_year=pl.when(pl.col("rel_years") < 0).then(
                make_date(ref.dt.year().cast(pl.Int32) + pl.col("rel_years"), pl.lit(1), pl.lit(1))
            ),
            # ... or after it (future).
            rel_future_day=pl.when(pl.col("rel_days") > 0).then(
                ref + pl.duration(days=pl.col("rel_days"))
            ),
            rel_future_month=pl.coalesce(
                pl.when(pl.col("rel_months") > 0).then(shift_months(ref, pl.col("rel_months"))),
                pl.when(pl.col("named_which") > 0).then(pl.col("named_date")),
            ),
            rel_future_year=pl.when(pl.col("rel_years") > 0).then(
                make_date(ref.dt.year().cast(pl.Int32) + pl.col("rel_years"), pl.lit(1), pl.lit(1))
            ),
            same=pl.col("sentence").str.contains(SAME_DAY),
            next=pl.col("sentence").str.contains(NEXT_DAY),
            previous=pl.col("sentence").str.contains(PREVIOUS_DAY),
        )
    )


# Every phrase `_explicit` reads holds one of these: a month (MONTH is case-sensitive), the first
# digits of a YEAR, or, in any case, "day" (weekdays, "the same day", "yesterday"), or a word of
# the other relative phrases ("this month", "last year", "this afternoon", "tonight").
_MONTH_STARTS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_YEAR_STARTS = ["18", "19", "20"]
_RELATIVE_WORDS = ["day", "month", "year", "morning", "afternoon", "evening", "tonight", "tomorrow"]


def _may_name_a_date(text: pl.Expr) -> pl.Expr:
    return text.str.contains_any([*_MONTH_STARTS, *_YEAR_STARTS]) | text.str.contains_any(
        _RELATIVE_WORDS, ascii_case_insensitive=True
    )


def _explicit_where_named(sentences: pl.LazyFrame) -> pl.LazyFrame:
    """`_explicit` of every sentence, its regexes run only where `_may_name_a_date`: in news most
    sentences name no date, and on them `_explicit` gives nulls and False, written here directly."""
    maybe = _may_name_a_date(pl.col("sentence"))
    named = _explicit(sentences.filter(maybe))
    added = {
        name: dtype
        for name, dtype in named.collect_schema().items()
        if name not in sentences.collect_schema()
    }
    nothing = sentences.filter(~maybe).with_columns(
        (pl.lit(False) if dtype == pl.Boolean else pl.lit(None, dtype=dtype)).alias(name)
        for name, dtype in added.items()
    )
    return pl.concat([named, nothing])


def resolve_sentence_dates(
    sentences: pl.LazyFrame, articles: pl.LazyFrame | None = None
) -> pl.LazyFrame:
    """One row per sentence: the date of what it reports, its precision and source.

    Without `articles` nothing is known of datelines, so step 4 never applies.
    """
    if articles is None:
        has_dateline = (
            sentences.select("article_id")
            .unique()
            .with_columns(pl.lit(False).alias("has_dateline"))
        )
    else:
        has_dateline = articles.select(
            "article_id", pl.col("dateline").is_not_null().alias("has_dateline")
        )
    s = (
        _explicit_where_named(sentences)
        .join(has_dateline, on="article_id", how="left")
        .sort("article_id", "sentence_index")
    )
    single_day = pl.when(~pl.col("is_range")).then(pl.col("day_date"))
    own_day = pl.coalesce(single_day, pl.col("weekday_date"), pl.col("rel_past_day"))
    # Context: the last single day named in an earlier sentence of the same article.
    # A day after the article's date is something planned ("the parade on May 9"): it is no
    # context for what the next sentences report.
    past_day = pl.when(
        pl.col("published_date").is_null() | (own_day <= pl.col("published_date"))
    ).then(own_day)
    s = (
        s.with_columns(own_day.alias("own_day"), past_day.alias("past_day"))
        .with_columns(
            pl.col("past_day").shift(1).forward_fill().over("article_id").alias("context_day"),
            pl.when(pl.col("is_range"))
            .then(make_date(pl.col("day_date").dt.year(), pl.col("day_date").dt.month(), pl.lit(1)))
            .alias("range_month"),
        )
        .with_columns(
            pl.col("range_month").shift(1).forward_fill().over("article_id").alias("context_month"),
        )
    )

    def relative_to(context: str) -> pl.Expr:
        return (
            pl.when(pl.col("next"))
            .then(pl.col(context) + pl.duration(days=1))
            .when(pl.col("previous"))
            .then(pl.col(context) - pl.duration(days=1))
            .when(pl.col("same"))
            .then(pl.col(context))
        )

    # Second pass: a day found by "the following day" is context for the sentences after it
    # ("The following day, Xi met Arce." "Noting that ..., Xi said" -> the same day).
    s = s.with_columns(
        pl.coalesce(pl.col("past_day"), relative_to("context_day")).alias("day_so_far")
    ).with_columns(
        pl.col("day_so_far").shift(1).forward_fill().over("article_id").alias("context_day")
    )
    relative = relative_to("context_day")
    date, precision, source = _first_of(
        [
            (single_day, "day", "text"),
            (pl.col("weekday_date"), "day", "relative"),
            (pl.col("rel_past_day"), "day", "relative"),
            (relative, "day", "relative"),
            (pl.col("month_date"), "month", "text"),
            (pl.col("rel_past_month"), "month", "relative"),
            (pl.col("year_date"), "year", "text"),
            (pl.col("rel_past_year"), "year", "relative"),
            (pl.col("range_month"), "month", "text"),
            (pl.col("context_day"), "day", "relative"),
            (pl.col("context_month"), "month", "relative"),
            *_FUTURE,
            (pl.when(pl.col("has_dateline")).then(pl.col("published_date")), "day", "dateline"),
        ]
    )
    return s.select(
        "article_id",
        "sentence_index",
        date.alias("event_date"),
        precision.fill_null("unknown").alias("date_precision"),
        source.alias("date_source"),
    ).select([pl.col(c).cast(t) for c, t in SENTENCE_DATES.items()])


# Days, months and years to come, counted from the article's date: after the context (step 4).
_FUTURE = [
    (pl.col("rel_future_day"), "day", "relative"),
    (pl.col("rel_future_month"), "month", "relative"),
    (pl.col("rel_future_year"), "year", "relative"),
]


def _first_of(steps: list[tuple[pl.Expr, str, str]]) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """(date, precision, source) of the first step whose date is not null (nulls if none)."""
    date = pl.coalesce(expr for expr, _, _ in steps)
    precision = pl.when(steps[0][0].is_not_null()).then(pl.lit(steps[0][1]))
    source = pl.when(steps[0][0].is_not_null()).then(pl.lit(steps[0][2]))
    for expr, step_precision, step_source in steps[1:]:
        precision = precision.when(expr.is_not_null()).then(pl.lit(step_precision))
        source = source.when(expr.is_not_null()).then(pl.lit(step_source))
    return date, precision, source


def own_dates(frame: pl.LazyFrame) -> pl.LazyFrame:
    """The date a text names itself, without context: for part of a sentence that tells of one of
    several events. Adds event_date, date_precision, date_source to `frame` (which needs
    `sentence` and `published_date`)."""
    e = _explicit(frame)
    single_day = pl.when(~pl.col("is_range")).then(pl.col("day_date"))
    date, precision, source = _first_of(
        [
            (single_day, "day", "text"),
            (pl.col("weekday_date"), "day", "relative"),
            (pl.col("rel_past_day"), "day", "relative"),
            (pl.col("month_date"), "month", "text"),
            (pl.col("rel_past_month"), "month", "relative"),
            (pl.col("year_date"), "year", "text"),
            (pl.col("rel_past_year"), "year", "relative"),
            *_FUTURE,
        ]
    )
    return e.with_columns(
        date.alias("event_date"),
        precision.fill_null("unknown").alias("date_precision"),
        source.alias("date_source"),
    ).select(*frame.collect_schema().names(), "event_date", "date_precision", "date_source")
