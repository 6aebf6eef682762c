"""Sentences -> anniversaries named (schema `ANNIVERSARY_MENTIONS`) and founding dates stated
(schema `FOUNDING_MENTIONS`), keyed alike so that dbt can link an anniversary to its founding.

Anniversaries: "<ordinal> anniversary of <subject>", the ordinal in digits ("70th") or words
("seventy-fifth"), the subject up to the end of its clause (`,` `;` a full stop, "next year", "as an
opportunity"), or the apposition after a dash ("another landmark event — Xi's proposing of ...").
Founding dates: "China and Peru established diplomatic relations on November 2, 1971", "the
establishment of diplomatic relations between China and Nepal in 1955", "... 26 years ago"; and a
commemorated event followed by its date ("the founding of the People's Republic of China on
October 1, 1949").

Decisions (the contract leaves them open):
- Subject. Diplomatic relations (the subject says "diplomatic relations/ties") are always
  "establishment of <A>-<B> diplomatic relations", the names as the reference seed writes them
  ("Nepal", "EU"), A and B in the order of their ISO codes ("Bolivia-China", "China-Nepal"), so
  the same relation is one subject whatever the wording; their country_codes are the two parties the text
  gives, no country assumed: the pair in the subject ("between China and Nepal"), else the
  sentence's countries, else the article's two most-named countries ("next year marks the 70th
  anniversary of the establishment of diplomatic relations" in an article on China and Nepal). A known commemorated event
  (`vocab.COMMEMORATED_EVENTS`) gets its stored name ("founding of the People’s Republic of China",
  whatever the wording: "PRC", "New China"). Anything else keeps the words read, without a leading
  "the". Only diplomatic relations have country codes: other subjects get [] (the contract's
  "empty when not bilateral"), even when a country is named in them.
- Plural "10th anniversaries of a range of landmark events": skipped (no single subject).
- anniversary_year, first found: the year of a day given before it ("November 28, 2024, marked the
  10th anniversary ..."), which is also anniversary_date; a year given before it ("As the year 2025
  marks ..."); "next / this / last year" right before ("next year marks the ...") or right after the
  subject ("... between China and Bolivia next year"); the founding year of a known event plus the
  ordinal ("We will hold solemn commemorations for the 80th anniversary of the victory ...": 1945 +
  80 = 2025); else the year of publication (an anniversary named without a year is the current one).
  A weekday ("Thursday also marks the 10th anniversary") is not resolved to a date: a blog entry's
  publication date is too uncertain for it.
- Founding dates: a date with a day gives precision `day`; a month and year `month` (first of the
  month); a year `year` (January 1); "N years ago" the year of publication minus N, precision
  `year`. Approximate ages ("nearly 70 years ago", "over 50 years") are skipped: a wrong founding
  year would project wrong anniversaries. A founding with no date is no row.
"""

import polars as pl

from transform import schemas
from transform.extract import vocab
from transform.extract.dates import DAY, MONTH, YEAR, make_date, month_number
from transform.extract.engine import collect, sorted_set
from transform.extract.shared import Shared

_PLACE = vocab.country_pattern(include_blocs=True)
_ORDINAL = r"[0-9]{1,3}(?:st|nd|rd|th)|(?i:" + vocab.alternation(vocab.ORDINAL_WORDS) + ")"
_CARDINAL = r"[0-9]{1,3}|(?i:" + vocab.alternation(vocab.CARDINAL_WORDS) + ")"
_CLAUSE_END = r",|;|\.\s|\.?$"
_END = (
    rf"\s+—\s+(?P<appos>[^,;]+?)(?:{_CLAUSE_END})"
    r"|\s+(?P<after_rel>(?i:next|this|last))\s+year\b"
    r"|\s+(?i:as an?)\s"
    rf"|{_CLAUSE_END}"
)
ANNIVERSARY = (
    r"(?P<pre>[^;]{0,100}?)"
    rf"\b(?P<ord>{_ORDINAL})\s+(?i:anniversar)(?P<plural>y|ies)\s+(?i:of)\s+(?:(?i:the)\s+)?"
    r"(?P<subject>[^;]+?)"
    rf"(?:{_END})"
)
# What `pre` ends with when it places the anniversary in time.
_MARKS = r"(?:\s+also)?\s+(?i:marks|marked|will mark|is|was)\s+(?:(?i:the)\s+)?$"
PRE_DAY = rf"(?P<m>{MONTH})\s+(?P<d>{DAY}),\s+(?P<y>{YEAR}),?{_MARKS}"
PRE_YEAR = rf"(?P<y>{YEAR}),?{_MARKS}"
PRE_RELATIVE = rf"\b(?P<rel>(?i:next|this|last))\s+(?i:year){_MARKS}"
_RELATIVE_YEARS = {"next": 1, "this": 0, "last": -1}

