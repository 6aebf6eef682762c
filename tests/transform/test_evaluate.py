"""The scorer (transform/evaluate/gold.py) on tiny hand-made frames."""

import json
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from transform.evaluate.gold import GoldError, evaluate, gold_frame, load_gold, report

REPO = Path(__file__).resolve().parents[2]


def meeting(day, people, codes, precision="day", **extra):
    return {
        "date": day,
        "date_precision": precision,
        "kind": "meeting",
        "country_codes": codes,
        "participants": people,
        "evidence": [f"{' and '.join(people)} met."],
        **extra,
    }


def predicted_meetings(rows):
    return pl.DataFrame(
        [
            {
                "meeting_date": date.fromisoformat(d) if d else None,
                "date_precision": p,
                "country_codes": c,
                "participants": n,
                "evidence": f"row {i}",
                "article_ids": [f"a{i}"],
            }
            for i, (d, p, c, n) in enumerate(rows)
        ],
        schema={
            "meeting_date": pl.Date,
            "date_precision": pl.Utf8,
            "country_codes": pl.List(pl.Utf8),
            "participants": pl.List(pl.Utf8),
            "evidence": pl.Utf8,
            "article_ids": pl.List(pl.Utf8),
        },
        orient="row",
    )


XI_OLI = meeting("2024-12-03", ["Xi Jinping", "KP Sharma Oli"], ["NPL", "CHN"])


def test_exact_match_ignores_order_case_and_accents():
    gold = {
        "meetings": [
            XI_OLI,
            meeting("2024-11-07", ["Zhao Leji", "Esteban Lazo Hernández"], ["CHN", "CUB"]),
        ]
    }
    pred = predicted_meetings(
        [
            ("2024-12-03", "day", ["CHN", "NPL"], ["KP Sharma Oli", "Xi Jinping"]),
            ("2024-11-07", "day", ["CUB", "CHN"], ["esteban lazo hernandez", "Zhao Leji"]),
        ]
    )
    score = evaluate(gold, {"meeting": pred}, event_types=("meeting",)).scores["meeting"]
    assert (score.hits, score.misses.height, score.extras.height) == (2, 0, 0)
    assert score.precision == score.recall == score.f1 == 1.0


@pytest.mark.parametrize(
    "row",
    [
        ("2024-12-04", "day", ["CHN", "NPL"], ["KP Sharma Oli", "Xi Jinping"]),  # another day
        ("2024-12-01", "month", ["CHN", "NPL"], ["KP Sharma Oli", "Xi Jinping"]),  # coarser
        (None, "unknown", ["CHN", "NPL"], ["KP Sharma Oli", "Xi Jinping"]),  # unknown vs known
        ("2024-12-03", "day", ["CHN", "NPL"], ["KP Sharma Oli", "Li Qiang"]),  # other person
        ("2024-12-03", "day", ["CHN", "IND", "NPL"], ["KP Sharma Oli", "Xi Jinping"]),  # codes
    ],
)
def test_any_disagreement_is_a_miss_and_an_extra(row):
    score = evaluate(
        {"meetings": [XI_OLI]}, {"meeting": predicted_meetings([row])}, event_types=("meeting",)
    ).scores["meeting"]
    assert (score.hits, score.misses.height, score.extras.height) == (0, 1, 1)
    assert score.misses["gold_id"].to_list() == ["m01"]
    assert score.extras["evidence"].to_list() == ["row 0"]
    assert score.f1 == 0.0


def test_both_unknown_dates_match():
    gold = {
        "meetings": [
            meeting(None, ["Xi Jinping", "KP Sharma Oli"], ["CHN", "NPL"], precision="unknown")
        ]
    }
    pred = predicted_meetings([(None, None, ["CHN", "NPL"], ["KP Sharma Oli", "Xi Jinping"])])
    assert evaluate(gold, {"meeting": pred}, event_types=("meeting",)).scores["meeting"].hits == 1


