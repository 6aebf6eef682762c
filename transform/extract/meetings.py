"""Meetings: sentences that report an encounter between named people of two or more countries.

A sentence qualifies when it carries a meeting verb ("held talks with", "met", "phone call"), no
planning or hypothetical word before that verb ("will meet", "is expected to", "proposed"), and
names people of at least two countries, directly, by role ("the Nepalese Prime Minister"), by a
pronoun subject ("He met with Chinese President Xi Jinping") or as "the two men/heads of state".
People are paired as the sentence lists them: each person of the first-named side meets the
people of other countries named after them, so "Lammy's meeting with Wang Yi and the Starmer-Xi
talks" gives two meetings, not one of four.
"""

import polars as pl

from transform import schemas
from transform.extract import actors, vocab
from transform.extract import people as people_mod
from transform.extract.engine import collect, list_of, sorted_set
from transform.extract.sentence_dates import own_dates
from transform.extract.shared import Shared

# Lower-case on purpose: "APEC Economic Leaders' Meeting" names an event, not an encounter; but
# "held the 11th China-Japan-ROK Foreign Ministers' Meeting" is one.
MEETING_VERB = (
    r"\b(?:met|meet|meets|meeting|talks|telephone|phone call|phone conversation|"
    r"video ?call|video ?conference|videoconference|video link|received|receives|"
    r"held a (?:meeting|conversation))\b|^(?:Meeting|Talks|Met)\b"
    r"|\b(?:held|hold|holds|co-chaired|chaired)\s+(?:the|a|an)\s+[^.;]{0,80}?"
    r"(?:Meeting|Summit|Dialogue|Consultation|Talks)\b"
)
# "spoke with ... on the phone", "talked by phone": a call, with or without the noun.
SPOKE_BY_PHONE = r"\b(?:spoke|speaks|talked|talks)\b[^;]{0,80}?\b(?:tele)?phone\b"
# Said before the verb, these make the encounter planned, hoped for or hypothetical.
# Lower-case on purpose: "May 8" is a date, "may meet" a hypothesis.
NOT_HAPPENED = (
    r"\b(?:will|would|shall|to be held|expected|plans?|planned|planning|proposed|"
    r"look(?:s|ed|ing)? forward|ahead of|upcoming|is set to|are set to|scheduled|hopes? to|"
    r"wish(?:es)? to|could|may|might|invit(?:e|es|ed|ation) to|"
    r"not|never|no|cancel(?:l?ed|s)?|postpone[ds]?|called off|denied|refused|declined|"
    r"failed to|ready to|willing to|offered to|proposed to)\b"
)
# Said right after the noun: "A meeting between the two leaders would be the first ...".
NOT_HAPPENED_AFTER = (
    r"\b(?:meeting|talks|summit)\b[^,.;]{0,60}?\b(?:would|could|might|will|may|"
    r"is expected|are expected|is planned|are planned|is scheduled|are scheduled)\b"
)
# "meeting the region's needs", "meet the challenges": the verb, not an encounter.
NOT_A_MEETING = (
    r"(?i)\bmeet(?:s|ing)?\s+(?:the|its|their|our|his|her|these|those)\s+(?:[\w’'-]+\s+){0,3}?"
    r"(?:needs?|challenges?|demands?|targets?|goals?|requirements?|expectations?|criteria)\b"
)
PHONE = r"(?i)\b(?:telephone|phone)\b"
VIDEO = r"(?i)\b(?:video ?call|video ?conference|videoconference|video link|virtual (?:meeting|talks))\b"
TALKS = r"(?i)\btalks\b"
MULTILATERAL_WORDS = (
    r"(?i)\b(?:trilateral|quadrilateral|multilateral|joint committee|delegations?\s+headed by|"
    r"with the participation of)\b"
)
# "... held the 11th China-Japan-ROK Foreign Ministers' Meeting": the subjects met together.
# (Not "on the sidelines of the G20 Summit": that is where bilateral meetings happen.)
CHAIRED_MEETING = (
    r"(?i)\b(?:held|co-chaired|chaired)\s+(?:the|a|an)\s+[^.;]{0,80}?(?:Meeting|Summit|Dialogue)\b"
)
PRONOUN_SUBJECT = (
    r"^(?:[^,]{0,40},\s+)?(?:He|She|he|she)\s+(?:(?:also|had|then|later|has|have|first)\s+)*"
    r"(?:met|held talks|holds talks|meets|spoke|had talks)\b"
)
TWO_PEOPLE = (
    r"(?i)\bthe two (?:men|women|leaders|heads of state|presidents|prime ministers|sides)\b"
)
OCCASION = (
    r"(?:sidelines|margins) of (?:the\s+)?(?P<o1>[^,;.]+?)(?:,|;|\.|\s+in\s+|\s+being\s+|"
    r"\s+held\s+|\s+on\s+|\s+at\s+|$)"
    r"|\bat the (?P<o2>(?:\d+\w*\s+)?[A-Z][\w’'\- ]*?(?:Summit|summit|Meeting|Forum|Conference))"
)


