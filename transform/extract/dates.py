"""Date vocabulary and polars expressions to turn date phrases into `pl.Date`.

The regex fragments here are building blocks for the extractors: every pattern that reads a month
uses `MONTH`, so "Dec.", "December" and "Sept." all resolve through `month_number`.
"""

import re

import polars as pl

from transform.extract.vocab import NEWS_AGENCIES

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

# Letters of place names in datelines: Latin, with the accented letters of Latin-1 and Latin
# Extended-A ("SÃO PAULO", "REYKJAVÍK", "Malé", "ŁÓDŹ"). Ranges, not `\p{Lu}`: the pattern is
# shared with Python's `re`, which has no Unicode classes. (Latin Extended-A interleaves upper
# and lower case, so a place may start with "ł": harmless.)
_UPPER = "A-ZÀ-ÖØ-ÞĀ-Ž"
_LETTER = "A-Za-zÀ-ÖØ-öø-ÿĀ-ž"
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
_PARTICLE = "|".join(word.lower() for word in _PLACE_PARTICLES)
# "BEIJING", "RIO DE JANEIRO", "Rio de Janeiro", "N'DJAMENA", "ST. PETERSBURG", "SÃO PAULO".
PLACE = rf"[{_UPPER}][{_LETTER}'’.\-]+(?: (?:(?:{_PARTICLE}) )?[{_UPPER}][{_LETTER}'’.\-]*)*"
# A country after the city: "BELEM, Brazil, March 26, 2025 (Reuters) -".
_DATELINE_COUNTRY = rf"[{_UPPER}][{_LETTER}]+(?: [{_UPPER}][{_LETTER}]+)*,\s+"
# A US state or a country after the city of a dateline without a day: "CAMP DAVID, Md. (AP) —".
_STATE = rf"[{_UPPER}][{_LETTER}.]+(?: [{_UPPER}][{_LETTER}.]+)*"
_ORDINAL = r"(?:st|nd|rd|th)?"
_DASH = r"[—–-]{1,2}"
_AGENCY = "|".join(re.escape(name) for name in sorted(NEWS_AGENCIES, key=len, reverse=True))


def _dateline_day(tag: str) -> str:
    """The day of a dateline, month first ("Jan. 9, 2019", "March 21", "Sept. 3") or day first
    ("5 June 2023", "2nd March 2021", "14th November, 2022"), the year optional; its groups are
    month_<tag>1, day_<tag>1, year_<tag>1 and day_<tag>2, month_<tag>2, year_<tag>2 (a pattern
    may not repeat a group name)."""
    return (
        rf"(?:(?P<month_{tag}1>{MONTH})\s+(?P<day_{tag}1>{DAY}){_ORDINAL}\b"
        rf"(?:,?\s+(?P<year_{tag}1>{YEAR}))?"
        rf"|(?P<day_{tag}2>{DAY}){_ORDINAL}\s+(?P<month_{tag}2>{MONTH})(?:\.|\b)"
        rf"(?:,?\s+(?P<year_{tag}2>{YEAR}))?)"
    )


# A wire-service dateline opening a story, kept verbatim in `dateline`. Three forms:
# a. place, day, then the end: a dash, maybe after an agency tag, "BEIJING, Dec. 3 (Xinhua) —",
#    "RIO DE JANEIRO, Nov. 18 —", "UNITED NATIONS, Nov. 18, 2024 (Xinhua) --",
#    "NEW DELHI, 5 June 2023 —", "SÃO PAULO, 2nd March 2021 (AFP) —", "Tokyo, 12 April 2025
#    (Kyodo) -", "HANOI, Sept. 3 (VNA) –", "BELEM, Brazil, March 26, 2025 (Reuters) -"; a known
#    agency's tag without a dash, "New Delhi, Mar 5 (PTI)"; TASS's "MOSCOW, May 8, 2025. /TASS/.";
# b. the agency first: "(Yonhap) -- SEOUL, Oct. 4";
# c. no day: "JAKARTA (ANTARA) -", "WASHINGTON (AP) —", "CAMP DAVID, Md. (AP) —" (a known agency
#    only): the dateline and its place, but the date comes from elsewhere.
# Each word of the place is capitalised: that, and the dash or tag after the day, is what tells a
# dateline from a sentence that starts "Beijing, Dec. 3 is ...". Written in the syntax Python's
# `re` and polars' Rust engine share, so the splitter (Python, line by line) and the frame code
# (polars) use the same pattern. `dateline_parts` reads its groups.
DATELINE = (
    r"^(?P<dateline>"
    rf"(?P<place_a>{PLACE}),\s+(?:{_DATELINE_COUNTRY})?{_dateline_day('a')}"
    rf"(?:(?:\s+\([^()\n]{{1,40}}\))?\s*{_DASH}|\s+\((?:{_AGENCY})\)(?:\s*[:—–-]{{1,2}})?"
    r"|\.\s+/[A-Z]{2,10}/\.)"
    rf"|\((?:{_AGENCY})\)\s*{_DASH}\s*(?P<place_b>{PLACE}),\s+(?:{_DATELINE_COUNTRY})?"
    rf"{_dateline_day('b')}(?:\s*{_DASH})?"
    rf"|(?P<place_c>{PLACE})(?:,\s+{_STATE})?\s+\((?:{_AGENCY})\)\s*{_DASH}"
    r")"
)


