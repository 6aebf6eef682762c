"""Text dumps of blog listing pages -> one row per article (schema `ARTICLES`).

A dump (see `data/sample/sample-2024q4.txt`) is plain text: each entry starts with a title line,
paragraphs follow, one per line, separated by blank lines; an excerpted entry ends with
`Continue reading <title>`; an entry may reprint other outlets' articles after announcing them
("The following articles were originally published by the Xinhua News Agency."), each reprint
starting with its own title line and usually a dateline ("BEIJING, Dec. 3 (Xinhua) —").

Splitting is a small state machine over the dump's blocks (runs of non-blank lines). It is the one
Python loop of this module and it runs once per dump, not once per row of a frame; everything after
it (datelines, publication dates) is polars expressions over the article frame.

Titles. A block is a title when it is a single short line (at most `MAX_TITLE_CHARS` characters and
`MAX_TITLE_WORDS` words) that starts with a capital, a digit or a quote, is not a bullet, does not
end like a sentence or a lead-in (. , : ; … ” ") and is followed by a block that is not a
`Continue reading` marker (an entry has a body). Checked against every line of the sample corpus:
this accepts all its titles and rejects "Dear Experts and Friends," or "Mr Starmer, you have
absolutely no right to lecture anyone on human rights." Headlines may end in "?" or "!" ("Keir
Starmer dares to lecture President Xi on human rights?!"), but so do rhetorical questions closing
an excerpt ("To what extent can we expect ... presidency?"). Those are told apart only by what
follows: a rhetorical question closing an excerpt is followed by `Continue reading`, so it is body
text; the rule is weaker than the rest, hence also one phrase only, no sentence break inside.

Reprints. A title inside a reprint section is a reprint (with `parent_article_id` = the entry
that announced it) when it is followed by a dateline paragraph, or while the outlets the
announcement names ("by the Xinhua News Agency and KCNA": two) are not used up. Otherwise it is a
new blog entry: in the sample, "China-South Africa relations a model of ..." follows two Cuba
reprints announced by one outlet and has no dateline; "Top DPRK leader sends wreath to China-DPRK
Friendship Tower" (the second one) and "Wreaths Laid at Friendship Tower" have no dateline but are
the two outlets announced. A section opens only when the announcement is followed directly by a
title: "The following article was first published by China Daily." followed by paragraphs is a
reprint with no title of its own, which stays in the entry's body (it cannot be named, and the dump
gives no end for it). A `Continue reading` marker ends the entry and its reprints: whatever comes
next is a new entry. The marker line is not part of any body.

Publication dates (the dump has none), in this order of trust:
1. `dateline`: the month and day of the article's dateline (a wire story is filed that day);
2. `text`: the latest date written in the article's own body, ignoring dates after December 31 of
   the reference year (a blog entry is written after the events it reports, and a later date is a
   plan, not an event). A blog entry that reports a Dec. 3 meeting and the next day's talks gets
   2024-12-03, not the date of its reprint's dateline, which is another article's;
3. `parent`: the date of the entry that reprints the article (the reprint is older, but not by
   much, and it is the only clue left);
4. otherwise null (source null): a made-up day would look as precise as a real one downstream.
A month and day with no year take the reference year: the year most often written in full dates in
the whole dump ("November 19, 2024", "19 November 2024", "Nov 28, 2014"), unless the caller gives
it. `dates.year_near` against December 31 of that year maps every month to that year; a dump that
straddles New Year needs `reference_year` per file, which is why it is a parameter.
"""

import hashlib
import re
import warnings
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import polars as pl

from transform import dates, schemas
from transform.errors import InputError

MAX_TITLE_CHARS = 150
MAX_TITLE_WORDS = 25

_MARKER = re.compile(r"^Continue reading\b")
_DATELINE = re.compile(dates.DATELINE)
# "The following article(s) was/were (originally|first) published by X [and Y]." Also "posted",
# and "on"/"in" X, which name one outlet too ("on the website of the Chinese Foreign Ministry").
_REPRINT_INTRO = re.compile(
    r"(?:^|[.!?]\s+)The following (?:articles?|reports?|pieces?) (?:was|were|is|are) "
    r"(?:originally |first )?(?:published|posted) (?:by|in|on) (?P<outlets>[^.]+?)\.?$"
)
_OUTLET_SEPARATOR = re.compile(r",\s*(?:and\s+)?|\s+and\s+|\s*&\s*")
_BULLET = re.compile(r"^[•▪◦‣·]\s*")
_SENTENCE_ENDS = (".", ",", ":", ";", "…", "”", '"')
_SENTENCE_BREAK = re.compile(r"[.!?][”’\"')]*\s+\S")


@dataclass
class _Block:
    """A run of non-blank lines; `line` is the dump's line number of its first line (from 1)."""

    line: int
    lines: list[str]
    bullet: bool = False

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass
class _Entry:
    title: str | None
    line: int
    parent: "_Entry | None" = None
    paragraphs: list[str] = field(default_factory=list)

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass
class _Section:
    """An open reprint section: how many outlets the announcement named, how many reprints seen."""

    outlets: int
    seen: int = 0


