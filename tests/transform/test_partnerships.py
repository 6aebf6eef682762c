"""extract_partnership_mentions, on sentences copied verbatim from data/sample/sample-2024q4.txt."""

from datetime import date

import polars as pl
from polars.testing import assert_frame_equal
from sentence_frames import sentences_of as article

from transform import schemas
from transform.extract.partnerships import extract_partnership_mentions


def rows(*values: tuple) -> pl.DataFrame:
    """Expected rows: (article_id, sentence_index, a, b, label, action, date, precision, evidence)."""
    return pl.DataFrame(list(values), schema=schemas.PARTNERSHIP_MENTIONS, orient="row")


def extract(frame: pl.LazyFrame) -> pl.DataFrame:
    return extract_partnership_mentions(frame).collect()


# --- established -------------------------------------------------------------------------------

SLOVAKIA_MET = "He met with Chinese President Xi Jinping on November 1."
SLOVAKIA_ANNIVERSARY = (
    "Noting that this year marks the 75th anniversary of the establishment of diplomatic relations "
    "between China and Slovakia, Xi said that after three-quarters of a century of development, the "
    "traditional friendship between the two countries is full of vitality, and the cooperation in "
    "various fields has yielded fruitful results, bringing tangible benefits to the people of both "
    "countries."
)
SLOVAKIA_ELEVATE = (
    "“We have decided to elevate China-Slovakia relations to a strategic partnership, which meets "
    "the future development needs of both countries and will inject new and powerful momentum into "
    "bilateral cooperation,” Xi said, adding that China is willing to work together with Slovakia "
    "to open a new chapter in bilateral relations and lift their ties to a higher level."
)


def test_elevation_in_a_quote_takes_the_meeting_day_named_before_it():
    out = extract(
        article(SLOVAKIA_MET, SLOVAKIA_ANNIVERSARY, SLOVAKIA_ELEVATE, published=date(2024, 11, 5))
    )
    assert_frame_equal(
        out,
        rows(
            (
                "a1",
                2,
                "CHN",
                "SVK",
                "strategic partnership",
                "established",
                date(2024, 11, 1),
                "day",
                SLOVAKIA_ELEVATE,
            )
        ),
    )


def test_elevation_without_any_date_takes_the_publication_day():
    out = extract(article(SLOVAKIA_ELEVATE, published=date(2024, 11, 5)))
    assert out.select("action", "effective_date", "date_precision").row(0) == (
        "established",
        date(2024, 11, 5),
        "day",
    )


BRAZIL_ANNOUNCED = (
    "At the conclusion of their bilateral meeting on 20 November, Presidents Xi and Lula announced "
    "that China Brazil ties would be elevated to a “community with a shared future for a more just "
    "world and a more sustainable planet”."
)


def test_elevation_takes_the_day_written_in_its_sentence():
    out = extract(article(BRAZIL_ANNOUNCED, published=date(2024, 11, 22)))
    assert_frame_equal(
        out,
        rows(
            (
                "a1",
                0,
                "BRA",
                "CHN",
                "community with a shared future",
                "established",
                date(2024, 11, 20),
                "day",
                BRAZIL_ANNOUNCED,
            )
        ),
    )


BRAZIL_WEDNESDAY = (
    "Xi and Lula announced on Wednesday the elevation of their countries’ bilateral ties to a "
    "“community with a shared future for a more just world and a more sustainable planet”, and "
    "committed to deepening coordination between the Belt and Road Initiative (BRI) and Brazil’s "
    "development strategies."
)


def test_elevation_on_a_weekday_is_the_last_such_day_before_publication():
    out = extract(article(BRAZIL_WEDNESDAY, published=date(2024, 11, 22)))
    assert out.select("country_a", "country_b", "action", "effective_date").row(0) == (
        "BRA",
        "CHN",
        "established",
        date(2024, 11, 20),
    )


NEPAL_2019 = (
    "In 2019, in particular, the bilateral relationship was elevated to the strategic partnership "
    "of cooperation featuring ever-lasting friendship for development and prosperity, which has "
    "driven the vigorous expansion of exchanges and cooperation in various fields between the two "
    "sides and brought tangible benefits to the two peoples."
)
NEPAL_LI = (
    "Li said that since the establishment of diplomatic ties nearly 70 years ago, China-Nepal "
    "relations have maintained sound and steady development."
)


