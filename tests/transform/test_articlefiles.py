"""Article folders and read_inputs: one article per file, bad input named in the error."""

import re
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from transform import schemas
from transform.errors import InputError
from transform.parse.articlefiles import (
    list_article_files,
    parse_txt_article,
    read_article_folder,
    read_inputs,
)

FIXTURES = Path(__file__).parents[1] / "fixtures" / "articles"
SAMPLE = Path(__file__).parents[2] / "data" / "sample" / "sample-2024q4.txt"
NEPAL = "wang-yi-talks-nepali-foreign-minister.txt"
EGYPT = "wang-yi-phone-call-egyptian-foreign-minister.html"
SLOVAKIA = "xi-meets-slovak-prime-minister.txt"

TXT_WITH_DATELINE = (
    "Xi holds talks with Cambodia’s senate president Hun Sen\n\n"
    "BEIJING, Dec. 3 (Xinhua) — Xi Jinping held talks with Samdech Techo Hun Sen in Beijing on "
    "Tuesday.\n\n"
    "Noting that the Cambodia-China friendship has withstood the test of history and time, Hun Sen "
    "expressed Cambodia’s gratitude to China.\n"
)


@pytest.fixture(scope="module")
def fixtures() -> pl.DataFrame:
    return read_article_folder(FIXTURES)


def row(frame: pl.DataFrame, name: str) -> dict:
    return frame.filter(pl.col("source").str.ends_with(name)).row(0, named=True)


def test_txt_title_is_first_non_blank_line_and_body_the_paragraphs_after_it():
    article = parse_txt_article("\n\n" + TXT_WITH_DATELINE, "a.txt")
    assert article["title"] == "Xi holds talks with Cambodia’s senate president Hun Sen"
    assert article["body"].split("\n\n")[1].startswith("Noting that the Cambodia-China friendship")


def test_txt_dateline_gives_dateline_place_and_date(tmp_path):
    (tmp_path / "hun-sen.txt").write_text(TXT_WITH_DATELINE, encoding="utf-8")
    article = read_article_folder(tmp_path, reference_year=2024).row(0, named=True)
    assert (article["dateline"], article["dateline_place"]) == (
        "BEIJING, Dec. 3 (Xinhua) —",
        "Beijing",
    )
    # The file writes no year: the day is the dateline's, the year the given reference year.
    assert (article["published_date"], article["published_date_source"]) == (
        date(2024, 12, 3),
        "reference_year",
    )


def test_fixture_folder_reads_one_article_per_file_in_sorted_order(fixtures):
    assert [Path(s).name for s in fixtures["source"]] == [EGYPT, NEPAL, SLOVAKIA]
    assert fixtures["position"].to_list() == [0, 1, 2]
    assert fixtures["source_kind"].to_list() == ["html", "txt", "txt"]
    assert fixtures.schema == pl.Schema(schemas.ARTICLES)


def test_source_is_the_file_path_as_given(fixtures):
    assert row(fixtures, NEPAL)["source"] == str(FIXTURES / NEPAL)


def test_html_fixture_takes_title_url_and_date_from_metadata(fixtures):
    article = row(fixtures, EGYPT)
    assert article["title"] == "Wang Yi holds phone talks with Egyptian foreign minister"
    assert article["url"] == "https://news.example.com/world/20241125/wang-yi-egypt-phone-call.html"
    assert (article["published_date"], article["published_date_source"]) == (
        date(2024, 11, 25),
        "metadata",
    )
    assert article["dateline"] == "BEIJING, Nov. 25 (Xinhua) --"


def test_txt_dateline_year_comes_from_the_batch_metadata_year(fixtures):
    # The Nepal file writes only a historical full date ("established diplomatic relations on
    # Aug. 1, 1955"), which gives it no year: the reference year is the batch's (2024, from the
    # HTML page's metadata), and the source says so.
    article = row(fixtures, NEPAL)
    assert (article["published_date"], article["published_date_source"]) == (
        date(2024, 8, 13),
        "reference_year",
    )


