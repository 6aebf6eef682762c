"""Text dump -> articles: titles, Continue reading markers, reprints, datelines, dates."""

import hashlib
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from transform import schemas
from transform.errors import InputError
from transform.extract import dates
from transform.parse.textdump import read_text_dump, split_text_dump

SAMPLE = Path(__file__).parents[2] / "data" / "sample" / "sample-2024q4.txt"

# Excerpts of the sample corpus, shortened to the lines each test needs.
HUN_SEN = """\
Xi Jinping holds talks with Cambodia’s senate president Hun Sen

Chinese President Xi Jinping, who is also General Secretary of the CPC Central Committee, met with Hun Sen on December 3 and called for firm mutual support to consolidate the ironclad friendship between the two countries.

On December 2, he had met with Wang Huning, a member of the Standing Committee of the Political Bureau of the CPC Central Committee.

The following articles were originally published by the Xinhua News Agency.

Xi holds talks with Cambodia’s senate president Hun Sen

BEIJING, Dec. 3 (Xinhua) — Xi Jinping, general secretary of the Communist Party of China (CPC) Central Committee and Chinese president, held talks with Cambodian People’s Party (CPP) President and Senate President Samdech Techo Hun Sen in Beijing on Tuesday.

Noting that the Cambodia-China friendship has withstood the test of history and time, Hun Sen expressed Cambodia’s gratitude to China.

Continue reading Xi Jinping holds talks with Cambodia’s senate president Hun Sen

Xi calls for advancing strategic partnership of cooperation with Nepal

On December 3, Oli, who is also the Chairman of the Communist Party of Nepal (Unified Marxist Leninist) (CPN-UML) met with Chinese President Xi Jinping.
"""

DPRK = """\
Top DPRK leader sends wreath to China-DPRK Friendship Tower

On October 25, the top leader of the Democratic People’s Republic of Korea (DPRK), Kim Jong Un, sent a wreath to the Friendship Tower in Pyongyang.

The following articles were originally published by the Xinhua News Agency and KCNA.

Top DPRK leader sends wreath to China-DPRK Friendship Tower

The top leader of the Democratic People’s Republic of Korea (DPRK) on Friday sent a wreath to the China-DPRK Friendship Tower in Pyongyang, the DPRK’s official Korean Central News Agency reported on Saturday.

Wreaths Laid at Friendship Tower

Wreaths were laid at the Friendship Tower on October 25 to mark the 74th anniversary of the entry of the Chinese People’s Volunteers (CPV) into the Korean Front.
"""

CUBA_THEN_SOUTH_AFRICA = """\
China and Cuba continue deepening their special, friendly bilateral relations

The two men met on November 7.

The following articles were originally published by the Xinhua News Agency.

China, Cuba vow to strengthen exchange in rule-of-law development

BEIJING, Nov. 7 (Xinhua) — Zhao Leji, China’s top legislator, and Esteban Lazo Hernandez, president of Cuba’s National Assembly of People’s Power, held talks on Thursday.


China’s top political advisor meets president of Cuba’s National Assembly of People’s Power

BEIJING, Nov. 7 (Xinhua) — China’s top political advisor Wang Huning met with Esteban Lazo Hernandez in Beijing on Thursday.

China-South Africa relations a model of solidarity and cooperation for developing countries

The “special and close relationship” between South Africa and China was underlined by the November 5-7 official goodwill visit to South Africa by Li Xi.
"""


@pytest.fixture(scope="module")
def sample() -> pl.DataFrame:
    return read_text_dump(SAMPLE)


def by_title(frame: pl.DataFrame, title: str) -> list[dict]:
    return frame.filter(pl.col("title") == title).rows(named=True)


def test_reprint_is_an_article_of_its_own_with_the_entry_as_parent():
    articles = split_text_dump(HUN_SEN, "hun-sen.txt")
    entry, reprint = articles.rows(named=True)[:2]
    assert entry["title"] == "Xi Jinping holds talks with Cambodia’s senate president Hun Sen"
    assert reprint["title"] == "Xi holds talks with Cambodia’s senate president Hun Sen"
    assert reprint["parent_article_id"] == entry["article_id"]
    assert entry["parent_article_id"] is None


def test_reprint_keeps_its_dateline_verbatim_in_dateline_and_body():
    reprint = split_text_dump(HUN_SEN, "hun-sen.txt").row(1, named=True)
    assert reprint["dateline"] == "BEIJING, Dec. 3 (Xinhua) —"
    assert reprint["dateline_place"] == "Beijing"
    assert reprint["body"].startswith("BEIJING, Dec. 3 (Xinhua) — Xi Jinping, general secretary")