def dateline_parts(text: pl.Expr) -> pl.Expr:
    """The dateline at the start of `text` as a struct: dateline (verbatim), place (as written),
    month (its text), day, year (Int32, null when not written); all null when there is none."""
    parts = text.str.extract_groups(DATELINE)

    def first(*names: str) -> pl.Expr:
        return pl.coalesce(parts.struct.field(name) for name in names)

    return pl.struct(
        parts.struct.field("dateline").alias("dateline"),
        first("place_a", "place_b", "place_c").alias("place"),
        first("month_a1", "month_a2", "month_b1", "month_b2").alias("month"),
        first("day_a1", "day_a2", "day_b1", "day_b2").cast(pl.Int32).alias("day"),
        first("year_a1", "year_a2", "year_b1", "year_b2").cast(pl.Int32).alias("year"),
    )


# A date written in running text, with or without its year: "November 19, 2024", "Nov 28, 2014",
# "19 November 2024", "December 17", "14 November", "3 Sept. 2019". `\b` after the day keeps
# "November 2024" (a month and year) from reading as November 20; the month of the day-first form
# ends on a word boundary (or its abbreviation's dot) so "5 Marines" is not 5 March.
DATE_MENTION = (
    rf"\b(?:(?P<month_a>{MONTH})\s(?P<day_a>{DAY})(?:st|nd|rd|th)?\b(?:,\s(?P<year_a>{YEAR})\b)?"
    rf"|(?P<day_b>{DAY})(?:st|nd|rd|th)?\s(?P<month_b>{MONTH})(?:\.|\b)(?:,?\s(?P<year_b>{YEAR})\b)?)"
)


def _full_date(tag: str) -> str:
    """A date with its year, in words: "June 5, 2018", "Jan. 9, 2019", "March 21 2019",
    "5 June 2023", "14th November, 2022", "2nd of March 2021"; groups m_<tag>1, d_<tag>1,
    y_<tag>1 / d_<tag>2, m_<tag>2, y_<tag>2."""
    return (
        rf"\b(?:(?P<m_{tag}1>{MONTH})\s(?P<d_{tag}1>{DAY}){_ORDINAL},?\s(?P<y_{tag}1>{YEAR})\b"
        rf"|(?P<d_{tag}2>{DAY}){_ORDINAL}\s(?:of\s)?(?P<m_{tag}2>{MONTH})(?:\.|\b),?\s"
        rf"(?P<y_{tag}2>{YEAR})\b)"
    )


FULL_DATE = _full_date("f")
# "2017-05-02", as a `Date:` line writes it.
ISO_DATE = (
    r"\b(?P<iso_y>(?:19|20)[0-9]{2})-(?P<iso_m>0[1-9]|1[0-2])-(?P<iso_d>0[1-9]|[12][0-9]|3[01])\b"
)

# --- Where an article states its own date (transform/parse/dating.py) ----------------------------