def test_matching_is_one_to_one():
    # One gold meeting, the same meeting predicted twice: one hit, one extra (a dedup failure).
    row = ("2024-12-03", "day", ["CHN", "NPL"], ["KP Sharma Oli", "Xi Jinping"])
    score = evaluate(
        {"meetings": [XI_OLI]},
        {"meeting": predicted_meetings([row, row])},
        event_types=("meeting",),
    ).scores["meeting"]
    assert (score.hits, score.extras.height) == (1, 1)
    assert score.precision == 0.5 and score.recall == 1.0
    # Two gold meetings alike, one row: one hit, one miss.
    score = evaluate(
        {"meetings": [XI_OLI, XI_OLI]},
        {"meeting": predicted_meetings([row])},
        event_types=("meeting",),
    ).scores["meeting"]
    assert (score.hits, score.misses.height, score.extras.height) == (1, 1, 0)


def test_empty_gold_and_predictions():
    result = evaluate({}, {})
    for score in result.scores.values():
        assert (score.hits, score.misses.height, score.extras.height) == (0, 0, 0)
        assert score.precision is None and score.recall is None and score.f1 is None
    assert "meeting" in report(result)
    # Gold but no rows: recall 0; rows but no gold: precision 0.
    only_gold = evaluate({"meetings": [XI_OLI]}, {"meeting": None}).scores["meeting"]
    assert only_gold.recall == 0.0 and only_gold.f1 == 0.0
    row = ("2024-12-03", "day", ["CHN", "NPL"], ["KP Sharma Oli", "Xi Jinping"])
    only_rows = evaluate({}, {"meeting": predicted_meetings([row])}).scores["meeting"]
    assert only_rows.precision == 0.0 and only_rows.extras.height == 1


def test_optional_items_are_neither_hits_misses_nor_extras():
    gold = {
        "meetings": [
            XI_OLI,
            meeting(
                "1972-01-01",
                ["Mao Zedong", "Sirimavo Bandaranaike"],
                ["CHN", "LKA"],
                precision="year",
                optional=True,
            ),
        ]
    }
    row = ("1972-01-01", "year", ["CHN", "LKA"], ["Mao Zedong", "Sirimavo Bandaranaike"])
    score = evaluate(gold, {"meeting": predicted_meetings([row])}, event_types=("meeting",)).scores[
        "meeting"
    ]
    assert (score.gold, score.predicted, score.hits, score.misses.height, score.extras.height) == (
        1,
        0,
        0,
        1,
        0,
    )


def partnership(a, b, label, action, day, precision):
    return {
        "country_a": a,
        "country_b": b,
        "partnership_label": label,
        "action": action,
        "effective_date": day,
        "date_precision": precision,
        "evidence": ["..."],
    }


def test_partnership_date_counts_only_when_gold_has_a_day():
    gold = {
        "partnerships": [
            partnership("CHN", "SVK", "strategic partnership", "established", "2024-11-01", "day"),
            partnership(
                "CHN",
                "NPL",
                "strategic cooperative partnership",
                "established",
                "2019-01-01",
                "year",
            ),
        ]
    }
    pred = pl.DataFrame(
        {
            "country_a": ["SVK", "CHN"],
            "country_b": ["CHN", "NPL"],
            "partnership_label": ["Strategic Partnership", "strategic cooperative partnership"],
            "action": ["established", "established"],
            "effective_date": [date(2024, 11, 1), date(2019, 6, 1)],
            "date_precision": ["day", "month"],
        }
    )
    score = evaluate(gold, {"partnership": pred}, event_types=("partnership",)).scores[
        "partnership"
    ]
    assert score.hits == 2
    wrong_day = pred.with_columns(effective_date=pl.Series([date(2024, 11, 5), date(2019, 6, 1)]))
    score = evaluate(gold, {"partnership": wrong_day}, event_types=("partnership",)).scores[
        "partnership"
    ]
    assert (score.hits, score.misses["country_b"].to_list()) == (1, ["SVK"])