def test_reprint_is_dated_by_its_dateline_in_the_reference_year_when_no_year_is_written():
    # Neither the reprint nor its entry writes a year: the day is the dateline's, the year the
    # reference year, and the source says the year is a guess.
    reprint = split_text_dump(HUN_SEN, "hun-sen.txt", reference_year=2024).row(1, named=True)
    assert (reprint["published_date"], reprint["published_date_source"]) == (
        date(2024, 12, 3),
        "reference_year",
    )


def test_reprint_dateline_takes_the_year_its_entry_writes_not_the_reference_year():
    dated = HUN_SEN.replace(
        "met with Hun Sen on December 3", "met with Hun Sen on December 3, 2019"
    )
    reprint = split_text_dump(dated, "hun-sen.txt", reference_year=2024).row(1, named=True)
    assert (reprint["published_date"], reprint["published_date_source"]) == (
        date(2019, 12, 3),
        "dateline",
    )


def test_blog_entry_is_dated_by_the_latest_date_in_its_own_text():
    # "December 3" and "December 2", no year written: the latest, in the reference year.
    entry = split_text_dump(HUN_SEN, "hun-sen.txt", reference_year=2024).row(0, named=True)
    assert (entry["published_date"], entry["published_date_source"]) == (
        date(2024, 12, 3),
        "reference_year",
    )


def test_blog_entry_with_a_year_in_its_text_is_dated_text_in_that_year():
    dated = HUN_SEN.replace("On December 2, he", "On December 2, 2018, he")
    entry = split_text_dump(dated, "hun-sen.txt", reference_year=2024).row(0, named=True)
    assert (entry["published_date"], entry["published_date_source"]) == (date(2018, 12, 3), "text")


def test_continue_reading_line_is_in_no_body_and_starts_a_new_entry():
    articles = split_text_dump(HUN_SEN, "hun-sen.txt")
    assert not articles["body"].str.contains("Continue reading").any()
    nepal = articles.row(2, named=True)
    assert (
        nepal["title"] == "Xi calls for advancing strategic partnership of cooperation with Nepal"
    )
    assert nepal["parent_article_id"] is None


def test_reprint_announcement_stays_in_the_entry_body():
    entry = split_text_dump(HUN_SEN, "hun-sen.txt").row(0, named=True)
    assert entry["body"].endswith(
        "The following articles were originally published by the Xinhua News Agency."
    )


def test_titles_without_dateline_are_reprints_while_announced_outlets_last():
    articles = split_text_dump(DPRK, "dprk.txt", reference_year=2024)
    parent_id = articles["article_id"][0]
    assert articles["title"].to_list() == [
        "Top DPRK leader sends wreath to China-DPRK Friendship Tower",
        "Top DPRK leader sends wreath to China-DPRK Friendship Tower",
        "Wreaths Laid at Friendship Tower",
    ]
    assert articles["parent_article_id"].to_list() == [None, parent_id, parent_id]


def test_undated_reprint_takes_its_parents_date():
    reprint = split_text_dump(DPRK, "dprk.txt", reference_year=2024).row(1, named=True)
    assert (reprint["published_date"], reprint["published_date_source"]) == (
        date(2024, 10, 25),
        "parent",
    )


def test_title_without_dateline_after_outlets_are_used_up_is_a_new_entry():
    articles = split_text_dump(CUBA_THEN_SOUTH_AFRICA, "cuba.txt")
    assert articles["parent_article_id"].is_null().to_list() == [True, False, False, True]
    assert articles["title"][3].startswith("China-South Africa relations a model")


def test_announcement_followed_by_a_paragraph_keeps_the_untitled_reprint_in_the_body():
    text = (
        "China’s global vision benefits all humanity\n\n"
        "November 28, 2024, marked the 10th anniversary of the idea.\n\n"
        "The following article was first published by China Daily.\n\n"
        "As President Xi Jinping wrapped up his trip to Latin America last week, observers noted.\n\n"
        "China-facilitated reconciliation between Saudi Arabia and Iran continues to make progress\n\n"
        "The reconciliation between Saudi Arabia and Iran continues to make progress.\n"
    )
    articles = split_text_dump(text, "x.txt")
    assert articles["parent_article_id"].is_null().all()
    assert articles["body"][0].endswith("observers noted.")


