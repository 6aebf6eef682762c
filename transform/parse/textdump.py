"""Text dumps of blog listing pages -> one row per article (schema `ARTICLES`).

A dump (see `data/sample/sample-2024q4.txt`) is plain text: each entry starts with a title line,
paragraphs follow, one per line, separated by blank lines; an excerpted entry ends with
`Continue reading <title>`; an entry may reprint other outlets' articles after announcing them
("The following articles were originally published by the Xinhua News Agency."), each reprint
starting with its own title line and usually a dateline ("BEIJING, Dec. 3 (Xinhua) —").

Splitting is a small state machine over the dump's blocks (runs of non-blank lines). It is the one
Python loop of this module and it runs once per dump, not once per row of a frame; everything after
it (datelines, publication dates) is polars expressions over the article frame.

Memory. A dump file is never held whole (a 1 GB dump with curly quotes is 2 GB as a Python str):
`text_dump_batches` reads it in pieces cut after blank lines, streams the blocks through the state
machine, which hands over each entry with its reprints once the next entry starts, and builds one
article frame per batch of entries. An entry and its reprints always share a batch (a reprint's
date may come from its entry), so the batches hold the same rows as `split_text_dump` of the whole
text. Checks that need the whole file (NUL bytes, UTF-8, emptiness, the reference year) are a
first pass over the same pieces, so bad input fails before any batch exists.

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

Publication dates (the dump has none) are inferred article by article, as for every input
(`transform/parse/dating.py`): the dateline's day, a date line, a caption, the lead's first full
date, else the latest date written in the article's own body, ignoring dates after December 31 of
its year (a blog entry is written after the events it reports, and a later date is a plan, not an
event): a blog entry that reports a Dec. 3 meeting and the next day's talks gets 2024-12-03, not
the date of its reprint's dateline, which is another article's. Then the date of the entry that
reprints the article (`parent`: the reprint is older, but not by much, and it is the only clue
left), else null: a made-up day would look as precise as a real one downstream. A month and day
with no year take the year of the article's own full dates, else its entry's, and only then the
reference year (source `reference_year`): the year most often written in full dates in the whole
dump ("November 19, 2024", "19 November 2024", "Nov 28, 2014"), unless the caller gives it.
"""

import hashlib
import itertools
import re
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from transform import schemas
from transform.errors import InputError
from transform.extract import dates
from transform.extract.engine import collect
from transform.parse.dating import infer_published_dates

MAX_TITLE_CHARS = 150
MAX_TITLE_WORDS = 25
# A dump file is read this many bytes at a time (then cut after its last blank line).
READ_BYTES = 4 * 2**20
# Articles leave `text_dump_batches` in frames of about this many characters of body text: large
# enough that per-frame overhead (polars plans, a warehouse transaction) is noise, small enough
# that a batch's Python objects stay in the low hundreds of MB.
BATCH_CHARS = 8 * 2**20
# A dump cuts into pieces only at blank lines; this much text without one is not a dump (and would
# otherwise be held whole: memory must not grow with the file).
MAX_PIECE_BYTES = 64 * 2**20

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
    _require_file(path)
    data = path.read_bytes()
    nul = data.find(b"\x00")
    if nul >= 0:
        raise _binary(path, nul)
    text = _decode(path, 0, data)
    if not text.strip():
        raise _empty(path)
    return text


def read_text_dump(path: str | Path, reference_year: int | None = None) -> pl.DataFrame:
    """Read a text dump file into ARTICLES rows; `source` is the file name."""
    return pl.concat(text_dump_batches(path, reference_year))


