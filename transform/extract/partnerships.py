"""Sentences -> statements of a bilateral (or country-region) framework (schema `PARTNERSHIP_MENTIONS`).

A mention is a framework label ("strategic partnership", "community with a shared future", ...)
read with one regex built from the vocabularies in `vocab.py`: up to 160 characters of the clause
before it (`ctx`), qualifiers, an optional "X-Y" pair, more qualifiers, the head, suffixes
("of coordination", "in the new era") and an optional "between X and Y" / "with X" after it.
`str.extract_all` finds every mention of a sentence, `str.extract_groups` parses each.

Decisions (the contract leaves them open):
- Label: lower case, qualifiers + head + kept suffixes, no country names, no era ("in/for the new
  era"), no descriptive tails ("featuring ever-lasting friendship for development and prosperity",
  "for a more just world and a more sustainable planet"); "partners" reads as "partnership". Known
  variants are mapped to the ladder seed's wording, which dbt matches exactly
  (`vocab.PARTNERSHIP_LABEL_VARIANTS`): Nepal's "strategic partnership of cooperation" is the
  ladder's "strategic cooperative partnership", the all-weather community keeps "for the new era"
  because that is how the ladder names it. Labels the ladder lacks stay as read
  ("all-round strategic cooperative partnership", bare "partnership" for "the China-EU partnership").
- Not bilateral, so dropped: the global slogan ("... for humanity/mankind", "global community of
  shared future") and slogans or aspirations ("in the spirit of a community ...", "see the world as
  one community ..."); a bare "partnership"/"partners" without a core qualifier and without an
  "X-Y" pair in front ("good partners", "BRICS partners").
- Pair: the parties the text gives, no country assumed (`vocab.first_pair`, most specific
  evidence first): the "X-Y" glued to the label; "between X and Y" right after it; "with X" right
  after it; the last country named before the label in its clause window; the countries of the
  sentence in order; the countries of the people it names ("Xi and Lula announced ... their
  countries' bilateral ties"); the two countries the article names most (`vocab.main_countries`: "their
  countries' bilateral ties", "Both countries should stick to their strategic partnership").
  Regions count as a party only when glued or after the label ("China-Africa", "the EU-Japan
  partnership"). A statement whose text supports only one party is dropped.
- Action: `established` when the label's clause (the text before it back to the last , ; or :)
  has a verb of `vocab.PARTNERSHIP_ESTABLISH_VERBS` (elevate, upgrade, establish, launch, agreed to
  build, ...); otherwise `status`.
- Date. `status`: the day its sentence reports (sentence_dates: its own day, "the following day", the last day named before it), else the article's published_date (precision `day`). `established`, first found:
  the sentence's own day ("on 20 November", year from `year_near`) or weekday ("on Wednesday",
  the last such day up to publication), precision `day`; its own year ("In 2019", "In the course
  of 2024") or "this year", precision `year`; "recently": the year of the published_date,
  precision `year`; the last day or year named in the three sentences before it in the article
  (a quote after "He met with ... on November 1"); else the published_date, precision `day`.
  No date at all (no published_date): null, precision `unknown`.
- One row per (sentence, pair, label); when the same pair and label occur twice in a sentence,
  `established` wins.
"""

import polars as pl

from transform import schemas
from transform.extract import vocab
from transform.extract.dates import in_year, make_date, on_day_date, on_weekday_date
from transform.extract.engine import collect
from transform.extract.shared import Shared

_PLACE = vocab.country_pattern(include_blocs=True)
_QUALIFIER = rf"(?i:{vocab.alternation(vocab.PARTNERSHIP_QUALIFIERS)})"
_HEAD = rf"(?i:{vocab.alternation(vocab.PARTNERSHIP_HEADS)})"
_SUFFIX = (
    "(?i:"
    + vocab.alternation(
        vocab.PARTNERSHIP_SUFFIXES_KEPT
        + vocab.PARTNERSHIP_SUFFIXES_DROPPED
        + vocab.PARTNERSHIP_SUFFIXES_GLOBAL
    )
    + ")"
)

