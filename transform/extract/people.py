"""People in an article: full name, role and country, and the aliases that refer to them later.

News introduces a person once with a title ("British Prime Minister Keir Starmer", "Prime Minister
of Nepal KP Sharma Oli", "Zhao Leji, China's top legislator") and then uses a surname ("Oli"), a
role ("the Nepalese Prime Minister") or a pronoun. `article_people` reads the introductions with a
few regex shapes over every sentence at once; `CURATED_PEOPLE` covers office-holders whose country
the text seldom states (Chinese leaders named only by their party or state office) and name variants
that differ between outlets ("Lula" / "Luiz Inacio Lula da Silva").
"""

import unicodedata
from functools import lru_cache

import polars as pl

from transform.extract import actors, vocab
from transform.extract.engine import collect
from transform.reference import actors as actors_reference

# (full name, role, ISO3, other names used for the same person)
CURATED_PEOPLE: list[tuple[str, str, str, list[str]]] = [
    # "Xi" alone is Xi Jinping in this domain; other single Chinese surnames (Li, Wang) are not.
    ("Xi Jinping", "President", "CHN", ["President Xi", "Xi"]),
    ("Li Qiang", "Premier", "CHN", []),
    ("Zhao Leji", "Chairman of the NPC Standing Committee", "CHN", []),
    ("Wang Huning", "Chairman of the CPPCC National Committee", "CHN", []),
    ("Cai Qi", "Member of the Politburo Standing Committee", "CHN", []),
    ("Ding Xuexiang", "Vice Premier", "CHN", []),
    ("Li Xi", "Secretary of the CCDI", "CHN", []),
    ("Han Zheng", "Vice President", "CHN", []),
    ("Wang Yi", "Foreign Minister", "CHN", []),
    ("Liu Jianchao", "Head of the IDCPC", "CHN", []),
    ("Deng Li", "Vice Foreign Minister", "CHN", []),
    ("Sun Haiyan", "Vice Minister of the IDCPC", "CHN", []),
    ("Qin Boyong", "Vice Chairperson of the CPPCC National Committee", "CHN", []),
    ("Zhang Dongmei", "Vice President of the ACWF", "CHN", []),
    ("Mao Zedong", "Chairman", "CHN", ["Chairman Mao"]),
    ("Zhou Enlai", "Premier", "CHN", []),
    ("Vladimir Putin", "President", "RUS", ["Putin"]),
    ("Sergey Lavrov", "Foreign Minister", "RUS", ["Sergei Lavrov", "Lavrov"]),
    (
        "Luiz Inácio Lula da Silva",
        "President",
        "BRA",
        ["Lula", "Lula da Silva", "Luiz Inacio Lula da Silva", "Luiz Inácio Lula"],
    ),
    ("Keir Starmer", "Prime Minister", "GBR", []),
    ("David Lammy", "Foreign Secretary", "GBR", []),
    ("Rachel Reeves", "Chancellor", "GBR", []),
    ("Hun Sen", "Senate President", "KHM", ["Samdech Techo Hun Sen"]),
    ("Hun Manet", "Prime Minister", "KHM", []),
    ("KP Sharma Oli", "Prime Minister", "NPL", ["K.P. Sharma Oli", "K P Sharma Oli"]),
    ("Anura Kumar Dissanayake", "President", "LKA", ["AKD"]),
    ("Harini Amarasuriya", "Prime Minister", "LKA", []),
    ("Prabowo Subianto", "President", "IDN", ["Prabowo"]),
    ("Claudia Sheinbaum Pardo", "President", "MEX", ["Claudia Sheinbaum", "Sheinbaum"]),
    (
        "Dina Boluarte",
        "President",
        "PER",
        ["Dina Ercilia Boluarte Zegarra", "Dina Boluarte Zegarra", "Boluarte"],
    ),
    ("Joe Biden", "President", "USA", ["Biden"]),
    ("Donald Trump", "President", "USA", ["Trump"]),
    ("Antony Blinken", "Secretary of State", "USA", ["Blinken"]),
    ("Kim Jong Un", "General Secretary of the WPK", "PRK", []),
    ("Narendra Modi", "Prime Minister", "IND", ["Modi"]),
    ("Shehbaz Sharif", "Prime Minister", "PAK", []),
    ("Recep Tayyip Erdogan", "President", "TUR", ["Erdogan"]),
    ("Emmanuel Macron", "President", "FRA", ["Macron"]),
    ("Olaf Scholz", "Chancellor", "DEU", ["Scholz"]),
    ("Viktor Orban", "Prime Minister", "HUN", ["Orban"]),
    ("Aleksandar Vucic", "President", "SRB", ["Vucic"]),
    ("Anwar Ibrahim", "Prime Minister", "MYS", []),
    ("To Lam", "General Secretary", "VNM", []),
    ("Cyril Ramaphosa", "President", "ZAF", ["Ramaphosa"]),
    ("Thokozile Didiza", "Speaker of the National Assembly", "ZAF", ["Didiza"]),
    ("Fikile Mbalula", "ANC Secretary-General", "ZAF", ["Mbalula"]),
    (
        "Waleed bin Abdulkarim Al-Khuraiji",
        "Deputy Minister of Foreign Affairs",
        "SAU",
        ["Al-Khuraiji", "Waleed Al-Khuraiji", "Eng. Waleed bin Abdulkarim Al-Khuraiji"],
    ),
    ("Majid Takht Ravanchi", "Deputy Foreign Minister", "IRN", ["Majid Takht Ravanch"]),
    # Heads of state and government whose own governments' readouts name them without a country
    # ("Prime Minister Mark Carney today met ..."), as of 2025.
    ("Mark Carney", "Prime Minister", "CAN", ["Carney"]),
    ("Justin Trudeau", "Prime Minister", "CAN", ["Trudeau"]),
    ("Shigeru Ishiba", "Prime Minister", "JPN", ["Ishiba"]),
    ("Friedrich Merz", "Chancellor", "DEU", ["Merz"]),
    ("Giorgia Meloni", "Prime Minister", "ITA", ["Meloni"]),
    ("Pedro Sánchez", "Prime Minister", "ESP", ["Pedro Sanchez"]),
    ("Anthony Albanese", "Prime Minister", "AUS", ["Albanese"]),
    ("Christopher Luxon", "Prime Minister", "NZL", ["Luxon"]),
    ("Lee Jae-myung", "President", "KOR", []),
    ("Yoon Suk Yeol", "President", "KOR", []),
    ("Javier Milei", "President", "ARG", ["Milei"]),
    ("Gustavo Petro", "President", "COL", []),
    ("Volodymyr Zelensky", "President", "UKR", ["Zelensky", "Volodymyr Zelenskyy", "Zelenskyy"]),
    ("Ursula von der Leyen", "President of the European Commission", "EU", ["von der Leyen"]),
    ("Antonio Costa", "President of the European Council", "EU", ["António Costa"]),
    ("Mohammed bin Salman", "Crown Prince and Prime Minister", "SAU", []),
    ("Abdel Fattah al-Sisi", "President", "EGY", ["Abdel Fattah el-Sisi", "al-Sisi", "Sisi"]),
    ("Masoud Pezeshkian", "President", "IRN", ["Pezeshkian"]),
    ("Kassym-Jomart Tokayev", "President", "KAZ", ["Tokayev"]),
    ("Shavkat Mirziyoyev", "President", "UZB", ["Mirziyoyev"]),
    ("Ferdinand Marcos Jr.", "President", "PHL", ["Ferdinand Marcos Jr", "Marcos"]),
    ("Lawrence Wong", "Prime Minister", "SGP", []),
    ("William Ruto", "President", "KEN", ["Ruto"]),
    ("Bola Tinubu", "President", "NGA", ["Tinubu"]),
    ("Emmerson Mnangagwa", "President", "ZWE", ["Mnangagwa"]),
    ("Pham Minh Chinh", "Prime Minister", "VNM", []),
    ("Luong Cuong", "President", "VNM", []),
    ("Sonexay Siphandone", "Prime Minister", "LAO", []),
    ("Marco Rubio", "Secretary of State", "USA", ["Rubio"]),
    (
        "Subrahmanyam Jaishankar",
        "External Affairs Minister",
        "IND",
        ["S. Jaishankar", "Jaishankar"],
    ),
    ("Ishaq Dar", "Deputy Prime Minister and Foreign Minister", "PAK", []),
    ("Sergei Shoigu", "Secretary of the Security Council", "RUS", ["Sergey Shoigu", "Shoigu"]),
    ("Abbas Araghchi", "Foreign Minister", "IRN", ["Araghchi"]),
]

