"""Fetching a source: what is new or changed since the state the warehouse remembers.

No Dagster and no warehouse here: `orchestration/defs/sources.py` reads the state, calls
`fetch_source` (no connection open while fetching) and writes what it returns. Parsing is
`transform/parse/` (feeds, html, articlefiles). Every failure is a `SourceError` whose message
starts with the source's name and the URL (or path) that failed.
"""

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from orchestration.http import Fetched, PoliteClient, SourceError
from orchestration.source_config import INBOX_SOURCE, REPO_ROOT, SourceConfig
from transform.errors import InputError
from transform.parse.articlefiles import ARTICLE_KINDS, parse_txt_article, visible_files
from transform.parse.feeds import (
    article_row,
    content_hash,
    parse_feed,
    parse_jsonl,
    parse_wordpress_posts,
)
from transform.parse.html import page_links, parse_html_article
from transform.parse.textdump import read_text_dump, read_utf8_text

DEFAULT_INBOX = REPO_ROOT / "inbox"
FOLDER_KINDS = {**ARTICLE_KINDS, ".jsonl": "jsonl"}
_BINARY_TYPES = (
    "image/",
    "audio/",
    "video/",
    "application/octet-stream",
    "application/pdf",
    "application/zip",
    "application/gzip",
    "font/",
)


def inbox_path() -> Path:
    """`READOUT_INBOX` if set, else `<repo>/inbox/`."""
    value = os.environ.get("READOUT_INBOX", "").strip()
    return Path(value).expanduser().resolve() if value else DEFAULT_INBOX


@dataclass
class SourceState:
    """What the warehouse remembers of a source: item key -> content hash, URL -> validators."""

    items: dict[str, str] = field(default_factory=dict)
    validators: dict[str, tuple[str | None, str | None, str | None]] = field(default_factory=dict)


@dataclass
class Item:
    key: str  # the URL (or file path / path#line): the item's identity within its source
    row: dict  # article dict for transform.parse.textdump.articles_frame
    categories: list[str]
    content_hash: str


@dataclass
class SourceBatch:
    items: list[Item] = field(default_factory=list)  # new or changed only
    validators: list[tuple[str, str | None, str | None, str | None]] = field(default_factory=list)
    requests: list[tuple[str, int]] = field(default_factory=list)  # (url, status)
    unchanged: int = 0
    skipped: list[str] = field(default_factory=list)  # entries without text
    reference_year: int | None = None
    keyed_by_content: bool = False  # text dumps: articles are only ever added


def fetch_source(
    source: SourceConfig, state: SourceState, client: PoliteClient | None
) -> SourceBatch:
    """The new or changed items of `source`. Raises SourceError; never writes anything."""
    batch = SourceBatch(reference_year=source.reference_year)
    try:
        {
            "rss": _fetch_rss,
            "wordpress": _fetch_wordpress,
            "html": _fetch_html,
            "folder": _read_folder,
            "text_dump": _read_dump,
        }[source.kind](source, state, client, batch)
    except InputError as error:
        raise SourceError(source.name, error.path, f"{error.problem}; {error.hint}") from None
    return batch


def _get(
    client: PoliteClient, source: SourceConfig, state: SourceState, batch: SourceBatch, url: str
) -> Fetched:
    """Conditional GET; records the request and the validators to store (with a body hash)."""
    etag, last_modified, _ = state.validators.get(url, (None, None, None))
    fetched = client.get(url, source.name, etag, last_modified)
    batch.requests.append((url, fetched.status))
    if not fetched.not_modified:
        if _looks_binary(fetched):
            what = fetched.content_type or "NUL bytes in the body"
            raise SourceError(source.name, url, f"binary content ({what}), not a page or feed")
        digest = hashlib.sha256(fetched.content).hexdigest()
        batch.validators.append((url, fetched.etag, fetched.last_modified, digest))
    return fetched


def _looks_binary(fetched: Fetched) -> bool:
    content_type = fetched.content_type.lower()
    return content_type.startswith(_BINARY_TYPES) or b"\x00" in fetched.content[:4096]


def _add(
    batch: SourceBatch, state: SourceState, source: SourceConfig, kind: str, entry: dict
) -> None:
    row = article_row(entry, source.name, kind)
    digest = content_hash(row)
    if state.items.get(entry["key"]) == digest:
        batch.unchanged += 1
        return
    batch.items.append(Item(entry["key"], row, list(entry.get("categories") or []), digest))


def _fetch_rss(source, state, client, batch) -> None:
    feed = _get(client, source, state, batch, source.url)
    if feed.not_modified:
        return
    entries, skipped = parse_feed(feed.content, source.url)
    batch.skipped += skipped
    for entry in entries:
        if source.fetch_pages and entry["url"]:
            page = _page_entry(client, source, state, batch, entry["url"])
            if page is None:
                batch.unchanged += 1
                continue
            page.setdefault("published_date", None)
            page["published_date"] = page["published_date"] or entry["published_date"]
            page["categories"] = entry["categories"]
            entry = page
        _add(batch, state, source, "rss", entry)