# `gap`: the text since the previous match (or the sentence's start), lazy, so that the label
# groups start at the first place a label does. The clause window before the label (`ctx`) is
# then its last CONTEXT_CHARS characters after any `;` (which separates clauses in this prose).
# Written into the regex as `[^;]{0,160}?`, the window gave the same matches at a sixth of the
# speed: a counted repetition multiplies the automaton.
CONTEXT_CHARS = 160
MENTION = (
    r"(?P<gap>(?s:.*?))"
    r"[“\"]?"
    rf"(?P<pre>(?:{_QUALIFIER}\s+)*)"
    rf"(?:(?P<pa>{_PLACE})\s?[-–]\s?(?P<pb>{_PLACE})\s+)?"
    rf"(?P<quals>(?:{_QUALIFIER}\s+)*)"
    rf"(?P<head>{_HEAD})\b"
    rf"(?P<tail>(?:\s+{_SUFFIX}\b)*)"
    r"[”\"]?"
    rf"(?:\s+(?i:between)\s+(?P<ba>{_PLACE})\s+(?i:and)\s+(?:(?i:the)\s+)?(?P<bb>{_PLACE})"
    rf"|\s+(?i:with)\s+(?P<after>{_PLACE}))?"
)

_GLOBAL_TAIL = "(?i)" + vocab.alternation(vocab.PARTNERSHIP_SUFFIXES_GLOBAL)
_NON_FRAMEWORK = (
    r"(?i)(?:"
    + vocab.alternation(vocab.PARTNERSHIP_NON_FRAMEWORK_CONTEXT)
    + r")\s+(?:(?:a|an|the|one)\s+)?[“\"]?\s*$"
)
_CORE = r"(?i)\b(?:" + vocab.alternation(vocab.PARTNERSHIP_CORE_QUALIFIERS) + r")\b"
_KEPT_TAIL = r"(?i)\b(?:" + vocab.alternation(vocab.PARTNERSHIP_SUFFIXES_KEPT) + r")\b"
_DROPPED_TAIL = r"\s+(?:" + vocab.alternation(vocab.PARTNERSHIP_SUFFIXES_DROPPED) + r")\b"
_ESTABLISH = r"(?i)\b(?:" + "|".join(vocab.PARTNERSHIP_ESTABLISH_VERBS) + r")"
_RECENT = r"(?i)\b(?:" + vocab.alternation(vocab.RECENT_WORDS) + r")\b"
_THIS_YEAR = r"(?i)\bthis year\b"

# Every label contains one of these (prefilter for `MENTION`).
KEYWORDS = ["partner", "communit"]

# How many sentences back an `established` mention looks for the day it happened.
CONTEXT_SENTENCES = 3


def _sentence_dates(sentences: pl.LazyFrame) -> pl.LazyFrame:
    """Per sentence: its own date (and precision), and the last one of the sentences before it."""
    # The plain-spaced text once, as a column: every expression below reads it.
    sentences = sentences.with_columns(vocab.plain_spaces(pl.col("sentence")).alias("_text"))
    text, ref = pl.col("_text"), pl.col("published_date")
    day = pl.coalesce(on_day_date(text, ref), on_weekday_date(text, ref))
    year = in_year(text)
    explicit = pl.coalesce(day, make_date(year, pl.lit(1), pl.lit(1)))
    explicit_precision = (
        pl.when(day.is_not_null()).then(pl.lit("day")).when(year.is_not_null()).then(pl.lit("year"))
    )
    this_year = pl.when(text.str.contains(_THIS_YEAR)).then(
        make_date(ref.dt.year(), pl.lit(1), pl.lit(1))
    )
    back = CONTEXT_SENTENCES - 1
    return (
        sentences.sort("article_id", "sentence_index")
        .with_columns(
            explicit.alias("own_date"),
            explicit_precision.alias("own_precision"),
            this_year.alias("this_year_date"),
            text.str.contains(_RECENT).alias("recent"),
        )
        .with_columns(
            pl.col("own_date")
            .shift(1)
            .forward_fill(limit=back)
            .over("article_id")
            .alias("context_date"),
            pl.col("own_precision")
            .shift(1)
            .forward_fill(limit=back)
            .over("article_id")
            .alias("context_precision"),
        )
    )


