"""Configured sources (`sources.yaml`) and the polite HTTP client that fetches them.

No Dagster here: `orchestration/defs/sources.py` turns each configured source into an asset that
calls `fetch_source` and writes what it returns. Parsing is `transform/` (feeds, html, articlefiles).

The file (path: `--sources`, else `READOUT_SOURCES`, else `<repo>/sources.yaml` if it exists):

    http:                 # optional; these are the defaults
      user_agent: "Readout/0.1 (diplomatic news reader; +https://github.com/readout)"
      timeout: 20         # seconds, connect/read, and 4x that for a whole response
      retries: 3          # extra attempts after a 429, a 5xx, a timeout or a dropped connection
      backoff: 2.0        # seconds before the first retry, doubled each time (unless Retry-After)
      max_retry_after: 120
      min_interval: 1.0   # seconds between two requests to the same host (robots.txt Crawl-delay
                          # raises it, up to 60 s)
      max_bytes: 10000000 # a response larger than this fails its source
      max_redirects: 5
    sources:
      - {name: xinhua_world, kind: rss, url: "https://example.org/feed/"}
      - {name: embassy_blog, kind: wordpress, url: "https://blog.example.org", max_pages: 5}
      - {name: mfa_pages, kind: html, urls: ["https://example.org/a.html"]}
      - {name: mfa_news, kind: html, listing: "https://example.org/news/", link_pattern: "/news/"}
      - {name: drops, kind: folder, path: inbox/}
      - {name: q4_dump, kind: text_dump, path: data/sample/sample-2024q4.txt}

Relative paths are relative to the sources file. Every failure is a `SourceError` whose message
starts with the source's name and the URL (or path) that failed.
"""

import email.utils
import hashlib
import os
import re
import threading
import time
import urllib.robotparser
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

import httpx
import yaml

from transform.articlefiles import ARTICLE_KINDS, parse_txt_article
from transform.errors import InputError
from transform.feeds import (article_row, content_hash, parse_feed, parse_jsonl,
                             parse_wordpress_posts)
from transform.html import page_links, parse_html_article
from transform.textdump import read_text_dump, read_utf8_text

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCES = REPO_ROOT / "sources.yaml"
DEFAULT_INBOX = REPO_ROOT / "inbox"
KINDS = ("rss", "wordpress", "html", "folder", "text_dump")
INBOX_SOURCE = "inbox"  # the READOUT_INBOX folder, always defined (the sensor's target)
FOLDER_KINDS = {**ARTICLE_KINDS, ".jsonl": "jsonl"}
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
_RETRY_STATUSES = {429, 500, 502, 503, 504}
_BINARY_TYPES = ("image/", "audio/", "video/", "application/octet-stream", "application/pdf",
                 "application/zip", "application/gzip", "font/")


class SourceError(Exception):
    """A source that could not be read: `<source>: <url or path>: <problem>`."""

    def __init__(self, source: str, where: str, problem: str) -> None:
        self.source, self.where, self.problem = source, where, problem
        super().__init__(f"source {source!r}: {where}: {problem}")


# ---------------------------------------------------------------------------------------------
# Configuration


@dataclass(frozen=True)
class HttpSettings:
    user_agent: str = "Readout/0.1 (diplomatic news reader; +https://github.com/readout)"
    timeout: float = 20.0
    retries: int = 3
    backoff: float = 2.0
    max_retry_after: float = 120.0
    min_interval: float = 1.0
    max_bytes: int = 10_000_000
    max_redirects: int = 5


@dataclass(frozen=True)
class SourceConfig:
    name: str
    kind: str
    url: str | None = None  # rss: the feed; wordpress: the site; html: a listing page
    urls: tuple[str, ...] = ()  # html: article pages
    path: Path | None = None  # folder, text_dump
    link_pattern: str | None = None  # html listing: regex an article URL must match
    max_links: int = 50  # html listing: articles followed per run
    max_pages: int = 10  # wordpress: API pages per run
    per_page: int = 20  # wordpress
    fetch_pages: bool = False  # rss: read each entry's page instead of the feed's text
    reference_year: int | None = None

    @property
    def where(self) -> str:
        return self.url or (str(self.path) if self.path else ", ".join(self.urls))