# Titles that introduce a person. Order matters only for readability; matching is longest first.
ROLES = [
    "President",
    "Vice President",
    "Prime Minister",
    "Deputy Prime Minister",
    "Premier",
    "Vice Premier",
    "Foreign Minister",
    "Vice Foreign Minister",
    "Deputy Foreign Minister",
    "Minister of Foreign Affairs",
    "Deputy Minister of Foreign Affairs",
    "Foreign Secretary",
    "Secretary of State",
    "Chancellor",
    "King",
    "Queen",
    "Emir",
    "Sultan",
    "Crown Prince",
    "Speaker",
    "Chairman",
    "Chairperson",
    "Chairwoman",
    "Vice Chairperson",
    "Vice Chairman",
    "General Secretary",
    "Secretary-General",
    "Senate President",
    "Ambassador",
    "Minister",
    "Vice Minister",
    "Defence Minister",
    "Defense Minister",
    "Governor",
    "Mayor",
    "Senator",
    "Secretary",
    "Deputy Secretary",
    "Envoy",
    "Special Envoy",
    "Chief Executive",
    "leader",
    "top legislator",
    "top political advisor",
    "top diplomat",
    "head of state",
]
HONORIFICS = [
    "Samdech",
    "Techo",
    "Dr.",
    "Dr",
    "Eng.",
    "Sir",
    "Mr.",
    "Mr",
    "Mrs.",
    "Mrs",
    "Ms.",
    "Ms",
    "Comrade",
    "H.E.",
    "His Excellency",
    "Her Excellency",
    "Madam",
]

