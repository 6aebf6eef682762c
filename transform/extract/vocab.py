"""Vocabularies as data: country names and demonyms -> ISO3, blocs, titles, meeting verbs.

Country names come from pycountry (ISO 3166) and demonyms, capitals and alternative spellings from
countryinfo (REST Countries data), both maintained upstream; this module only adds what they do not
carry: the short names news uses ("Britain", "Russia"), a few adjectival variants ("Nepali"), cities
that are not capitals, and the bloc tokens of the contract (`AFRICA`, `ASEAN`, ...).
"""

import re
from functools import lru_cache

import polars as pl
import pycountry

# Names news uses that ISO's name / common_name / official_name do not give.
_EXTRA_NAMES = {
    "Britain": "GBR",
    "Great Britain": "GBR",
    "UK": "GBR",
    "U.K.": "GBR",
    "United Kingdom": "GBR",
    "England": "GBR",
    "Scotland": "GBR",
    "Wales": "GBR",
    "US": "USA",
    "U.S.": "USA",
    "USA": "USA",
    "United States": "USA",
    "America": "USA",
    "Russia": "RUS",
    "Iran": "IRN",
    "Syria": "SYR",
    "Laos": "LAO",
    "Lao": "LAO",
    "Vietnam": "VNM",
    "Viet Nam": "VNM",
    "Socialist Republic of Vietnam": "VNM",
    "Bolivia": "BOL",
    "Venezuela": "VEN",
    "Tanzania": "TZA",
    "Moldova": "MDA",
    "South Korea": "KOR",
    "Republic of Korea": "KOR",
    "ROK": "KOR",
    "North Korea": "PRK",
    "DPRK": "PRK",
    "Democratic People's Republic of Korea": "PRK",
    "Taiwan": "TWN",
    "Palestine": "PSE",
    "Czech Republic": "CZE",
    "Czechia": "CZE",
    "Slovak Republic": "SVK",
    "Turkey": "TUR",
    "Türkiye": "TUR",
    "Turkiye": "TUR",
    "Ivory Coast": "CIV",
    "Cote d'Ivoire": "CIV",
    "Côte d'Ivoire": "CIV",
    "Cape Verde": "CPV",
    "Brunei": "BRN",
    "Micronesia": "FSM",
    "East Timor": "TLS",
    "Timor-Leste": "TLS",
    "Macedonia": "MKD",
    "North Macedonia": "MKD",
    "Swaziland": "SWZ",
    "Eswatini": "SWZ",
    "Burma": "MMR",
    "Myanmar": "MMR",
    "Congo": "COG",
    "DR Congo": "COD",
    "DRC": "COD",
    "Democratic Republic of the Congo": "COD",
    "Vatican": "VAT",
    "Holy See": "VAT",
    "Kyrgyzstan": "KGZ",
    "Cabo Verde": "CPV",
    "Sao Tome and Principe": "STP",
    "People's Republic of China": "CHN",
    "PRC": "CHN",
    "Mainland China": "CHN",
    "Kingdom of Saudi Arabia": "SAU",
    "Islamic Republic of Iran": "IRN",
    "Hong Kong": "CHN",
    "Macao": "CHN",
    "Macau": "CHN",
}

# Demonyms and capitals come from countryinfo (maintained REST Countries data). These are only the
# adjectival forms wire copy uses that it lacks ("Nepali", "Saudi", "Kazakh") or gets ambiguous
# ("Korean", "Congolese"); they win over countryinfo.
_DEMONYM_VARIANTS = {
    "English": "GBR",
    "Nepali": "NPL",
    "Slovakian": "SVK",
    "Saudi": "SAU",
    "Korean": "KOR",
    "South Korean": "KOR",
    "North Korean": "PRK",
    "Lao": "LAO",
    "Philippine": "PHL",
    "Myanmar": "MMR",
    "Kazakh": "KAZ",
    "Uzbek": "UZB",
    "Kyrgyz": "KGZ",
    "Tajik": "TJK",
    "Botswanan": "BWA",
    "Djiboutian": "DJI",
    "Slovenian": "SVN",
    "Bosnian": "BIH",
    "Icelandic": "ISL",
    "Luxembourgish": "LUX",
    "Argentine": "ARG",
    "Argentinian": "ARG",
    "Ecuadorian": "ECU",
    "Surinamese": "SUR",
    "New Zealand": "NZL",
    "Vanuatuan": "VUT",
    "Maldivian": "MDV",
    "Timorese": "TLS",
    "Belarussian": "BLR",
    "Comorian": "COM",
    "Cape Verdean": "CPV",
    "Congolese": "COG",
    "Saudi Arabian": "SAU",
    "Emirati": "ARE",
    "Palestinian": "PSE",
    "Burmese": "MMR",
}


