"""Date vocabulary and polars expressions to turn date phrases into `pl.Date`.

The regex fragments here are building blocks for the extractors: every pattern that reads a month
uses `MONTH`, so "Dec.", "December" and "Sept." all resolve through `month_number`.
"""

import polars as pl

_MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
WEEKDAYS = {
    "monday": 1,
    "tuesday": 2,
    "wednesday": 3,
    "thursday": 4,
    "friday": 5,
    "saturday": 6,
    "sunday": 7,
}

# A month name as written in English news: full, or abbreviated with or without the dot.
# Between the two days of a span: "December 2-5", "April 14 to 15", "May 7 through 10".
RANGE_SEPARATOR = r"\s*(?:[-–]|\bto\b|\bthrough\b|\buntil\b|\btill\b)\s*"
MONTH = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?"
    r"|Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
DAY = r"(?:[12][0-9]|3[01]|0?[1-9])"
YEAR = r"(?:1[89][0-9]{2}|20[0-9]{2})"


def month_number(expr: pl.Expr) -> pl.Expr:
    """'Dec.' / 'December' / 'sept' -> 12 / 12 / 9; anything else -> null."""
    key = expr.str.to_lowercase().str.strip_chars(". ")
    return key.replace_strict(_MONTHS, default=None, return_dtype=pl.Int32)


def weekday_number(expr: pl.Expr) -> pl.Expr:
    """'Tuesday' -> 2 (ISO weekday, Monday = 1), as polars' `dt.weekday()` counts."""
    return expr.str.to_lowercase().replace_strict(WEEKDAYS, default=None, return_dtype=pl.Int32)


def make_date(year: pl.Expr, month: pl.Expr, day: pl.Expr) -> pl.Expr:
    """A date from parts; null when any part is null or the day does not exist (Feb 30)."""
    text = pl.format(
        "{}-{}-{}",
        year.cast(pl.Int32).cast(pl.String).str.zfill(4),
        month.cast(pl.Int32).cast(pl.String).str.zfill(2),
        day.cast(pl.Int32).cast(pl.String).str.zfill(2),
    )
    return text.str.to_date("%Y-%m-%d", strict=False)


def year_near(month: pl.Expr, reference: pl.Expr) -> pl.Expr:
    """The year of a month-day phrase that gives no year, read against the article's date.

    News reports the recent past: a month more than two months after the reference month is taken
    to be last year's (a January article mentioning "December 5" means the December before).
    """
    ref_year = reference.dt.year().cast(pl.Int32)
    ref_month = reference.dt.month().cast(pl.Int32)
    return pl.when(month > ref_month + 2).then(ref_year - 1).otherwise(ref_year)


def weekday_near(weekday: pl.Expr, reference: pl.Expr) -> pl.Expr:
    """'on Tuesday' in an article dated `reference`: the such weekday within [reference - 5 days,
    reference + 1 day].

    News reports the days just past, so mostly the latest such weekday up to the date. The one day
    of slack forward is for articles whose date is a lower bound (a blog entry dated by the latest
    date it mentions, "published in China Daily on 19 November", then "Xi and Lula announced on
    Wednesday", the 20th); a wire story filed on Tuesday does not say "on Wednesday" of last week.
    """
    back = (reference.dt.weekday().cast(pl.Int32) - weekday + 7 + 1) % 7 - 1
    return reference - pl.duration(days=back)


# --- Datelines and dates mentioned in running text (added for the ingest step) ------------------