# A personal name: one to five capitalised tokens, allowing particles (da, bin, van ...).
_TOKEN = r"(?:(?:al|el|ad|as|ash|at)-)?(?:[A-Z][a-zà-öø-ÿ’'\-]+|[A-Z]{2,3}\b)"
_PARTICLE = r"(?:da|de|del|dos|do|bin|binti|al|van|von|der|la|le)"
NAME = rf"{_TOKEN}(?:\s+(?:{_PARTICLE}\s+)?{_TOKEN}){{0,4}}"

PEOPLE: dict[str, pl.DataType] = {
    "article_id": pl.String,
    "name": pl.String,
    "role": pl.String,
    "country": pl.String,
    "first_seen": pl.Int32,  # sentence_index of the first introduction
    "first_offset": pl.Int32,  # character offset of that introduction in its sentence
}


# Wire copy carries EN SPACEs and NO-BREAK SPACEs between words ("Eng. Waleed\u2002bin"). Matching
# runs on a copy with plain spaces; one character for one keeps every offset valid.
_ODD_SPACES = "[\u00a0\u2002\u2003\u2009\u200a\u202f\u3000]"


def plain_spaces(sentences: pl.LazyFrame) -> pl.LazyFrame:
    """`sentence` with unusual spaces made plain; evidence must come from the original frame."""
    return sentences.with_columns(pl.col("sentence").str.replace_all(_ODD_SPACES, " "))


def char_offset(text: pl.Expr, part: pl.Expr) -> pl.Expr:
    """Where `part` first occurs in `text`, in characters (null: nowhere).

    Not `str.find`: it counts bytes, and these offsets cut sentences with `str.slice`, which
    counts characters, so every curly quote before the part would move the cut two places on.
    """
    return pl.when(text.str.contains(part, literal=True)).then(
        text.str.split(part).list.first().str.len_chars()
    )


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


