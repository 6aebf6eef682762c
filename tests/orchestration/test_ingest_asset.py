"""raw/articles: an idempotent upsert; bad input fails naming the file and writes nothing."""

from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
import pytest

from orchestration.defs.ingest import articles
from orchestration.defs.resources import WarehouseResource
from transform.errors import InputError
from transform.parse import textdump
from transform.parse.articlefiles import read_inputs
from transform.schemas import ARTICLES


def ingest(db: Path, *inputs: Path) -> dg.ExecuteInProcessResult:
    return dg.materialize(
        [articles],
        resources={"warehouse": WarehouseResource(path=str(db))},
        run_config={"ops": {"raw__articles": {"config": {"paths": [str(p) for p in inputs]}}}},
    )


def metadata(result: dg.ExecuteInProcessResult) -> dict:
    (event,) = result.asset_materializations_for_node("raw__articles")
    return {name: value.value for name, value in event.metadata.items()}


def article_count(db: Path) -> int:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("select count(*) from raw.articles").fetchone()[0]


@pytest.fixture
def db(tmp_path: Path, sample_input: Path) -> Path:
    path = tmp_path / "readout.duckdb"
    assert ingest(path, sample_input).success
    return path


def test_ingesting_the_sample_twice_adds_nothing_the_second_time(tmp_path, sample_input):
    path = tmp_path / "readout.duckdb"
    first = metadata(ingest(path, sample_input))
    assert first["articles read"] > 0
    assert first["new rows"] == first["total rows"] > 0

    second = metadata(ingest(path, sample_input))
    assert second["articles read"] == first["articles read"]
    assert second["new rows"] == 0
    assert second["total rows"] == first["total rows"] == article_count(path)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("binary.txt", bytes(range(256)) * 4),
        (
            "latin1.txt",
            "Wang Yi met the Peruvian minister in Lima.\n\nCaf\u00e9 talks.\n".encode("latin-1"),
        ),
        ("empty.txt", b""),
    ],
)
def test_bad_input_fails_naming_the_file_and_writes_nothing(
    db, tmp_path, sample_input, name, content
):
    before = article_count(db)
    bad = tmp_path / name
    bad.write_bytes(content)

    with pytest.raises(InputError, match=name):
        ingest(db, sample_input, bad)

    assert article_count(db) == before


def test_batches_store_what_one_frame_would(tmp_path, sample_input, monkeypatch):
    # A dump that repeats the sample, read in many small batches (one transaction each): every
    # article once, as first seen, the same rows as the inputs read as one frame.
    repeated = tmp_path / "repeated.txt"
    text = sample_input.read_text(encoding="utf-8")
    repeated.write_text(text + "\n\n" + text, encoding="utf-8")
    monkeypatch.setattr(textdump, "READ_BYTES", 2000)
    monkeypatch.setattr(textdump, "BATCH_CHARS", 3000)
    path = tmp_path / "readout.duckdb"

    meta = metadata(ingest(path, sample_input, repeated))

    expected = read_inputs([sample_input, repeated])
    assert meta["articles read"] == meta["new rows"] == meta["total rows"] == expected.height
    with duckdb.connect(str(path), read_only=True) as con:
        query = f"select {', '.join(ARTICLES)} from raw.articles order by position"
        stored = pl.from_arrow(con.sql(query).to_arrow_table())
    assert stored.equals(expected.select(list(ARTICLES)).sort("position"))
    assert set(stored["source"]) == {sample_input.name}


def test_prefetched_keeps_order_and_raises_where_the_reader_failed():
    from orchestration.defs.ingest import prefetched

    def reader():
        yield from range(5)
        raise ValueError("bad batch in dump.txt")

    seen = []
    with pytest.raises(ValueError, match="dump.txt"):
        for item in prefetched(reader()):
            seen.append(item)
    assert seen == [0, 1, 2, 3, 4]
    assert list(prefetched(iter(range(1000)), depth=3)) == list(range(1000))


def test_prefetched_stops_its_reader_when_the_writer_fails():
    import threading

    from orchestration.defs.ingest import prefetched

    produced = []

    def reader():
        for i in range(100):
            produced.append(i)
            yield i

    with pytest.raises(RuntimeError):
        for item in prefetched(reader()):
            if item == 2:
                raise RuntimeError("insert failed")
    assert not any(t.name == "readout-ingest-reader" for t in threading.enumerate())
    assert len(produced) <= 5  # at most `depth` items ahead, not the whole input
