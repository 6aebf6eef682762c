"""Resolving what day a sentence reports, on sentences from the sample corpus."""

from datetime import date

import polars as pl
import pytest
from sentence_frames import article

from transform.extract.dates import weekday_near
from transform.extract.sentence_dates import resolve_sentence_dates


def resolved(sentences, **kw) -> list[tuple]:
    s, a = article(sentences, **kw)
    out = resolve_sentence_dates(s, a).collect().sort("sentence_index")
    return list(zip(out["event_date"], out["date_precision"], out["date_source"], strict=True))


def test_weekday_is_the_latest_such_day_or_the_day_after_the_reference():
    tuesday = date(2024, 11, 19)
    got = pl.select(weekday_near(pl.Series([1, 2, 3, 4]), pl.lit(tuesday)).alias("d"))[
        "d"
    ].to_list()
    assert got == [date(2024, 11, 18), date(2024, 11, 19), date(2024, 11, 20), date(2024, 11, 14)]


def test_dateline_is_not_the_date_of_what_the_sentence_reports():
    assert resolved(
        [
            "BEIJING, Nov. 7 (Xinhua) — China’s top political advisor Wang Huning met with Esteban "
            "Lazo Hernandez, president of Cuba’s National Assembly of People’s Power, in Beijing on "
            "Thursday."
        ],
        published=date(2024, 11, 7),
        dateline="BEIJING, Nov. 7 (Xinhua) —",
    ) == [(date(2024, 11, 7), "day", "relative")]


def test_range_sets_only_a_month_context_and_same_day_follows_the_last_day():
    assert resolved(
        [
            "Indonesian President Prabowo Subianto paid a state visit to China from November 8-10.",
            "The two heads of state held talks on November 9.",
            "The Indonesian President also met with Chinese Premier Li Qiang on the same day.",
            "President Subianto thanked China for upholding fairness and justice.",
        ]
    ) == [
        (date(2024, 11, 1), "month", "text"),
        (date(2024, 11, 9), "day", "text"),
        (date(2024, 11, 9), "day", "relative"),
        (date(2024, 11, 9), "day", "relative"),
    ]


def test_month_and_year_keep_their_precision():
    assert resolved(
        [
            "Sun Haiyan had previously met a delegation of the JVP led by AKD in Beijing in December 2023.",
            "She forged a strong friendship with Chairman Mao, being received by him in 1972.",
        ]
    ) == [(date(2023, 12, 1), "month", "text"), (date(1972, 1, 1), "year", "text")]


def test_nothing_to_go_on_is_unknown_not_the_article_date():
    assert resolved(["Kenny also focuses on Starmer’s meeting with President Xi."]) == [
        (None, "unknown", None)
    ]


def test_skipping_sentences_without_a_date_word_skips_no_date(corpus_sentences):
    """`_explicit` runs only where a month, a year's first digits or "day" occurs; on every
    sentence of the sample, and an upper-case copy of each ("THE FOLLOWING DAY"), that gives
    what running it everywhere gives."""
    from transform.extract.sentence_dates import _explicit, _explicit_where_named

    sample = corpus_sentences.collect()
    shouted = sample.with_columns(
        pl.col("sentence").str.to_uppercase(), pl.col("sentence_index") + 100_000
    )
    sentences = pl.concat([sample, shouted]).lazy()
    key = ["article_id", "sentence_index"]
    everywhere = _explicit(sentences).collect().sort(key)
    where_named = _explicit_where_named(sentences).collect().sort(key)
    assert where_named.equals(everywhere)
    assert everywhere["day_date"].null_count() < everywhere.height  # the test sees dates
    assert everywhere["same"].any() or everywhere["next"].any()


# Two articles of one batch, published on different days: every relative expression resolves
# against the date of the article it appears in. 2016-03-14 is a Monday, 2023-11-22 a Wednesday.
PUBLISHED = {"mea-2016": date(2016, 3, 14), "tass-2023": date(2023, 11, 22)}


def resolved_in_each_article(sentences: list[str]) -> dict[str, list[tuple]]:
    frames = [
        article(sentences, published=published, article_id=article_id)
        for article_id, published in PUBLISHED.items()
    ]
    sentences_frame = pl.concat([s for s, _ in frames])
    articles_frame = pl.concat([a for _, a in frames])
    out = resolve_sentence_dates(sentences_frame, articles_frame).collect()
    return {
        article_id: list(
            out.filter(pl.col("article_id") == article_id)
            .sort("sentence_index")
            .select("event_date", "date_precision", "date_source")
            .iter_rows()
        )
        for article_id in PUBLISHED
    }