# The labels of a line that states the publication date: "Published: 14 March 2016",
# "Date: 2017-05-02", "Posted on June 5, 2018", GOV.UK's "Published 18 January 2018". Matched
# ignoring case; the date must follow the label directly.
PUBLISHED_LABELS = [
    "Published",
    "First published",
    "Publication date",
    "Date of publication",
    "Date",
    "Posted",
    "Release date",
    "Issued",
]
PUBLISHED_LINE = (
    rf"(?m)^\s*(?i:{'|'.join(PUBLISHED_LABELS)})(?:\s*:|\s+on\b:?|\s)\s*(?:{WEEKDAY},?\s+)?"
    rf"(?:{_full_date('p')}|{ISO_DATE})"
)
# Words opening a photo caption or its bracketed note: "(Photo: MEA / taken on June 5, 2018)",
# "Photo taken on June 5, 2018 shows ...", "File photo: ...".
PHOTO_WORDS = ["Photo", "Photos", "File photo", "Photograph", "Picture", "Image", "Pictured"]
_PHOTO = "|".join(PHOTO_WORDS)
PHOTO_NOTE = rf"\((?:{_PHOTO})\b[^()]*\)"
# A caption paragraph: it starts with a photo word, or ends with an agency's photo credit
# ("... in Beijing, June 5, 2018. (Xinhua/Ju Peng)", "... Aug. 18, 2023. (AP Photo/Andrew Harnik)").
CAPTION_LINE = rf"^(?:{_PHOTO})\b|\((?:{_AGENCY})(?:\s+Photo)?\s*/[^()]*\)\s*$"
# Words that tie the date after them to history, not to the day of writing: "China and Nepal
# established diplomatic relations on Aug. 1, 1955", "the party founded on July 1, 1921", "ties
# dating back to ...". Such a date gives an article no year (`HISTORY_DATE` erases it first). The
# cue and the date share a clause: no comma, stop or bracket between them.
HISTORY_CUES = [
    "diplomatic relations",
    "diplomatic ties",
    "founded",
    "founding",
    "was born",
    "were born",
    "since",
    "as early as",
    "dating back to",
    "dates back to",
]
HISTORY_DATE = rf"(?P<cue>\b(?:{'|'.join(HISTORY_CUES)})\b[^.;,()\n]{{0,40}}?){_full_date('h')}"


def full_date_parts(text: pl.Expr, tag: str = "f") -> pl.Expr:
    """The date of the first `_full_date(tag)` match in `text` (null: none). `text` may be the
    match itself (`str.extract_all(FULL_DATE)` then this)."""
    parts = text.str.extract_groups(_full_date(tag))
    return make_date(
        pl.coalesce(parts.struct.field(f"y_{tag}1"), parts.struct.field(f"y_{tag}2")).cast(
            pl.Int32
        ),
        month_number(pl.coalesce(parts.struct.field(f"m_{tag}1"), parts.struct.field(f"m_{tag}2"))),
        pl.coalesce(parts.struct.field(f"d_{tag}1"), parts.struct.field(f"d_{tag}2")).cast(
            pl.Int32
        ),
    )


def first_full_date(text: pl.Expr) -> pl.Expr:
    """The first date written with its year in `text` ("June 5, 2018", "5 June 2018"), else null."""
    return full_date_parts(text, "f")


def published_line_date(text: pl.Expr) -> pl.Expr:
    """The date of the first `Published:` / `Date:` line of `text`, else null."""
    parts = text.str.extract_groups(PUBLISHED_LINE)
    words = make_date(
        pl.coalesce(parts.struct.field("y_p1"), parts.struct.field("y_p2")).cast(pl.Int32),
        month_number(pl.coalesce(parts.struct.field("m_p1"), parts.struct.field("m_p2"))),
        pl.coalesce(parts.struct.field("d_p1"), parts.struct.field("d_p2")).cast(pl.Int32),
    )
    iso = make_date(
        parts.struct.field("iso_y").cast(pl.Int32),
        parts.struct.field("iso_m").cast(pl.Int32),
        parts.struct.field("iso_d").cast(pl.Int32),
    )
    return pl.coalesce(words, iso)


def without_history_dates(text: pl.Expr) -> pl.Expr:
    """`text` with every date tied to history (`HISTORY_DATE`) erased, its cue kept."""
    return text.str.replace_all(HISTORY_DATE, "${cue}")