def _effective_date(established: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    pub = pl.col("published_date")
    date = (
        pl.when(~established)
        .then(pl.coalesce(pl.col("status_day"), pub))
        .when(pl.col("own_date").is_not_null())
        .then(pl.col("own_date"))
        .when(pl.col("this_year_date").is_not_null())
        .then(pl.col("this_year_date"))
        # "recently elevated": some time before publication, most likely the same year.
        .when(pl.col("recent"))
        .then(make_date(pub.dt.year(), pl.lit(1), pl.lit(1)))
        .when(pl.col("context_date").is_not_null())
        .then(pl.col("context_date"))
        .otherwise(pub)
    )
    precision = (
        pl.when(date.is_null())
        .then(pl.lit("unknown"))
        .when(~established)
        .then(pl.lit("day"))
        .when(pl.col("own_date").is_not_null())
        .then(pl.col("own_precision"))
        .when(pl.col("this_year_date").is_not_null())
        .then(pl.lit("year"))
        .when(pl.col("recent"))
        .then(pl.lit("year"))
        .when(pl.col("context_date").is_not_null())
        .then(pl.col("context_precision"))
        .otherwise(pl.lit("day"))
    )
    return date, precision


def _label() -> pl.Expr:
    head = (
        pl.col("head")
        .str.to_lowercase()
        .replace_strict(vocab.PARTNERSHIP_HEADS, default=None, return_dtype=pl.String)
    )
    words = (
        pl.concat_str([pl.col("pre"), pl.col("quals"), head, pl.col("tail")], separator=" ")
        .str.to_lowercase()
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
    )
    label = words.str.replace_all(_DROPPED_TAIL, "").str.strip_chars()
    return label.replace(vocab.PARTNERSHIP_LABEL_VARIANTS)


def extract_partnership_mentions(
    sentences: pl.LazyFrame, shared: Shared | None = None
) -> pl.LazyFrame:
    """One row per (sentence, country pair, label) that states a bilateral framework."""
    shared = shared or Shared(sentences)
    # A statement is dated by the day its sentence reports ("The following day, Hun Sen met Zhao
    # Leji, who noted that ... community with a shared future"), else the article's date (which
    # is also what a dateline would give: not the sentence's own).
    reported = shared.dates.select(
        "article_id",
        "sentence_index",
        pl.when((pl.col("date_precision") == "day") & (pl.col("date_source") != "dateline"))
        .then(pl.col("event_date"))
        .alias("status_day"),
    )
    # Only articles naming a framework: the context of a sentence is its own article's.
    framed = (
        sentences.filter(pl.col("sentence").str.contains_any(KEYWORDS, ascii_case_insensitive=True))
        .select("article_id")
        .unique()
    )
    dated = _sentence_dates(
        sentences.select(list(schemas.SENTENCES)).join(framed, on="article_id", how="semi")
    ).join(reported, on=["article_id", "sentence_index"], how="left")

    # A cheap word test first: the label regex is costly, and most sentences name no framework.
    mentions = (
        dated.filter(pl.col("sentence").str.contains_any(KEYWORDS, ascii_case_insensitive=True))
        .with_columns(
            vocab.plain_spaces(pl.col("sentence")).str.extract_all(MENTION).alias("match"),
            vocab.named_codes(pl.col("sentence")).alias("sentence_codes"),
        )
        .explode("match")
        .drop_nulls("match")
        .with_columns(pl.col("match").str.extract_groups(MENTION).alias("g"))
        .unnest("g")
        .with_columns(
            pl.col("gap").str.slice(-CONTEXT_CHARS).str.extract(r"([^;]*)$", 1).alias("ctx")
        )
    )

    is_community = pl.col("head").str.to_lowercase().str.starts_with("community")
    qualifiers = pl.concat_str([pl.col("pre"), pl.col("quals")], separator=" ")
    glued = pl.col("pa").is_not_null() & pl.col("pb").is_not_null()
    is_framework = (
        (
            is_community
            | qualifiers.str.contains(_CORE)
            | pl.col("tail").str.contains(_KEPT_TAIL)
            | glued
        )
        & ~pl.col("tail").str.contains(_GLOBAL_TAIL)
        & ~(is_community & qualifiers.str.contains(r"(?i)\bglobal\b"))
        & ~pl.col("ctx").str.contains(_NON_FRAMEWORK)
    )
    clause = pl.col("ctx").str.extract(r"([^,;:]*)$", 1)
    established = clause.str.contains(_ESTABLISH).fill_null(False)

    coded = collect(
        mentions.filter(is_framework).with_columns(
            vocab.to_code(pl.col("pa"), include_blocs=True).alias("code_a"),
            vocab.to_code(pl.col("pb"), include_blocs=True).alias("code_b"),
            vocab.to_code(pl.col("ba"), include_blocs=True).alias("code_ba"),
            vocab.to_code(pl.col("bb"), include_blocs=True).alias("code_bb"),
            vocab.to_code(pl.col("after"), include_blocs=True).alias("code_after"),
            vocab.named_codes(pl.col("ctx")).list.last().alias("ctx_code"),
        )
    )
    coded = (
        coded.lazy()
        .join(shared.main_countries_of(coded), on="article_id", how="left")
        .join(shared.people_countries_of(coded), on=["article_id", "sentence_index"], how="left")
    )
    # A glued or "between" pair is taken whole, or not at all (one side unknown: the rest decides).
    glued_pair = pl.when(pl.col("code_a").is_not_null() & pl.col("code_b").is_not_null())
    between_pair = pl.when(pl.col("code_ba").is_not_null() & pl.col("code_bb").is_not_null())
    pair = vocab.first_pair(
        glued_pair.then(pl.concat_list("code_a", "code_b")).otherwise(pl.lit([], schemas.List)),
        between_pair.then(pl.concat_list("code_ba", "code_bb")).otherwise(pl.lit([], schemas.List)),
        "code_after",
        "ctx_code",
        "sentence_codes",
        "people_codes",
        "main_1",
        "main_2",
    )
    date, precision = _effective_date(pl.col("established"))

    out = (
        coded.with_columns(
            pair.list.get(0, null_on_oob=True).alias("s1"),
            pair.list.get(1, null_on_oob=True).alias("s2"),
            established.alias("established"),
            _label().alias("partnership_label"),
        )
        .filter(pl.col("s2").is_not_null() & (pl.col("s1") != pl.col("s2")))
        .with_columns(
            pl.when(pl.col("s1") < pl.col("s2")).then("s1").otherwise("s2").alias("country_a"),
            pl.when(pl.col("s1") < pl.col("s2")).then("s2").otherwise("s1").alias("country_b"),
            pl.when(pl.col("established"))
            .then(pl.lit("established"))
            .otherwise(pl.lit("status"))
            .alias("action"),
            date.alias("effective_date"),
            precision.alias("date_precision"),
            pl.col("sentence").alias("evidence"),
        )
        .sort("article_id", "sentence_index", "action")  # `established` before `status`
        .unique(
            ["article_id", "sentence_index", "country_a", "country_b", "partnership_label"],
            keep="first",
            maintain_order=True,
        )
        .sort("article_id", "sentence_index", "country_a", "country_b", "partnership_label")
    )
    return schemas.conform(out, schemas.PARTNERSHIP_MENTIONS)
