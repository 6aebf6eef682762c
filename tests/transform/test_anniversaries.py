"""extract_anniversary_mentions and extract_founding_mentions, on sentences copied verbatim from
data/sample/sample-2024q4.txt."""

from datetime import date

import polars as pl
from polars.testing import assert_frame_equal
from sentence_frames import sentences_of as article

from transform import schemas
from transform.extract.anniversaries import extract_anniversary_mentions, extract_founding_mentions


def anniversaries(frame: pl.LazyFrame) -> pl.DataFrame:
    return extract_anniversary_mentions(frame).collect()


def foundings(frame: pl.LazyFrame) -> pl.DataFrame:
    return extract_founding_mentions(frame).collect()


def anniversary_rows(*values: tuple) -> pl.DataFrame:
    """(article_id, sentence_index, subject, is_relations, codes, ordinal, year, date, mentioned_on,
    evidence)"""
    return pl.DataFrame(list(values), schema=schemas.ANNIVERSARY_MENTIONS, orient="row")


def founding_rows(*values: tuple) -> pl.DataFrame:
    """(article_id, sentence_index, subject, is_relations, codes, base_date, base_year, precision,
    evidence)"""
    return pl.DataFrame(list(values), schema=schemas.FOUNDING_MENTIONS, orient="row")


def short(frame: pl.DataFrame) -> list[tuple]:
    return frame.select("subject", "country_codes", "ordinal", "anniversary_year").rows()


NEPAL = "establishment of China-Nepal diplomatic relations"
PRC = "founding of the People’s Republic of China"

# --- anniversaries -------------------------------------------------------------------------------

NEPAL_NEXT_YEAR = (
    "Noting that next year marks the 70th anniversary of the establishment of diplomatic relations, "
    "Xi said China places Nepal in an important position in its neighbourhood diplomacy and is "
    "willing to work with Nepal to consolidate their traditional friendship and push for new "
    "progress in advancing the China-Nepal strategic partnership of cooperation featuring "
    "ever-lasting friendship for development and prosperity."
)


def test_next_year_anniversary_of_relations_takes_the_partner_from_the_sentence():
    out = anniversaries(article(NEPAL_NEXT_YEAR, published=date(2024, 12, 3)))
    assert_frame_equal(
        out,
        anniversary_rows(
            (
                "a1",
                0,
                NEPAL,
                True,
                ["CHN", "NPL"],
                70,
                2025,
                None,
                date(2024, 12, 3),
                NEPAL_NEXT_YEAR,
            )
        ),
    )


NEPAL_2025 = (
    "As the year 2025 marks the 70th anniversary of the establishment of diplomatic relations "
    "between China and Nepal, the two sides comprehensively discussed the ways and means to make "
    "the celebration of the anniversary a momentous one."
)


def test_year_written_before_marks_is_the_anniversary_year():
    out = anniversaries(article(NEPAL_2025, published=date(2024, 12, 3)))
    assert short(out) == [(NEPAL, ["CHN", "NPL"], 70, 2025)]


SLOVAKIA_THIS_YEAR = (
    "Noting that this year marks the 75th anniversary of the establishment of diplomatic relations "
    "between China and Slovakia, Xi said that after three-quarters of a century of development, the "
    "traditional friendship between the two countries is full of vitality, and the cooperation in "
    "various fields has yielded fruitful results, bringing tangible benefits to the people of both "
    "countries."
)


def test_this_year_is_the_publication_year():
    out = anniversaries(article(SLOVAKIA_THIS_YEAR, published=date(2024, 11, 5)))
    assert short(out) == [
        ("establishment of China-Slovakia diplomatic relations", ["CHN", "SVK"], 75, 2024)
    ]


BOLIVIA = (
    "China supports Bolivia in independently exploring a development path suited to its national "
    "conditions and is willing to take the 40th anniversary of the establishment of diplomatic ties "
    "between China and Bolivia next year as an opportunity to carry forward the traditional "
    "friendship, deepen strategic mutual trust, expand win-win cooperation and lead the "
    "China-Bolivia strategic partnership to a new level."
)


def test_next_year_after_the_subject_counts():
    out = anniversaries(article(BOLIVIA, published=date(2024, 11, 19)))
    assert short(out) == [
        ("establishment of Bolivia-China diplomatic relations", ["BOL", "CHN"], 40, 2025)
    ]