def _fetch_wordpress(source, state, client, batch) -> None:
    """Posts newest-modified first, page by page, until a page brings nothing new, the last page
    (X-WP-TotalPages) or `max_pages`."""
    base = source.url.rstrip("/")
    api = base if "/wp-json/" in base else f"{base}/wp-json/wp/v2/posts"
    for page in range(1, source.max_pages + 1):
        query = {
            "per_page": source.per_page,
            "page": page,
            "orderby": "modified",
            "order": "desc",
            "_embed": "wp:term",
        }
        url = f"{api}?{urlencode(query)}"
        fetched = _get(client, source, state, batch, url)
        if fetched.not_modified:
            return
        entries, skipped = parse_wordpress_posts(fetched.content, url)
        batch.skipped += skipped
        before = len(batch.items)
        for entry in entries:
            _add(batch, state, source, "wordpress", entry)
        total = fetched.headers.get("x-wp-totalpages", "")
        last = int(total) if total.isdigit() else (page if len(entries) < source.per_page else None)
        if len(batch.items) == before or (last is not None and page >= last):
            return


def _fetch_html(source, state, client, batch) -> None:
    urls = list(source.urls)
    if source.url:  # a listing page: follow its article links
        listing = _get(client, source, state, batch, source.url)
        if not listing.not_modified:
            pattern = re.compile(source.link_pattern) if source.link_pattern else None
            host = urlsplit(listing.final_url).netloc
            links = page_links(listing.text(), listing.final_url, anywhere=pattern is not None)
            links = [
                u
                for u in links
                if urlsplit(u).netloc == host
                and u != source.url
                and (pattern is None or pattern.search(u))
            ]
            urls += links[: source.max_links]
    for url in dict.fromkeys(urls):
        entry = _page_entry(client, source, state, batch, url)
        if entry is None:
            batch.unchanged += 1
        else:
            _add(batch, state, source, "html", entry)


def _page_entry(client, source, state, batch, url: str) -> dict | None:
    """An article page as an entry, or None when the server says it has not changed."""
    fetched = _get(client, source, state, batch, url)
    if fetched.not_modified and url in state.items:
        return None
    if fetched.not_modified:  # validators without the item (an earlier run failed): refetch
        state.validators.pop(url, None)
        fetched = _get(client, source, state, batch, url)
    try:
        page = parse_html_article(fetched.text(), url)
    except InputError as error:
        raise SourceError(source.name, url, error.problem) from None
    return {
        "key": url,
        "url": page["url"] or fetched.final_url,
        "title": page["title"],
        "body": page["body"],
        "published_date": page["published_date"],
        "categories": [],
    }


def folder_files(folder: Path) -> list[Path]:
    """The files a folder source reads (.txt, .html/.htm, .jsonl; not hidden), sorted."""
    return visible_files(folder, FOLDER_KINDS)


def inbox_is_empty() -> bool:
    """No inbox folder, or nothing in it a fetch would read."""
    folder = inbox_path()
    return not folder.is_dir() or not folder_files(folder)


def _read_folder(source, state, client, batch) -> None:
    """New or changed files of a folder (by file hash); .txt, .html/.htm and .jsonl."""
    folder = source.path
    if not folder.is_dir():
        if source.name == INBOX_SOURCE:
            return  # no inbox yet: nothing to do
        raise SourceError(source.name, str(folder), "no such folder")
    for path in folder_files(folder):
        where = str(path)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if state.validators.get(where, (None, None, None))[2] == digest:
            batch.unchanged += 1
            continue
        batch.validators.append((where, None, None, digest))
        text = read_utf8_text(path)
        kind = FOLDER_KINDS[path.suffix.lower()]
        if kind == "jsonl":
            entries = parse_jsonl(text, where)
        elif kind == "html":
            page = parse_html_article(text, where)
            entries = [
                {
                    "key": where,
                    "url": page["url"],
                    "title": page["title"],
                    "body": page["body"],
                    "published_date": page["published_date"],
                }
            ]
        else:
            article = parse_txt_article(text, where)
            entries = [
                {
                    "key": where,
                    "url": None,
                    "title": article["title"],
                    "body": article["body"],
                    "published_date": None,
                }
            ]
        for entry in entries:
            _add(batch, state, source, kind, entry)


def _read_dump(source, state, client, batch) -> None:
    """A text dump: reread only when the file changed; its articles are keyed by content."""
    where = str(source.path)
    if not source.path.is_file():
        raise SourceError(source.name, where, "no such file")
    digest = hashlib.sha256(source.path.read_bytes()).hexdigest()
    if state.validators.get(where, (None, None, None))[2] == digest:
        batch.unchanged += 1
        return
    batch.validators.append((where, None, None, digest))
    batch.keyed_by_content = True
    for row in read_text_dump(source.path, source.reference_year).to_dicts():
        if row["article_id"] in state.items:
            batch.unchanged += 1
        else:
            row = {**row, "source": source.name}
            batch.items.append(Item(row["article_id"], row, [], row["article_id"]))