def year_of_day_near(month: pl.Expr, day: pl.Expr, anchor: pl.Expr) -> pl.Expr:
    """The year of a day written without one (a dateline's "Jan. 5") in an article that writes
    the full date `anchor`: the year that puts the day from two months before `anchor` to ten
    months after it. Stories report the recent past, so they are written on or after most days
    they name: "Jan. 5" over "December 28, 2018" is 2019, "Dec. 30" over a "January 3, 2019" to
    come is 2018."""
    year = anchor.dt.year().cast(pl.Int32)
    same_year = make_date(year, month, day)
    return (
        pl.when(same_year < anchor - pl.duration(days=61))
        .then(year + 1)
        .when(same_year > anchor + pl.duration(days=305))
        .then(year - 1)
        .otherwise(year)
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


# --- Relative expressions, read against the date of the article they appear in ------------------

# Phrases naming a day by its distance in days from the article's date.
RELATIVE_DAYS = {
    "the day before yesterday": -2,
    "yesterday": -1,
    "earlier today": 0,
    "this morning": 0,
    "this afternoon": 0,
    "this evening": 0,
    "tonight": 0,
    "tomorrow": 1,
}
# Phrases naming a month (a year) by its distance in months (years) from the article's. Not after
# "the": "the next month" and "the next year" count from a date the text gave before, not from
# the article's ("a visit in October and a meeting the next month").
RELATIVE_MONTHS = {
    "earlier this month": 0,
    "later this month": 0,
    "this month": 0,
    "last month": -1,
    "next month": 1,
}
RELATIVE_YEARS = {"last year": -1, "next year": 1}
# "last November", "this March", "next May": the such month before, of, or after the article's.
MONTH_REFERENCE_WORDS = {"last": -1, "this": 0, "next": 1}


def _phrases(words) -> str:
    """Alternation of phrases, longest first, any whitespace between their words."""
    return "|".join(r"\s+".join(phrase.split()) for phrase in sorted(words, key=len, reverse=True))


RELATIVE_DAY = rf"(?i)\b(?P<phrase>{_phrases(RELATIVE_DAYS)})\b"
RELATIVE_MONTH = rf"(?i)\b(?P<the>the\s+)?(?P<phrase>{_phrases(RELATIVE_MONTHS)})\b"
RELATIVE_YEAR = rf"(?i)\b(?P<the>the\s+)?(?P<phrase>{_phrases(RELATIVE_YEARS)})\b"
NAMED_MONTH = (
    rf"\b(?P<the>[Tt]he\s+)?(?P<which>(?i:{_phrases(MONTH_REFERENCE_WORDS)}))\s+"
    rf"(?P<month>{MONTH})(?:\.|\b)"
)


def _offset(text: pl.Expr, pattern: str, words: dict[str, int], after_the: bool) -> pl.Expr:
    """The offset `words` gives the first phrase of `pattern` in `text` (null: none, or, when
    the pattern reads `after_the`, one after "the")."""
    parts = text.str.extract_groups(pattern)
    phrase = parts.struct.field("phrase").str.to_lowercase().str.replace_all(r"\s+", " ")
    offset = phrase.replace_strict(words, default=None, return_dtype=pl.Int32)
    if after_the:
        return pl.when(parts.struct.field("the").is_null()).then(offset)
    return offset


def shift_months(reference: pl.Expr, months: pl.Expr) -> pl.Expr:
    """The first day of the month `months` after (before, if negative) `reference`'s."""
    index = reference.dt.year().cast(pl.Int32) * 12 + reference.dt.month().cast(pl.Int32) - 1
    shifted = index + months
    return make_date(shifted // 12, shifted % 12 + 1, pl.lit(1))


def relative_day_offset(text: pl.Expr) -> pl.Expr:
    """Days from the article's date of the first `RELATIVE_DAYS` phrase of `text` ("yesterday":
    -1, "this afternoon": 0), else null."""
    return _offset(text, RELATIVE_DAY, RELATIVE_DAYS, after_the=False)


def relative_month_offset(text: pl.Expr) -> pl.Expr:
    """Months from the article's month of the first `RELATIVE_MONTHS` phrase, else null."""
    return _offset(text, RELATIVE_MONTH, RELATIVE_MONTHS, after_the=True)


def relative_year_offset(text: pl.Expr) -> pl.Expr:
    """Years from the article's year of the first `RELATIVE_YEARS` phrase, else null."""
    return _offset(text, RELATIVE_YEAR, RELATIVE_YEARS, after_the=True)


def named_month(text: pl.Expr, reference: pl.Expr) -> pl.Expr:
    """The first "last November" / "this March" / "next May" of `text`, in an article dated
    `reference`, as a struct: `named_date`, the first of that month, the latest such month before
    the article's month ("last"), in its year ("this"), or the next after it ("next"); and
    `named_which`, the word's offset (-1, 0, 1). Nulls when there is none, or it follows "the"."""
    parts = text.str.extract_groups(NAMED_MONTH)
    which = (
        pl.when(parts.struct.field("the").is_null())
        .then(parts.struct.field("which").str.to_lowercase())
        .replace_strict(MONTH_REFERENCE_WORDS, default=None, return_dtype=pl.Int32)
    )
    month = month_number(parts.struct.field("month"))
    ref_year = reference.dt.year().cast(pl.Int32)
    ref_month = reference.dt.month().cast(pl.Int32)
    year = (
        pl.when(which == -1)
        .then(pl.when(month < ref_month).then(ref_year).otherwise(ref_year - 1))
        .when(which == 1)
        .then(pl.when(month > ref_month).then(ref_year).otherwise(ref_year + 1))
        .otherwise(ref_year)
    )
    return pl.struct(
        pl.when(which.is_not_null()).then(make_date(year, month, pl.lit(1))).alias("named_date"),
        which.alias("named_which"),
    )