def test_lines_ending_like_sentences_or_lead_ins_are_not_titles():
    text = (
        "Keir Starmer dares to lecture President Xi on human rights?!\n\n"
        "In the video embedded below, Andy Boreham reports on the meeting.\n\n"
        "Mr Starmer, you have absolutely no right to lecture anyone on human rights.\n\n"
        "Dear Experts and Friends,\n\n"
        "It gives me great pleasure to join you at the year-end.\n"
    )
    articles = split_text_dump(text, "x.txt")
    assert articles["title"].to_list() == [
        "Keir Starmer dares to lecture President Xi on human rights?!"
    ]


def test_question_right_before_continue_reading_is_body_text():
    text = (
        "Donald Trump and the drive to war against China\n\n"
        "The article begins by noting that US policy towards China has been consistent.\n\n"
        "To what extent can we expect the situation to change under a second Trump presidency?\n\n"
        "Continue reading Donald Trump and the drive to war against China\n"
    )
    article = split_text_dump(text, "x.txt").row(0, named=True)
    assert article["body"].endswith("under a second Trump presidency?")


def test_dateline_place_is_title_case_with_lower_case_particles():
    text = (
        "Xi calls for all-round development of China-Mexico relations in new era\n\n"
        "RIO DE JANEIRO, Nov. 18 — Chinese President Xi Jinping said on Monday that China and "
        "Mexico should continue to enhance exchanges.\n"
    )
    article = split_text_dump(text, "x.txt").row(0, named=True)
    assert (article["dateline"], article["dateline_place"]) == (
        "RIO DE JANEIRO, Nov. 18 —",
        "Rio de Janeiro",
    )


def test_bullet_lines_keep_their_text_without_the_bullet():
    text = (
        "Wang Yi: Riding the trend of the times\n\n"
        "Among some of the highlights of his speech are:\n\n"
        "  • We have mediated peace in northern Myanmar.\n"
        "  • We have supported Afghanistan in building an inclusive political framework.\n"
    )
    body = split_text_dump(text, "x.txt")["body"][0]
    assert body == (
        "Among some of the highlights of his speech are:\n\n"
        "We have mediated peace in northern Myanmar.\n"
        "We have supported Afghanistan in building an inclusive political framework."
    )


def test_article_id_is_sha256_of_title_newline_body_first_16_hex():
    article = split_text_dump(HUN_SEN, "hun-sen.txt").row(1, named=True)
    text = f"{article['title']}\n{article['body']}".encode()
    assert article["article_id"] == hashlib.sha256(text).hexdigest()[:16]


def test_month_day_dates_take_the_given_reference_year():
    entry = split_text_dump(HUN_SEN, "hun-sen.txt", reference_year=2023).row(0, named=True)
    assert entry["published_date"] == date(2023, 12, 3)


def test_article_without_any_date_has_null_date_and_null_source():
    text = (
        "Trump presidency threatens us all\n\nSophie notes that Trump has promised to stop wars.\n"
    )
    article = split_text_dump(text, "x.txt", reference_year=2024).row(0, named=True)
    assert (article["published_date"], article["published_date_source"]) == (None, None)


def test_dump_without_titles_raises_input_error_naming_it():
    with pytest.raises(InputError, match=r"^notes\.txt: no articles found"):
        split_text_dump("Just one sentence.\n\nAnd another one.\n", "notes.txt")


def test_output_has_the_articles_schema(sample):
    assert sample.schema == pl.Schema(schemas.ARTICLES)


def test_sample_reference_year_is_2024():
    assert dates.most_common_year([SAMPLE.read_text(encoding="utf-8")]) == 2024