@lru_cache(maxsize=1)
def curated_aliases() -> dict[str, str]:
    """Every curated name form (also without accents) -> the canonical full name."""
    out: dict[str, str] = {}
    for name, _role, _country, others in CURATED_PEOPLE:
        for form in [name, *others]:
            out[form] = name
            out[_fold(form)] = name
    return out


def curated_frame() -> pl.DataFrame:
    return pl.DataFrame(
        [(n, r, c) for n, r, c, _ in CURATED_PEOPLE],
        schema=["name", "role", "country"],
        orient="row",
    )


def _roles_pattern() -> str:
    return vocab.alternation(ROLES)


def _with_curly(names) -> list[str]:
    return sorted({v for n in names for v in (n, n.replace("'", "’"))})


def introduction_patterns() -> list[str]:
    """Regexes with groups name / role / place that introduce a person."""
    roles = _roles_pattern()
    roles_ci = f"(?i:{roles})"
    places = vocab.alternation(_with_curly(vocab.country_aliases()))
    honor = r"(?:(?:" + vocab.alternation(HONORIFICS) + r")\s+)*"
    return [
        # British Prime Minister Keir Starmer / South African President and ANC President Cyril R. /
        # Indian External Affairs Minister S. Jaishankar (capitalised words before the title word)
        rf"\b(?P<place>{places})\s+(?P<role>(?:[A-Z][\w\-]+\s+){{0,3}}?(?:{roles}))"
        rf"(?:\s+and\s+[^,.;]{{0,40}}?\s+(?:{roles}))?\s+{honor}(?P<name>{NAME})",
        # Prime Minister of Nepal KP Sharma Oli / Deputy Minister ... of the Kingdom of X, Eng. Y
        rf"\b(?P<role>{roles})(?:\s+[^,.;]{{0,40}}?)?\s+of\s+(?:the\s+)?(?P<place>{places})"
        rf"(?:\s+for\s+[A-Z][\w ]{{0,30}}?)?,?\s+{honor}(?P<name>{NAME})",
        # Claudia Sheinbaum Pardo, the recently elected President of Mexico / X, president of Cuba's
        # Sergei Shoigu, secretary of the Security Council of the Russian Federation
        rf"(?P<name>{NAME}),\s+(?:the\s+)?(?:[a-z][\w\-]*\s+){{0,3}}(?P<role>{roles_ci})\s+of\s+"
        rf"(?:the\s+)?(?:[A-Z][^,;.]{{0,50}}?\s+of\s+(?:the\s+)?)?(?P<place>{places})\b",
        # China's top political advisor Wang Huning / China's President Xi Jinping
        rf"\b(?P<place>{places})(?:’s|'s)\s+(?P<role>{roles_ci})\s+{honor}(?P<name>{NAME})",
        # Zhao Leji, China's top legislator
        rf"(?P<name>{NAME}),\s+(?P<place>{places})(?:’s|'s)\s+(?P<role>{roles_ci})\b",
        # Prime Minister Pham Minh Chinh of Vietnam
        rf"\b(?P<role>{roles})\s+{honor}(?P<name>{NAME})\s+of\s+(?:the\s+)?(?P<place>{places})\b",
        # his Russian counterpart Vladimir Putin (the role is the other side's; left empty here)
        rf"\b(?P<place>{places})\s+(?P<role>counterpart),?\s+(?:(?:{roles})\s+)?{honor}"
        rf"(?P<name>{NAME})",
    ]


# Text each pattern of `introduction_patterns` cannot match without (None: nothing beyond the title
# word every pattern needs), in the same order: a cheap Aho-Corasick test keeps each big
# alternation off the titled sentences it cannot match.
INTRODUCTION_NEEDS: list[list[str] | None] = [
    None,
    ["of"],
    ["of"],
    ["’s", "'s"],
    ["’s", "'s"],
    ["of"],
    ["counterpart"],
]