def _location_pattern() -> str:
    cities = vocab.alternation(vocab.cities())
    return rf"\bin\s+(?:the\s+(?:[A-Z][\w’']+\s+)?(?:city|capital)\s+of\s+)?(?P<loc>{cities})\b"


def _is_multilateral(sentence: pl.Expr) -> pl.Expr:
    """`sentence` matches MULTILATERAL_WORDS or CHAIRED_MEETING, tested apart: polars takes ~10×
    longer over one alternation of the two (30 ms against 3 ms per 5,000 sentences)."""
    return sentence.str.contains(MULTILATERAL_WORDS) | sentence.str.contains(CHAIRED_MEETING)


def _candidate_sentences(sentences: pl.LazyFrame) -> pl.LazyFrame:
    verb = f"(?:{MEETING_VERB})|(?:{SPOKE_BY_PHONE})"
    before_verb = pl.col("sentence").str.extract(r"^(.*?)(?:" + verb + ")", 1)
    return sentences.filter(
        pl.col("sentence").str.contains(verb)
        & ~pl.col("sentence").str.contains(NOT_A_MEETING)
        & ~pl.col("sentence").str.contains(NOT_HAPPENED_AFTER)
    ).filter(
        ~before_verb.fill_null("").str.contains(NOT_HAPPENED)
        # "led a delegation to meet with" reports a meeting that took place
        & ~(
            pl.col("sentence").str.contains(r"(?i)\bto meet\b")
            & ~pl.col("sentence").str.contains(r"(?i)\bdelegation to meet\b")
        )
    )