def test_txt_without_dateline_is_dated_by_the_first_full_date_of_its_lead(fixtures):
    # "... from October 31 to November 5, 2024": the lead's first date with a year.
    article = row(fixtures, SLOVAKIA)
    assert article["dateline"] is None
    assert (article["published_date"], article["published_date_source"]) == (
        date(2024, 11, 5),
        "lead",
    )


def test_other_extensions_and_hidden_files_are_skipped_and_listed(tmp_path):
    for name in ("b.txt", "a.html", "c.htm", "notes.md", "photo.jpg"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / ".DS_Store").write_text("x", encoding="utf-8")
    articles, skipped = list_article_files(tmp_path)
    assert [p.name for p in articles] == ["a.html", "b.txt", "c.htm"]
    assert [p.name for p in skipped] == ["notes.md", "photo.jpg"]


def test_fixture_readme_is_skipped():
    _, skipped = list_article_files(FIXTURES)
    assert [p.name for p in skipped] == ["README.md"]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "is empty"),
        (b"  \n\n\t \n", "is empty"),
        (b"Title\n\nText\x00\x01\x02 more", "contains NUL bytes"),
        (
            "Wang Yi met the minister.\n\nCaf\u00e9 talks.\n".encode("latin-1"),
            r"not valid UTF-8 text \(byte 0xe9 at offset 30\)",
        ),
    ],
    ids=["empty", "whitespace-only", "binary", "latin-1"],
)
def test_bad_article_file_raises_input_error_naming_the_file(tmp_path, content, problem):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    expected = rf"^{re.escape(str(bad))}: {problem}.*; Readout reads UTF-8 text dumps"
    with pytest.raises(InputError, match=expected):
        read_article_folder(tmp_path)


def test_bad_text_dump_raises_input_error_naming_the_file(tmp_path):
    bad = tmp_path / "dump.txt"
    bad.write_bytes(bytes(range(256)))
    with pytest.raises(InputError, match=rf"^{re.escape(str(bad))}: contains NUL bytes"):
        read_inputs([bad])


def test_missing_path_raises_input_error_naming_it(tmp_path):
    missing = tmp_path / "nowhere.txt"
    with pytest.raises(InputError, match=rf"^{re.escape(str(missing))}: no such file or folder"):
        read_inputs([missing])


def test_txt_with_a_title_but_no_text_raises_input_error(tmp_path):
    (tmp_path / "title-only.txt").write_text("Just a title\n", encoding="utf-8")
    with pytest.raises(InputError, match="title-only.txt: has a title"):
        read_article_folder(tmp_path)


def test_folder_without_article_files_raises_input_error(tmp_path):
    (tmp_path / "notes.md").write_text("# notes", encoding="utf-8")
    with pytest.raises(InputError, match="holds no .txt, .html or .htm files"):
        read_article_folder(tmp_path)


def test_input_error_is_a_value_error():
    assert issubclass(InputError, ValueError)


def test_read_inputs_reads_a_file_as_a_dump_and_a_folder_as_article_files():
    articles = read_inputs([SAMPLE, FIXTURES])
    kinds = articles.group_by("source_kind").len().sort("source_kind")
    assert kinds.rows() == [("html", 1), ("text_dump", 27), ("txt", 2)]


def test_read_inputs_keeps_identical_articles_once_the_first_seen(tmp_path):
    copy = tmp_path / "copy"
    copy.mkdir()
    (copy / NEPAL).write_bytes((FIXTURES / NEPAL).read_bytes())
    articles = read_inputs([FIXTURES, copy])
    assert articles.height == 3
    assert row(articles, NEPAL)["source"] == str(FIXTURES / NEPAL)


def test_read_inputs_of_nothing_is_an_empty_articles_frame():
    assert read_inputs([]).schema == pl.Schema(schemas.ARTICLES)
