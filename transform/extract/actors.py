"""Look-ups in the actor dictionary (the seeds `office_holders`, `person_names`, `office_titles`).

Pure polars over lazy frames, one join per step, no loop over rows:

- `resolve_names`: a printed name and an event date -> the person, their country, the office they
  held that day (the highest-ranked when several) and whether naming them so is an anachronism;
- `resolve_titles`: a country (or organisation), title words ("Chancellor", "the Emir", "leader")
  and a date -> the person who held the office that day;
- `offices_held`: person and date -> the offices held that day (to fill participant roles).

Names and titles are compared in a normal form (`name_key`, `title_key`): lower case, diacritics
and apostrophes dropped, hyphens and dots read as spaces, so "Erdoğan", "Erdogan" and "ERDOGAN"
meet, and so do "Lee Jae-myung" and "Lee Jae Myung".

An anachronism is a mention of a person on a date when they held no office they are named with:
with title words, none of the offices those words name (for the person's country) on that day;
without, no office at all on that day. Words such as "then-", "former", "ex-", "late",
"-elect" or "designate" in the title or the `context` column lift the flag.
"""

import polars as pl

from transform.reference.actors import (
    OFFICE_PRIORITY,
    office_holders,
    office_titles,
    person_names,
)

# Letters that Unicode decomposition leaves whole.
_FOLD_FROM = ["ø", "ł", "đ", "ß", "æ", "œ", "ı", "þ", "ð", "ħ"]
_FOLD_TO = ["o", "l", "d", "ss", "ae", "oe", "i", "th", "d", "h"]

# "then-President", "former", "ex-", "the late", "President-elect", "Prime Minister-designate".
QUALIFIER_PATTERN = (
    r"(?i)(\b(then|former|ex|late|erstwhile|onetime|one-time|previous|past)\b|elect\b|designate\b)"
)

_PRIORITY = pl.DataFrame(
    {"office": list(OFFICE_PRIORITY), "_rank": list(range(len(OFFICE_PRIORITY)))},
    schema={"office": pl.String, "_rank": pl.Int32},
)


def _fold(text: pl.Expr) -> pl.Expr:
    return (
        text.str.to_lowercase()
        .str.normalize("NFKD")
        .str.replace_all(r"\p{M}", "")
        .str.replace_many(_FOLD_FROM, _FOLD_TO)
    )


def name_key(name: pl.Expr) -> pl.Expr:
    """A name in the form names are compared in: 'Recep Tayyip Erdoğan' -> 'recep tayyip erdogan',
    'Lee Jae-myung' -> 'lee jae myung', 'Gideon Sa’ar' -> 'gideon saar'."""
    return (
        _fold(name)
        .str.replace_all(r"['’ʻʼ`´]", "")
        .str.replace_all(r"[^\p{L}\p{N}]+", " ")
        .str.strip_chars()
    )


def title_key(title: pl.Expr) -> pl.Expr:
    """Title words in the form titles are compared in: 'the Foreign Minister' -> 'foreign
    minister', 'Vice-President' -> 'vice president'."""
    return name_key(title).str.replace(r"^the ", "")


def has_qualifier(text: pl.Expr) -> pl.Expr:
    """Whether text says the role is not held on the day: 'then-', 'former', '-elect', ..."""
    return text.fill_null("").str.contains(QUALIFIER_PATTERN)


def holders_frame() -> pl.LazyFrame:
    return office_holders().lazy()


def name_index(holders: pl.LazyFrame | None = None, names: pl.LazyFrame | None = None):
    """(key, person_id) for every variant in person_names and every full name in office_holders."""
    holders = holders_frame() if holders is None else holders
    names = person_names().lazy() if names is None else names
    return (
        pl.concat(
            [
                names.select("person_id", name=pl.col("variant")),
                holders.select("person_id", name=pl.col("full_name")),
            ]
        )
        .select(key=name_key(pl.col("name")), person_id="person_id")
        .filter(pl.col("key") != "")
        .unique()
    )