def extract_meeting_mentions(
    sentences: pl.LazyFrame, articles: pl.LazyFrame, shared: Shared | None = None
) -> pl.LazyFrame:
    """One row per meeting reported by a sentence (MEETING_MENTIONS schema)."""
    shared = shared or Shared(sentences, articles)
    original = sentences.select(
        "article_id", "sentence_index", pl.col("sentence").alias("evidence")
    )
    sentences = shared.plain
    people = shared.people
    # Materialised (and `refs`, `grouped`): several branches read them (transform/extract/engine.py).
    candidates = collect(_candidate_sentences(sentences))
    # People are looked for in the candidates, and in every sentence of an article where "the two
    # men" may refer back to an earlier one: nowhere else.
    looking_back = candidates.filter(pl.col("sentence").str.contains(TWO_PEOPLE))
    scope = pl.concat(
        [
            candidates.select("article_id", "sentence_index").lazy(),
            sentences.join(
                looking_back.lazy().select("article_id").unique(), on="article_id", how="semi"
            ).select("article_id", "sentence_index"),
        ]
    ).unique()
    refs = collect(
        people_mod.sentence_references(
            sentences.join(scope, on=["article_id", "sentence_index"], how="semi"), people
        ).join(people.select("article_id", "name", "role", "country"), on=["article_id", "name"])
    ).lazy()
    candidates = candidates.lazy()

    # Pronoun subject ("He met with Chinese President Xi Jinping"): the article's protagonist.
    protagonist = people_mod.pronoun_subjects(
        candidates.filter(pl.col("sentence").str.contains(PRONOUN_SUBJECT)), refs, people
    )

    # "The two men met on November 7": the pair named in the last sentence that named two sides.
    pair_sentences = (
        refs.group_by("article_id", "sentence_index")
        .agg(pl.col("country").n_unique().alias("n_countries"))
        .filter(pl.col("n_countries") >= 2)
        .select("article_id", pl.col("sentence_index").alias("pair_sentence"))
        .sort("article_id", "pair_sentence")
    )
    two = (
        candidates.filter(pl.col("sentence").str.contains(TWO_PEOPLE))
        .select("article_id", "sentence_index")
        .join(
            refs.select("article_id", "sentence_index").unique(),
            on=["article_id", "sentence_index"],
            how="anti",
        )
        .sort("article_id", "sentence_index")
        .join_asof(
            pair_sentences,
            left_on="sentence_index",
            right_on="pair_sentence",
            by="article_id",
            strategy="backward",
            allow_exact_matches=False,
            # both sides are sorted just above; polars cannot check that within groups
            check_sortedness=False,
        )
        .drop_nulls("pair_sentence")
        .join(
            refs, left_on=["article_id", "pair_sentence"], right_on=["article_id", "sentence_index"]
        )
        .select(
            "article_id",
            "sentence_index",
            "pos",
            pl.lit(0, dtype=pl.Int32).alias("offset"),
            "name",
            "role",
            "country",
        )
    )

    cols = ["article_id", "sentence_index", "pos", "offset", "name", "role", "country"]
    in_candidates = refs.join(
        candidates.select("article_id", "sentence_index"),
        on=["article_id", "sentence_index"],
        how="semi",
    )
    participants = (
        pl.concat([in_candidates.select(cols), protagonist.select(cols), two.select(cols)])
        .unique(["article_id", "sentence_index", "name"], keep="first")
        .sort("article_id", "sentence_index", "pos")
    )

    kinds = candidates.select(
        "article_id",
        "sentence_index",
        "sentence",
        pl.when(pl.col("sentence").str.contains(VIDEO))
        .then(pl.lit("video_call"))
        .when(pl.col("sentence").str.contains(PHONE))
        .then(pl.lit("phone_call"))
        .when(pl.col("sentence").str.contains(TALKS))
        .then(pl.lit("talks"))
        .otherwise(pl.lit("meeting"))
        .alias("meeting_kind"),
        _is_multilateral(pl.col("sentence")).alias("is_multilateral"),
    )
    grouped = _pair_up(participants.join(kinds, on=["article_id", "sentence_index"]))

    # A sentence telling of several meetings ("Lammy's meeting with Wang Yi in Beijing in October;
    # ... Starmer and Xi at the G20 summit in November"): each meeting takes the date and place of
    # its own part of the sentence, and no date from context.
    # Materialised: both branches below read it, and polars would pair people up twice.
    grouped = collect(
        grouped.join(
            sentences.select("article_id", "sentence_index", "published_date"),
            on=["article_id", "sentence_index"],
        )
    ).lazy()
    single = (
        grouped.drop("sentence")
        .filter(pl.col("n_groups") == 1)
        .join(shared.dates, on=["article_id", "sentence_index"], how="left")
    )
    several = own_dates(
        grouped.filter(pl.col("n_groups") > 1).with_columns(pl.col("segment").alias("sentence"))
    ).drop("sentence")
    dated = pl.concat([single, several.select(single.collect_schema().names())]).filter(
        # Reported as past in an article of that date: a later day is a plan, not a meeting.
        pl.col("event_date").is_null()
        | pl.col("published_date").is_null()
        | (pl.col("event_date") <= pl.col("published_date") + pl.duration(days=1))
    )
    return schemas.conform(
        _roles_from_offices(_places(dated, articles).rename({"event_date": "meeting_date"}))
        .join(original, on=["article_id", "sentence_index"])
        .with_columns(
            sorted_set(pl.col("participant_countries")).alias("country_codes"),
        )
        .sort("article_id", "sentence_index", "mention_index"),
        schemas.MEETING_MENTIONS,
    )


