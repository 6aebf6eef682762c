"""Folders of article files read in batches (bounded memory) give what the whole folder gives."""

import re
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from transform.errors import InputError
from transform.parse import textdump
from transform.parse.articlefiles import article_folder_batches, input_batches, read_article_folder
from transform.parse.textdump import split_text_dump

FIXTURES = Path(__file__).parents[1] / "fixtures" / "articles"
SAMPLE = Path(__file__).parents[2] / "data" / "sample" / "sample-2024q4.txt"
EGYPT = "wang-yi-phone-call-egyptian-foreign-minister.html"
# No year anywhere: only the folder's other files can say which year "Dec. 3" is.
DATELINE_ONLY = (
    "Xi holds talks with Cambodia’s senate president Hun Sen\n\n"
    "BEIJING, Dec. 3 (Xinhua) — Xi Jinping held talks with Samdech Techo Hun Sen in Beijing on "
    "Tuesday.\n"
)


@pytest.fixture
def folder(tmp_path) -> Path:
    """The sample's articles as .txt files, then the fixtures (two .txt and a dated .html page)."""
    out = tmp_path / "articles"
    out.mkdir()
    sample = split_text_dump(SAMPLE.read_text(encoding="utf-8"), "sample.txt")
    for n, (title, body) in enumerate(sample.select("title", "body").iter_rows()):
        (out / f"a{n:03d}.txt").write_text(f"{title}\n\n{body}\n", encoding="utf-8")
    for path in FIXTURES.glob("*.*"):
        if path.suffix in (".txt", ".html"):
            (out / f"z-{path.name}").write_bytes(path.read_bytes())
    return out


def test_batches_of_a_folder_give_the_rows_of_the_whole_folder(folder):
    whole = read_article_folder(folder)  # one batch: larger than the folder
    frames = list(article_folder_batches(folder, batch_chars=20_000))

    assert len(frames) > 3
    assert pl.concat(frames).equals(whole)
    assert whole["position"].to_list() == list(range(whole.height))
    assert whole.height == 30


def test_spilled_rows_are_removed_once_the_frames_are_read(folder, tmp_path, monkeypatch):
    spill_root = tmp_path / "tmp"
    spill_root.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(spill_root))

    frames = article_folder_batches(folder, batch_chars=20_000)
    assert [p.name for p in spill_root.iterdir()][0].startswith("readout-articles-")
    assert len(list(frames)) > 3
    assert list(spill_root.iterdir()) == []


def test_the_reference_year_comes_from_every_file_not_the_batch(tmp_path):
    (tmp_path / "a.txt").write_text(DATELINE_ONLY, encoding="utf-8")
    page = (FIXTURES / EGYPT).read_text(encoding="utf-8").replace("2024-11-25T", "2019-11-25T")
    (tmp_path / "b.html").write_text(page, encoding="utf-8")

    first, second = article_folder_batches(tmp_path, batch_chars=1)

    # The page's metadata (2019) dates the first file's "Dec. 3", read a batch earlier.
    assert first["published_date"].to_list() == [date(2019, 12, 3)]
    assert second["published_date"].to_list() == [date(2019, 11, 25)]


def test_a_bad_file_is_reported_before_the_first_batch_is_read(folder):
    bad = folder / "zz-bad.txt"
    bad.write_bytes(b"Title\n\nText\x00 more")
    with pytest.raises(InputError, match=rf"^{re.escape(str(bad))}: contains NUL bytes"):
        article_folder_batches(folder, batch_chars=1)  # raised here, not when iterating
    with pytest.raises(InputError, match=re.escape(str(bad))):
        input_batches([folder])


def test_a_dump_without_blank_lines_is_refused_before_memory_grows(tmp_path, monkeypatch):
    monkeypatch.setattr(textdump, "READ_BYTES", 1024)
    monkeypatch.setattr(textdump, "MAX_PIECE_BYTES", 8 * 1024)  # the sample: 5.6 KB at most
    dump = tmp_path / "one-line-per-article.txt"
    good = SAMPLE.read_text(encoding="utf-8")
    dump.write_text(good + "\n\n" + "Xi met Putin in Moscow.\n" * 500, encoding="utf-8")

    offset = len((good + "\n\n").encode("utf-8"))
    with pytest.raises(
        InputError,
        match=rf"^{re.escape(str(dump))}: has no blank line in the "
        rf"\d+ MB from byte offset {offset}, so it is not a "
        "text dump",
    ):
        input_batches([dump])


def test_without_metadata_the_full_dates_of_every_batch_give_the_year(tmp_path):
    (tmp_path / "a.txt").write_text(
        "Wang Yi meets Nepali counterpart\n\nWang Yi met Arzu Rana Deuba on August 11, 2021 and "
        "again on September 2, 2021.\n",
        encoding="utf-8",
    )
    (tmp_path / "b.txt").write_text(DATELINE_ONLY, encoding="utf-8")

    first, second = article_folder_batches(tmp_path, batch_chars=1)

    assert second["published_date"].to_list() == [date(2021, 12, 3)]
    assert second["published_date_source"].to_list() == ["reference_year"]
    assert first["published_date"].to_list() == [date(2021, 8, 11)]  # the lead's first date