_RELATIONS = r"(?i)\bdiplomatic\s+(?:relations|ties)\b"
_WHEN = (
    rf"(?:(?i:on)\s+(?:(?P<m1>{MONTH})\s+(?P<d1>{DAY}),?\s+(?P<y1>{YEAR})"
    rf"|(?P<d2>{DAY})\s+(?P<m2>{MONTH}),?\s+(?P<y2>{YEAR}))\b"
    rf"|(?i:in)\s+(?:(?P<m3>{MONTH})\s+)?(?P<y3>{YEAR})\b"
    r"|(?P<approx>(?i:nearly|almost|about|around|over|more than|some|roughly)\s+)?"
    rf"(?P<ago>{_CARDINAL})\s+(?i:years\s+ago)\b)"
)
FOUNDING = (
    rf"(?:(?P<a>{_PLACE})\s+(?i:and)\s+(?P<b>{_PLACE})\s+(?:(?i:officially|formally)\s+)?"
    r"(?i:established)"
    rf"|(?P<c>{_PLACE})\s+(?:(?i:officially|formally)\s+)?(?i:established)"
    r"|(?i:establishment\s+of))"
    r"\s+(?:(?i:full|formal)\s+)?(?i:diplomatic\s+(?:relations|ties))"
    rf"(?:\s+(?i:with)\s+(?P<d>{_PLACE}))?"
    rf"(?:\s+(?i:between)\s+(?P<e>{_PLACE})\s+(?i:and)\s+(?:(?i:the)\s+)?(?P<f>{_PLACE}))?"
    r"(?:\s+(?i:at\s+(?:the\s+)?ambassadorial\s+level))?"
    rf",?\s+{_WHEN}"
)
_EVENTS = "|".join(f"(?:{pattern})" for _, pattern, _ in vocab.COMMEMORATED_EVENTS)
# Every event founding names a year or "years ago" (prefilter for `EVENT_FOUNDING`).
# Every pattern of vocab.COMMEMORATED_EVENTS holds one of these (prefilter for EVENT_FOUNDING,
# with a digit or "years ago" for its date; tests/transform/test_anniversaries.py checks the list).
EVENT_WORDS = [
    "founding",
    "five principles",
    "bandung",
    "asian-african",
    "victory",
    "volunteers",
    "country diplomacy",
    "lawful seat",
    "belt and road",
    "forum on china-africa",
    "shanghai cooperation",
]
EVENT_KEYWORDS = [str(d) for d in range(10)] + ["years ago"]
EVENT_FOUNDING = rf"(?P<event>(?i:{_EVENTS}))(?:\s+\([^)]*\))?,?\s+{_WHEN}"


def _event(expr: pl.Expr, what: int) -> pl.Expr:
    """The known commemorated event named in `expr`: its stored subject (0) or founding year (2)."""
    out = pl.lit(None, dtype=pl.String if what == 0 else pl.Int32)
    for event in reversed(vocab.COMMEMORATED_EVENTS):
        out = pl.when(expr.str.contains(f"(?i){event[1]}")).then(pl.lit(event[what])).otherwise(out)
    return out


def _relations_subject(pair: pl.Expr) -> pl.Expr:
    """ "establishment of China-Nepal diplomatic relations": the parties' names in the order of
    their codes, so that one relation is one subject whatever the wording (dbt names the seed's
    relations the same way)."""
    codes = sorted_set(pair)
    return pl.concat_str(
        [
            pl.lit("establishment of "),
            vocab.code_name(codes.list.get(0)),
            pl.lit("-"),
            vocab.code_name(codes.list.get(1)),
            pl.lit(" diplomatic relations"),
        ]
    )