def text_dump_batches(
    path: str | Path, reference_year: int | None = None, batch_chars: int | None = None
) -> Iterator[pl.DataFrame]:
    """`read_text_dump` in ARTICLES frames of about `batch_chars` characters of body, in memory
    independent of the dump's size (`batch_chars` defaults to BATCH_CHARS); `position` counts
    across the batches.

    The whole file is checked when this is called, not when the batches are iterated: InputError
    for what `read_utf8_text` or `split_text_dump` reject, so a caller can check every input
    before writing any batch. The reference year, when not given, is inferred from the whole dump
    in that first pass.
    """
    path = Path(path)
    reference_year = _check_text_dump(path, reference_year)
    if not _has_article(_entry_groups(_dump_blocks(_text_pieces(path)))):  # stops at the first
        raise _no_articles(str(path))
    groups = _entry_groups(_dump_blocks(_text_pieces(path)))
    return _article_frames(groups, path.name, reference_year, batch_chars or BATCH_CHARS)


def _check_text_dump(path: Path, reference_year: int | None) -> int | None:
    """Check a dump as `read_utf8_text` checks a file, piece by piece; return the reference year
    (the given one, else the year most written in full dates in the whole dump).

    A NUL byte anywhere is reported before bad UTF-8 anywhere, as `read_utf8_text` does.
    """
    _require_file(path)
    bad_utf8: InputError | None = None
    blank = True
    year_counts: list[pl.DataFrame] = []
    for offset, data in _byte_pieces(path):
        nul = data.find(b"\x00")
        if nul >= 0:
            raise _binary(path, offset + nul)
        if bad_utf8:
            continue  # only NUL bytes left to look for
        try:
            text = _decode(path, offset, data)
        except InputError as error:
            bad_utf8 = error
            continue
        blank = blank and (not text or text.isspace())  # what str.strip() strips
        if reference_year is None:
            year_counts.append(dates.full_date_year_counts([text]))
    if bad_utf8:
        raise bad_utf8
    if blank:
        raise _empty(path)
    return reference_year if reference_year is not None else dates.most_common_of(year_counts)


def _byte_pieces(path: Path) -> Iterator[tuple[int, bytes]]:
    """(offset, bytes) of consecutive pieces of the file, each but the last ending in a blank line.

    No block spans a blank line, and no date phrase does (`dates.DATE_MENTION` allows one
    whitespace character between words), so the pieces give the blocks and dates of the whole
    text; a newline byte is never inside a UTF-8 sequence, so each piece decodes on its own.
    InputError when MAX_PIECE_BYTES pass without a blank line.
    """
    with path.open("rb") as file:
        offset, pending = 0, b""
        while chunk := file.read(READ_BYTES):
            pending += chunk
            cut = _blank_line_end(pending)
            if cut:
                yield offset, pending[:cut]
                offset, pending = offset + cut, pending[cut:]
            elif len(pending) > MAX_PIECE_BYTES:
                raise InputError(
                    path,
                    f"has no blank line in the {len(pending) // 2**20} MB from byte offset "
                    f"{offset}, so it is not a text dump (titles and paragraphs are "
                    "separated by blank lines)",
                    "give a UTF-8 text dump with blank lines between paragraphs, or a folder of "
                    ".txt/.html article files",
                )
        if pending:
            yield offset, pending


def _blank_line_end(data: bytes) -> int:
    """Where the last blank line ("\n\n", or "\n\r\n" in a Windows file) of `data` ends; 0: none."""
    ends = [at + len(blank) for blank in (b"\n\n", b"\n\r\n") if (at := data.rfind(blank)) >= 0]
    return max(ends, default=0)


def _text_pieces(path: Path) -> Iterator[str]:
    """The text of a checked dump, in the pieces of `_byte_pieces`."""
    for offset, data in _byte_pieces(path):
        yield _decode(path, offset, data)