@pytest.mark.parametrize(
    ("sentences", "in_2016", "in_2023"),
    [
        pytest.param(
            [
                "External Affairs Minister Sushma Swaraj met Japanese Foreign Minister Fumio Kishida on Monday."
            ],
            [(date(2016, 3, 14), "day", "relative")],
            [(date(2023, 11, 20), "day", "relative")],
            id="on Monday",
        ),
        pytest.param(
            [
                "Russian Foreign Minister Sergei Lavrov held talks with his Turkish counterpart yesterday."
            ],
            [(date(2016, 3, 13), "day", "relative")],
            [(date(2023, 11, 21), "day", "relative")],
            id="yesterday",
        ),
        pytest.param(
            ["The two foreign ministers will sign the agreement this afternoon in Hanoi."],
            [(date(2016, 3, 14), "day", "relative")],
            [(date(2023, 11, 22), "day", "relative")],
            id="this afternoon",
        ),
        pytest.param(
            [
                "Prime Minister Shinzo Abe met Australian Prime Minister Malcolm Turnbull on Monday.",
                "Abe also spoke by phone with President Park Geun-hye the same day.",
            ],
            [(date(2016, 3, 14), "day", "relative"), (date(2016, 3, 14), "day", "relative")],
            [(date(2023, 11, 20), "day", "relative"), (date(2023, 11, 20), "day", "relative")],
            id="the same day",
        ),
        pytest.param(
            [
                "The Vietnamese President arrived in Jakarta on Monday for a state visit.",
                "The next day, he held talks with President Joko Widodo at the Merdeka Palace.",
            ],
            [(date(2016, 3, 14), "day", "relative"), (date(2016, 3, 15), "day", "relative")],
            [(date(2023, 11, 20), "day", "relative"), (date(2023, 11, 21), "day", "relative")],
            id="the next day",
        ),
        pytest.param(
            ["The two sides held a strategic dialogue in Canberra earlier this month."],
            [(date(2016, 3, 1), "month", "relative")],
            [(date(2023, 11, 1), "month", "relative")],
            id="earlier this month",
        ),
        pytest.param(
            ["The leaders last met at the APEC summit in Lima last November."],
            [(date(2015, 11, 1), "month", "relative")],
            # Written in November: the November before.
            [(date(2022, 11, 1), "month", "relative")],
            id="last November",
        ),
        pytest.param(
            ["The foreign ministers of both countries signed a visa waiver agreement last year."],
            [(date(2015, 1, 1), "year", "relative")],
            [(date(2022, 1, 1), "year", "relative")],
            id="last year",
        ),
        pytest.param(
            ["The UAE will host the next round of the joint commission next year."],
            [(date(2017, 1, 1), "year", "relative")],
            [(date(2024, 1, 1), "year", "relative")],
            id="next year",
        ),
    ],
)
def test_relative_expression_resolves_against_its_own_articles_date(sentences, in_2016, in_2023):
    assert resolved_in_each_article(sentences) == {"mea-2016": in_2016, "tass-2023": in_2023}


def test_a_future_expression_in_passing_yields_to_the_day_the_article_reports():
    assert resolved_in_each_article(
        [
            "Prime Minister Narendra Modi held talks with President Ram Nath Kovind on Monday.",
            "Noting that next year marks the 70th anniversary of diplomatic relations, Modi said "
            "the two countries would hold celebrations.",
        ]
    )["mea-2016"] == [
        (date(2016, 3, 14), "day", "relative"),
        (date(2016, 3, 14), "day", "relative"),
    ]


def test_the_next_month_counts_from_the_month_named_before_not_from_the_article():
    # "the next month" is November here, whatever the article's date: no relative month from it.
    got = resolved_in_each_article(
        [
            "Foreign Secretary David Lammy visited Beijing in October and Prime Minister Keir "
            "Starmer met President Xi Jinping the next month."
        ]
    )
    assert got["mea-2016"] == [(date(2015, 10, 1), "month", "text")]
    assert got["tass-2023"] == [(date(2023, 10, 1), "month", "text")]
