"""Date vocabulary and polars expressions to turn date phrases into `pl.Date`.

The regex fragments here are building blocks for the extractors: every pattern that reads a month
uses `MONTH`, so "Dec.", "December" and "Sept." all resolve through `month_number`.
"""

import polars as pl

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}
WEEKDAYS = {"monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6,
            "sunday": 7}

# A month name as written in English news: full, or abbreviated with or without the dot.
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


def last_weekday_on_or_before(weekday: pl.Expr, reference: pl.Expr) -> pl.Expr:
    """'on Tuesday' in an article dated `reference`: the latest such weekday up to that date."""
    back = (reference.dt.weekday().cast(pl.Int32) - weekday + 7) % 7
    return reference - pl.duration(days=back)
