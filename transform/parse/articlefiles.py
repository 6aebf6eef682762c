"""Folders of article files, and the entry point for any list of inputs.

A folder holds one article per file: `.txt` (the title on the first non-blank line, then
paragraphs separated by blank lines, maybe a dateline opening the first one) or `.html`/`.htm` (a
saved news page, parsed in `transform/parse/html.py`). Other files are not articles (a README, images):
`list_article_files` says which ones are skipped, so the caller can report them; reading never
fails on them. Hidden files and folders (".DS_Store", ".git") are not listed at all.

`read_inputs` takes files and folders alike: a folder is read as article files, an .html file as
one page, any other file as a text dump (`transform/parse/textdump.py`). The same article can reach us
twice (a dump and a saved page of the same story, or two runs of the same inbox), so identical
article_ids are kept once, the first seen. `input_batches` is the same in batches, for inputs too
large to hold as one frame.
"""

import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

import polars as pl

from transform import schemas
from transform.errors import InputError
from transform.extract import dates
from transform.parse import textdump
from transform.parse.html import parse_html_article
from transform.parse.textdump import (
    ROW_SCHEMA,
    article_id,
    articles_frame,
    paragraphs,
    read_utf8_text,
    text_dump_batches,
)

ARTICLE_KINDS = {".txt": "txt", ".html": "html", ".htm": "html"}


def list_article_files(folder: str | Path) -> tuple[list[Path], list[Path]]:
    """(article files, skipped files) under `folder`, recursively, each sorted by path."""
    files = visible_files(Path(folder))
    articles = [path for path in files if path.suffix.lower() in ARTICLE_KINDS]
    return articles, [path for path in files if path.suffix.lower() not in ARTICLE_KINDS]


def visible_files(folder: Path, suffixes: Iterable[str] | None = None) -> list[Path]:
    """Files under `folder`, recursively and sorted, but for hidden ones (a name starting with
    "." anywhere below `folder`: editors' swap files, .DS_Store, .git); only `suffixes` if given."""
    wanted = None if suffixes is None else {suffix.lower() for suffix in suffixes}
    return sorted(
        path
        for path in folder.rglob("*")
        if path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(folder).parts)
        and (wanted is None or path.suffix.lower() in wanted)
    )


def read_article_folder(folder: str | Path, reference_year: int | None = None) -> pl.DataFrame:
    """Every .txt/.html file under `folder` as one article (ARTICLES schema), in sorted order."""
    return pl.concat(article_folder_batches(folder, reference_year))