def title_offices(
    frame: pl.LazyFrame, keys: list[str], titles: pl.LazyFrame | None = None
) -> pl.LazyFrame:
    """The offices that the title words in `_title_key` name in `country`: one row per (keys,
    country, office). Rows of `office_titles` with a country give that country's titles for an
    office and replace, for that office, the rows for any country: "Emir" names no German office,
    "leader" is the head of government unless a country lists it under another office (France:
    the President)."""
    titles = office_titles().lazy() if titles is None else titles
    titles = titles.select(
        "office", _tcountry=pl.col("country"), _title_key=title_key(pl.col("title"))
    ).unique()
    own = titles.filter(pl.col("_tcountry").is_not_null())
    wanted = frame.select(*keys, "country", "_title_key").unique()
    specific = wanted.join(
        own, left_on=["country", "_title_key"], right_on=["_tcountry", "_title_key"]
    ).select(*keys, "country", "office")
    generic = (
        wanted.join(titles.filter(pl.col("_tcountry").is_null()), on="_title_key")
        .join(
            own.select(country="_tcountry", office="office").unique(),
            on=["country", "office"],
            how="anti",
        )
        .select(*keys, "country", "office")
    )
    return pl.concat([specific, generic]).unique()


def _held_on(frame: pl.LazyFrame, holders: pl.LazyFrame, on: list[str]) -> pl.LazyFrame:
    """Rows of frame (with `event_date`) joined to the tenures (on `on`) that include that day."""
    return frame.join(holders, on=on).filter(
        (pl.col("start_date") <= pl.col("event_date"))
        & (pl.col("end_date").is_null() | (pl.col("event_date") <= pl.col("end_date")))
    )


def _ranked(frame: pl.LazyFrame, row: str = "_row") -> pl.LazyFrame:
    """Tenures ordered per `row`: highest-ranked office first, then the most recent start."""
    return frame.join(_PRIORITY.lazy(), on="office", how="left").sort(
        row, "_rank", "start_date", descending=[False, False, True], nulls_last=True
    )


def person_countries(holders: pl.LazyFrame | None = None) -> pl.LazyFrame:
    """Each person's own country: that of their first tenure. When several start on one day, a
    seat held by virtue of another office (Andorra's French co-prince) gives way, then the
    country with most of their tenures wins, then GBR (a monarch of several realms), then A-Z."""
    holders = holders_frame() if holders is None else holders
    return (
        holders.with_columns(
            _n=pl.len().over("person_id", "country"),
            _ex_officio=pl.col("office_title") == "Co-Prince",
        )
        .sort(
            "person_id",
            "start_date",
            "_ex_officio",
            "_n",
            pl.col("country") != "GBR",
            "country",
            descending=[False, False, False, True, False, False],
        )
        .group_by("person_id", maintain_order=True)
        .agg(pl.col("full_name").last(), pl.col("country").first())
    )


def offices_held(frame: pl.LazyFrame, holders: pl.LazyFrame | None = None) -> pl.LazyFrame:
    """For each (person_id, event_date) row of frame: the offices held that day, highest-ranked
    first, as `offices` (office codes), `office_titles` and `office_countries`, and the first of
    them as `office`, `office_title` and `office_country` (all null when none)."""
    holders = holders_frame() if holders is None else holders
    rows = frame.with_row_index("_held_row")
    held = (
        _ranked(
            _held_on(
                rows.select("_held_row", "person_id", "event_date"),
                holders.select(
                    "person_id", "country", "office", "office_title", "start_date", "end_date"
                ),
                on=["person_id"],
            ),
            "_held_row",
        )
        .group_by("_held_row", maintain_order=True)
        .agg(
            pl.col("office").first(),
            pl.col("office_title").first(),
            pl.col("country").first().alias("office_country"),
            pl.col("office").alias("offices"),
            pl.col("office_title").alias("office_titles"),
            pl.col("country").alias("office_countries"),
        )
    )
    return rows.join(held, on="_held_row", how="left").sort("_held_row").drop("_held_row")


