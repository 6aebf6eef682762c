"""Visit extraction on sentences from the sample corpus."""

from datetime import date

import polars as pl
from sentence_frames import article

from transform.extract.visits import extract_visit_mentions


def visits(sentences, **kw) -> pl.DataFrame:
    s, a = article(sentences, **kw)
    return extract_visit_mentions(s, a).collect()


def test_official_visit_with_a_range_gives_start_and_end():
    df = visits(
        [
            "Prime Minister of Nepal KP Sharma Oli paid an official visit to China from "
            "December 2-5 at the invitation of his Chinese counterpart Premier Li Qiang."
        ]
    )
    row = df.row(0, named=True)
    assert (row["visitor_name"], row["visitor_role"], row["visitor_country"]) == (
        "KP Sharma Oli",
        "Prime Minister",
        "NPL",
    )
    assert row["host_country"] == "CHN"
    assert (row["start_date"], row["end_date"], row["date_precision"]) == (
        date(2024, 12, 2),
        date(2024, 12, 5),
        "day",
    )
    assert row["visit_type"] == "official"


def test_range_across_months():
    df = visits(
        [
            "Prime Minister of the Slovak Republic Robert Fico paid an official visit to "
            "China, October 31-November 5."
        ]
    )
    row = df.row(0, named=True)
    assert (row["start_date"], row["end_date"]) == (date(2024, 10, 31), date(2024, 11, 5))


def test_visit_of_and_visit_by_name_the_visitor_after_the_preposition():
    df = visits(
        [
            "The close fraternal relations between China and Cuba were underlined and reinforced by the "
            "November 6-12 China visit of Esteban Lazo Hernandez, the President of Cuba’s National "
            "Assembly of People’s Power, at the invitation of his counterpart, Zhao Leji, Chairman of "
            "the Standing Committee of the National People’s Congress (NPC).",
            "The British Prime Minister Keir Starmer welcomed the recent visit to Beijing and Shanghai by "
            "Foreign Secretary David Lammy.",
        ]
    )
    got = sorted(zip(df["visitor_name"], df["host_country"], df["start_date"], strict=True))
    assert got == [
        ("David Lammy", "CHN", None),
        ("Esteban Lazo Hernandez", "CHN", date(2024, 11, 6)),
    ]


def test_goodwill_visit_type():
    df = visits(
        [
            "Veteran Cambodian leader Samdech Techo Hun Sen, who is currently the President of "
            "the Cambodian People’s Party (CPP) as well as of the country’s Senate, paid an "
            "official goodwill visit to China, December 2-4, at the invitation of the "
            "Communist Party of China (CPC)."
        ]
    )
    assert df.select("visitor_name", "visit_type").row(0) == ("Hun Sen", "goodwill")


def test_historic_visit_is_dated_in_its_year():
    df = visits(
        [
            "In particular, President Xi Jinping paid a historic state visit to Nepal in 2019, "
            "during which the relationship was upgraded."
        ]
    )
    row = df.row(0, named=True)
    assert (row["visitor_name"], row["host_country"], row["start_date"], row["date_precision"]) == (
        "Xi Jinping",
        "NPL",
        date(2019, 1, 1),
        "year",
    )


def test_proposed_or_prepared_visits_are_not_visits():
    df = visits(
        [
            "China has pledged to support the recently elected government in Sri Lanka led by president "
            "Anura Kumar Dissanayake (AKD), ahead of a proposed visit by him to China.",
            "During the meeting, Qin said that preparations were underway to welcome AKD on a visit to "
            "China.",
        ]
    )
    assert df.height == 0


def test_visiting_minister_visits_the_country_of_the_other_side():
    df = visits(
        [
            "CAIRO, Jan. 14 (Xinhua) — Egyptian President Abdel Fattah al-Sisi met with "
            "visiting Chinese Foreign Minister Wang Yi in Cairo on Tuesday."
        ],
        published=date(2025, 1, 14),
        dateline="CAIRO, Jan. 14 (Xinhua) —",
    )
    assert df.select("visitor_name", "visitor_country", "host_country").rows() == [
        ("Wang Yi", "CHN", "EGY")
    ]


def test_possessive_country_visit_and_was_in_country_on_a_visit():
    df = visits(
        [
            "Kenny Coyle assesses Foreign Secretary David Lammy’s China visit in October.",
            "Chinese Vice President Han Zheng was in Singapore from May 20-22 for an official visit.",
        ]
    )
    assert sorted(
        df.select("visitor_name", "host_country", "start_date", "date_precision").rows()
    ) == [
        ("David Lammy", "CHN", date(2024, 10, 1), "month"),
        ("Han Zheng", "SGP", date(2024, 5, 20), "day"),
    ]