# A wire-service dateline opening a story, kept verbatim in `dateline`:
# "BEIJING, Dec. 3 (Xinhua) —", "RIO DE JANEIRO, Nov. 18 —", "UNITED NATIONS, Nov. 18, 2024 (Xinhua) --".
# The place must be upper case: that is what tells a dateline from a sentence that starts
# "Beijing, Dec. 3 ...". Written in the syntax Python's `re` and polars' Rust engine share, so the
# splitter (Python, line by line) and the frame code (polars) use the same pattern.
# Also "BELEM, Brazil, March 26, 2025 (Reuters) -" (a country after the city) and TASS's
# "MOSCOW, May 8, 2025. /TASS/.".
DATELINE = (
    r"^(?P<dateline>(?P<place>[A-Z][A-Za-z'’.\-]+(?: [A-Z][A-Za-z'’.\-]*)*),\s+"
    r"(?:[A-Z][a-z]+(?: [A-Z][a-z]+)*,\s+)?"
    rf"(?P<month>{MONTH})\s+(?P<day>{DAY})\b(?:,\s+(?P<year>{YEAR}))?"
    r"(?:(?:\s+\((?P<agency>[^()\n]{1,40})\))?\s*[—–-]{1,2}|\.\s+/[A-Z]{2,10}/\.))"
)

# A date written in running text, with or without its year: "November 19, 2024", "Nov 28, 2014",
# "19 November 2024", "December 17", "14 November". `\b` after the day keeps "November 2024"
# (a month and year) from reading as November 20; the month of the day-first form ends on a word
# boundary so "5 Marines" is not 5 March.
DATE_MENTION = (
    rf"\b(?:(?P<month_a>{MONTH})\s(?P<day_a>{DAY})(?:st|nd|rd|th)?\b(?:,\s(?P<year_a>{YEAR})\b)?"
    rf"|(?P<day_b>{DAY})(?:st|nd|rd|th)?\s(?P<month_b>{MONTH})\b(?:,?\s(?P<year_b>{YEAR})\b)?)"
)

# Words that stay lower case inside a place name: "Rio de Janeiro", "Dar es Salaam", "Port of Spain".
_PLACE_PARTICLES = (
    "De",
    "Da",
    "Do",
    "Dos",
    "Das",
    "Del",
    "La",
    "Le",
    "Of",
    "Es",
    "Al",
    "El",
    "And",
)


def place_name(expr: pl.Expr) -> pl.Expr:
    """'RIO DE JANEIRO' -> 'Rio de Janeiro', 'BEIJING' -> 'Beijing' (datelines shout the place)."""
    out = expr.str.to_titlecase()
    for word in _PLACE_PARTICLES:
        out = out.str.replace_all(f" {word} ", f" {word.lower()} ", literal=True)
    return out


def date_from_parts(month: pl.Expr, day: pl.Expr, year: pl.Expr, reference: pl.Expr) -> pl.Expr:
    """A date from the text of its parts; a missing year is read against `reference` (year_near)."""
    month_no = month_number(month)
    year_no = pl.coalesce(year.cast(pl.Int32, strict=False), year_near(month_no, reference))
    return make_date(year_no, month_no, day.cast(pl.Int32, strict=False))


def mentioned_dates(frame: pl.LazyFrame, text: str, reference: pl.Expr) -> pl.LazyFrame:
    """One row per date written in `frame[text]`, with every other column of `frame`.

    Adds `mentioned_date` (pl.Date) and `has_year` (the text gave the year, so the date does not
    depend on `reference`). Dates that do not exist (Feb 30) or lack a year with no reference are
    dropped.
    """
    parts = pl.col("_mention").str.extract_groups(DATE_MENTION)
    return (
        frame.with_columns(pl.col(text).str.extract_all(DATE_MENTION).alias("_mention"))
        .explode("_mention")
        .drop_nulls("_mention")
        .with_columns(
            pl.coalesce(parts.struct.field("month_a"), parts.struct.field("month_b")).alias("_m"),
            pl.coalesce(parts.struct.field("day_a"), parts.struct.field("day_b")).alias("_d"),
            pl.coalesce(parts.struct.field("year_a"), parts.struct.field("year_b")).alias("_y"),
        )
        .with_columns(
            date_from_parts(pl.col("_m"), pl.col("_d"), pl.col("_y"), reference).alias(
                "mentioned_date"
            ),
            pl.col("_y").is_not_null().alias("has_year"),
        )
        .drop("_mention", "_m", "_d", "_y")
        .drop_nulls("mentioned_date")
    )