def _decode(path: Path, offset: int, data: bytes) -> str:
    """UTF-8 `data` found at `offset` of `path` (a leading byte order mark dropped), or InputError."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(
            path,
            f"not valid UTF-8 text (byte 0x{data[error.start]:02x} at offset "
            f"{offset + error.start})",
        ) from None
    return text.removeprefix("\ufeff") if offset == 0 else text


def _require_file(path: Path) -> None:
    if not path.exists():
        raise InputError(
            path,
            "no such file or folder",
            "give a UTF-8 text dump or a folder of .txt/.html article files",
        )


def _binary(path: Path, nul: int) -> InputError:
    return InputError(
        path,
        f"contains NUL bytes (first at offset {nul}), so it looks like a binary file, not text",
    )


def _empty(path: Path) -> InputError:
    return InputError(path, "is empty (no text at all)")


# ---------------------------------------------------------------------------------------------
# Splitting


def split_text_dump(
    text: str, source: str, reference_year: int | None = None, where: str | None = None
) -> pl.DataFrame:
    """Split a dump's text into articles (ARTICLES schema); pure. `where` names it in errors."""
    groups = list(_entry_groups(_blocks(_lines(text))))
    if not _has_article(groups):
        raise _no_articles(where or source)
    if reference_year is None:
        reference_year = dates.most_common_year([text])
    entries = [entry for group in groups for entry in group if _keep(entry, source)]
    return _articles(entries, source, 0, reference_year)


def _has_article(groups: Iterable[list[_Entry]]) -> bool:
    return any(entry.title and entry.paragraphs for group in groups for entry in group)


def _no_articles(where: str) -> InputError:
    return InputError(
        where,
        "no articles found (no title line standing alone between blank "
        "lines and followed by paragraphs)",
        "Readout reads UTF-8 text dumps laid out like "
        "data/sample/sample-2024q4.txt, or .txt/.html article files",
    )


def _article_frames(
    groups: Iterable[list[_Entry]], source: str, reference_year: int | None, batch_chars: int
) -> Iterator[pl.DataFrame]:
    """ARTICLES frames of whole groups (an entry and its reprints), about `batch_chars` of body."""
    batch: list[_Entry] = []
    chars = position = 0
    for group in groups:
        kept = [entry for entry in group if _keep(entry, source)]
        batch.extend(kept)
        chars += sum(len(paragraph) for entry in kept for paragraph in entry.paragraphs)
        if chars >= batch_chars:
            yield _articles(batch, source, position, reference_year)
            position += len(batch)
            batch, chars = [], 0
    if batch:
        yield _articles(batch, source, position, reference_year)


def _articles(
    entries: list[_Entry], source: str, first_position: int, reference_year: int | None
) -> pl.DataFrame:
    """ARTICLES rows of `entries` (each reprint's entry among them), numbered from `first_position`."""
    ids = {id(entry): article_id(entry.title, entry.body) for entry in entries}
    rows = [
        _row(
            entry,
            ids[id(entry)],
            ids[id(entry.parent)] if entry.parent else None,
            source,
            first_position + n,
        )
        for n, entry in enumerate(entries)
    ]
    return articles_frame(rows, reference_year)


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _blocks(lines: Iterable[str], first_line: int = 1) -> Iterator[_Block]:
    """Runs of non-blank lines; lines stripped, bullets without their bullet character."""
    current: _Block | None = None
    for number, raw in enumerate(lines, first_line):
        line = raw.strip()  # Python's strip also takes the NBSP and EN SPACE the dump has
        if not line:
            if current is not None:
                yield current
            current = None
            continue
        bullet = _BULLET.match(line)
        if bullet:
            line = line[bullet.end() :]
        if current is None:
            current = _Block(number, [], bullet=bool(bullet))
        current.lines.append(line)
    if current is not None:
        yield current