def resolve_names(
    mentions: pl.LazyFrame,
    holders: pl.LazyFrame | None = None,
    names: pl.LazyFrame | None = None,
    titles: pl.LazyFrame | None = None,
) -> pl.LazyFrame:
    """Resolve printed names to persons on the event's date.

    `mentions` has `name` and `event_date` (Date); optional `title` (title words printed with the
    name, "Chancellor") and `context` (words before it: "then-", "former"). Returns the mentions
    in order with `person_id`, `full_name`, `country` (the person's own), `office`,
    `office_title`, `office_country`, `offices` (held on event_date; null if none), `candidates`
    (how many persons the name can be) and `is_anachronism` (null when no person is resolved).
    A name that fits several persons is settled by who held an office that day; when that leaves
    more than one, or none of several, `person_id` is null.
    """
    holders = holders_frame() if holders is None else holders
    columns = mentions.collect_schema().names()
    rows = mentions.with_row_index("_row")
    base = rows.select(
        "_row",
        "event_date",
        _key=name_key(pl.col("name")),
        _title_key=title_key(pl.col("title")) if "title" in columns else pl.lit(None, pl.String),
        _qualified=has_qualifier(
            pl.concat_str(
                pl.col("context") if "context" in columns else pl.lit(""),
                pl.col("title") if "title" in columns else pl.lit(""),
                separator=" ",
                ignore_nulls=True,
            )
        ),
    )
    candidates = base.join(name_index(holders, names), left_on="_key", right_on="key").select(
        "_row", "event_date", "person_id"
    )
    in_office = (
        _held_on(candidates, holders.select("person_id", "start_date", "end_date"), ["person_id"])
        .select("_row", "person_id")
        .unique()
        .with_columns(_in_office=pl.lit(True))
    )
    scored = (
        candidates.join(in_office, on=["_row", "person_id"], how="left")
        .with_columns(pl.col("_in_office").fill_null(False))
        .with_columns(
            candidates=pl.len().over("_row").cast(pl.UInt32),
            _n_in_office=pl.col("_in_office").sum().over("_row"),
        )
    )
    # One candidate: that person. Several: the one in office that day, if exactly one is.
    chosen = scored.filter(
        (pl.col("candidates") == 1) | (pl.col("_in_office") & (pl.col("_n_in_office") == 1))
    ).select("_row", "event_date", "person_id")
    counts = scored.group_by("_row").agg(pl.col("candidates").first())

    # With title words: did the person hold, that day, an office those words name?
    titled = _held_on(
        chosen.join(base.filter(pl.col("_title_key").is_not_null()), on=["_row", "event_date"]),
        holders.select("person_id", "country", "office", "start_date", "end_date"),
        ["person_id"],
    )
    named = title_offices(
        base.filter(pl.col("_title_key").is_not_null()).join(
            chosen.join(holders.select("person_id", "country").unique(), on="person_id"), on="_row"
        ),
        ["_row"],
        titles,
    )
    title_held = (
        titled.join(named, on=["_row", "country", "office"])
        .select("_row")
        .unique()
        .with_columns(_title_held=pl.lit(True))
    )
    title_known = named.select("_row").unique().with_columns(_title_known=pl.lit(True))

    held = offices_held(chosen.select("person_id", "event_date", "_row"), holders)
    return (
        rows.join(held.drop("event_date"), on="_row", how="left")
        .join(person_countries(holders), on="person_id", how="left")
        .join(counts, on="_row", how="left")
        .join(title_held, on="_row", how="left")
        .join(title_known, on="_row", how="left")
        .join(base.select("_row", "_qualified"), on="_row")
        .with_columns(
            pl.col("candidates").fill_null(0),
            is_anachronism=pl.when(pl.col("person_id").is_null())
            .then(pl.lit(None, pl.Boolean))
            .when(pl.col("_qualified"))
            .then(False)
            .when(pl.col("_title_known").fill_null(False))
            .then(~pl.col("_title_held").fill_null(False))
            .otherwise(pl.col("office").is_null()),
        )
        .sort("_row")
        .drop("_row", "_title_held", "_title_known", "_qualified")
    )


def resolve_titles(
    mentions: pl.LazyFrame,
    holders: pl.LazyFrame | None = None,
    titles: pl.LazyFrame | None = None,
) -> pl.LazyFrame:
    """Resolve title-only mentions ("the French President", "the Emir") to the holder that day.

    `mentions` has `country` (ISO3 or organisation code, as the extraction resolved "French"),
    `title` (title words: "President", "the Chancellor", "leader", "foreign minister") and
    `event_date`. Returns the mentions in order with `person_id`, `full_name`, `office`,
    `office_title` and `candidates` (distinct persons who fit). When two fit (a hand-over day),
    the one who took office last wins; null when none does.
    """
    holders = holders_frame() if holders is None else holders
    rows = mentions.with_row_index("_row")
    base = rows.select("_row", "country", "event_date", _title_key=title_key(pl.col("title")))
    offices = title_offices(base, ["_row"], titles)
    found = _ranked(
        _held_on(
            offices.join(base.select("_row", "event_date"), on="_row"),
            holders.select(
                "country",
                "office",
                "person_id",
                "full_name",
                "office_title",
                "start_date",
                "end_date",
            ),
            ["country", "office"],
        )
    )
    best = found.group_by("_row", maintain_order=True).agg(
        pl.col("person_id").first(),
        pl.col("full_name").first(),
        pl.col("office").first(),
        pl.col("office_title").first(),
        pl.col("person_id").n_unique().cast(pl.UInt32).alias("candidates"),
    )
    return (
        rows.join(best, on="_row", how="left")
        .with_columns(pl.col("candidates").fill_null(0))
        .sort("_row")
        .drop("_row")
    )
