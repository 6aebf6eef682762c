"""Articles -> sentences with exact offsets: abbreviations, quotes, lines, whitespace."""

from datetime import date
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from transform import schemas
from transform.extract.sentences import split_sentences
from transform.parse.textdump import read_text_dump

SAMPLE = Path(__file__).parents[2] / "data" / "sample" / "sample-2024q4.txt"


def articles(*bodies: str, published: date | None = date(2024, 12, 3)) -> pl.LazyFrame:
    return pl.LazyFrame(
        {
            "article_id": [f"a{i}" for i in range(len(bodies))],
            "body": list(bodies),
            "published_date": [published] * len(bodies),
        },
        schema={"article_id": pl.String, "body": pl.String, "published_date": pl.Date},
    )


def sentences(*bodies: str) -> list[str]:
    return split_sentences(articles(*bodies)).collect()["sentence"].to_list()


def test_two_paragraphs_give_sentences_with_indexes_and_offsets():
    body = "Xi met Lula. They agreed.\n\nThe two sides signed documents."
    expected = pl.DataFrame(
        {
            "article_id": ["a0"] * 3,
            "sentence_index": [0, 1, 2],
            "paragraph_index": [0, 0, 1],
            "char_start": [0, 13, 27],
            "char_end": [12, 25, 58],
            "sentence": ["Xi met Lula.", "They agreed.", "The two sides signed documents."],
            "published_date": [date(2024, 12, 3)] * 3,
        },
        schema=schemas.SENTENCES,
    )
    assert_frame_equal(split_sentences(articles(body)).collect(), expected)


def test_xinhua_dateline_stays_in_the_first_sentence():
    body = (
        "BEIJING, Dec. 3 (Xinhua) — Xi Jinping held talks with Hun Sen in Beijing on Tuesday. "
        "Xi said China regards Cambodia as a high priority."
    )
    assert sentences(body)[0] == (
        "BEIJING, Dec. 3 (Xinhua) — Xi Jinping held talks with Hun Sen in Beijing on Tuesday."
    )


def test_month_abbreviation_before_a_day_does_not_end_a_sentence():
    assert sentences("At a meeting in Lima on Nov. 15 Boric brought a book. Xi signed it.") == [
        "At a meeting in Lima on Nov. 15 Boric brought a book.",
        "Xi signed it.",
    ]


def test_titles_before_names_do_not_end_sentences():
    body = (
        "Zhang met Dr. Harini Amarasuriya and Mr. Li. The committee included Eng. Waleed "
        "bin Abdulkarim."
    )
    assert sentences(body) == [
        "Zhang met Dr. Harini Amarasuriya and Mr. Li.",
        "The committee included Eng. Waleed bin Abdulkarim.",
    ]


def test_initials_and_initialisms_do_not_end_sentences():
    body = "The War to Resist U.S. Aggression ended. K. P. Sharma Oli met Xi."
    assert sentences(body) == [
        "The War to Resist U.S. Aggression ended.",
        "K. P. Sharma Oli met Xi.",
    ]


def test_sentence_ends_after_closing_quote_before_a_capital():
    body = "It answers “what kind of world to build.” It envisions progress."
    assert sentences(body) == [
        "It answers “what kind of world to build.”",
        "It envisions progress.",
    ]


def test_sentence_ends_before_an_opening_quote():
    assert sentences("He told Middle East Eye. “These people are hypocrites.”") == [
        "He told Middle East Eye.",
        "“These people are hypocrites.”",
    ]


def test_lower_case_after_a_full_stop_does_not_start_a_sentence():
    assert sentences("It rose by 2.8 percent. and more") == ["It rose by 2.8 percent. and more"]


def test_ellipsis_before_a_capital_ends_a_sentence():
    assert sentences("Relations have been progressing steadily… It is also a partner.") == [
        "Relations have been progressing steadily…",
        "It is also a partner.",
    ]


def test_each_line_of_a_paragraph_is_split_separately():
    body = "Highlights:\n\nWe mediated peace in Myanmar\nWe supported Afghanistan."
    frame = split_sentences(articles(body)).collect()
    assert frame["sentence"].to_list() == [
        "Highlights:",
        "We mediated peace in Myanmar",
        "We supported Afghanistan.",
    ]
    assert frame["paragraph_index"].to_list() == [0, 1, 1]


def test_unicode_spaces_separate_sentences_and_are_stripped_with_offsets_moved():
    body = "\u00a0Xi met Lula.\u2002 They agreed.\u00a0"
    frame = split_sentences(articles(body)).collect()
    assert frame["sentence"].to_list() == ["Xi met Lula.", "They agreed."]
    assert frame.select("char_start", "char_end").rows() == [(1, 13), (15, 27)]


def test_indexes_count_from_zero_in_each_article():
    frame = split_sentences(articles("One. Two.", "Three. Four.")).collect()
    assert frame.select("article_id", "sentence_index").rows() == [
        ("a0", 0),
        ("a0", 1),
        ("a1", 0),
        ("a1", 1),
    ]


def test_empty_paragraphs_do_not_count_as_paragraphs():
    frame = split_sentences(articles("One.\n\n\n\nTwo.")).collect()
    assert frame["paragraph_index"].to_list() == [0, 1]


def test_empty_body_gives_no_sentences():
    assert split_sentences(articles("", "  \n\n ")).collect().height == 0


def test_published_date_is_carried_from_the_article():
    frame = split_sentences(articles("One. Two.", published=date(2024, 11, 18))).collect()
    assert set(frame["published_date"]) == {date(2024, 11, 18)}


@pytest.fixture(scope="module")
def sample_articles() -> pl.DataFrame:
    return read_text_dump(SAMPLE)


@pytest.fixture(scope="module")
def sample_sentences(sample_articles) -> pl.DataFrame:
    return split_sentences(sample_articles.lazy()).collect()


def test_offsets_are_exact_for_every_sentence_of_the_sample(sample_articles, sample_sentences):
    bodies = dict(zip(sample_articles["article_id"], sample_articles["body"], strict=True))
    wrong = [
        row
        for row in sample_sentences.iter_rows(named=True)
        if bodies[row["article_id"]][row["char_start"] : row["char_end"]] != row["sentence"]
    ]
    assert wrong == []


def test_sample_sentences_are_stripped_and_not_empty(sample_sentences):
    assert (sample_sentences["sentence"] == sample_sentences["sentence"].str.strip_chars()).all()
    assert (sample_sentences["sentence"].str.len_chars() > 0).all()


def test_sample_sentences_have_the_sentences_schema(sample_sentences):
    assert sample_sentences.schema == pl.Schema(schemas.SENTENCES)


def test_sample_dateline_sentence_is_whole(sample_sentences):
    lead = "BEIJING, Dec. 3 (Xinhua) — Xi Jinping, general secretary of the Communist Party"
    assert sample_sentences["sentence"].str.starts_with(lead).sum() == 1
