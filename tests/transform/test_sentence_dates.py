"""Resolving what day a sentence reports, on sentences from the sample corpus."""

from datetime import date

import polars as pl
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