# Alternative spellings that are ordinary words or surnames in English prose.
_NOT_NAMES = {"Mann", "Manx"}


@lru_cache(maxsize=1)
def _countryinfo() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(demonym -> ISO3, capital -> ISO3, alternative spelling -> ISO3) from countryinfo.

    Territories share demonyms and capitals with their state ("French", "American"): where a form
    is shared, the most populous country keeps it.
    """
    from countryinfo import all_countries  # imported lazily: it reads its JSON files at import

    tables: tuple[dict, dict, dict] = ({}, {}, {})
    weights: tuple[dict, dict, dict] = ({}, {}, {})
    for country in all_countries():
        code = country.iso(3)
        try:
            population = country.population() or 0
        except Exception:  # noqa: BLE001 - a few territories carry no population figure (various errors)
            population = 0
        forms = (
            [country.demonym()],
            [country.capital()],
            [
                a
                for a in (country.alt_spellings() or [])
                if len(a) > 3 and a[:1].isupper() and a not in _NOT_NAMES
            ],
        )
        for table, weight, names in zip(tables, weights, forms, strict=True):
            # some entries hold a list (two capitals, two demonyms)
            flat = [n for name in names for n in (name if isinstance(name, list) else [name])]
            for name in flat:
                if name and isinstance(name, str) and population >= weight.get(name, -1):
                    table[name], weight[name] = code, population
    return tables


def demonyms() -> dict[str, str]:
    return {**_countryinfo()[0], **_DEMONYM_VARIANTS}


# Blocs and regions that stand where a country would ("China-Africa", "China-ASEAN").
BLOCS = {
    "Africa": "AFRICA",
    "African": "AFRICA",
    "ASEAN": "ASEAN",
    "CELAC": "CELAC",
    "EU": "EU",
    "European Union": "EU",
    "Europe": "EU",
    "European": "EU",
    "BRICS": "BRICS",
    "Arab States": "ARAB_STATES",
    "Arab": "ARAB_STATES",
    "Pacific Island Countries": "PACIFIC_ISLANDS",
    "Pacific Islands": "PACIFIC_ISLANDS",
    "Latin America": "CELAC",
    "Latin America and the Caribbean": "CELAC",
}


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
    names.update(_countryinfo()[2])
    names.update(_EXTRA_NAMES)
    return names


@lru_cache(maxsize=1)
def country_aliases() -> dict[str, str]:
    """Every name, short name and demonym we recognise -> ISO3 (not blocs)."""
    return {**country_names(), **demonyms()}


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


# Cities that are not capitals (or spelled as news spells them) -> ISO3; capitals come from
# countryinfo. Used for `location` / `location_country` and visit hosts.
_OTHER_CITIES = {
    "Beijing": "CHN",
    "Shanghai": "CHN",
    "Guangzhou": "CHN",
    "Shenzhen": "CHN",
    "Tianjin": "CHN",
    "Xiamen": "CHN",
    "Chengdu": "CHN",
    "Hangzhou": "CHN",
    "Xi'an": "CHN",
    "Wuhan": "CHN",
    "Kunming": "CHN",
    "Nanning": "CHN",
    "Urumqi": "CHN",
    "Hong Kong": "CHN",
    "Macao": "CHN",
    "Shenyang": "CHN",
    "Dandong": "CHN",
    "Rio de Janeiro": "BRA",
    "Brasilia": "BRA",
    "Brasília": "BRA",
    "Sao Paulo": "BRA",
    "Lima": "PER",
    "Riyadh": "SAU",
    "Jeddah": "SAU",
    "Cape Town": "ZAF",
    "Pretoria": "ZAF",
    "Johannesburg": "ZAF",
    "Kathmandu": "NPL",
    "Phnom Penh": "KHM",
    "Jakarta": "IDN",
    "Colombo": "LKA",
    "Havana": "CUB",
    "Mexico City": "MEX",
    "La Paz": "BOL",
    "Santiago": "CHL",
    "Bratislava": "SVK",
    "London": "GBR",
    "Moscow": "RUS",
    "Kazan": "RUS",
    "Pyongyang": "PRK",
    "Tehran": "IRN",
    "Washington": "USA",
    "New York": "USA",
    "San Francisco": "USA",
    "Paris": "FRA",
    "Berlin": "DEU",
    "Brussels": "BEL",
    "Rome": "ITA",
    "Madrid": "ESP",
    "Geneva": "CHE",
    "Vienna": "AUT",
    "Budapest": "HUN",
    "Belgrade": "SRB",
    "Astana": "KAZ",
    "Tashkent": "UZB",
    "Bishkek": "KGZ",
    "Dushanbe": "TJK",
    "Islamabad": "PAK",
    "New Delhi": "IND",
    "Dhaka": "BGD",
    "Hanoi": "VNM",
    "Vientiane": "LAO",
    "Bangkok": "THA",
    "Kuala Lumpur": "MYS",
    "Singapore": "SGP",
    "Manila": "PHL",
    "Tokyo": "JPN",
    "Seoul": "KOR",
    "Ulaanbaatar": "MNG",
    "Canberra": "AUS",
    "Wellington": "NZL",
    "Cairo": "EGY",
    "Addis Ababa": "ETH",
    "Nairobi": "KEN",
    "Dar es Salaam": "TZA",
    "Abuja": "NGA",
    "Dakar": "SEN",
    "Luanda": "AGO",
    "Harare": "ZWE",
    "Caracas": "VEN",
    "Buenos Aires": "ARG",
    "Bogota": "COL",
    "Montevideo": "URY",
    "Managua": "NIC",
    "Ankara": "TUR",
    "Istanbul": "TUR",
    "Abu Dhabi": "ARE",
    "Dubai": "ARE",
    "Doha": "QAT",
    "Baku": "AZE",
    "Minsk": "BLR",
    "Kyiv": "UKR",
    "Warsaw": "POL",
    "Prague": "CZE",
    "Athens": "GRC",
    "Lisbon": "PRT",
    "Ottawa": "CAN",
    "Vientane": "LAO",
    "Bandung": "IDN",
    "Samarkand": "UZB",
}


# --- Display names -----------------------------------------------------------------------------
# The common English name of a code, as the reference seed `diplomatic_relations.csv` writes it
# (dbt builds "establishment of China-<name> diplomatic relations" from that seed, and so do we).
_NAME_OVERRIDES = {
    "BRN": "Brunei",
    "CIV": "Cote d'Ivoire",
    "COD": "DR Congo",
    "COG": "Republic of the Congo",
    "FSM": "Micronesia",
    "PSE": "Palestine",
    "RUS": "Russia",
    "TUR": "Turkey",
}
_BLOC_NAMES = {
    "AFRICA": "Africa",
    "ASEAN": "ASEAN",
    "CELAC": "CELAC",
    "EU": "EU",
    "BRICS": "BRICS",
    "ARAB_STATES": "Arab States",
    "PACIFIC_ISLANDS": "Pacific Island Countries",
}


@lru_cache(maxsize=1)
def code_names() -> dict[str, str]:
    """ISO3 or bloc token -> common English name ("NPL" -> "Nepal", "EU" -> "EU")."""
    names = {c.alpha_3: getattr(c, "common_name", None) or c.name for c in pycountry.countries}
    names.update(_NAME_OVERRIDES)
    names.update(_BLOC_NAMES)
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


def foreign_codes(text: pl.Expr, include_blocs: bool = False) -> pl.Expr:
    """Like `place_codes`, without China (and without names we could not map)."""
    return place_codes(text, include_blocs).list.eval(
        pl.element().filter(pl.element().is_not_null() & (pl.element() != "CHN"))
    )


def main_foreign_country(sentences: pl.LazyFrame) -> pl.LazyFrame:
    """Per article, the non-China country it names most often (`main_country`).

    What "their countries" or "the two countries" refer to when a sentence names no partner. Ties go
    to the country named first. Only countries count (not blocs); demonyms count ("British").
    """
    return (
        sentences.select(
            "article_id", "sentence_index", foreign_codes(pl.col("sentence")).alias("code")
        )
        .explode("code")
        .drop_nulls("code")
        .group_by("article_id", "code")
        .agg(pl.len().alias("n"), pl.col("sentence_index").min().alias("first"))
        .sort(["article_id", "n", "first", "code"], descending=[False, True, False, False])
        .group_by("article_id", maintain_order=True)
        .agg(pl.col("code").first().alias("main_country"))
    )


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
# never end up in it. Matching ignores case.
PARTNERSHIP_QUALIFIERS = [
    "all-weather",
    "all-round",
    "comprehensive",
    "strategic",
    "cooperative",
    "friendly",
    "global",
    "permanent",
    "mutually beneficial",
    "innovative",
    "everlasting",
    "ever-lasting",
]
# A bare "partnership" / "partners" counts only with one of these (or with a "China-X" in front):
# "good partners", "BRICS partners" or "trading partners" are no framework.
PARTNERSHIP_CORE_QUALIFIERS = [
    "all-weather",
    "all-round",
    "comprehensive",
    "strategic",
    "cooperative",
    "friendly",
    "permanent",
]
# Head as written -> head in the label.
PARTNERSHIP_HEADS = {
    "partnership": "partnership",
    "partners": "partnership",
    "community with a shared future": "community with a shared future",
    "community of shared future": "community with a shared future",
    "community of a shared future": "community with a shared future",
}
# Suffixes that are part of the label.
PARTNERSHIP_SUFFIXES_KEPT = ["of coordination", "of cooperation"]
# Suffixes read (so that the match covers them) but left out of the label: the era, and
# descriptions of a label that the ladder does not rank separately.
PARTNERSHIP_SUFFIXES_DROPPED = [
    "in the new era",
    "for the new era",
    "in a new era",
    "for a new era",
    "featuring ever-lasting friendship for development and prosperity",
    "featuring everlasting friendship for development and prosperity",
    "for a more just world and a more sustainable planet",
]
# Suffixes that make it the global slogan, not a bilateral framework.
PARTNERSHIP_SUFFIXES_GLOBAL = [
    "for humanity",
    "for mankind",
    "of mankind",
    "for all mankind",
    "for all humanity",
    "for all",
    "of humanity",
]
# Words right before a label that make it a slogan or an aspiration, not a framework:
# "in the spirit of a community with a shared future", "see the world as one community ...".
PARTNERSHIP_NON_FRAMEWORK_CONTEXT = ["spirit of", "world as", "vision of", "concept of", "idea of"]
# Known variants -> the label of the ladder seed (`partnership_levels.csv`), which dbt matches
# exactly. "strategic partnership of cooperation" renders the same Chinese term (战略合作伙伴关系) as
# "strategic cooperative partnership"; the ladder names the all-weather community with its era.
PARTNERSHIP_LABEL_VARIANTS = {
    "strategic partnership of cooperation": "strategic cooperative partnership",
    "comprehensive strategic partnership of cooperation": "comprehensive strategic cooperative partnership",
    "all-weather community with a shared future": "all-weather community with a shared future for the new era",
    "everlasting comprehensive strategic partnership": "permanent comprehensive strategic partnership",
}
# Words that set a framework up (action `established`); anything else states it (`status`).
# Regex fragments, matched in the clause before the label, ignoring case.
PARTNERSHIP_ESTABLISH_VERBS = [
    r"elevat\w*",
    r"upgrad\w*",
    r"establish\w*",
    r"launch\w*",
    r"set up",
    r"(?:agreed|decided|announced(?: joint)? efforts|announced) to (?:build|forge|form)",
]
# "have recently elevated": set up before the article, date not given.
RECENT_WORDS = ["recently", "lately"]


# --- Commemorated events (transform/extract/anniversaries.py) -------------------------------------------
# (subject as stored, regex that recognises it in a mention ignoring case, founding year).
# The subject is the key dbt links anniversaries and foundings by; the year places an anniversary
# ("the 80th anniversary of the victory ...": 1945 + 80) when the text does not say which year.
COMMEMORATED_EVENTS: list[tuple[str, str, int]] = [
    (
        "founding of the People’s Republic of China",
        r"founding of (?:the )?(?:People['’]s Republic of China|PRC\b|New China)",
        1949,
    ),
    (
        "founding of the Communist Party of China",
        r"founding of the (?:Communist Party of China|CPC\b|Chinese Communist Party)",
        1921,
    ),
    (
        "founding of the Chinese People’s Liberation Army",
        r"founding of the (?:Chinese )?People['’]s Liberation Army",
        1927,
    ),
    ("Five Principles of Peaceful Coexistence", r"Five Principles of Peaceful Coexistence", 1954),
    ("Bandung Conference", r"Bandung Conference|Asian-African Conference", 1955),
    (
        "victory of the Chinese people’s war of resistance against Japanese aggression and the world "
        "anti-fascist war",
        r"victory of the Chinese People['’]s War of Resistance Against Japanese Aggression",
        1945,
    ),
    (
        "Chinese People’s Volunteers entering the DPRK",
        r"Chinese People['’]s Volunteers(?: \(CPV\))? (?:entering|into)"
        r"|entry of the Chinese People['’]s Volunteers",
        1950,
    ),
    (
        "Xi Jinping proposing major country diplomacy with Chinese characteristics",
        r"major[- ]country diplomacy with Chinese characteristics",
        2014,
    ),
    (
        "founding of the United Nations",
        r"founding of the United Nations|founding of the UN\b",
        1945,
    ),
    (
        "restoration of China’s lawful seat in the United Nations",
        r"restoration of (?:the )?(?:People['’]s Republic of China['’]s|China['’]s) lawful seat",
        1971,
    ),
    ("Belt and Road Initiative", r"(?:proposal|launch) of the Belt and Road Initiative", 2013),
    (
        "Forum on China-Africa Cooperation",
        r"(?:founding|establishment) of the Forum on China-Africa Cooperation",
        2000,
    ),
    (
        "Shanghai Cooperation Organisation",
        r"(?:founding|establishment) of the Shanghai Cooperation Organi[sz]ation",
        2001,
    ),
]


@lru_cache(maxsize=1)
def cities() -> dict[str, str]:
    """City -> ISO3: every capital (countryinfo), then the curated cities, which win."""
    capitals = {c: code for c, code in _countryinfo()[1].items() if len(c) > 2}
    return {**capitals, **_OTHER_CITIES}


# --- News agencies (transform/extract/dates.py: datelines, photo credits) ---------------------------
# Names as wire copy writes them in a dateline's tag ("(Reuters)", "(ANTARA) -", "/TASS/") or a
# photo credit ("(Xinhua/Ju Peng)"). A dateline with a date may carry any tag in brackets; one
# without a date ("JAKARTA (ANTARA) -") is recognised only by a name listed here.
NEWS_AGENCIES = [
    "Xinhua",
    "Reuters",
    "AP",
    "AFP",
    "TASS",
    "RIA Novosti",
    "Interfax",
    "Sputnik",
    "Kyodo",
    "Jiji",
    "Yonhap",
    "KCNA",
    "ANTARA",
    "Antara",
    "Bernama",
    "VNA",
    "PNA",
    "WAM",
    "SPA",
    "KUNA",
    "QNA",
    "BNA",
    "ONA",
    "MENA",
    "IRNA",
    "Anadolu",
    "AA",
    "PTI",
    "IANS",
    "ANI",
    "APP",
    "UNB",
    "BSS",
    "RSS",
    "NNA",
    "dpa",
    "DPA",
    "ANSA",
    "EFE",
    "Lusa",
    "Prensa Latina",
    "PL",
    "Agencia Brasil",
    "Télam",
    "Ukrinform",
    "BelTA",
    "Kazinform",
    "AKIpress",
    "Azertag",
    "Trend",
    "Armenpress",
    "ENA",
    "KNA",
    "NAN",
    "APS",
    "MAP",
    "TAP",
    "SANA",
    "CNA",
    "Bloomberg",
    "UPI",
]