def test_visit_anniversary_and_founding_keys():
    gold = {
        "visits": [
            {
                "visitor_name": "KP Sharma Oli",
                "visitor_country": "NPL",
                "host_country": "CHN",
                "start_date": "2024-12-02",
                "end_date": "2024-12-05",
                "date_precision": "day",
                "evidence": ["..."],
            }
        ],
        "anniversaries": [
            {
                "subject": "x",
                "country_codes": ["NPL", "CHN"],
                "ordinal": 70,
                "anniversary_year": 2025,
                "evidence": ["..."],
            }
        ],
        "foundings": [
            {
                "subject": "x",
                "country_codes": ["CHN", "PER"],
                "date": "1971-11-02",
                "date_precision": "day",
                "evidence": ["..."],
            }
        ],
    }
    predicted = {
        "visit": pl.DataFrame(
            {
                "visitor_name": ["KP Sharma Oli", "KP Sharma Oli"],
                "host_country": ["CHN", "CHN"],
                "start_date": [date(2024, 12, 2), date(2024, 12, 3)],
                "date_precision": ["day", "day"],
            }
        ),
        "anniversary": pl.DataFrame(
            {"country_codes": [["CHN", "NPL"]], "ordinal": [70], "anniversary_year": [2025]}
        ),
        "founding": pl.DataFrame(
            {
                "country_codes": [["CHN", "PER"]],
                "base_date": [date(1971, 1, 1)],
                "date_precision": ["year"],
            }
        ),
    }
    table = evaluate(gold, predicted, event_types=("visit", "anniversary", "founding")).table()
    assert table.select("event_type", "hits", "misses", "extras").rows() == [
        ("visit", 1, 0, 1),
        ("anniversary", 1, 0, 0),
        ("founding", 0, 1, 1),
    ]


def test_hard_negatives_report_rows_from_their_articles():
    gold = {
        "meetings": [],
        "negatives": [{"article": "n01_planned.txt", "event_types": ["meeting"]}],
    }
    articles = pl.DataFrame(
        {
            "article_id": ["a0", "a1"],
            "source": ["/x/styles/n01_planned.txt", "/x/styles/01_real.txt"],
        }
    )
    row = ("2024-12-03", "day", ["CHN", "USA"], ["Donald Trump", "Xi Jinping"])
    result = evaluate(
        gold, {"meeting": predicted_meetings([row])}, articles, event_types=("meeting",)
    )
    assert result.negative_violations.rows() == [("meeting", "n01_planned.txt", "row 0")]
    clean = evaluate(
        gold,
        {"meeting": predicted_meetings([row]).with_columns(article_ids=pl.lit(["a1"]))},
        articles,
        event_types=("meeting",),
    )
    assert clean.negative_violations.is_empty()


def test_load_gold_checks_its_input(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"meetings": [{"date": "2024-12-03"}]}))
    with pytest.raises(GoldError, match="lacks"):
        load_gold(bad)
    with pytest.raises(GoldError, match="not found"):
        load_gold(tmp_path / "missing.json")


@pytest.mark.parametrize("name", ["sample-2024q4.json", "styles.json"])
def test_shipped_gold_files_load_and_quote_their_corpus(name):
    gold = load_gold(REPO / "tests" / "gold" / name)
    corpus = "\n".join(
        p.read_text(encoding="utf-8")
        for inp in gold["inputs"]
        for p in ([REPO / inp] if (REPO / inp).is_file() else sorted((REPO / inp).glob("*.txt")))
    )
    for event_type in ("meeting", "visit", "partnership", "anniversary", "founding"):
        frame = gold_frame(gold, event_type)
        assert frame["gold_id"].n_unique() == frame.height
        for evidence in frame["evidence"].to_list():
            assert evidence and all(sentence in corpus for sentence in evidence)
        if "country_codes" in frame.columns:
            assert all(codes == sorted(set(codes)) for codes in frame["country_codes"].to_list())
        if "participants" in frame.columns:
            assert all(people == sorted(people) for people in frame["participants"].to_list())