def test_past_upgrade_takes_its_year_and_the_ladder_label():
    out = extract(article(NEPAL_LI, NEPAL_2019, published=date(2024, 12, 3)))
    assert_frame_equal(
        out,
        rows(
            (
                "a1",
                1,
                "CHN",
                "NPL",
                "strategic cooperative partnership",
                "established",
                date(2019, 1, 1),
                "year",
                NEPAL_2019,
            )
        ),
    )


SOUTH_AFRICA_RECENTLY = (
    "Underlining the special and close relationship between South Africa and China, Ramaphosa said "
    "the two heads of state have recently elevated bilateral relations to an all-round strategic "
    "cooperative partnership in the new era, a move that is bound to deepen bilateral cooperation "
    "in various fields."
)


def test_recent_elevation_is_dated_to_the_year_of_publication():
    out = extract(article(SOUTH_AFRICA_RECENTLY, published=date(2024, 11, 5)))
    assert_frame_equal(
        out,
        rows(
            (
                "a1",
                0,
                "CHN",
                "ZAF",
                "all-round strategic cooperative partnership",
                "established",
                date(2024, 1, 1),
                "year",
                SOUTH_AFRICA_RECENTLY,
            )
        ),
    )


WANG_YI_BRAZIL_SERBIA = (
    "In the course of 2024, China and Brazil have announced joint efforts to build a China-Brazil "
    "community with a shared future for a more just world and a more sustainable planet, "
    "demonstrating their sense of responsibility as two emerging countries; China and Serbia have "
    "launched efforts to build a China-Serbia community with a shared future in the new era, the "
    "first of its kind in China’s relations with European countries."
)


def test_two_frameworks_in_one_sentence_keep_their_own_pairs():
    out = extract(article(WANG_YI_BRAZIL_SERBIA, published=date(2024, 12, 17)))
    label = "community with a shared future"
    assert_frame_equal(
        out,
        rows(
            (
                "a1",
                0,
                "BRA",
                "CHN",
                label,
                "established",
                date(2024, 1, 1),
                "year",
                WANG_YI_BRAZIL_SERBIA,
            ),
            (
                "a1",
                0,
                "CHN",
                "SRB",
                label,
                "established",
                date(2024, 1, 1),
                "year",
                WANG_YI_BRAZIL_SERBIA,
            ),
        ),
    )


WANG_YI_AFRICA = (
    "What’s worth mentioning in particular is that Chinese and African leaders have agreed to build "
    "an all-weather China-Africa community with a shared future for the new era, giving expression "
    "to the shared desire of the 2.8 billion Chinese and Africans to pursue common development in "
    "greater solidarity."
)


def test_region_pair_uses_the_bloc_token_and_the_ladder_label():
    out = extract(article(WANG_YI_AFRICA, published=date(2024, 12, 17)))
    assert out.select("country_a", "country_b", "partnership_label", "action").row(0) == (
        "AFRICA",
        "CHN",
        "all-weather community with a shared future for the new era",
        "established",
    )


# --- status --------------------------------------------------------------------------------------

RUSSIA = (
    "The three meetings between President Xi Jinping and President Putin this year further deepened "
    "the China-Russia comprehensive strategic partnership of coordination."
)


def test_deepened_partnership_is_a_status_on_the_publication_day():
    out = extract(article(RUSSIA, published=date(2024, 12, 17)))
    assert_frame_equal(
        out,
        rows(
            (
                "a1",
                0,
                "CHN",
                "RUS",
                "comprehensive strategic partnership of coordination",
                "status",
                date(2024, 12, 17),
                "day",
                RUSSIA,
            )
        ),
    )


CAMBODIA_CHINA = (
    "Cambodia will deepen all-round friendly cooperation with China and firmly push forward the "
    "building of a Cambodia-China community with a shared future."
)


def test_pair_written_partner_first_is_sorted():
    out = extract(article(CAMBODIA_CHINA, published=date(2024, 12, 3)))
    assert out.select("country_a", "country_b", "partnership_label", "action").row(0) == (
        "CHN",
        "KHM",
        "community with a shared future",
        "status",
    )


CUBA_BETWEEN = (
    "Noting that next year marks the 65th anniversary of diplomatic ties between China and Cuba, "
    "Zhao, chairman of the National People’s Congress (NPC) Standing Committee, said China is "
    "willing to work with Cuba to implement the important consensus reached by the two countries’ "
    "heads of state, continue deepening the special, friendly bilateral relations in the new era, "
    "and promote the steady, far-reaching construction of a community with a shared future between "
    "China and Cuba."
)