INDONESIA = (
    "Subianto said that Indonesia is willing to take the 75th anniversary of diplomatic relations "
    "between the two countries next year as an opportunity to intensify exchanges with China at all "
    "levels, expand mutually beneficial cooperation in various fields, strengthen key projects such "
    "as the Jakarta-Bandung High-Speed Railway, and intensify exchanges in such fields as education "
    "and tourism."
)


def test_relations_between_the_two_countries_take_the_country_the_sentence_names():
    out = anniversaries(article(INDONESIA, published=date(2024, 11, 9)))
    assert short(out) == [
        ("establishment of China-Indonesia diplomatic relations", ["CHN", "IDN"], 75, 2025)
    ]


EU = (
    "China attaches great importance to China-EU relations, Xi said, adding that next year marks the "
    "50th anniversary of the establishment of diplomatic relations between China and the EU, and "
    "China-EU relations should demonstrate due maturity and stability."
)


def test_relations_with_a_region_use_its_token():
    out = anniversaries(article(EU, published=date(2024, 11, 5)))
    assert short(out) == [
        ("establishment of China-EU diplomatic relations", ["CHN", "EU"], 50, 2025)
    ]


NEPALI_SIDE = (
    "The Nepali side warmly congratulated the Chinese side on the 75th anniversary of the founding "
    "of the People’s Republic of China, highly commended the remarkable achievements made by China "
    "in the new era and expressed support for China’s efforts to build a great modern socialist "
    "country in all respects and achieve national rejuvenation through the Chinese path to "
    "modernisation."
)


def test_founding_of_the_prc_is_not_bilateral():
    out = anniversaries(article(NEPALI_SIDE, published=date(2024, 12, 3)))
    assert_frame_equal(
        out,
        anniversary_rows(("a1", 0, PRC, False, [], 75, 2024, None, date(2024, 12, 3), NEPALI_SIDE)),
    )


LAZO = (
    "Lazo congratulated the 75th anniversary of the founding of the People’s Republic of China and "
    "the success of the third plenary session of the 20th Communist Party of China Central "
    "Committee, noting that Cuba firmly upholds the one-China principle and firmly supports China’s "
    "core interests and its major concerns."
)


def test_known_event_gets_its_stored_subject_whatever_follows():
    out = anniversaries(article(LAZO, published=date(2024, 11, 7)))
    assert short(out) == [(PRC, [], 75, 2024)]


NOVEMBER_28 = (
    "November 28, 2024, marked the 10th anniversary of Chinese President Xi Jinping first proposing "
    "the idea of major country diplomacy with Chinese characteristics."
)
THURSDAY = (
    "Following these memorable moments, Thursday also marks the 10th anniversary of another landmark "
    "event in China’s foreign policy history — Xi’s proposing of the idea of major country diplomacy "
    "with Chinese characteristics."
)
MAJOR_COUNTRY = "Xi Jinping proposing major country diplomacy with Chinese characteristics"


def test_day_written_before_marked_is_the_anniversary_date():
    out = anniversaries(article(NOVEMBER_28, published=date(2024, 11, 28)))
    assert out.select("subject", "ordinal", "anniversary_year", "anniversary_date").rows() == [
        (MAJOR_COUNTRY, 10, 2024, date(2024, 11, 28))
    ]


def test_apposition_after_a_dash_names_the_subject():
    out = anniversaries(article(THURSDAY, published=date(2024, 11, 28)))
    assert out.select("subject", "ordinal", "anniversary_year", "anniversary_date").rows() == [
        (MAJOR_COUNTRY, 10, 2024, None)
    ]


INDONESIA_BANDUNG = (
    "Xi Jinping emphasised that this year marks the 70th anniversary of the Five Principles of "
    "Peaceful Coexistence, and next year marks the 70th anniversary of the Bandung Conference."
)


def test_two_anniversaries_in_one_sentence_get_their_own_years():
    out = anniversaries(article(INDONESIA_BANDUNG, published=date(2024, 11, 9)))
    assert short(out) == [
        ("Bandung Conference", [], 70, 2025),
        ("Five Principles of Peaceful Coexistence", [], 70, 2024),
    ]


WANG_YI_VICTORY = (
    "We will hold solemn commemorations for the 80th anniversary of the victory of the "
    "Chinese people’s war of resistance against Japanese aggression and the world anti-fascist war, "
    "promote a correct view of history, uphold true multilateralism, and firmly safeguard the "
    "international system with the UN at its core, the international order underpinned by "
    "international law, and the basic norms governing international relations based on the purposes "
    "and principles of the UN Charter."
)