# Capitalised words that belong to organisations and titles, not to names.
ORG_WORDS = [
    "Affairs",
    "Political",
    "Party",
    "People’s",
    "People's",
    "Conference",
    "Committee",
    "Congress",
    "Council",
    "Assembly",
    "Ministry",
    "Government",
    "Republic",
    "Union",
    "National",
    "Central",
    "Standing",
    "Senate",
    "Parliament",
    "Agency",
    "Association",
    "Federation",
    "Forum",
    "Summit",
    "Department",
    "Office",
    "Bureau",
    "Commission",
    "Organisation",
    "Organization",
    "Front",
    "Army",
    "Navy",
    "University",
    "Institute",
    "News",
    "Daily",
    "Times",
    "Post",
    "Front",
    "Initiative",
    "Road",
    "Belt",
    "Eng",
    "Samdech",
    "Techo",
    "Comrade",
    "Sir",
    "Dr",
    "Mr",
    "Mrs",
    "Ms",
    "Madam",
    "The",
    "His",
    "Her",
    "And",
    "During",
    "On",
    "In",
    "At",
]


def _clean_name(expr: pl.Expr) -> pl.Expr:
    """Drop honorifics and title words the name regex swallowed ('Affairs Majid ...', 'Peru Dina')."""
    lead = r"^(?:(?:" + vocab.alternation(ORG_WORDS + HONORIFICS) + r")\.?\s+)+"
    places = r"^(?:" + vocab.alternation(vocab.country_aliases()) + r")\s+"
    return expr.str.replace(lead, "").str.replace(places, "").str.strip_chars(" ,.’'")


def _is_person_name(expr: pl.Expr) -> pl.Expr:
    org = r"\b(?:" + vocab.alternation(ORG_WORDS) + r")\b"
    return (expr.str.len_chars() > 1) & ~expr.str.contains(org)


def article_people(sentences: pl.LazyFrame) -> pl.LazyFrame:
    """Everyone introduced with a title in each article, plus curated people the article names.

    One row per (article, person); a short form ("Sheinbaum") that is a token of a longer name in
    the same article is folded into the longer one.
    """
    # Every introduction pattern needs a title word (or "counterpart"): a cheap Aho-Corasick test
    # keeps the big alternations off the sentences that have none.
    # Materialised (here and `people` below): several branches read it (transform/extract/engine.py).
    titled = sentences.filter(
        pl.col("sentence").str.contains_any([*ROLES, "counterpart"], ascii_case_insensitive=True)
    )
    titled = collect(titled).lazy()
    found = []
    for pattern, needs in zip(introduction_patterns(), INTRODUCTION_NEEDS, strict=True):
        candidates = (
            titled if needs is None else titled.filter(pl.col("sentence").str.contains_any(needs))
        )
        found.append(
            candidates.select(
                "article_id",
                "sentence_index",
                "sentence",
                pl.col("sentence").str.extract_all(pattern).alias("hit"),
            )
            .explode("hit")
            .drop_nulls("hit")
            .with_columns(pl.col("hit").str.extract_groups(pattern).alias("g"))
            .unnest("g")
            .select(
                "article_id",
                "sentence_index",
                char_offset(pl.col("sentence"), pl.col("hit")).alias("offset"),
                _clean_name(pl.col("name")).alias("name"),
                # "his Russian counterpart Vladimir Putin" gives the country, not the title
                pl.when(pl.col("role").str.to_lowercase() != "counterpart")
                .then(pl.col("role").str.strip_chars())
                .alias("role"),
                vocab.to_code(pl.col("place").str.replace_all("’", "'")).alias("country"),
            )
        )
    text_people = pl.concat(found).filter(
        pl.col("country").is_not_null() & _is_person_name(pl.col("name"))
    )
    # Canonical names, whatever form the text used: the actor dictionary's full name, then the
    # curated table's (which wins where both know the person).
    aliases = curated_aliases()
    text_people = text_people.with_columns(canonical_name(pl.col("name")).alias("name"))
    curated = curated_frame().lazy()
    curated_names = vocab.alternation(aliases)
    named = (
        sentences.select(
            "article_id",
            "sentence_index",
            "sentence",
            pl.col("sentence").str.extract_all(rf"\b(?:{curated_names})\b").alias("hit"),
        )
        .explode("hit")
        .drop_nulls("hit")
        .select(
            "article_id",
            "sentence_index",
            char_offset(pl.col("sentence"), pl.col("hit")).alias("offset"),
            pl.col("hit").replace(aliases).alias("name"),
        )
        .join(curated, on="name", how="inner")
    )
    cols = text_people.collect_schema().names()
    people = (
        pl.concat(
            [
                named.select(cols).with_columns(pl.lit(0).alias("priority")),
                text_people.with_columns(pl.lit(1).alias("priority")),
                dictionary_people(sentences)
                .with_columns(canonical_name(pl.col("name")).alias("name"))
                .select(cols)
                .with_columns(pl.lit(2).alias("priority")),
            ]
        )
        .group_by("article_id", "name")
        .agg(
            pl.col("sentence_index").min().alias("first_seen"),
            # Where in that first sentence: breaks ties between people introduced together.
            pl.col("offset").sort_by("sentence_index", "offset").first().alias("first_offset"),
            # The curated role and country win over what a regex read around the name.
            pl.col("role").sort_by("priority", "sentence_index").drop_nulls().first(),
            pl.col("country").sort_by("priority", "sentence_index").first(),
        )
        .with_columns(
            pl.col("role").str.slice(0, 1).str.to_uppercase() + pl.col("role").str.slice(1)
        )
    )
    return _fold_short_names(collect(people).lazy()).select(
        [pl.col(c).cast(t) for c, t in PEOPLE.items()]
    )