@dataclass(frozen=True)
class SourcesConfig:
    path: Path | None
    http: HttpSettings = field(default_factory=HttpSettings)
    sources: tuple[SourceConfig, ...] = ()


def sources_path() -> Path | None:
    """`READOUT_SOURCES` if set, else `<repo>/sources.yaml` when it exists, else None."""
    value = os.environ.get("READOUT_SOURCES", "").strip()
    if value:
        return Path(value).expanduser().resolve()
    return DEFAULT_SOURCES if DEFAULT_SOURCES.exists() else None


def inbox_path() -> Path:
    """`READOUT_INBOX` if set, else `<repo>/inbox/`."""
    value = os.environ.get("READOUT_INBOX", "").strip()
    return Path(value).expanduser().resolve() if value else DEFAULT_INBOX


def load_sources(path: Path | None = None) -> SourcesConfig:
    """The sources file at `path` (default `sources_path()`), validated; no file, no sources."""
    path = path or sources_path()
    if path is None:
        return SourcesConfig(path=None)
    if not path.is_file():
        raise ValueError(f"sources file not found: {path}")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise ValueError(f"{path}: not valid YAML: {error}") from None
    if not isinstance(data, dict) or not isinstance(data.get("sources", []), list):
        raise ValueError(f"{path}: expected a mapping with a `sources:` list")
    http = data.get("http") or {}
    unknown = set(http) - set(HttpSettings.__dataclass_fields__)
    if unknown:
        raise ValueError(f"{path}: unknown http settings: {', '.join(sorted(unknown))}")
    sources, names = [], set()
    for number, entry in enumerate(data.get("sources") or [], 1):
        source = _source(entry, path, number)
        if source.name in names or source.name == INBOX_SOURCE:
            raise ValueError(f"{path}: source #{number}: the name {source.name!r} is taken")
        names.add(source.name)
        sources.append(source)
    return SourcesConfig(path=path, http=HttpSettings(**http), sources=tuple(sources))


def _source(entry: dict, path: Path, number: int) -> SourceConfig:
    def fail(problem: str):
        raise ValueError(f"{path}: source #{number}: {problem}")

    if not isinstance(entry, dict):
        fail("expected a mapping with `name` and `kind`")
    entry = dict(entry)
    name, kind = str(entry.get("name", "")), entry.get("kind")
    if not _NAME.match(name):
        fail(f"name {name!r} must be lower-case letters, digits and _ (it is an asset key)")
    if kind not in KINDS:
        fail(f"kind {kind!r} is not one of {', '.join(KINDS)}")
    unknown = set(entry) - set(SourceConfig.__dataclass_fields__)
    if unknown:
        fail(f"unknown keys: {', '.join(sorted(unknown))}")
    if "urls" in entry:
        entry["urls"] = tuple(str(u) for u in entry["urls"] or ())
    if entry.get("path"):
        entry["path"] = (path.parent / Path(entry["path"]).expanduser()).resolve()
    source = SourceConfig(**entry)
    for url in (source.url, *source.urls):
        if url and urlsplit(url).scheme not in ("http", "https"):
            fail(f"{url}: only http(s) URLs can be fetched")
    needs = {"rss": source.url, "wordpress": source.url, "html": source.url or source.urls,
             "folder": source.path, "text_dump": source.path}[kind]
    if not needs:
        fail({"rss": "needs `url` (the feed)", "wordpress": "needs `url` (the site)",
              "html": "needs `urls` (article pages) or `url` (a listing page)",
              "folder": "needs `path`", "text_dump": "needs `path`"}[kind])
    return source


# ---------------------------------------------------------------------------------------------
# The polite client


@dataclass
class Fetched:
    url: str  # as requested
    final_url: str  # after redirects
    status: int
    content: bytes = b""
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    def text(self) -> str:
        match = re.search(r"charset=([\w.-]+)", self.content_type, re.I)
        try:
            return self.content.decode(match.group(1) if match else "utf-8", errors="replace")
        except LookupError:
            return self.content.decode("utf-8", errors="replace")