def test_partner_named_after_the_label():
    out = extract(article(CUBA_BETWEEN, published=date(2024, 11, 7)))
    assert out.select("country_a", "country_b", "partnership_label", "action").rows() == [
        ("CHN", "CUB", "community with a shared future", "status")
    ]


STARMER_TALKS = (
    "RIO DE JANEIRO, Nov. 18 — China and Britain should adopt a rational and objective perspective "
    "on each other’s development, Chinese President Xi Jinping said on Monday."
)
STARMER_MET = (
    "Xi made the remarks when meeting with British Prime Minister Keir Starmer on the sidelines of "
    "the 19th G20 Leaders’ Summit."
)
STARMER_STICK = (
    "Both countries should stick to their strategic partnership, adhere to the principles of mutual "
    "respect, open cooperation, and mutual learning, strive for mutual benefit and win-win outcomes, "
    "and jointly write the next chapter of healthy and stable development of bilateral relations, he "
    "added."
)


def test_unnamed_partner_is_the_country_the_article_names_most():
    out = extract(article(STARMER_TALKS, STARMER_MET, STARMER_STICK, published=date(2024, 11, 18)))
    assert_frame_equal(
        out,
        rows(
            (
                "a1",
                2,
                "CHN",
                "GBR",
                "strategic partnership",
                "status",
                date(2024, 11, 18),
                "day",
                STARMER_STICK,
            )
        ),
    )


INDONESIA = (
    "Under the current complex international situation, Indonesia hopes to work with China to "
    "further strengthen all-round strategic coordination, become closer comprehensive strategic "
    "partners, and build a community with a shared future that has regional and global influence, "
    "which will not only benefit the two peoples, but also create a favourable environment for "
    "better achieving peaceful development in Asia."
)


def test_partners_reads_as_partnership():
    out = extract(article(INDONESIA, published=date(2024, 11, 9)))
    assert out.select("country_a", "country_b", "partnership_label", "action").rows() == [
        ("CHN", "IDN", "community with a shared future", "status"),
        ("CHN", "IDN", "comprehensive strategic partnership", "status"),
    ]


EU = (
    "The Chinese leader expressed the hope that the new EU institutions will adhere to the "
    "orientation of the China-EU partnership, adopt a positive and pragmatic approach, properly "
    "manage differences, and refrain from politicising economic and trade issues."
)


def test_bare_partnership_counts_with_a_pair_in_front():
    out = extract(article(EU, published=date(2024, 11, 5)))
    assert out.select("country_a", "country_b", "partnership_label", "action").rows() == [
        ("CHN", "EU", "partnership", "status")
    ]


# --- not a bilateral framework -------------------------------------------------------------------

GLOBAL_SLOGANS = [
    "  • Building a community with a shared future for humanity is an important vision put forth "
    "by President Xi Jinping.",
    "One cannot but notice a strong synergy between Brazil and China’s foreign policy objectives.",
    "This alignment complements Brazil’s G20 agenda, reinforcing its commitment to South-South "
    "cooperation and to building a community with a shared future for mankind.",
    "Unlike the West, which has always jealously guarded its technological supremacy, China’s vision "
    "of a global community of shared future involves encouraging sustainable development and "
    "modernisation throughout the Global South.",
    "In his speech at the G20 Summit, President Xi made a powerful call to “see the world as one "
    "community with a shared future, and shoulder our responsibility for history, take historical "
    "initiative and move history forward”.",
]


def test_global_community_slogan_is_no_partnership():
    assert extract(article(*GLOBAL_SLOGANS)).is_empty()


NEPAL_SPIRIT = (
    "They are ready to take this opportunity to further accelerate the implementation of the "
    "important common understandings reached by the leaders of the two countries, maintain "
    "high-level exchanges, strengthen political mutual trust, and deepen and expand mutually "
    "beneficial cooperation in various fields on the basis of the Five Principles of Peaceful "
    "Coexistence and the principle of good neighbourliness and friendship, so as to further grow "
    "bilateral relations to the benefit of the two countries and peoples in the spirit of a "
    "community with a shared future."
)


def test_spirit_of_a_community_is_no_partnership():
    assert extract(article(NEPAL_SPIRIT)).is_empty()


GOOD_PARTNERS = (
    "He added that China and Nepal, linked by the same mountains and rivers, are good neighbours, "
    "good friends and good partners, and bilateral relations have maintained sound and steady "
    "development."
)
AFGHANISTAN = (  # with the en spaces (U+2002) of the corpus
    "  • We have supported\u2002Afghanistan\u2002in building an\u2002inclusive political framework and "
    "realising peace and reconstruction."
)


