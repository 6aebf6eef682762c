"""Folders of article files, and the entry point for any list of inputs.

A folder holds one article per file: `.txt` (the title on the first non-blank line, then
paragraphs separated by blank lines, maybe a dateline opening the first one) or `.html`/`.htm` (a
saved news page, parsed in `transform/html.py`). Other files are not articles (a README, images):
`list_article_files` says which ones are skipped, so the caller can report them; reading never
fails on them. Hidden files and folders (".DS_Store", ".git") are not listed at all.

`read_inputs` takes files and folders alike: a folder is read as article files, an .html file as
one page, any other file as a text dump (`transform/textdump.py`). The same article can reach us
twice (a dump and a saved page of the same story, or two runs of the same inbox), so identical
article_ids are kept once, the first seen. `input_batches` is the same in batches, for dumps too
large to hold as one frame.
"""

from collections.abc import Iterable, Iterator
from pathlib import Path

import polars as pl

from transform import dates, schemas
from transform.errors import InputError
from transform.html import parse_html_article
from transform.textdump import (article_id, articles_frame, paragraphs, read_utf8_text,
                                text_dump_batches)

ARTICLE_KINDS = {".txt": "txt", ".html": "html", ".htm": "html"}


def list_article_files(folder: str | Path) -> tuple[list[Path], list[Path]]:
    """(article files, skipped files) under `folder`, recursively, each sorted by path."""
    folder = Path(folder)
    files = sorted(path for path in folder.rglob("*") if path.is_file() and not _hidden(path, folder))
    articles = [path for path in files if path.suffix.lower() in ARTICLE_KINDS]
    return articles, [path for path in files if path.suffix.lower() not in ARTICLE_KINDS]


def _hidden(path: Path, folder: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(folder).parts)


def read_article_folder(folder: str | Path, reference_year: int | None = None) -> pl.DataFrame:
    """Every .txt/.html file under `folder` as one article (ARTICLES schema), in sorted order."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(folder, "no such folder",
                         "give a folder of .txt/.html article files or a UTF-8 text dump")
    files, _skipped = list_article_files(folder)
    if not files:
        raise InputError(folder, "holds no .txt, .html or .htm files")
    return read_article_files(files, reference_year)


def read_article_files(files: list[Path], reference_year: int | None = None) -> pl.DataFrame:
    """The given article files, one article each, `position` = their order in `files`."""
    rows = [dict(_read_article_file(path), position=n) for n, path in enumerate(files)]
    if reference_year is None:
        reference_year = _reference_year(rows)
    return articles_frame(rows, reference_year)


def _reference_year(rows: list[dict]) -> int | None:
    """The year a batch of files is from: the most common year of the pages' metadata dates.

    Publication metadata is the best evidence of when a batch was written; only without it does
    the year most written in full dates decide, as for a dump. A single short article may write
    only a historical date ("established diplomatic relations on Aug. 1, 1955"), so that
    fallback is weak: pass `reference_year` when the batch has no HTML metadata.
    """
    years = [row["published_date"].year for row in rows if row["published_date"]]
    if years:
        return max(set(years), key=lambda year: (years.count(year), year))
    return dates.most_common_year([row["body"] for row in rows])


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
    body = "\n\n".join(paragraphs("\n".join(lines[first + 1:])))
    if not body:
        raise InputError(source, f"has a title ({title!r}) but no text after it",
                         "a .txt article is its title on the first line, then its paragraphs")
    return {
        "article_id": article_id(title, body), "source": source, "source_kind": "txt",
        "url": None, "title": title, "body": body, "parent_article_id": None,
        "published_date": None, "published_date_source": None,
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
    input. Text dumps stream in batches of bounded memory; folders and .html files are read whole.
    """
    readers = [_input_frames(Path(path), reference_year) for path in paths]
    return (_first_of_each_id(frame) for frames in readers for frame in frames)


def _input_frames(path: Path, reference_year: int | None) -> Iterable[pl.DataFrame]:
    """The articles of one input path, read now (folders, .html) or checked now (text dumps)."""
    if not path.exists():
        raise InputError(path, "no such file or folder",
                         "give a UTF-8 text dump or a folder of .txt/.html article files")
    if path.is_dir():
        return [read_article_folder(path, reference_year)]
    if ARTICLE_KINDS.get(path.suffix.lower()) == "html":
        return [read_article_files([path], reference_year)]
    return text_dump_batches(path, reference_year)


def _first_of_each_id(articles: pl.DataFrame) -> pl.DataFrame:
    return articles.unique("article_id", keep="first", maintain_order=True)