@lru_cache(maxsize=1)
def dictionary_names() -> dict[str, tuple[str, str]]:
    """Full names of the actor dictionary (dbt seeds office_holders, person_names) that name one
    person of a state: printed form -> (the dictionary's full name, the person's country).

    Only names of two words or more: a surname alone ("May", "Spring", "Francis") is an ordinary
    word too often; it joins its full name of the same article (`_fold_short_names`) instead."""
    holders = actors.holders_frame()
    persons = actors.person_countries(holders).join(
        holders.filter(pl.col("actor_type") == "state").select("person_id").unique(),
        on="person_id",
    )
    forms = pl.concat(
        [
            actors_reference.person_names().lazy().select("person_id", form=pl.col("variant")),
            holders.select("person_id", form=pl.col("full_name")),
        ]
    ).unique()
    found = (
        forms.filter(pl.col("form").str.contains(r"\S\s+\S"))
        .join(persons, on="person_id")
        .filter(pl.len().over("form") == 1)  # a form two persons share names neither
        .collect()
    )
    return {
        form: (name, code)
        for form, name, code in found.select("form", "full_name", "country").iter_rows()
    }


def canonical_name(name: pl.Expr) -> pl.Expr:
    """The one name a person goes by in the marts: a printed form the actor dictionary knows
    becomes its full name ("Kim Jong-un" -> "Kim Jong Un"), then the curated table's name wins
    ("Claudia Sheinbaum" -> "Claudia Sheinbaum Pardo")."""
    full = {form: full_name for form, (full_name, _code) in dictionary_names().items()}
    return name.replace(full).replace(curated_aliases())


def dictionary_people(sentences: pl.LazyFrame) -> pl.LazyFrame:
    """People of the actor dictionary the sentences name in full, with their country and no role
    (the role the text gives, or the office held on the day, is read elsewhere): a head of state
    or government or a foreign minister needs no country cue in the text to count."""
    names = dictionary_names()
    empty = pl.LazyFrame(
        schema={
            "article_id": pl.String,
            "sentence_index": pl.Int32,
            "offset": pl.Int32,
            "name": pl.String,
            "role": pl.String,
            "country": pl.String,
        }
    )
    if not names:
        return empty
    # A name in the possessive is someone's principal, not a person present ("a Ukrainian team
    # headed by Andriy Yermak, President Volodymyr Zelenskiy's chief of staff"): read, then dropped.
    pattern = rf"\b(?:{vocab.alternation(names)})\b(?:['’]s\b)?"
    full = {form: name for form, (name, _code) in names.items()}
    country = {name: code for name, code in names.values()}
    return (
        # Aho-Corasick first: the big alternation runs on the few sentences naming one of them.
        sentences.filter(pl.col("sentence").str.contains_any(list(names)))
        .select(
            "article_id",
            "sentence_index",
            "sentence",
            pl.col("sentence").str.extract_all(pattern).alias("hit"),
        )
        .explode("hit")
        .drop_nulls("hit")
        .filter(~pl.col("hit").str.contains(r"['’]s$"))
        .select(
            "article_id",
            "sentence_index",
            char_offset(pl.col("sentence"), pl.col("hit")).alias("offset"),
            pl.col("hit").replace_strict(full).alias("name"),
            pl.lit(None, dtype=pl.String).alias("role"),
        )
        .with_columns(pl.col("name").replace_strict(country).alias("country"))
    )