def test_known_event_without_a_year_is_placed_by_its_founding_year():
    out = anniversaries(article(WANG_YI_VICTORY, published=date(2024, 12, 17)))
    assert out.select("ordinal", "anniversary_year", "is_diplomatic_relations").rows() == [
        (80, 2025, False)
    ]


CPV_ENTERING = (
    "The top leader of the Democratic People’s Republic of Korea (DPRK) on Friday sent a wreath to "
    "the China-DPRK Friendship Tower in Pyongyang on the occasion of the 74th anniversary of the "
    "Chinese People’s Volunteers entering the DPRK to fight in the War to Resist U.S. Aggression and "
    "Aid Korea, the DPRK’s official Korean Central News Agency reported on Saturday."
)
CPV_ENTRY = (
    "Wreaths were laid at the Friendship Tower on October 25 to mark the 74th anniversary of the "
    "entry of the Chinese People’s Volunteers (CPV) into the Korean Front."
)


def test_two_wordings_of_one_event_share_its_subject():
    out = anniversaries(article(CPV_ENTERING, CPV_ENTRY, published=date(2024, 10, 25)))
    assert short(out) == [("Chinese People’s Volunteers entering the DPRK", [], 74, 2024)] * 2


RANGE_OF_EVENTS = (
    "As President Xi Jinping wrapped up his trip to Latin America last week, observers noted that "
    "the year 2024 has been special for marking the 10th anniversaries of a range of landmark events, "
    "such as China’s hosting of the 2014 APEC Economic Leaders’ Meeting in Beijing and the founding "
    "of the Forum of China and the Community of Latin American and Caribbean States."
)


def test_plural_anniversaries_are_skipped():
    assert anniversaries(article(RANGE_OF_EVENTS)).is_empty()


MARKING = (
    "Marking the anniversary, in a front-page article, China Daily noted that, “many scholars and "
    "officials have been impressed by how Beijing has showcased distinct Chinese characteristics, "
    "style and ethos in its diplomacy, and how it has been working on building the image of a "
    "confident, self-reliant, open and inclusive major country with a global vision over the past "
    "10 years.”"
)


def test_anniversary_without_an_ordinal_is_skipped():
    assert anniversaries(article(MARKING)).is_empty()


# --- founding dates ------------------------------------------------------------------------------

PERU = (
    "(China and Peru established diplomatic relations on November 2, 1971, during the "
    "anti-imperialist and progressive presidency of Juan Velasco Alvarado.)"
)


def test_relations_established_on_a_day():
    out = foundings(article(PERU, published=date(2024, 11, 17)))
    assert_frame_equal(
        out,
        founding_rows(
            (
                "a1",
                0,
                "establishment of China-Peru diplomatic relations",
                True,
                ["CHN", "PER"],
                date(1971, 11, 2),
                1971,
                "day",
                PERU,
            )
        ),
    )


NEPAL_1955 = (
    "The two sides agreed that since the establishment of diplomatic relations between China and "
    "Nepal in 1955, the bilateral relationship has enjoyed sustained, stable and healthy development."
)


def test_relations_established_in_a_year():
    out = foundings(article(NEPAL_1955, published=date(2024, 12, 3)))
    assert_frame_equal(
        out,
        founding_rows(
            ("a1", 0, NEPAL, True, ["CHN", "NPL"], date(1955, 1, 1), 1955, "year", NEPAL_1955)
        ),
    )


SOUTH_AFRICA_AGO = (
    "During talks with Didiza, Li said that since the establishment of diplomatic relations 26 years "
    "ago, China-South Africa relations have made enormous strides and set a model of solidarity and "
    "cooperation for developing countries."
)


def test_years_ago_count_back_from_publication():
    out = foundings(article(SOUTH_AFRICA_AGO, published=date(2024, 11, 5)))
    assert out.select("subject", "country_codes", "base_year", "date_precision").rows() == [
        ("establishment of China-South Africa diplomatic relations", ["CHN", "ZAF"], 1998, "year")
    ]


NEPAL_NEARLY = (
    "Li said that since the establishment of diplomatic ties nearly 70 years ago, China-Nepal "
    "relations have maintained sound and steady development."
)


def test_approximate_age_gives_no_founding():
    assert foundings(article(NEPAL_NEARLY, published=date(2024, 12, 3))).is_empty()


BRITAIN_NO_DATE = (
    "“Britain remains steadfast in honouring its commitment to the Taiwan question since the "
    "establishment of diplomatic relations and will stick to it in the long term, Lammy said.”"
)


def test_establishment_without_a_date_gives_no_founding():
    assert foundings(article(BRITAIN_NO_DATE)).is_empty()


