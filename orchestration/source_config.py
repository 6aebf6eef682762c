"""The sources file (`sources.yaml`): what to fetch, validated with pydantic, read when the
definitions load (never at import).

    http:                 # optional: the polite client's settings (orchestration/http.py), e.g.
      min_interval: 1.0   # seconds between two requests to the same host
    sources:
      - {name: xinhua_world, kind: rss, url: "https://example.org/feed/"}
      - {name: embassy_blog, kind: wordpress, url: "https://blog.example.org", max_pages: 5}
      - {name: mfa_pages, kind: html, urls: ["https://example.org/a.html"]}
      - {name: mfa_news, kind: html, url: "https://example.org/news/", link_pattern: "/news/"}
      - {name: drops, kind: folder, path: inbox/}
      - {name: q4_dump, kind: text_dump, path: data/sample/sample-2024q4.txt}

Where the file is: `readout run --sources FILE`, else `READOUT_SOURCES`, else `<repo>/sources.yaml`
if it exists. Relative paths are relative to the file. An invalid file raises `SourcesFileError`,
whose message names the file, the line and the entry: the CLI prints it, and the Dagster UI shows
it as the code location's load error.
"""

import os
import re
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from orchestration.http import HttpSettings

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCES = REPO_ROOT / "sources.yaml"
INBOX_SOURCE = "inbox"  # the READOUT_INBOX folder, always defined (the sensor's target)
Kind = Literal["rss", "wordpress", "html", "folder", "text_dump"]
NEEDS = {
    "rss": "needs `url` (the feed)",
    "wordpress": "needs `url` (the site)",
    "html": "needs `urls` (article pages) or `url` (a listing page)",
    "folder": "needs `path`",
    "text_dump": "needs `path`",
}


class SourcesFileError(ValueError):
    """A sources file that cannot be used: `<file>:<line>: <problem>`."""


class SourceConfig(BaseModel):
    """One entry of `sources:`; it becomes the asset `sources/<name>`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(
        pattern=r"^[a-z][a-z0-9_]{0,62}$",
        description="lower-case letters, digits and _ (it is an asset key)",
    )
    kind: Kind
    url: str | None = None  # rss: the feed; wordpress: the site; html: a listing page
    urls: tuple[str, ...] = ()  # html: article pages
    path: Path | None = None  # folder, text_dump
    link_pattern: str | None = None  # html listing: regex an article URL must match
    max_links: int = Field(50, ge=1)  # html listing: articles followed per run
    max_pages: int = Field(10, ge=1)  # wordpress: API pages per run
    per_page: int = Field(20, ge=1, le=100)  # wordpress
    fetch_pages: bool = False  # rss: read each entry's page instead of the feed's text
    reference_year: int | None = None

    @field_validator("url")
    @classmethod
    def _http_url(cls, url: str | None) -> str | None:
        if url is not None and urlsplit(url).scheme not in ("http", "https"):
            raise ValueError(f"{url}: only http(s) URLs can be fetched")
        return url

    @field_validator("urls")
    @classmethod
    def _http_urls(cls, urls: tuple[str, ...]) -> tuple[str, ...]:
        for url in urls:
            cls._http_url(url)
        return urls

    @field_validator("path")
    @classmethod
    def _relative_to_file(cls, path: Path | None, info: ValidationInfo) -> Path | None:
        base = (info.context or {}).get("base")
        if path is None or base is None:
            return path
        return (base / path.expanduser()).resolve()

    @field_validator("link_pattern")
    @classmethod
    def _regex(cls, pattern: str | None) -> str | None:
        if pattern is not None:
            try:
                re.compile(pattern)
            except re.error as error:
                raise ValueError(f"not a regular expression: {error}") from None
        return pattern

    @model_validator(mode="after")
    def _has_what_its_kind_needs(self) -> "SourceConfig":
        given = {
            "rss": self.url,
            "wordpress": self.url,
            "html": self.url or self.urls,
            "folder": self.path,
            "text_dump": self.path,
        }[self.kind]
        if not given:
            raise ValueError(NEEDS[self.kind])
        return self

    @property
    def where(self) -> str:
        return self.url or (str(self.path) if self.path else ", ".join(self.urls))


class SourcesConfig(BaseModel):
    """A whole sources file (no file: no sources and the default http settings)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    path: Path | None = None
    http: HttpSettings = Field(default_factory=HttpSettings)
    sources: tuple[SourceConfig, ...] = ()

    @field_validator("sources")
    @classmethod
    def _unique_names(cls, sources: tuple[SourceConfig, ...]) -> tuple[SourceConfig, ...]:
        seen: set[str] = set()
        for number, source in enumerate(sources, 1):
            if source.name in seen or source.name == INBOX_SOURCE:
                raise ValueError(f"source #{number}: the name {source.name!r} is taken")
            seen.add(source.name)
        return sources