def test_odd_spaces_inside_a_label_still_match():
    with_en_spaces = RUSSIA.replace("comprehensive strategic", "comprehensive\u2002strategic")
    out = extract(article(with_en_spaces, published=date(2024, 12, 17)))
    assert out.select("partnership_label", "evidence").rows() == [
        ("comprehensive strategic partnership of coordination", with_en_spaces)
    ]


def test_sentences_without_a_framework_yield_nothing():
    assert extract(article(GOOD_PARTNERS, AFGHANISTAN)).is_empty()


def test_output_has_the_raw_schema_when_empty():
    assert extract_partnership_mentions(article(AFGHANISTAN)).collect_schema() == pl.Schema(
        schemas.PARTNERSHIP_MENTIONS
    )


# --- the whole sample corpus --------------------------------------------------------------------


def test_sample_corpus_frameworks(corpus_sentences):
    out = extract_partnership_mentions(corpus_sentences).collect()
    found = set(out.select("country_a", "country_b", "partnership_label", "action").iter_rows())
    assert found == {
        (
            "AFRICA",
            "CHN",
            "all-weather community with a shared future for the new era",
            "established",
        ),
        ("BRA", "CHN", "community with a shared future", "established"),
        ("CHN", "SRB", "community with a shared future", "established"),
        ("CHN", "SVK", "strategic partnership", "established"),
        ("CHN", "NPL", "strategic cooperative partnership", "established"),
        ("CHN", "ZAF", "all-round strategic cooperative partnership", "established"),
        ("CHN", "NPL", "strategic cooperative partnership", "status"),
        ("CHN", "RUS", "comprehensive strategic partnership of coordination", "status"),
        ("CHN", "KHM", "community with a shared future", "status"),
        ("CHN", "CUB", "community with a shared future", "status"),
        ("BOL", "CHN", "strategic partnership", "status"),
        ("CHN", "GBR", "strategic partnership", "status"),
        ("CHN", "IDN", "comprehensive strategic partnership", "status"),
        ("CHN", "IDN", "community with a shared future", "status"),
        ("CHN", "EU", "partnership", "status"),
    }
    established = out.filter(pl.col("action") == "established")
    dates = set(established.select("country_b", "effective_date", "date_precision").iter_rows())
    assert ("SVK", date(2024, 11, 1), "day") in dates
    assert ("NPL", date(2019, 1, 1), "year") in dates
    assert ("CHN", date(2024, 11, 20), "day") in dates  # Brazil, "on 20 November"
    assert ("SRB", date(2024, 1, 1), "year") in dates
    assert (out["evidence"].str.contains("for humanity|for mankind")).sum() == 0


# --- no home country: the parties are the ones the text gives --------------------------------


def test_a_pair_without_china_is_the_two_countries_the_sentence_names():
    text = (
        "Vietnam and the United States upgraded their relations to a comprehensive strategic "
        "partnership during President Joe Biden's visit to Hanoi."
    )
    out = extract(article(text, published=date(2023, 9, 11)))
    assert out.select("country_a", "country_b", "partnership_label", "action").rows() == [
        ("USA", "VNM", "comprehensive strategic partnership", "established")
    ]


def test_between_two_countries_after_the_label_is_the_pair():
    text = (
        "The two leaders said the comprehensive strategic partnership between Indonesia and "
        "Australia had never been stronger."
    )
    out = extract(article(text, published=date(2024, 11, 12)))
    assert out.select("country_a", "country_b").rows() == [("AUS", "IDN")]


def test_a_statement_that_names_one_country_has_no_pair_and_no_row():
    """Nothing assumes a second party: the text supports Vietnam only."""
    text = "Vietnam values its comprehensive strategic partnership, the spokesperson said."
    assert extract(article(text, published=date(2024, 5, 2))).height == 0


def test_the_two_countries_are_the_ones_the_article_names_most():
    first = (
        "Japanese Prime Minister Fumio Kishida received Indian Prime Minister Narendra Modi in "
        "Tokyo, where Japan and India reviewed their cooperation."
    )
    second = "Both countries should stick to their special strategic partnership, Kishida said."
    out = extract(article(first, second, published=date(2023, 3, 20)))
    assert out.select("country_a", "country_b").rows() == [("IND", "JPN")]