def _fold_short_names(people: pl.LazyFrame) -> pl.LazyFrame:
    """'Sheinbaum' introduced alone joins 'Claudia Sheinbaum Pardo' of the same article."""
    tokens = (
        people.select(
            "article_id", pl.col("name").alias("full"), pl.col("name").str.split(" ").alias("token")
        )
        .explode("token")
        .filter(pl.col("full").str.contains(" "))
    )
    short = people.filter(~pl.col("name").str.contains(" "))
    mapped = (
        short.join(tokens, left_on=["article_id", "name"], right_on=["article_id", "token"])
        .group_by("article_id", "name")
        .agg(pl.col("full").first())
    )
    return (
        people.join(mapped, on=["article_id", "name"], how="left")
        .with_columns(pl.coalesce("full", "name").alias("name"))
        .group_by("article_id", "name")
        .agg(
            pl.col("role").sort_by("first_seen").first(),
            pl.col("country").sort_by("first_seen").first(),
            pl.col("first_offset").sort_by("first_seen", "first_offset").first(),
            pl.col("first_seen").min(),
        )
    )


def person_aliases(people: pl.LazyFrame) -> pl.LazyFrame:
    """(article_id, alias, name): full names, each name token, and curated alternate forms.

    A token shared by two people of one article ("Wang" for Wang Yi and Wang Huning) is dropped:
    the text must then use the full name.
    """
    particles = {
        "da",
        "de",
        "del",
        "dos",
        "do",
        "bin",
        "binti",
        "al",
        "van",
        "von",
        "der",
        "la",
        "le",
    }
    curated_forms = pl.DataFrame(
        [(form, canon) for form, canon in curated_aliases().items()],
        schema=["alias", "name"],
        orient="row",
    ).lazy()
    full = people.select("article_id", pl.col("name").alias("alias"), "name")
    token = (
        people.select("article_id", pl.col("name").str.split(" ").alias("alias"), "name")
        .explode("alias")
        .filter(~pl.col("alias").is_in(list(particles)) & (pl.col("alias").str.len_chars() >= 2))
    )
    forms = people.select("article_id", "name").join(curated_forms, on="name")
    ambiguous = (
        token.group_by("article_id", "alias")
        .agg(pl.col("name").n_unique().alias("n"))
        .filter(pl.col("n") > 1)
    )
    token = token.join(ambiguous, on=["article_id", "alias"], how="anti")
    return pl.concat([full, forms.select("article_id", "alias", "name"), token]).unique()


ROLE_PHRASE_ROLES = [
    "President",
    "Prime Minister",
    "Premier",
    "Foreign Minister",
    "Foreign Secretary",
    "Chancellor",
    "Vice President",
    "leader",
    "head of state",
    "king",
    "emir",
]
LEADING_DATELINE = r"^[A-Z][A-Z .'’\-]+,\s+"


def _role_phrase_pattern() -> str:
    demonyms = vocab.alternation(vocab.country_aliases())
    roles = vocab.alternation(ROLE_PHRASE_ROLES)
    return rf"(?i:\bthe\s+)(?P<place>{demonyms})\s+(?P<role>(?i:{roles}))\b"