# ---------------------------------------------------------------------------------------------
# Reading files


def read_utf8_text(path: Path) -> str:
    """The text of `path`, or InputError when it is missing, empty, binary or not UTF-8."""
    if not path.exists():
        raise InputError(path, "no such file or folder",
                         "give a UTF-8 text dump or a folder of .txt/.html article files")
    data = path.read_bytes()
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(path, f"contains NUL bytes (first at offset {nul}), "
                               "so it looks like a binary file, not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(path, f"not valid UTF-8 text (byte 0x{data[error.start]:02x} at offset "
                               f"{error.start})") from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise InputError(path, "is empty (no text at all)")
    return text


def read_text_dump(path: str | Path, reference_year: int | None = None) -> pl.DataFrame:
    """Read a text dump file into ARTICLES rows; `source` is the file name."""
    path = Path(path)
    return split_text_dump(read_utf8_text(path), str(path.name), reference_year,
                           where=str(path))


# ---------------------------------------------------------------------------------------------
# Splitting


def split_text_dump(text: str, source: str, reference_year: int | None = None,
                    where: str | None = None) -> pl.DataFrame:
    """Split a dump's text into articles (ARTICLES schema); pure. `where` names it in errors."""
    entries = _entries(_blocks(text))
    if not any(entry.title and entry.paragraphs for entry in entries):
        raise InputError(where or source, "no articles found (no title line standing alone "
                                          "between blank lines and followed by paragraphs)",
                         "Readout reads UTF-8 text dumps laid out like "
                         "data/sample/sample-2024q4.txt, or .txt/.html article files")
    entries = [entry for entry in entries if _keep(entry, source)]
    if reference_year is None:
        reference_year = dates.most_common_year([text])
    ids = {id(entry): article_id(entry.title, entry.body) for entry in entries}
    rows = [
        _row(entry, ids[id(entry)], ids[id(entry.parent)] if entry.parent else None,
             source, position)
        for position, entry in enumerate(entries)
    ]
    return articles_frame(rows, reference_year)


def _blocks(text: str) -> list[_Block]:
    """Runs of non-blank lines; lines stripped, bullets without their bullet character."""
    blocks: list[_Block] = []
    current: _Block | None = None
    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        line = raw.strip()  # Python's strip also takes the NBSP and EN SPACE the dump has
        if not line:
            current = None
            continue
        bullet = _BULLET.match(line)
        if bullet:
            line = line[bullet.end():]
        if current is None:
            current = _Block(number, [], bullet=bool(bullet))
            blocks.append(current)
        current.lines.append(line)
    return blocks


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a text as this module reads them (for single-article .txt files)."""
    return [block.text for block in _blocks(text) if not _is_marker(block)]


def _entries(blocks: list[_Block]) -> list[_Entry]:
    """The state machine described in the module docstring."""
    entries: list[_Entry] = []
    current: _Entry | None = None  # receives paragraphs
    entry: _Entry | None = None  # the open blog entry, parent of reprints
    section: _Section | None = None
    for i, block in enumerate(blocks):
        if _is_marker(block):
            current = entry = section = None
        elif _is_title(blocks, i):
            if section and _continues(section, blocks[i + 1]):
                section.seen += 1
                current = _Entry(block.text, block.line, parent=entry)
            else:
                current = entry = _Entry(block.text, block.line)
                section = None
            entries.append(current)
        else:
            if current is None:  # text before the first title or after a marker: keep it
                current = entry = _Entry(None, block.line)
                entries.append(current)
            current.paragraphs.append(block.text)
            if current is entry and section is None and _opens_section(blocks, i):
                section = _Section(_reprint_outlets(block.text))
    return entries


def _is_marker(block: _Block) -> bool:
    return len(block.lines) == 1 and bool(_MARKER.match(block.text))


def _is_dateline(block: _Block) -> bool:
    return bool(_DATELINE.match(block.lines[0]))


def _is_title(blocks: list[_Block], i: int) -> bool:
    """Whether blocks[i] is a title, by the heuristic of the module docstring."""
    block = blocks[i]
    if len(block.lines) != 1 or block.bullet or i + 1 == len(blocks) or _is_marker(blocks[i + 1]):
        return False
    text = block.text
    if _is_marker(block) or len(text) > MAX_TITLE_CHARS or len(text.split()) > MAX_TITLE_WORDS:
        return False
    if not (text[0].isupper() or text[0].isdigit() or text[0] in "“‘\"'"):
        return False
    if text.endswith(_SENTENCE_ENDS):
        return False
    if text.endswith(("?", "!")):
        return not _SENTENCE_BREAK.search(text)
    return True


def _continues(section: _Section, after_title: _Block) -> bool:
    """A title in a reprint section is a reprint if a dateline follows or outlets are left."""
    return _is_dateline(after_title) or section.seen < section.outlets


def _opens_section(blocks: list[_Block], i: int) -> bool:
    """blocks[i] announces reprints and a title follows it (else the reprint has no title)."""
    followed_by_title = i + 1 < len(blocks) and _is_title(blocks, i + 1)
    return followed_by_title and bool(_reprint_outlets(blocks[i].text))


def _reprint_outlets(paragraph: str) -> int:
    """How many outlets a reprint announcement names (0 when the paragraph is not one)."""
    match = _REPRINT_INTRO.search(paragraph)
    if not match:
        return 0
    return len([name for name in _OUTLET_SEPARATOR.split(match["outlets"]) if name.strip()])


def _keep(entry: _Entry, source: str) -> bool:
    """Drop entries with no body (a title followed by another title), saying so."""
    if entry.paragraphs:
        if entry.title is None:
            warnings.warn(f"{source}: text at line {entry.line} comes before any title; "
                          "kept as an article without a title", stacklevel=3)
        return True
    warnings.warn(f"{source}: title at line {entry.line} ({entry.title!r}) has no text; "
                  "skipped", stacklevel=3)
    return False


def article_id(title: str | None, body: str) -> str:
    """sha256 of title + newline + body, first 16 hex characters: the same text, the same id."""
    return hashlib.sha256(f"{title or ''}\n{body}".encode("utf-8")).hexdigest()[:16]


def _row(entry: _Entry, entry_id: str, parent_id: str | None, source: str, position: int) -> dict:
    return {
        "article_id": entry_id, "source": source, "source_kind": "text_dump", "url": None,
        "title": entry.title, "body": entry.body, "position": position,
        "parent_article_id": parent_id, "published_date": None, "published_date_source": None,
    }


# ---------------------------------------------------------------------------------------------
# From rows to the ARTICLES frame: datelines and publication dates, in polars


_ROW_SCHEMA = {name: dtype for name, dtype in schemas.ARTICLES.items()
               if name not in ("dateline", "dateline_place")}


def articles_frame(rows: list[dict], reference_year: int | None) -> pl.DataFrame:
    """ARTICLES rows from per-article dicts (every ARTICLES column but the dateline ones).

    `published_date` already set (HTML metadata) is kept; the others are inferred as the module
    docstring says. Shared by text dumps and article files.
    """
    frame = pl.LazyFrame(rows, schema=_ROW_SCHEMA)
    reference = (pl.lit(date(reference_year, 12, 31)) if reference_year
                 else pl.lit(None, dtype=pl.Date))
    return infer_published_dates(with_datelines(frame, reference), reference).collect()


def with_datelines(articles: pl.LazyFrame, reference: pl.Expr) -> pl.LazyFrame:
    """Add `dateline`, `dateline_place` and `_dateline_date` from the start of the body."""
    parts = pl.col("body").str.extract_groups(dates.DATELINE)
    return articles.with_columns(
        parts.struct.field("dateline").alias("dateline"),
        dates.place_name(parts.struct.field("place")).alias("dateline_place"),
        dates.date_from_parts(parts.struct.field("month"), parts.struct.field("day"),
                              parts.struct.field("year"), reference).alias("_dateline_date"),
    )


def latest_text_dates(articles: pl.LazyFrame, reference: pl.Expr) -> pl.LazyFrame:
    """article_id -> `_text_date`: the latest date in the body, none after `reference`."""
    mentions = dates.mentioned_dates(articles.select("article_id", "body"), "body", reference)
    return (
        mentions.filter(reference.is_null() | (pl.col("mentioned_date") <= reference))
        .group_by("article_id")
        .agg(pl.col("mentioned_date").max().alias("_text_date"))
    )


def infer_published_dates(articles: pl.LazyFrame, reference: pl.Expr) -> pl.LazyFrame:
    """Fill `published_date` and its source: metadata, dateline, text, parent (then null)."""
    own = articles.join(latest_text_dates(articles, reference), on="article_id", how="left")
    own_date = pl.coalesce("published_date", "_dateline_date", "_text_date")
    own_source = (
        pl.when(pl.col("published_date").is_not_null()).then(pl.col("published_date_source"))
        .when(pl.col("_dateline_date").is_not_null()).then(pl.lit("dateline"))
        .when(pl.col("_text_date").is_not_null()).then(pl.lit("text"))
    )
    own = own.with_columns(own_date.alias("_own_date"), own_source.alias("_own_source"))
    parents = own.select(pl.col("article_id").alias("parent_article_id"),
                         pl.col("_own_date").alias("_parent_date")).unique("parent_article_id")
    dated = own.join(parents, on="parent_article_id", how="left").with_columns(
        pl.coalesce("_own_date", "_parent_date").alias("published_date"),
        pl.when(pl.col("_own_date").is_not_null()).then(pl.col("_own_source"))
        .when(pl.col("_parent_date").is_not_null()).then(pl.lit("parent"))
        .alias("published_date_source"),
    )
    return schemas.conform(dated.sort("position"), schemas.ARTICLES)