def _pair_up(p: pl.LazyFrame) -> pl.LazyFrame:
    """Turn the people of a sentence into meetings (one row each, participants sorted by name).

    Multilateral sentences with three or more countries are one meeting. Otherwise the first
    person's country is the "home" side: each home-side person starts a group, and meets the
    people of other countries listed after them.
    """
    key = ["article_id", "sentence_index"]
    p = p.with_columns(
        pl.col("country").first().over(key, order_by="pos").alias("home"),
        pl.col("country").n_unique().over(key).alias("n_countries"),
    )
    multi = p.filter(pl.col("is_multilateral") & (pl.col("n_countries") >= 3)).with_columns(
        pl.lit(0, dtype=pl.Int32).alias("group"), pl.lit(True).alias("is_subject")
    )
    bilateral = p.filter(~(pl.col("is_multilateral") & (pl.col("n_countries") >= 3))).with_columns(
        (
            (pl.col("country") == pl.col("home")).cast(pl.Int32).cum_sum().over(key, order_by="pos")
            - 1
        ).alias("group"),
        (pl.col("country") == pl.col("home")).alias("is_subject"),
    )
    # The part of the sentence each group occupies: from its first name to the next group's.
    spans = (
        bilateral.group_by(*key, "group")
        .agg(pl.col("offset").min().alias("start"))
        .sort(*key, "group")
        .with_columns(
            pl.col("start").shift(-1).over(key).alias("end"),
            pl.len().over(key).alias("n_groups"),
        )
    )
    bilateral = bilateral.join(spans, on=[*key, "group"])
    # A home-side person meets each other-country person of their group separately.
    subjects = bilateral.filter("is_subject")
    others = bilateral.filter(~pl.col("is_subject"))
    pairs = subjects.join(others, on=[*key, "group"], suffix="_o").select(
        *key,
        "sentence",
        "meeting_kind",
        (pl.col("group") * 1000 + pl.col("pos_o")).alias("mention_index"),
        pl.col("n_groups").cast(pl.Int32),
        pl.when(pl.col("n_groups") > 1)
        .then(pl.col("sentence").str.slice(pl.col("start"), pl.col("end") - pl.col("start")))
        .otherwise(pl.col("sentence"))
        .alias("segment"),
        list_of(
            pl.struct("name", "role", "country"),
            pl.struct(name="name_o", role="role_o", country="country_o"),
        ).alias("people"),
    )
    multi_rows = (
        multi.group_by(*key, "sentence")
        .agg(
            pl.lit("multilateral").alias("meeting_kind"),
            pl.lit(0).alias("mention_index"),
            pl.lit(1, dtype=pl.Int32).alias("n_groups"),
            pl.col("sentence").first().alias("segment"),
            pl.struct("name", "role", "country").sort_by("pos").alias("people"),
        )
        .select(*key, "sentence", "meeting_kind", "mention_index", "n_groups", "segment", "people")
    )
    both = pl.concat([pairs, multi_rows.select(pairs.collect_schema().names())])
    return (
        both.with_columns(
            pl.col("people").list.eval(pl.element().sort_by(pl.element().struct.field("name")))
        )
        .with_columns(
            pl.col("people").list.eval(pl.element().struct.field("name")).alias("participants"),
            pl.col("people")
            .list.eval(pl.element().struct.field("role").fill_null(""))
            .alias("participant_roles"),
            pl.col("people")
            .list.eval(pl.element().struct.field("country"))
            .alias("participant_countries"),
            pl.col("mention_index")
            .rank("dense")
            .over(key)
            .cast(pl.Int32)
            .sub(1)
            .alias("mention_index"),
        )
        .filter(pl.col("participant_countries").list.n_unique() >= 2)
        .unique([*key, "participants"], keep="first")
    )


def _roles_from_offices(meetings: pl.LazyFrame) -> pl.LazyFrame:
    """A participant the text gives no title keeps the office the actor dictionary says they held
    on the meeting's date ("Joko Widodo" on 2018-08-31: President); undated meetings and people
    the dictionary does not know keep the empty role."""
    # Materialised and numbered once: both branches below read it, and lazily polars could number
    # the rows of each differently (nor is a mention's key unique when an article is repeated).
    rows = collect(meetings).with_row_index("_m").lazy()
    people = (
        rows.select("_m", "meeting_date", "participants", "participant_roles")
        .explode("participants", "participant_roles")
        .with_columns(pl.int_range(pl.len()).over("_m").alias("_i"))
    )
    untitled = people.filter(
        (pl.col("participant_roles") == "") & pl.col("meeting_date").is_not_null()
    ).select("_m", "_i", name="participants", event_date="meeting_date")
    offices = actors.resolve_names(untitled).select("_m", "_i", "office_title")
    roles = (
        people.join(offices, on=["_m", "_i"], how="left")
        .sort("_m", "_i")
        .group_by("_m", maintain_order=True)
        .agg(
            pl.when(pl.col("participant_roles") == "")
            .then(pl.col("office_title").fill_null(""))
            .otherwise(pl.col("participant_roles"))
            .alias("participant_roles")
        )
    )
    return rows.drop("participant_roles").join(roles, on="_m", how="left").sort("_m").drop("_m")


def _places(meetings: pl.LazyFrame, articles: pl.LazyFrame) -> pl.LazyFrame:
    """Adds location (city), location_country and occasion, read from each meeting's `segment`.

    A wire story's dateline city stands in when the sentence names none: agencies file from
    where the meeting took place.
    """
    occ = pl.col("segment").str.extract_groups(OCCASION)
    return (
        meetings.with_columns(
            pl.col("segment").str.extract(_location_pattern(), 1).alias("city"),
            occ.alias("occ"),
        )
        .unnest("occ")
        .join(articles.select("article_id", "dateline_place"), on="article_id", how="left")
        .with_columns(
            pl.when(pl.col("n_groups") > 1)
            .then(pl.col("city"))
            .otherwise(pl.coalesce("city", "dateline_place"))
            .alias("location"),
            pl.coalesce("o1", "o2").str.replace_all("’", "'").str.strip_chars().alias("occasion"),
        )
        .with_columns(
            pl.col("location")
            .replace_strict(vocab.cities(), default=None, return_dtype=pl.String)
            .alias("location_country")
        )
    )