def _dump_blocks(pieces: Iterable[str]) -> Iterator[_Block]:
    """The blocks of a dump read in pieces (`_byte_pieces`), numbered by lines of the whole dump."""
    first_line = 1
    for piece in pieces:
        lines = _lines(piece)
        yield from _blocks(lines, first_line)
        first_line += len(lines) - 1  # a piece ends with a newline: its last "line" is the next's


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a text as this module reads them (for single-article .txt files)."""
    return [block.text for block in _blocks(_lines(text)) if not _is_marker(block)]


def _entry_groups(blocks: Iterable[_Block]) -> Iterator[list[_Entry]]:
    """The state machine described in the module docstring.

    Yields each blog entry with its reprints (or text before any title) once it is complete, that
    is when the next entry starts: nothing later can add to it, so a dump can stream through.
    """
    group: list[_Entry] = []
    current: _Entry | None = None  # receives paragraphs
    entry: _Entry | None = None  # the open blog entry, parent of reprints
    section: _Section | None = None
    for block, after, after_next in _with_next_two(blocks):
        if _is_marker(block):
            current = entry = section = None
        elif _is_title(block, after):
            if section and _continues(section, after):
                section.seen += 1
                current = _Entry(block.text, block.line, parent=entry)
                group.append(current)
            else:
                current = entry = _Entry(block.text, block.line)
                section = None
                if group:
                    yield group
                group = [current]
        else:
            if current is None:  # text before the first title or after a marker: keep it
                current = entry = _Entry(None, block.line)
                if group:
                    yield group
                group = [current]
            current.paragraphs.append(block.text)
            if current is entry and section is None and _opens_section(block, after, after_next):
                section = _Section(_reprint_outlets(block.text))
    if group:
        yield group


def _with_next_two(
    blocks: Iterable[_Block],
) -> Iterator[tuple[_Block, _Block | None, _Block | None]]:
    """Each block with the two after it (None past the end): the state machine's lookahead."""
    here, after, after_next = itertools.tee(blocks, 3)
    next(after, None)
    next(after_next, None)
    next(after_next, None)
    return zip(
        here, itertools.chain(after, [None]), itertools.chain(after_next, [None, None]), strict=True
    )


def _is_marker(block: _Block) -> bool:
    return len(block.lines) == 1 and bool(_MARKER.match(block.text))


def _is_dateline(block: _Block) -> bool:
    return bool(_DATELINE.match(block.lines[0]))


def _is_title(block: _Block, after: _Block | None) -> bool:
    """Whether `block`, followed by `after` (None: the end), is a title, by the module docstring."""
    if len(block.lines) != 1 or block.bullet or after is None or _is_marker(after):
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


def _opens_section(block: _Block, after: _Block | None, after_next: _Block | None) -> bool:
    """`block` announces reprints and a title follows it (else the reprint has no title)."""
    followed_by_title = after is not None and _is_title(after, after_next)
    return followed_by_title and bool(_reprint_outlets(block.text))


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
            warnings.warn(
                f"{source}: text at line {entry.line} comes before any title; "
                "kept as an article without a title",
                stacklevel=3,
            )
        return True
    warnings.warn(
        f"{source}: title at line {entry.line} ({entry.title!r}) has no text; skipped", stacklevel=3
    )
    return False


def article_id(title: str | None, body: str) -> str:
    """sha256 of title + newline + body, first 16 hex characters: the same text, the same id."""
    return hashlib.sha256(f"{title or ''}\n{body}".encode()).hexdigest()[:16]


def _row(entry: _Entry, entry_id: str, parent_id: str | None, source: str, position: int) -> dict:
    return {
        "article_id": entry_id,
        "source": source,
        "source_kind": "text_dump",
        "url": None,
        "title": entry.title,
        "body": entry.body,
        "position": position,
        "parent_article_id": parent_id,
        "published_date": None,
        "published_date_source": None,
    }


# ---------------------------------------------------------------------------------------------
# From rows to the ARTICLES frame: datelines and publication dates, in polars


# The columns an input reader gives per article (`articles_frame` adds the dateline ones).
ROW_SCHEMA = {
    name: dtype
    for name, dtype in schemas.ARTICLES.items()
    if name not in ("dateline", "dateline_place")
}


def articles_frame(rows: list[dict] | pl.DataFrame, reference_year: int | None) -> pl.DataFrame:
    """ARTICLES rows from per-article dicts, or a frame of them (every ARTICLES column but the
    dateline ones).

    `published_date` already set (HTML metadata) is kept; the others are inferred article by
    article (`transform/parse/dating.py`), `reference_year` only for articles that give no year.
    Shared by text dumps and article files.
    """
    frame = (
        rows.lazy().select(list(ROW_SCHEMA))
        if isinstance(rows, pl.DataFrame)
        else pl.LazyFrame(rows, schema=ROW_SCHEMA)
    )
    return collect(infer_published_dates(frame, reference_year))