def sources_path() -> Path | None:
    """`READOUT_SOURCES` if set, else `<repo>/sources.yaml` when it exists, else None."""
    value = os.environ.get("READOUT_SOURCES", "").strip()
    if value:
        return Path(value).expanduser().resolve()
    return DEFAULT_SOURCES if DEFAULT_SOURCES.exists() else None


def load_sources(path: Path | None = None) -> SourcesConfig:
    """The sources file at `path` (default `sources_path()`), validated; no file, no sources."""
    path = path or sources_path()
    if path is None:
        return SourcesConfig()
    if not path.is_file():
        raise SourcesFileError(f"sources file not found: {path}")
    text = path.read_text(encoding="utf-8")
    try:
        root = yaml.compose(text)
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as error:
        raise SourcesFileError(f"{path}: not valid YAML: {error}") from None
    if not isinstance(data, dict) or not isinstance(data.get("sources", []), list):
        raise SourcesFileError(f"{path}: expected a mapping with a `sources:` list")
    data = {**data, "sources": data.get("sources") or [], "http": data.get("http") or {}}
    try:
        return SourcesConfig.model_validate({**data, "path": path}, context={"base": path.parent})
    except ValidationError as error:
        raise SourcesFileError(_describe(path, root, error)) from None


def _describe(path: Path, root, error: ValidationError) -> str:
    """One line per problem: `<file>:<line>: source #N (<name>): <field>: <message>`."""
    lines = []
    for problem in error.errors():
        loc = [part for part in problem["loc"] if not str(part).startswith("function-")]
        where = ""
        if len(loc) >= 2 and loc[0] == "sources" and isinstance(loc[1], int):
            entry = _node(root, loc[:2])
            name = _scalar(entry, "name")
            where = f"source #{loc[1] + 1}" + (f" ({name})" if name else "") + ": "
            loc = loc[2:]
        elif loc:
            where = ".".join(map(str, loc)) + ": "
            loc = []
        message = problem["msg"].removeprefix("Value error, ")
        if problem["type"] == "extra_forbidden":
            message = "unknown key"
        elif problem["type"] == "literal_error" and "kind" in loc:
            message = (
                f"kind {problem['input']!r} is not one of rss, wordpress, html, folder, text_dump"
            )
            loc = []
        field = ".".join(map(str, loc))
        line = _line(root, problem["loc"])
        lines.append(f"{path}:{line}: {where}{field + ': ' if field else ''}{message}")
    return "\n".join(lines)


def _node(node, loc):
    """The YAML node at `loc` (keys and list indexes), or the deepest one found on the way."""
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            child = next((v for k, v in node.value if k.value == part), None)
        elif (
            isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value)
        ):
            child = node.value[part]
        else:
            child = None
        if child is None:
            return node
        node = child
    return node


def _line(root, loc) -> int:
    node = _node(root, [p for p in loc if not str(p).startswith("function-")])
    return (node.start_mark.line + 1) if node is not None else 1


def _scalar(node, key: str) -> str | None:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if k.value == key and isinstance(v, yaml.ScalarNode):
                return v.value
    return None