def sentence_references(sentences: pl.LazyFrame, people: pl.LazyFrame) -> pl.LazyFrame:
    """Every reference to a known person in every sentence, in reading order.

    (article_id, sentence_index, pos, name). References are names and name tokens of the article's
    people, and role phrases ("the Nepalese Prime Minister") joined on country and role.
    """
    aliases = person_aliases(people)
    alias_list = collect(aliases.select("alias").unique()).to_series().to_list()
    role_pattern = _role_phrase_pattern()
    parts = [role_pattern]
    if alias_list:
        parts.insert(0, alias_regex(alias_list))
    combined = "|".join(f"(?:{p})" for p in parts)
    hits = (
        sentences.select(
            "article_id",
            "sentence_index",
            "sentence",
            pl.col("sentence")
            .str.replace(LEADING_DATELINE, "")
            .str.extract_all(combined)
            .alias("hit"),
        )
        .with_columns(pl.int_ranges(0, pl.col("hit").list.len()).alias("pos"))
        .explode("hit", "pos")
        .drop_nulls("hit")
        # Where the reference starts (its first occurrence), to cut a sentence into the parts
        # that tell of different meetings.
        .with_columns(char_offset(pl.col("sentence"), pl.col("hit")).alias("offset"))
    )
    by_alias = hits.join(aliases, left_on=["article_id", "hit"], right_on=["article_id", "alias"])
    roles = (
        hits.with_columns(pl.col("hit").str.extract_groups(role_pattern).alias("g"))
        .unnest("g")
        .drop_nulls("role")
        .with_columns(
            vocab.to_code(pl.col("place")).alias("country"),
            pl.col("role").str.to_lowercase().alias("role_lc"),
        )
        .join(
            people.with_columns(pl.col("role").str.to_lowercase().alias("person_role")),
            on=["article_id", "country"],
        )
        .filter(
            (pl.col("person_role") == pl.col("role_lc"))
            | (
                pl.col("role_lc").is_in(["leader", "head of state"])
                & pl.col("person_role").is_in(["president", "prime minister", "premier"])
            )
        )
        # Several people could fit: the one introduced most recently before the sentence.
        .filter(pl.col("first_seen") <= pl.col("sentence_index"))
        .sort("first_seen", descending=True)
        .group_by("article_id", "sentence_index", "pos", maintain_order=True)
        .agg(pl.col("name").first(), pl.col("offset").first())
    )
    cols = ["article_id", "sentence_index", "pos", "offset", "name"]
    return (
        pl.concat([by_alias.select(cols), roles.select(cols)])
        .sort("article_id", "sentence_index", "pos")
        .unique(["article_id", "sentence_index", "name"], keep="first", maintain_order=True)
        .with_columns(pl.col("pos").cast(pl.Int32), pl.col("offset").cast(pl.Int32))
    )


def pronoun_subjects(
    sentences: pl.LazyFrame, refs: pl.LazyFrame, people: pl.LazyFrame
) -> pl.LazyFrame:
    """Who "he"/"she" is in each of `sentences`: the earliest-introduced person of the article
    (up to that sentence) whose country the sentence does not already name. In a readout that is
    the visitor or host the story is about. Returns the same columns as `refs`, with pos -1.
    """
    named_countries = refs.group_by("article_id", "sentence_index").agg(
        pl.col("country").unique().alias("named")
    )
    return (
        sentences.select("article_id", "sentence_index")
        .join(named_countries, on=["article_id", "sentence_index"], how="left")
        .join(people, on="article_id")
        .filter(pl.col("first_seen") <= pl.col("sentence_index"))
        .filter(~pl.col("country").is_in(pl.col("named").fill_null([])))
        .sort("first_seen", "first_offset")
        .group_by("article_id", "sentence_index", maintain_order=True)
        .agg(pl.col("name").first(), pl.col("role").first(), pl.col("country").first())
        .with_columns(
            pl.lit(-1, dtype=pl.Int32).alias("pos"), pl.lit(0, dtype=pl.Int32).alias("offset")
        )
        .select("article_id", "sentence_index", "pos", "offset", "name", "role", "country")
    )


def alias_regex(aliases: list[str]) -> str:
    return r"\b(?:" + vocab.alternation(aliases) + r")\b"
