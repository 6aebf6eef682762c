"""The polite HTTP client every web source shares, and the Dagster resource that holds it.

One client per run: a user agent, timeouts, retries with backoff (honouring Retry-After), a minimum
interval per host (raised by robots.txt's Crawl-delay), robots.txt obeyed, a size cap, http(s)
only. `HttpResource` opens it when a run starts and closes it when the run ends, so per-host
intervals and robots.txt rules span every source of the run and nothing outlives it.
Settings are the sources file's `http:` block (orchestration/source_config.py).
"""

import email.utils
import re
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import charset_normalizer
import dagster as dg
import httpx
from protego import Protego
from pydantic import ConfigDict, Field, PrivateAttr

_RETRY_STATUSES = {429, 500, 502, 503, 504}


class SourceError(Exception):
    """A source that could not be read: `<source>: <url or path>: <problem>`."""

    def __init__(self, source: str, where: str, problem: str) -> None:
        self.source, self.where, self.problem = source, where, problem
        super().__init__(f"source {source!r}: {where}: {problem}")


class HttpSettings(dg.Config):
    """The sources file's `http:` block; every field has a default."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    user_agent: str = Field(
        "Readout/0.1 (diplomatic news reader; +https://github.com/readout)",
        description="User-Agent of every request; its first word is the robots.txt token",
    )
    timeout: float = Field(
        20.0, gt=0, description="seconds, connect/read (4x for a whole response)"
    )
    retries: int = Field(
        3, ge=0, description="extra attempts after a 429, a 5xx, a timeout or a dropped connection"
    )
    backoff: float = Field(
        2.0,
        ge=0,
        description="seconds before the first retry, doubled each time (unless Retry-After)",
    )
    max_retry_after: float = Field(120.0, ge=0, description="a longer Retry-After fails the source")
    min_interval: float = Field(
        1.0,
        ge=0,
        description="seconds between two requests to a host "
        "(robots.txt Crawl-delay raises it, up to 60 s)",
    )
    max_bytes: int = Field(10_000_000, gt=0, description="a larger response fails its source")
    max_redirects: int = Field(5, ge=0)


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
        """The body decoded as httpx decodes it: the Content-Type charset if Python knows it,
        else detected from the bytes (which also finds an HTML `<meta charset>`)."""
        response = httpx.Response(
            self.status,
            headers={"content-type": self.content_type},
            content=self.content,
            default_encoding=_detect_encoding,
        )
        return response.text


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
        self._robots: dict[str, Protego | None] = {}  # host -> rules, None if unreadable
        self._robots_error: dict[str, str] = {}

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> "PoliteClient":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def agent_token(self) -> str:
        return self.settings.user_agent.split("/")[0].split()[0]

    def get(
        self, url: str, source: str, etag: str | None = None, last_modified: str | None = None
    ) -> Fetched:
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
                raise SourceError(
                    source, url, f"more than {settings.max_redirects} redirects (a redirect loop?)"
                ) from None
            except httpx.TimeoutException:
                problem = f"no response within the {settings.timeout:g} s timeout"
                delay = settings.backoff * 2**attempt
            except httpx.UnsupportedProtocol as error:
                raise SourceError(
                    source, url, f"only http(s) URLs can be fetched ({error})"
                ) from None
            except httpx.TransportError as error:
                problem = f"connection failed ({type(error).__name__}: {error})"
                delay = settings.backoff * 2**attempt
            else:
                if fetched.status not in _RETRY_STATUSES:
                    if fetched.status >= 400:
                        raise SourceError(source, url, f"HTTP {fetched.status}")
                    return fetched
                problem = f"HTTP {fetched.status}"
                delay = _retry_after(fetched.headers.get("retry-after"))
                if delay is None:
                    delay = settings.backoff * 2**attempt
                elif delay > settings.max_retry_after:
                    raise SourceError(
                        source,
                        url,
                        f"{problem}, Retry-After {delay:g} s is more "
                        f"than max_retry_after ({settings.max_retry_after:g} s)",
                    )
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
                url=url,
                final_url=str(response.url),
                status=response.status_code,
                content_type=response.headers.get("content-type", ""),
                etag=response.headers.get("etag"),
                last_modified=response.headers.get("last-modified"),
                headers={k.lower(): v for k, v in response.headers.items()},
            )
            if fetched.status != 200:
                return fetched
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > settings.max_bytes:
                raise SourceError(
                    source,
                    url,
                    f"response of {int(declared):,} bytes is over the "
                    f"{settings.max_bytes:,}-byte cap",
                )
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > settings.max_bytes:
                    raise SourceError(
                        source, url, f"response is over the {settings.max_bytes:,}-byte cap"
                    )
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
        answer means stay away (RFC 9309). Protego, unlike urllib.robotparser, matches `*` and `$`
        wildcards and lets the longest matching rule win."""
        parts = urlsplit(url)
        host = parts.netloc
        if host not in self._robots:
            self._robots[host] = self._read_robots(parts.scheme, host, source)
        robots = self._robots[host]
        if robots is None:
            raise SourceError(
                source,
                url,
                f"robots.txt could not be read "
                f"({self._robots_error[host]}), so the site is not fetched",
            )
        if not robots.can_fetch(url, self.agent_token):
            raise SourceError(source, url, f"disallowed by robots.txt for {self.agent_token}")

    def _read_robots(self, scheme: str, host: str, source: str) -> Protego | None:
        """The host's rules, or None (the problem kept in _robots_error) if it did not answer."""
        try:
            fetched = self._request(f"{scheme}://{host}/robots.txt", source, {})
        except SourceError as error:
            if re.match(r"HTTP 4\d\d$", error.problem):
                return Protego.parse("")  # no robots.txt: no rules
            self._robots_error[host] = error.problem
            return None
        return Protego.parse(fetched.text())


def _detect_encoding(content: bytes) -> str | None:
    """httpx's `default_encoding` hook: the likeliest charset of a body that declares none (or one
    Python does not know); None leaves httpx's utf-8."""
    best = charset_normalizer.from_bytes(content).best()
    return best.encoding if best else None


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


class HttpResource(dg.ConfigurableResource):
    """The run's polite HTTP client (`client`), opened when the run starts, closed when it ends."""

    settings: HttpSettings = Field(default_factory=HttpSettings)
    _client: "PoliteClient | None" = PrivateAttr(default=None)

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        self._client = PoliteClient(self.settings)

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    @property
    def client(self) -> "PoliteClient":
        if self._client is None:  # used outside a run (a test, a script): open on first use
            self._client = PoliteClient(self.settings)
        return self._client
