"""Every article dated by itself: datelines of many outlets, date lines, captions, leads, and the
reference year only for an article that gives no year (transform/parse/dating.py)."""

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from transform.extract import dates
from transform.parse.articlefiles import (
    article_folder_batches,
    input_batches,
    read_article_folder,
)
from transform.parse.textdump import article_id, articles_frame

DATED = Path(__file__).parents[1] / "fixtures" / "dated"
# The year `read_article_folder` infers for the folder: the most common year of its pages'
# metadata (two of the three HTML pages are from 2023).
INFERRED_YEAR = 2023


def expected(reference_year: int) -> pl.DataFrame:
    """expected.csv, with the reference year's dates moved to `reference_year`."""
    rows = pl.read_csv(DATED / "expected.csv", try_parse_dates=True)
    guessed = pl.col("published_date_source") == "reference_year"
    return rows.with_columns(
        pl.when(guessed)
        .then(
            dates.make_date(
                pl.lit(reference_year),
                pl.col("published_date").dt.month(),
                pl.col("published_date").dt.day(),
            )
        )
        .otherwise(pl.col("published_date"))
        .alias("published_date")
    )


def dated(articles: pl.DataFrame) -> pl.DataFrame:
    return articles.select(
        pl.col("source").str.split("/").list.last().alias("file"),
        "published_date",
        "published_date_source",
    ).sort("file")


def test_the_corpus_spans_2013_to_2025_in_many_outlet_styles():
    rows = pl.read_csv(DATED / "expected.csv", try_parse_dates=True)
    outlets = {name.split("-")[0] for name in rows["file"]}
    assert rows.height >= 30
    assert len(outlets) >= 10
    assert set(rows["published_date"].dt.year()) == set(range(2013, 2026))
    files = sorted(p.name for p in DATED.iterdir() if p.suffix in (".txt", ".html"))
    assert rows["file"].to_list() == files


@pytest.mark.parametrize("reference_year", [None, 2030], ids=["inferred", "wrong-2030"])
def test_every_article_of_the_folder_is_dated_right_with_its_source(reference_year):
    got = dated(read_article_folder(DATED, reference_year=reference_year))
    want = expected(reference_year or INFERRED_YEAR)
    assert got.to_dicts() == want.to_dicts()


@pytest.mark.parametrize("reference_year", [None, 2030], ids=["inferred", "wrong-2030"])
def test_a_folder_read_one_file_per_batch_is_dated_the_same(reference_year):
    batches = list(article_folder_batches(DATED, reference_year, batch_chars=1))
    assert len(batches) == len(expected(2030))
    got = dated(pl.concat(batches))
    assert got.to_dicts() == expected(reference_year or INFERRED_YEAR).to_dicts()


def test_the_folder_as_an_input_path_is_dated_the_same():
    got = dated(pl.concat(list(input_batches([DATED]))))
    assert got.to_dicts() == expected(INFERRED_YEAR).to_dicts()


def test_only_articles_that_give_no_year_take_the_reference_year():
    got = dated(read_article_folder(DATED, reference_year=2030))
    guessed = got.filter(pl.col("published_date").dt.year() == 2030)
    assert guessed["published_date_source"].unique().to_list() == ["reference_year"]
    assert guessed["file"].to_list() == [
        "pti-new-delhi-g20-declaration.txt",
        "vna-hanoi-trong-biden-talks.txt",
    ]