# The whole sample corpus: (title, title of the parent entry, dateline, published date).
EXPECTED_SAMPLE = [
    (
        "Wang Yi: Riding the trend of the times with a strong sense of responsibility",
        None,
        None,
        date(2024, 12, 17),
    ),
    (
        "China pledges support to new Sri Lankan government ahead of proposed presidential visit to Beijing",
        None,
        None,
        date(2024, 12, 18),
    ),
    (
        "Assessing recent high level encounters between Britain and China",
        None,
        None,
        date(2024, 11, 18),
    ),
    (
        "Xi Jinping holds talks with Cambodia’s senate president Hun Sen",
        None,
        None,
        date(2024, 12, 3),
    ),
    (
        "Xi holds talks with Cambodia’s senate president Hun Sen",
        "Xi Jinping holds talks with Cambodia’s senate president Hun Sen",
        "BEIJING, Dec. 3 (Xinhua) —",
        date(2024, 12, 3),
    ),
    (
        "Xi calls for advancing strategic partnership of cooperation with Nepal",
        None,
        None,
        date(2024, 12, 3),
    ),
    ("China-Peru friendship blossoms with Xi Jinping visit", None, None, date(2024, 11, 17)),
    (
        "Xi Jinping visit to Peru and Brazil strengthens pivotal China-Latin America relationship",
        None,
        None,
        date(2024, 11, 20),
    ),
    ("China’s global vision benefits all humanity", None, None, date(2024, 11, 28)),
    (
        "China-facilitated reconciliation between Saudi Arabia and Iran continues to make progress",
        None,
        None,
        date(2024, 11, 19),
    ),
    (
        "Keir Starmer dares to lecture President Xi on human rights?!",
        None,
        None,
        date(2024, 11, 18),
    ),
    (
        "Xi Jinping meets with Mexican President Sheinbaum and Bolivian President Arce",
        None,
        None,
        date(2024, 11, 18),
    ),
    (
        "Xi calls for all-round development of China-Mexico relations in new era",
        "Xi Jinping meets with Mexican President Sheinbaum and Bolivian President Arce",
        "RIO DE JANEIRO, Nov. 18 (Xinhua) —",
        date(2024, 11, 18),
    ),
    (
        "China and Brazil working to shape a just, multipolar world order",
        None,
        None,
        date(2024, 11, 19),
    ),
    ("Xi Jinping meets Keir Starmer in Brazil", None, None, date(2024, 11, 18)),
    (
        "Xi calls on China, Britain to adopt rational, objective perspective on each other’s development",
        "Xi Jinping meets Keir Starmer in Brazil",
        "RIO DE JANEIRO, Nov. 18 —",
        date(2024, 11, 18),
    ),
    (
        "China and Indonesia emphasise that the question of Palestine is the biggest wound to human conscience",
        None,
        None,
        date(2024, 11, 9),
    ),
    ("Donald Trump and the drive to war against China", None, None, None),
    ("Trump presidency threatens us all", None, None, None),
    ("China-Slovakia relations elevated to strategic partnership", None, None, date(2024, 11, 5)),
    (
        "China and Cuba continue deepening their special, friendly bilateral relations",
        None,
        None,
        date(2024, 11, 7),
    ),
    (
        "China, Cuba vow to strengthen exchange in rule-of-law development",
        "China and Cuba continue deepening their special, friendly bilateral relations",
        "BEIJING, Nov. 7 (Xinhua) —",
        date(2024, 11, 7),
    ),
    (
        "China’s top political advisor meets president of Cuba’s National Assembly of People’s Power",
        "China and Cuba continue deepening their special, friendly bilateral relations",
        "BEIJING, Nov. 7 (Xinhua) —",
        date(2024, 11, 7),
    ),
    (
        "China-South Africa relations a model of solidarity and cooperation for developing countries",
        None,
        None,
        date(2024, 11, 5),
    ),
    ("Top DPRK leader sends wreath to China-DPRK Friendship Tower", None, None, date(2024, 10, 25)),
    (
        "Top DPRK leader sends wreath to China-DPRK Friendship Tower",
        "Top DPRK leader sends wreath to China-DPRK Friendship Tower",
        None,
        date(2024, 10, 25),
    ),
    (
        "Wreaths Laid at Friendship Tower",
        "Top DPRK leader sends wreath to China-DPRK Friendship Tower",
        None,
        date(2024, 10, 25),
    ),
]


def test_whole_sample_splits_into_the_expected_articles(sample):
    titles = dict(zip(sample["article_id"], sample["title"], strict=True))
    got = [
        (row["title"], titles.get(row["parent_article_id"]), row["dateline"], row["published_date"])
        for row in sample.sort("position").iter_rows(named=True)
    ]
    assert got == EXPECTED_SAMPLE


def test_sample_positions_follow_the_dump_and_source_is_the_file_name(sample):
    assert sample["position"].to_list() == list(range(len(EXPECTED_SAMPLE)))
    assert set(sample["source"]) == {"sample-2024q4.txt"}
    assert set(sample["source_kind"]) == {"text_dump"}
    assert sample["url"].is_null().all()


def test_no_sample_body_holds_a_continue_reading_line_or_surrounding_whitespace(sample):
    assert not sample["body"].str.contains("(?m)^Continue reading").any()
    assert (sample["body"] == sample["body"].str.strip_chars()).all()


def test_rereading_the_sample_gives_the_same_ids(sample):
    assert read_text_dump(SAMPLE)["article_id"].to_list() == sample["article_id"].to_list()