class PoliteClient:
    """One httpx client for all sources: user agent, timeouts, retries with backoff (honouring
    Retry-After), a minimum interval per host, robots.txt, a size cap, http(s) only."""

    def __init__(self, settings: HttpSettings, sleep=time.sleep) -> None:
        self.settings = settings
        self._sleep = sleep
        self._client = httpx.Client(
            headers={"User-Agent": settings.user_agent},
            timeout=httpx.Timeout(settings.timeout),
            follow_redirects=True,
            max_redirects=settings.max_redirects,
        )
        self._lock = threading.Lock()
        self._next_slot: dict[str, float] = {}  # host -> earliest monotonic time of next request
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self._robots_error: dict[str, str] = {}

    def close(self) -> None:
        self._client.close()

    @property
    def agent_token(self) -> str:
        return self.settings.user_agent.split("/")[0].split()[0]

    def get(self, url: str, source: str, etag: str | None = None,
            last_modified: str | None = None) -> Fetched:
        """GET `url` for `source`; a 304 comes back as `Fetched(status=304)`. Raises SourceError."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise SourceError(source, url, "only http(s) URLs can be fetched")
        self._check_robots(url, source)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._request(url, source, headers)

    def _request(self, url: str, source: str, headers: dict[str, str]) -> Fetched:
        settings = self.settings
        attempt = 0
        while True:
            self._wait_turn(urlsplit(url).netloc)
            try:
                fetched = self._stream(url, source, headers)
            except httpx.TooManyRedirects:
                raise SourceError(source, url, f"more than {settings.max_redirects} redirects "
                                               "(a redirect loop?)") from None
            except httpx.TimeoutException:
                problem = f"no response within the {settings.timeout:g} s timeout"
                delay = settings.backoff * 2 ** attempt
            except httpx.UnsupportedProtocol as error:
                raise SourceError(source, url, f"only http(s) URLs can be fetched ({error})") from None
            except httpx.TransportError as error:
                problem = f"connection failed ({type(error).__name__}: {error})"
                delay = settings.backoff * 2 ** attempt
            else:
                if fetched.status not in _RETRY_STATUSES:
                    if fetched.status >= 400:
                        raise SourceError(source, url, f"HTTP {fetched.status}")
                    return fetched
                problem = f"HTTP {fetched.status}"
                delay = _retry_after(fetched.headers.get("retry-after"))
                if delay is None:
                    delay = settings.backoff * 2 ** attempt
                elif delay > settings.max_retry_after:
                    raise SourceError(source, url, f"{problem}, Retry-After {delay:g} s is more "
                                                   f"than max_retry_after ({settings.max_retry_after:g} s)")
            if attempt >= settings.retries:
                tries = f" after {attempt + 1} attempts" if attempt else ""
                raise SourceError(source, url, problem + tries)
            attempt += 1
            self._sleep(delay)

    def _stream(self, url: str, source: str, headers: dict[str, str]) -> Fetched:
        settings = self.settings
        deadline = time.monotonic() + 4 * settings.timeout
        with self._client.stream("GET", url, headers=headers) as response:
            fetched = Fetched(
                url=url, final_url=str(response.url), status=response.status_code,
                content_type=response.headers.get("content-type", ""),
                etag=response.headers.get("etag"),
                last_modified=response.headers.get("last-modified"),
                headers={k.lower(): v for k, v in response.headers.items()},
            )
            if fetched.status != 200:
                return fetched
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > settings.max_bytes:
                raise SourceError(source, url, f"response of {int(declared):,} bytes is over the "
                                               f"{settings.max_bytes:,}-byte cap")
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > settings.max_bytes:
                    raise SourceError(source, url, f"response is over the "
                                                   f"{settings.max_bytes:,}-byte cap")
                if time.monotonic() > deadline:
                    raise httpx.ReadTimeout("response too slow", request=response.request)
                chunks.append(chunk)
            fetched.content = b"".join(chunks)
        return fetched

    def _wait_turn(self, host: str) -> None:
        """Sleep until `host` may be asked again (min_interval, or robots.txt's Crawl-delay)."""
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next_slot.get(host, now))
            self._next_slot[host] = slot + self._interval(host)
        if slot > now:
            self._sleep(slot - now)

    def _interval(self, host: str) -> float:
        robots = self._robots.get(host)
        delay = robots.crawl_delay(self.agent_token) if robots else None
        return max(self.settings.min_interval, min(float(delay or 0), 60.0))

    def _check_robots(self, url: str, source: str) -> None:
        """robots.txt of the URL's host, fetched once per client: 4xx means no rules, 5xx or no
        answer means stay away (RFC 9309)."""
        parts = urlsplit(url)
        host = parts.netloc
        if host not in self._robots:
            robots_url = f"{parts.scheme}://{host}/robots.txt"
            parser = urllib.robotparser.RobotFileParser(robots_url)
            try:
                fetched = self._request(robots_url, source, {})
            except SourceError as error:
                if re.match(r"HTTP 4\d\d$", error.problem):
                    parser.allow_all = True
                else:
                    parser = None
                    self._robots_error[host] = error.problem
            else:
                parser.parse(fetched.text().splitlines())
            self._robots[host] = parser
        robots = self._robots[host]
        if robots is None:
            raise SourceError(source, url, f"robots.txt could not be read "
                                           f"({self._robots_error[host]}), so the site is not fetched")
        if not robots.can_fetch(self.agent_token, url):
            raise SourceError(source, url, f"disallowed by robots.txt for {self.agent_token}")


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