def _relations_pair(*evidence: pl.Expr) -> pl.Expr:
    """The two parties of a diplomatic relationship, from the evidence given (most specific first),
    then the article's two most-named countries ("the two countries"); fewer than two: null."""
    pair = vocab.first_pair(*evidence, pl.col("main_1"), pl.col("main_2"))
    return pl.when(pair.list.len() == 2).then(pair)


def _matches(
    sentences: pl.LazyFrame, pattern: str, shared: Shared, *keyword_sets: list[str]
) -> pl.LazyFrame:
    """One row per match of `pattern` in a sentence, its named groups as columns.

    Only sentences with one word of each of `keyword_sets` (any case) are searched: a cheap test
    before a costly regex.
    """
    found = collect(
        sentences.select(list(schemas.SENTENCES))
        .filter(
            *[
                pl.col("sentence").str.contains_any(words, ascii_case_insensitive=True)
                for words in keyword_sets
            ]
        )
        .with_columns(
            vocab.plain_spaces(pl.col("sentence")).str.extract_all(pattern).alias("match")
        )
        .explode("match")
        .drop_nulls("match")
        .with_columns(pl.col("match").str.extract_groups(pattern).alias("g"))
        .unnest("g")
    )
    return found.lazy().join(shared.main_countries_of(found), on="article_id", how="left")


def extract_anniversary_mentions(
    sentences: pl.LazyFrame, shared: Shared | None = None
) -> pl.LazyFrame:
    """One row per (sentence, subject) naming the n-th anniversary of something."""
    shared = shared or Shared(sentences)
    pub_year = pl.col("published_date").dt.year().cast(pl.Int32)
    found = _matches(sentences, ANNIVERSARY, shared, ["anniversar"]).filter(
        pl.col("plural").str.to_lowercase() == "y"
    )

    subject_read = (
        pl.coalesce("appos", "subject").str.strip_chars(" “”\"'’").str.replace(r"(?i)^the\s+", "")
    )
    is_relations = subject_read.str.contains(_RELATIONS)
    pair = _relations_pair(
        vocab.named_codes(subject_read, include_blocs=True),
        vocab.named_codes(pl.col("sentence"), include_blocs=True),
    )
    event = _event(subject_read, 0)
    subject = (
        pl.when(pl.col("is_diplomatic_relations"))
        .then(_relations_subject(pl.col("pair")))
        .when(event.is_not_null())
        .then(event)
        .otherwise(subject_read)
    )

    ordinal = pl.col("ord").str.to_lowercase()
    ordinal_no = pl.coalesce(
        ordinal.str.extract(r"^([0-9]+)", 1).cast(pl.Int32),
        ordinal.replace_strict(vocab.ORDINAL_WORDS, default=None, return_dtype=pl.Int32),
    )
    pre_day = pl.col("pre").str.extract_groups(PRE_DAY)
    anniversary_date = make_date(
        pre_day.struct.field("y").cast(pl.Int32),
        month_number(pre_day.struct.field("m")),
        pre_day.struct.field("d").cast(pl.Int32),
    )
    relative = (
        pl.coalesce(pl.col("pre").str.extract(PRE_RELATIVE, 1), pl.col("after_rel"))
        .str.to_lowercase()
        .replace_strict(_RELATIVE_YEARS, default=None, return_dtype=pl.Int32)
    )
    year = pl.coalesce(
        anniversary_date.dt.year().cast(pl.Int32),
        pl.col("pre").str.extract(PRE_YEAR, 1).cast(pl.Int32),
        pub_year + relative,
        _event(subject_read, 2) + ordinal_no,
        pub_year,
    )

    out = (
        found.with_columns(
            is_relations.alias("is_diplomatic_relations"),
            pair.alias("pair"),
        )
        .filter(~pl.col("is_diplomatic_relations") | pl.col("pair").is_not_null())
        .with_columns(
            subject.alias("subject"),
            pl.when(pl.col("is_diplomatic_relations"))
            .then(sorted_set(pl.col("pair")))
            .otherwise(pl.lit([], dtype=schemas.List))
            .alias("country_codes"),
            ordinal_no.alias("ordinal"),
            year.alias("anniversary_year"),
            anniversary_date.alias("anniversary_date"),
            pl.col("published_date").alias("mentioned_on"),
            pl.col("sentence").alias("evidence"),
        )
        .filter(pl.col("ordinal").is_not_null() & (pl.col("subject").str.len_chars() > 0))
        .unique(["article_id", "sentence_index", "subject"], keep="first", maintain_order=True)
        .sort("article_id", "sentence_index", "subject")
    )
    return schemas.conform(out, schemas.ANNIVERSARY_MENTIONS)


