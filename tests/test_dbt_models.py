"""The dbt project on its own: hand-written raw rows in, marts checked against what they must say.

This pins the SQL (deduplication, date merging, anniversary linking and projection, the ladder)
independently of the extraction, whose output on the sample changes as extraction improves.
"""

import pytest
from dbt_fixture import check_marts, run_dbt_build, write_raw_fixture

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("empty", [False, True], ids=["fixture-rows", "empty-raw-tables"])
def test_dbt_build_passes_and_marts_hold_the_expected_rows(tmp_path, empty):
    db = tmp_path / "dbt.duckdb"
    write_raw_fixture(db, empty=empty)
    result = run_dbt_build(db)
    assert result.returncode == 0, result.stdout[-3000:]
    counts = check_marts(db, empty=empty)
    if not empty:
        assert all(n > 0 for n in counts.values()), counts