@pytest.mark.parametrize(
    ("opening", "dateline", "place", "day"),
    [
        (
            "MOSCOW, March 21 (Reuters) - Russia said",
            "MOSCOW, March 21 (Reuters) -",
            "Moscow",
            (3, 21, None),
        ),
        ("NEW DELHI, 5 June 2023 — India", "NEW DELHI, 5 June 2023 —", "New Delhi", (6, 5, 2023)),
        (
            "WASHINGTON, Jan. 9, 2019 — The",
            "WASHINGTON, Jan. 9, 2019 —",
            "Washington",
            (1, 9, 2019),
        ),
        (
            "SÃO PAULO, 2nd March 2021 (AFP) — Brazil",
            "SÃO PAULO, 2nd March 2021 (AFP) —",
            "São Paulo",
            (3, 2, 2021),
        ),
        (
            "(Yonhap) -- SEOUL, Oct. 4 South Korea",
            "(Yonhap) -- SEOUL, Oct. 4",
            "Seoul",
            (10, 4, None),
        ),
        (
            "ABU DHABI, 14th November, 2022 (WAM) -- The",
            "ABU DHABI, 14th November, 2022 (WAM) --",
            "Abu Dhabi",
            (11, 14, 2022),
        ),
        (
            "Tokyo, 12 April 2025 (Kyodo) - Japan",
            "Tokyo, 12 April 2025 (Kyodo) -",
            "Tokyo",
            (4, 12, 2025),
        ),
        ("HANOI, Sept. 3 (VNA) – Viet Nam", "HANOI, Sept. 3 (VNA) –", "Hanoi", (9, 3, None)),
        ("New Delhi, Mar 5 (PTI) India and", "New Delhi, Mar 5 (PTI)", "New Delhi", (3, 5, None)),
        (
            "MOSCOW, May 8, 2025. /TASS/. Russian",
            "MOSCOW, May 8, 2025. /TASS/.",
            "Moscow",
            (5, 8, 2025),
        ),
        (
            "BELEM, Brazil, March 26, 2025 (Reuters) - Brazil",
            "BELEM, Brazil, March 26, 2025 (Reuters) -",
            "Belem",
            (3, 26, 2025),
        ),
        (
            "BEIJING, Dec. 3 (Xinhua) — Xi Jinping",
            "BEIJING, Dec. 3 (Xinhua) —",
            "Beijing",
            (12, 3, None),
        ),
        # No day: a dateline and its place, the date from elsewhere.
        ("JAKARTA (ANTARA) - Indonesia", "JAKARTA (ANTARA) -", "Jakarta", (None, None, None)),
        ("CAMP DAVID, Md. (AP) — President", "CAMP DAVID, Md. (AP) —", "Camp David", (None,) * 3),
        # A sentence, not a dateline: no dash or agency tag after the day.
        ("Beijing, Dec. 3 is the day the talks open.", None, None, (None, None, None)),
    ],
)
def test_each_dateline_form_gives_its_place_and_day(opening, dateline, place, day):
    got = (
        pl.DataFrame({"text": [opening]})
        .select(dates.dateline_parts(pl.col("text")).alias("d"))
        .unnest("d")
        .with_columns(dates.month_number(pl.col("month")), dates.place_name(pl.col("place")))
        .row(0, named=True)
    )
    assert (got["dateline"], got["place"], (got["month"], got["day"], got["year"])) == (
        dateline,
        place,
        day,
    )


def row(title: str, body: str) -> dict:
    return {
        "article_id": article_id(title, body),
        "source": f"{title}.txt",
        "source_kind": "txt",
        "url": None,
        "title": title,
        "body": body,
        "position": 0,
        "parent_article_id": None,
        "published_date": None,
        "published_date_source": None,
    }


def dated_one(body: str, reference_year: int | None = 2030) -> tuple:
    article = articles_frame([row("t", body)], reference_year).row(0, named=True)
    return article["published_date"], article["published_date_source"]


def test_a_dateline_without_a_year_takes_the_year_of_the_articles_own_full_date():
    body = (
        "GENEVA, April 17 (Reuters) - Russia, Ukraine, the United States and the EU agreed steps.\n\n"
        "Parliament removed President Viktor Yanukovich on Feb. 22, 2014."
    )
    assert dated_one(body) == (date(2014, 4, 17), "dateline")


def test_a_january_dateline_over_a_december_date_is_the_next_year():
    body = (
        "TOKYO, Jan. 7 (Kyodo) -- Abe and Park agreed in phone talks on Thursday to cooperate.\n\n"
        "Their foreign ministers reached an agreement on Dec. 28, 2015."
    )
    assert dated_one(body) == (date(2016, 1, 7), "dateline")


def test_a_date_tied_to_history_gives_no_year():
    body = (
        "KATHMANDU, Aug. 13 (Xinhua) -- The two ministers held talks on Tuesday.\n\n"
        "China and Nepal established diplomatic relations on Aug. 1, 1955."
    )
    assert dated_one(body) == (date(2030, 8, 13), "reference_year")
    assert dated_one(body, reference_year=None) == (None, None)


def test_a_published_line_a_caption_and_the_lead_date_an_article_in_that_order():
    lead = "Foreign ministers met in Vienna on July 14, 2015, and agreed a deal."
    caption = "(Photo: Reuters / the ministers in Vienna, taken on July 13, 2015)"
    published = "Published: 15 July 2015"
    assert dated_one(f"{lead}\n\n{caption}\n\n{published}") == (date(2015, 7, 15), "published_line")
    assert dated_one(f"{lead}\n\n{caption}") == (date(2015, 7, 13), "caption")
    assert dated_one(lead) == (date(2015, 7, 14), "lead")
    assert dated_one("Date: 2017-05-02\n\n" + lead) == (date(2017, 5, 2), "published_line")