def _founded(frame: pl.LazyFrame) -> pl.LazyFrame:
    """Base date, year and precision from the `_WHEN` groups of a match."""
    pub_year = pl.col("published_date").dt.year().cast(pl.Int32)
    day_year = pl.coalesce(pl.col("y1"), pl.col("y2")).cast(pl.Int32)
    day = make_date(
        day_year, month_number(pl.coalesce("m1", "m2")), pl.coalesce("d1", "d2").cast(pl.Int32)
    )
    month = month_number(pl.col("m3"))
    in_year = pl.col("y3").cast(pl.Int32)
    ago = pl.col("ago").str.to_lowercase()
    ago_no = pl.coalesce(
        ago.str.extract(r"^([0-9]+)$", 1).cast(pl.Int32),
        ago.replace_strict(vocab.CARDINAL_WORDS, default=None, return_dtype=pl.Int32),
    )
    base_year = pl.coalesce(day_year, in_year, pub_year - ago_no)
    base_date = pl.coalesce(day, make_date(base_year, pl.coalesce(month, pl.lit(1)), pl.lit(1)))
    precision = (
        pl.when(day.is_not_null())
        .then(pl.lit("day"))
        .when(month.is_not_null())
        .then(pl.lit("month"))
        .otherwise(pl.lit("year"))
    )
    return (
        frame.filter(pl.col("approx").is_null())
        .with_columns(
            base_date.alias("base_date"),
            base_year.alias("base_year"),
            precision.alias("date_precision"),
            pl.col("sentence").alias("evidence"),
        )
        .filter(pl.col("base_year").is_not_null())
    )


def extract_founding_mentions(
    sentences: pl.LazyFrame, shared: Shared | None = None
) -> pl.LazyFrame:
    """One row per (sentence, subject) that dates the establishment of relations or a known event."""
    shared = shared or Shared(sentences)
    # "A and B established", "between E and F": a pair taken whole; "C established ... with D".
    named = {g: vocab.to_code(pl.col(g), include_blocs=True) for g in "abcdef"}
    whole = [
        pl.when(named[x].is_not_null() & named[y].is_not_null())
        .then(pl.concat_list(named[x], named[y]))
        .otherwise(pl.lit([], schemas.List))
        for x, y in (("a", "b"), ("e", "f"))
    ]
    pair = _relations_pair(
        *whole, named["c"], named["d"], vocab.named_codes(pl.col("sentence"), include_blocs=True)
    )
    relations = (
        _founded(_matches(sentences, FOUNDING, shared, ["diplomatic"]))
        .with_columns(pair.alias("pair"))
        .filter(pl.col("pair").is_not_null())
        .with_columns(
            _relations_subject(pl.col("pair")).alias("subject"),
            pl.lit(True).alias("is_diplomatic_relations"),
            sorted_set(pl.col("pair")).alias("country_codes"),
        )
    )
    events = _founded(
        _matches(sentences, EVENT_FOUNDING, shared, EVENT_WORDS, EVENT_KEYWORDS)
    ).with_columns(
        _event(pl.col("event"), 0).alias("subject"),
        pl.lit(False).alias("is_diplomatic_relations"),
        pl.lit([], dtype=schemas.List).alias("country_codes"),
    )
    columns = list(schemas.FOUNDING_MENTIONS)
    out = (
        pl.concat(
            [
                schemas.conform(relations, schemas.FOUNDING_MENTIONS),
                schemas.conform(events, schemas.FOUNDING_MENTIONS),
            ]
        )
        .unique(["article_id", "sentence_index", "subject"], keep="first", maintain_order=True)
        .sort("article_id", "sentence_index", "subject")
    )
    return out.select(columns)