def article_folder_batches(
    folder: str | Path, reference_year: int | None = None, batch_chars: int | None = None
) -> Iterable[pl.DataFrame]:
    """`read_article_folder` in frames (see `article_file_batches`)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(
            folder,
            "no such folder",
            "give a folder of .txt/.html article files or a UTF-8 text dump",
        )
    files, _skipped = list_article_files(folder)
    if not files:
        raise InputError(folder, "holds no .txt, .html or .htm files")
    return article_file_batches(files, reference_year, batch_chars)


def read_article_files(files: list[Path], reference_year: int | None = None) -> pl.DataFrame:
    """The given article files, one article each, `position` = their order in `files`."""
    return pl.concat(
        [pl.DataFrame(schema=schemas.ARTICLES), *article_file_batches(files, reference_year)]
    )


def article_file_batches(
    files: list[Path], reference_year: int | None = None, batch_chars: int | None = None
) -> Iterable[pl.DataFrame]:
    """`read_article_files` as ARTICLES frames of about `batch_chars` characters of body
    (textdump.BATCH_CHARS by default), in memory independent of how many files there are.

    Every file is read and checked when this is called (InputError naming it), so a caller can
    check all inputs before writing anything. The reference year, when not given, comes from all
    the files (`_ReferenceYear`). A folder larger than one batch is parsed once: its rows wait in
    Parquet files in a temporary folder, removed once the frames have been read.
    """
    batch_chars = batch_chars or textdump.BATCH_CHARS
    years = _ReferenceYear()
    spill: _Spill | None = None
    rows: list[dict] = []
    chars = 0
    for n, path in enumerate(files):
        rows.append(dict(_read_article_file(path), position=n))
        chars += len(rows[-1]["body"])
        if chars >= batch_chars:
            years.add(rows, count_dates=reference_year is None)
            spill = spill or _Spill()
            spill.add(rows)
            rows, chars = [], 0
    if reference_year is None:
        reference_year = years.year(rows)
    if spill is None:
        return [articles_frame(rows, reference_year)] if rows else []
    if rows:
        spill.add(rows)
    return spill.frames(reference_year)


def reference_year_of(rows: list[dict]) -> int | None:
    """The year article rows (dicts of `ROW_SCHEMA` columns) are from: see `_ReferenceYear`."""
    return _ReferenceYear().year(rows)


class _ReferenceYear:
    """The year a batch of files is from, learned a batch of rows at a time.

    Publication metadata is the best evidence of when a batch was written: the most common year
    of the pages' metadata dates (ties: the later year). Only without it does the year most
    written in full dates decide, as for a dump. A single short article may write only a
    historical date ("established diplomatic relations on Aug. 1, 1955"), so that fallback is
    weak: pass `reference_year` when the batch has no HTML metadata.
    """

    def __init__(self) -> None:
        self.metadata: Counter[int] = Counter()
        self.full_dates: list[pl.DataFrame] = []

    def add(self, rows: list[dict], count_dates: bool = True) -> None:
        """Learn from rows about to leave memory: their full dates are counted now (`count_dates`),
        in case no file has metadata."""
        self.metadata.update(row["published_date"].year for row in rows if row["published_date"])
        if count_dates:
            self.full_dates.append(dates.full_date_year_counts([row["body"] for row in rows]))

    def year(self, rows: list[dict] = ()) -> int | None:
        """The year, from what `add` learned and the `rows` still in memory (their dates are
        counted only if no file has metadata)."""
        self.metadata.update(row["published_date"].year for row in rows if row["published_date"])
        if self.metadata:
            return max(self.metadata, key=lambda year: (self.metadata[year], year))
        if rows:
            self.full_dates.append(dates.full_date_year_counts([row["body"] for row in rows]))
        return dates.most_common_of(self.full_dates)


class _Spill:
    """Article rows kept on disk, a batch per Parquet file, until they are read back in order."""

    def __init__(self) -> None:
        self.folder = tempfile.TemporaryDirectory(prefix="readout-articles-")
        self.files: list[Path] = []

    def add(self, rows: list[dict]) -> None:
        path = Path(self.folder.name) / f"{len(self.files):06d}.parquet"
        pl.DataFrame(rows, schema=ROW_SCHEMA).write_parquet(path)
        self.files.append(path)

    def frames(self, reference_year: int | None) -> Iterator[pl.DataFrame]:
        try:
            for path in self.files:
                yield articles_frame(pl.read_parquet(path), reference_year)
        finally:
            self.folder.cleanup()


def _read_article_file(path: Path) -> dict:
    text = read_utf8_text(path)
    if ARTICLE_KINDS.get(path.suffix.lower()) == "html":
        return parse_html_article(text, str(path))
    return parse_txt_article(text, str(path))


def parse_txt_article(text: str, source: str) -> dict:
    """A .txt article: the first non-blank line is the title, the rest its paragraphs."""
    lines = text.splitlines()
    first = next(i for i, line in enumerate(lines) if line.strip())  # the caller saw non-blank text
    title = lines[first].strip()
    body = "\n\n".join(paragraphs("\n".join(lines[first + 1 :])))
    if not body:
        raise InputError(
            source,
            f"has a title ({title!r}) but no text after it",
            "a .txt article is its title on the first line, then its paragraphs",
        )
    return {
        "article_id": article_id(title, body),
        "source": source,
        "source_kind": "txt",
        "url": None,
        "title": title,
        "body": body,
        "parent_article_id": None,
        "published_date": None,
        "published_date_source": None,
    }


def read_inputs(paths: list[Path], reference_year: int | None = None) -> pl.DataFrame:
    """Articles of all `paths` (files or folders), identical article_ids kept once (the first)."""
    frames = [pl.DataFrame(schema=schemas.ARTICLES), *input_batches(paths, reference_year)]
    return _first_of_each_id(pl.concat(frames))


def input_batches(paths: list[Path], reference_year: int | None = None) -> Iterator[pl.DataFrame]:
    """`read_inputs` as a series of ARTICLES frames, in input order, each id once per frame.

    An article_id may recur in a later frame (the same story in two inputs, or in two batches of
    one dump): the first seen is the one `read_inputs` keeps. Every input is checked when this is
    called (InputError naming the file), so a caller writing the frames writes nothing for bad
    input. Text dumps and folders stream in batches of bounded memory.
    """
    readers = [_input_frames(Path(path), reference_year) for path in paths]
    return (_first_of_each_id(frame) for frames in readers for frame in frames)


def _input_frames(path: Path, reference_year: int | None) -> Iterable[pl.DataFrame]:
    """The articles of one input path, checked now: folders and .html files are parsed now, text
    dumps read through once now and split as the frames are read."""
    if not path.exists():
        raise InputError(
            path,
            "no such file or folder",
            "give a UTF-8 text dump or a folder of .txt/.html article files",
        )
    if path.is_dir():
        return article_folder_batches(path, reference_year)
    if ARTICLE_KINDS.get(path.suffix.lower()) == "html":
        return article_file_batches([path], reference_year)
    return text_dump_batches(path, reference_year)


def _first_of_each_id(articles: pl.DataFrame) -> pl.DataFrame:
    return articles.unique("article_id", keep="first", maintain_order=True)
