"""End to end: `readout run` on the sample corpus into a temporary warehouse, then the marts.

One pipeline run is shared by the module (it takes ~20 s); the re-run and bad-input tests run the
CLI again on the same temporary file.
"""

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pytest

from orchestration.contract import MARTS

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
READOUT = Path(sys.executable).parent / "readout"


def run_readout(*args: str, db: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "READOUT_DB": str(db)}
    return subprocess.run(
        [str(READOUT), "run", *args, "--db", str(db)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("e2e") / "readout.duckdb"
    result = run_readout(db=db)
    assert result.returncode == 0, result.stdout + result.stderr
    return db


def query(db: Path, sql: str, params=None) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def snapshot(db: Path) -> dict[str, list[tuple]]:
    ids = {
        "fct_meetings": "meeting_id",
        "fct_visits": "visit_id",
        "partnership_timeline": "country_a, country_b, partnership_label, action, effective_date",
        "anniversary_calendar": "anniversary_id",
        "meeting_counts": "country_code, counterpart_code, month, meeting_kind, meetings",
        "fct_event_mentions": "event_type, event_id, article_id, sentence_index",
    }
    return {m: query(db, f"select {cols} from marts.{m} order by all") for m, cols in ids.items()}


def test_every_mart_has_rows(warehouse):
    for mart in MARTS:
        (n,) = query(warehouse, f"select count(*) from marts.{mart}")[0]
        assert n > 0, mart


def test_starmer_xi_rio_meeting_is_one_row_reported_several_times(warehouse):
    rows = query(
        warehouse,
        """
        select meeting_date, country_codes, location, mention_count, len(article_ids)
        from marts.fct_meetings
        where list_has_all(participants, ['Xi Jinping', 'Keir Starmer'])
          and meeting_kind <> 'phone_call'
    """,
    )
    assert len(rows) == 1, rows
    meeting_date, codes, location, mentions, n_articles = rows[0]
    assert meeting_date == date(2024, 11, 18)
    assert codes == ["CHN", "GBR"]
    assert location == "Rio de Janeiro"
    assert mentions >= 2 and n_articles >= 2


def test_hun_sen_met_three_chinese_leaders_on_three_days(warehouse):
    rows = query(
        warehouse,
        """
        select list_filter(participants, lambda p: p <> 'Hun Sen')[1], meeting_date
        from marts.fct_meetings where list_contains(participants, 'Hun Sen') order by 2
    """,
    )
    assert rows == [
        ("Wang Huning", date(2024, 12, 2)),
        ("Xi Jinping", date(2024, 12, 3)),
        ("Zhao Leji", date(2024, 12, 4)),
    ]


def test_oli_met_xi_li_and_zhao_the_same_day_as_three_meetings(warehouse):
    rows = query(
        warehouse,
        """
        select list_filter(participants, lambda p: p <> 'KP Sharma Oli')[1]
        from marts.fct_meetings
        where list_contains(participants, 'KP Sharma Oli') and meeting_date = date '2024-12-03'
        order by 1
    """,
    )
    assert rows == [("Li Qiang",), ("Xi Jinping",), ("Zhao Leji",)]


def test_slovakia_strategic_partnership_established_on_november_first(warehouse):
    rows = query(
        warehouse,
        """
        select effective_date, level_rank from marts.partnership_timeline
        where country_a = 'CHN' and country_b = 'SVK'
          and partnership_label = 'strategic partnership' and action = 'established'
    """,
    )
    assert rows and rows[0][0] == date(2024, 11, 1)
    assert rows[0][1] == 3


def test_nepal_70th_anniversary_is_mentioned_for_2025(warehouse):
    rows = query(
        warehouse,
        """
        select anniversary_date, base_date from marts.anniversary_calendar
        where origin = 'mentioned' and ordinal = 70 and anniversary_year = 2025
          and country_codes = ['CHN', 'NPL']
    """,
    )
    assert len(rows) == 1
    assert rows[0] == (date(2025, 8, 1), date(1955, 8, 1))


def test_every_meeting_evidence_occurs_in_one_of_its_articles(warehouse):
    (missing,) = query(
        warehouse,
        """
        select count(*) from marts.fct_meetings m
        where not exists (
            select 1 from raw.articles a
            where list_contains(m.article_ids, a.article_id) and contains(a.body, m.evidence))
    """,
    )[0]
    assert missing == 0


def test_event_mention_offsets_point_at_the_sentence(warehouse):
    (bad,) = query(
        warehouse,
        """
        select count(*) from marts.fct_event_mentions e join raw.articles a using (article_id)
        where substring(a.body, e.char_start + 1, e.char_end - e.char_start) <> e.sentence
    """,
    )[0]
    assert bad == 0


def test_second_run_leaves_every_mart_unchanged(warehouse, tmp_path):
    db = tmp_path / "again.duckdb"
    shutil.copy(warehouse, db)
    before = snapshot(db)
    result = run_readout(db=db)
    assert result.returncode == 0, result.stdout + result.stderr
    assert snapshot(db) == before


@pytest.mark.parametrize(
    "name, content",
    [
        ("binary.txt", bytes(range(256)) * 4),
        ("latin1.txt", "Caf\xe9 talks in Bras\xedlia\n\nXi met Lula.".encode("latin-1")),
        ("empty.txt", b""),
    ],
)
def test_bad_input_stops_with_the_file_named_and_keeps_the_warehouse(
    warehouse, tmp_path, name, content
):
    db = tmp_path / "kept.duckdb"
    shutil.copy(warehouse, db)
    before = snapshot(db)
    bad = tmp_path / name
    bad.write_bytes(content)
    result = run_readout(str(bad), db=db)
    assert result.returncode != 0
    assert name in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert snapshot(db) == before


def test_extraction_meets_the_accuracy_floor_on_the_sample_gold(warehouse):
    """`readout eval` against the hand annotation of the sample (tests/gold/): F1 >= 0.90."""
    result = subprocess.run(
        [
            str(READOUT),
            "eval",
            str(REPO / "tests" / "gold" / "sample-2024q4.json"),
            "--db",
            str(warehouse),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    scores = {}
    for line in result.stdout.splitlines():
        parts = line.split()
        if len(parts) == 9 and parts[0] in {"meeting", "visit", "partnership", "anniversary"}:
            scores[parts[0]] = float(parts[8])
    assert set(scores) == {"meeting", "visit", "partnership", "anniversary"}, result.stdout
    assert all(f1 >= 0.90 for f1 in scores.values()), result.stdout