def test_founding_and_anniversary_of_one_relation_share_the_subject():
    frame = article(NEPAL_1955, NEPAL_2025, published=date(2024, 12, 3))
    assert foundings(frame)["subject"].to_list() == anniversaries(frame)["subject"].to_list()


def test_outputs_have_the_raw_schemas_when_empty():
    frame = article(MARKING)
    assert extract_anniversary_mentions(frame).collect_schema() == pl.Schema(
        schemas.ANNIVERSARY_MENTIONS
    )
    assert extract_founding_mentions(frame).collect_schema() == pl.Schema(schemas.FOUNDING_MENTIONS)


# --- the whole sample corpus --------------------------------------------------------------------


def test_sample_corpus_anniversaries_and_foundings(corpus_sentences):
    found = extract_anniversary_mentions(corpus_sentences).collect()
    assert set((s, tuple(c), o, y) for s, c, o, y in short(found)) == {
        (
            # the subject as the seed commemorations.csv writes it, whatever the text's case
            "victory of the Chinese People’s War of Resistance Against Japanese Aggression and the "
            "World Anti-Fascist War",
            (),
            80,
            2025,
        ),
        (NEPAL, ("CHN", "NPL"), 70, 2025),
        (PRC, (), 75, 2024),
        (MAJOR_COUNTRY, (), 10, 2024),
        ("establishment of Bolivia-China diplomatic relations", ("BOL", "CHN"), 40, 2025),
        ("Bandung Conference", (), 70, 2025),
        ("Five Principles of Peaceful Coexistence", (), 70, 2024),
        ("establishment of China-Indonesia diplomatic relations", ("CHN", "IDN"), 75, 2025),
        ("establishment of China-Slovakia diplomatic relations", ("CHN", "SVK"), 75, 2024),
        ("establishment of China-EU diplomatic relations", ("CHN", "EU"), 50, 2025),
        ("establishment of China-Cuba diplomatic relations", ("CHN", "CUB"), 65, 2025),
        ("Chinese People’s Volunteers entering the DPRK", (), 74, 2024),
    }
    assert found.filter(pl.col("anniversary_date").is_not_null())["anniversary_date"].to_list() == [
        date(2024, 11, 28)
    ]

    based = extract_founding_mentions(corpus_sentences).collect()
    assert set(based.select("subject", "base_date", "date_precision").iter_rows()) == {
        (NEPAL, date(1955, 1, 1), "year"),
        ("establishment of China-Peru diplomatic relations", date(1971, 11, 2), "day"),
        ("establishment of China-South Africa diplomatic relations", date(1998, 1, 1), "year"),
    }


def _top_level_alternatives(pattern: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for char in pattern:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "|" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    return [*parts, current]


def test_every_commemorated_event_passes_the_event_word_prefilter():
    """EVENT_WORDS keeps EVENT_FOUNDING off sentences naming no event: a pattern added to
    vocab.COMMEMORATED_EVENTS without one of its words would never be searched for."""
    from transform.extract.anniversaries import EVENT_WORDS
    from transform.extract.vocab import COMMEMORATED_EVENTS

    for subject, pattern, _year in COMMEMORATED_EVENTS:
        for alternative in _top_level_alternatives(pattern):
            assert any(word in alternative.lower() for word in EVENT_WORDS), (subject, alternative)


# --- no home country: the parties are the ones the text gives --------------------------------


def test_an_anniversary_between_two_other_countries_names_them():
    text = (
        "Next year marks the 60th anniversary of diplomatic relations between the two countries, "
        "South Korean Foreign Minister Cho Tae-yul told his Japanese counterpart Takeshi Iwaya."
    )
    out = anniversaries(article(text, published=date(2024, 11, 20)))
    assert short(out) == [
        ("establishment of Japan-South Korea diplomatic relations", ["JPN", "KOR"], 60, 2025)
    ]


def test_a_founding_between_two_other_countries_names_them():
    out = extract_founding_mentions(
        article("India and Japan established diplomatic relations on April 28, 1952.")
    ).collect()
    assert out.select("subject", "country_codes", "base_date").rows() == [
        ("establishment of India-Japan diplomatic relations", ["IND", "JPN"], date(1952, 4, 28))
    ]


def test_relations_with_one_country_named_and_no_other_in_the_article_have_no_row():
    text = "Next year marks the 30th anniversary of Vietnam's diplomatic relations, he said."
    assert anniversaries(article(text, published=date(2024, 11, 20))).height == 0
