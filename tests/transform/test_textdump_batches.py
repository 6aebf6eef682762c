"""Text dumps read in pieces and batches (bounded memory) give what the whole text gives."""

import re
import warnings
from pathlib import Path

import polars as pl
import pytest

from transform.errors import InputError
from transform.parse import textdump
from transform.parse.articlefiles import input_batches, read_inputs
from transform.parse.textdump import read_utf8_text, split_text_dump, text_dump_batches

SAMPLE = Path(__file__).parents[2] / "data" / "sample" / "sample-2024q4.txt"
SAMPLE_TEXT = SAMPLE.read_text(encoding="utf-8")

# Text before any title (kept, with a warning), then a title with no text (skipped, with a warning).
PREAMBLE = "A note to readers, before any post.\n\nOrphan title\n\n"


@pytest.fixture
def tiny_pieces(monkeypatch):
    """Pieces of a few hundred bytes: every blank line near a read boundary becomes a cut."""
    monkeypatch.setattr(textdump, "READ_BYTES", 300)


def batched(path: Path, reference_year: int | None = None) -> pl.DataFrame:
    return pl.concat(text_dump_batches(path, reference_year, batch_chars=1))


def whole(path: Path, reference_year: int | None = None) -> pl.DataFrame:
    return split_text_dump(read_utf8_text(path), path.name, reference_year, where=str(path))


def messages(read, *args) -> tuple[pl.DataFrame, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        frame = read(*args)
    return frame, [str(warning.message) for warning in caught]


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["unix", "windows"])
@pytest.mark.parametrize("bom", ["", "\ufeff"], ids=["no-bom", "bom"])
def test_pieces_and_batches_give_the_rows_and_warnings_of_the_whole_text(
    tmp_path, tiny_pieces, newline, bom
):
    text = bom + (PREAMBLE + SAMPLE_TEXT + "\n\n" + SAMPLE_TEXT).replace("\n", newline)
    dump = tmp_path / "dump.txt"
    dump.write_bytes(text.encode("utf-8"))

    expected, expected_warnings = messages(whole, dump)
    got, got_warnings = messages(batched, dump)

    assert got.equals(expected)
    assert got_warnings == expected_warnings  # same line numbers
    assert any("line 3" in message for message in got_warnings)  # the orphan title


def test_one_batch_holds_an_entry_with_its_reprints(tmp_path, tiny_pieces):
    dump = tmp_path / "dump.txt"
    dump.write_text(SAMPLE_TEXT, encoding="utf-8")
    batches = list(text_dump_batches(dump, 2024, batch_chars=1))
    for batch in batches:
        parents = batch["parent_article_id"].drop_nulls()
        assert parents.is_in(batch["article_id"].implode()).all()
    assert len(batches) > 10
    assert pl.concat(batches)["position"].to_list() == list(range(27))


def test_reference_year_is_inferred_from_the_whole_dump(tmp_path, tiny_pieces):
    # 2023 is written in full more often, but only in the second half of the dump.
    later = "\n\n".join(
        ["Old news, again\n\nIt was written on March 3, 2023 and May 4, 2023."] * 40
    )
    dump = tmp_path / "dump.txt"
    dump.write_text(SAMPLE_TEXT + "\n\n" + later + "\n", encoding="utf-8")
    assert batched(dump).equals(whole(dump))
    # Articles that write no year take it; those that do (a few of the sample's) keep theirs.
    guessed = batched(dump).filter(pl.col("published_date_source") == "reference_year")
    assert guessed.height > 10
    assert guessed["published_date"].dt.year().unique().to_list() == [2023]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        # A NUL byte late in the file is reported before bad UTF-8 early in it, as for a whole file.
        (b"Caf\xe9\n\n" + b"Title\n\nText.\n\n" * 100 + b"\x00", "contains NUL bytes"),
        (b"Title\n\nText.\n\n" * 100 + b"Caf\xe9\n", r"not valid UTF-8 text \(byte 0xe9"),
        (b" \n\n\t\n\n" * 200, "is empty"),
        (b"", "is empty"),
    ],
    ids=["nul-after-bad-utf8", "bad-utf8-late", "whitespace-only", "empty"],
)
def test_bad_dump_fails_as_read_utf8_text_does_before_any_batch(
    tmp_path, tiny_pieces, content, problem
):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    with pytest.raises(InputError) as whole_error:
        read_utf8_text(bad)
    with pytest.raises(InputError, match=problem) as batch_error:
        text_dump_batches(bad)  # raises when called, not when iterated
    assert str(batch_error.value) == str(whole_error.value)  # the same offsets


def test_dump_without_articles_fails_when_called(tmp_path, tiny_pieces):
    notes = tmp_path / "notes.txt"
    notes.write_text("Just one sentence.\n\nAnd another one.\n" * 50, encoding="utf-8")
    with pytest.raises(InputError, match=rf"^{re.escape(str(notes))}: no articles found"):
        text_dump_batches(notes)


def test_input_batches_checks_every_input_before_the_first_batch(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00")
    with pytest.raises(InputError, match="bad.txt"):
        input_batches([SAMPLE, bad])


def test_input_batches_hold_what_read_inputs_keeps(tmp_path, tiny_pieces, monkeypatch):
    monkeypatch.setattr(textdump, "BATCH_CHARS", 3000)
    copy = tmp_path / "copy.txt"
    copy.write_text(SAMPLE_TEXT + "\n\n" + SAMPLE_TEXT, encoding="utf-8")
    batches = list(input_batches([SAMPLE, copy]))
    assert len(batches) > 2
    first_seen = pl.concat(batches).unique("article_id", keep="first", maintain_order=True)
    assert first_seen.equals(read_inputs([SAMPLE, copy]))
    assert set(first_seen["source"]) == {SAMPLE.name}