_clients: dict[HttpSettings, PoliteClient] = {}
_clients_lock = threading.Lock()


def close_clients() -> None:
    """Close and forget the shared clients (their robots.txt and per-host state too)."""
    with _clients_lock:
        for client in _clients.values():
            client.close()
        _clients.clear()


def shared_client(settings: HttpSettings) -> PoliteClient:
    """The process's one client for these settings (so per-host intervals span all sources)."""
    with _clients_lock:
        if settings not in _clients:
            _clients[settings] = PoliteClient(settings)
        return _clients[settings]


# ---------------------------------------------------------------------------------------------
# Fetching a source: what is new or changed since the state the warehouse remembers


@dataclass
class SourceState:
    """What the warehouse remembers of a source: item key -> content hash, URL -> validators."""

    items: dict[str, str] = field(default_factory=dict)
    validators: dict[str, tuple[str | None, str | None, str | None]] = field(default_factory=dict)


@dataclass
class Item:
    key: str  # the URL (or file path / path#line): the item's identity within its source
    row: dict  # article dict for transform.textdump.articles_frame
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


def fetch_source(source: SourceConfig, state: SourceState, client: PoliteClient | None
                 ) -> SourceBatch:
    """The new or changed items of `source`. Raises SourceError; never writes anything."""
    batch = SourceBatch(reference_year=source.reference_year)
    try:
        {"rss": _fetch_rss, "wordpress": _fetch_wordpress, "html": _fetch_html,
         "folder": _read_folder, "text_dump": _read_dump}[source.kind](source, state, client, batch)
    except InputError as error:
        raise SourceError(source.name, error.path, f"{error.problem}; {error.hint}") from None
    return batch


def _get(client: PoliteClient, source: SourceConfig, state: SourceState, batch: SourceBatch,
         url: str) -> Fetched:
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


def _add(batch: SourceBatch, state: SourceState, source: SourceConfig, kind: str,
         entry: dict) -> None:
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
        query = {"per_page": source.per_page, "page": page, "orderby": "modified",
                 "order": "desc", "_embed": "wp:term"}
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
            links = [u for u in links if urlsplit(u).netloc == host and u != source.url
                     and (pattern is None or pattern.search(u))]
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
    return {"key": url, "url": page["url"] or fetched.final_url, "title": page["title"],
            "body": page["body"], "published_date": page["published_date"], "categories": []}


def folder_files(folder: Path) -> list[Path]:
    """The files a folder source reads (.txt, .html/.htm, .jsonl; not hidden), sorted."""
    return sorted(p for p in folder.rglob("*") if p.is_file()
                  and not any(part.startswith(".") for part in p.relative_to(folder).parts)
                  and p.suffix.lower() in FOLDER_KINDS)


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
            entries = [{"key": where, "url": page["url"], "title": page["title"],
                        "body": page["body"], "published_date": page["published_date"]}]
        else:
            article = parse_txt_article(text, where)
            entries = [{"key": where, "url": None, "title": article["title"],
                        "body": article["body"], "published_date": None}]
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