def most_common_year(texts: list[str]) -> int | None:
    """The year most often written in full dates ("November 19, 2024") across `texts`.

    Month-day phrases carry no year, so this is the year a dump without publication dates is most
    likely about. Ties go to the later year (a dump quotes history more than the future); None
    when no full date occurs.
    """
    return most_common_of([full_date_year_counts(texts)])


def full_date_year_counts(texts: list[str]) -> pl.DataFrame:
    """year -> n: how many full dates `texts` write in each year.

    For input read in parts (a dump in pieces, a folder in batches): the counts of the parts add
    up, and `most_common_of` gives what `most_common_year` gives for all the texts at once.
    """
    mentions = mentioned_dates(
        pl.LazyFrame({"text": texts}, schema={"text": pl.String}),
        "text",
        pl.lit(None, dtype=pl.Date),
    )
    return (
        mentions.filter(pl.col("has_year"))
        .group_by(pl.col("mentioned_date").dt.year().alias("year"))
        .agg(pl.len().alias("n"))
        .collect()
    )


def most_common_of(year_counts: list[pl.DataFrame]) -> int | None:
    """The year of the most full dates over all parts' `full_date_year_counts` (ties: later)."""
    if not year_counts:
        return None
    years = (
        pl.concat(year_counts)
        .group_by("year")
        .agg(pl.col("n").sum())
        .sort(["n", "year"], descending=True)
    )
    return None if years.is_empty() else int(years["year"][0])


# --- The date a sentence gives for what it reports (partnerships, anniversaries, foundings) -----

# "on November 1", "on 20 November", "on Friday, Nov. 1, 2024". A range ("on November 8-10") names
# a span, so `range` is captured for the caller to drop it.
ON_DAY = (
    rf"\bon\s+(?:{WEEKDAY},?\s+)?(?:(?P<m1>{MONTH})\s+(?P<d1>{DAY})\b|(?P<d2>{DAY})\s+(?P<m2>{MONTH}))"
    rf"(?:,?\s+(?P<y>{YEAR})\b)?(?P<range>\s*[-–]\s*[0-9])?"
)
ON_WEEKDAY = rf"\bon\s+(?P<w>{WEEKDAY})\b"
# "in 2019", "In the course of 2024", "during 2023" (not "in 2025" inside "in 2025-26").
IN_YEAR = rf"\b(?:[Ii]n|[Dd]uring)\s+(?:the\s+course\s+of\s+|early\s+|late\s+|mid-)?(?P<y>{YEAR})\b"


def on_day_date(text: pl.Expr, reference: pl.Expr) -> pl.Expr:
    """The first "on <day> <month> [year]" of `text` as a date (no year: `year_near`); else null."""
    parts = text.str.extract_groups(ON_DAY)
    month = month_number(pl.coalesce(parts.struct.field("m1"), parts.struct.field("m2")))
    day = pl.coalesce(parts.struct.field("d1"), parts.struct.field("d2")).cast(pl.Int32)
    year = pl.coalesce(parts.struct.field("y").cast(pl.Int32), year_near(month, reference))
    return pl.when(parts.struct.field("range").is_null()).then(make_date(year, month, day))


def on_weekday_date(text: pl.Expr, reference: pl.Expr) -> pl.Expr:
    """ "on Wednesday" read against `reference` (see `weekday_near`); else null."""
    return weekday_near(weekday_number(text.str.extract(ON_WEEKDAY, 1)), reference)


def in_year(text: pl.Expr) -> pl.Expr:
    """The year of the first "in <year>" of `text` (Int32), else null."""
    return text.str.extract(IN_YEAR, 1).cast(pl.Int32)
