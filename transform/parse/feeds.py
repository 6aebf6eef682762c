"""Feeds, WordPress REST API pages and JSON Lines files -> entry dicts -> article rows. Pure.

Web sources give more than a file does: their own URL, publication date and categories. This module
turns what was fetched (bytes or text, never a connection) into *entries*:

    {"key": str, "url": str | None, "title": str | None, "body": str,
     "published_date": date | None, "categories": list[str]}

and `article_row` turns an entry into the dict `transform.parse.textdump.articles_frame` expects, with
`published_date_source = 'metadata'` when the feed or API dated it (the extraction then resolves
relative dates against it, as for an HTML page's metadata).

- RSS 0.9x/1.0/2.0 and Atom go through feedparser. The entry's full content (`content:encoded`,
  Atom `<content>`) is preferred over its summary; HTML in either is reduced to paragraphs with the
  same noise removal as a page (`transform.parse.html.fragment_paragraphs`). A document that is not
  well-formed XML is an error, not a half-read feed.
- WordPress: one page of `/wp-json/wp/v2/posts` is a JSON list of posts with `link`, `date_gmt`
  (else `date`), `title.rendered`, `content.rendered` and category ids; with `_embed`, the
  category names are in `_embedded["wp:term"]`.
- JSON Lines (a `.jsonl` file in an inbox): one article per line, `title`, `body` (or `text` /
  `content`), optional `url`, `published` (or `date`, ISO 8601) and `categories`.
Entries whose text is empty come back in a second list (`skipped`), so the caller can report them.
"""

import hashlib
import json
import re
import xml.sax
from datetime import UTC, date, datetime

import feedparser

from transform.errors import InputError
from transform.parse.html import fragment_paragraphs, fragment_text, iso_date
from transform.parse.textdump import article_id


def parse_feed(content: bytes, where: str) -> tuple[list[dict], list[str]]:
    """(entries, keys of entries without text) of an RSS or Atom document; `where` names it."""
    parsed = feedparser.parse(content, sanitize_html=False, resolve_relative_uris=True)
    error = parsed.get("bozo_exception")
    if isinstance(error, xml.sax.SAXException) or (
        not parsed.get("version") and not parsed.entries
    ):
        problem = f"not well-formed XML ({error})" if error else "not an RSS or Atom feed"
        raise InputError(where, problem, "a feed source needs an RSS or Atom document")
    entries, skipped = [], []
    for entry in parsed.entries:
        url = entry.get("link") or None
        key = url or entry.get("id") or entry.get("title") or ""
        html = ""
        if entry.get("content"):
            html = max((c.get("value", "") for c in entry.content), key=len)
        html = html or entry.get("summary", "")
        body = "\n\n".join(fragment_paragraphs(html)) if html else ""
        record = {
            "key": key,
            "url": url,
            "title": _clean(entry.get("title")),
            "body": body,
            "published_date": _struct_date(
                entry.get("published_parsed") or entry.get("updated_parsed")
            ),
            "categories": sorted({t.get("term") for t in entry.get("tags", []) if t.get("term")}),
        }
        (entries if body else skipped).append(record if body else key)
    return entries, skipped


def parse_wordpress_posts(content: bytes, where: str) -> tuple[list[dict], list[str]]:
    """(entries, keys of posts without text) of one page of `/wp-json/wp/v2/posts`."""
    try:
        posts = json.loads(content)
    except ValueError as error:
        raise InputError(
            where,
            f"not valid JSON ({error})",
            "a wordpress source needs the site's /wp-json/wp/v2/posts API",
        ) from None
    if not isinstance(posts, list):
        message = posts.get("message") if isinstance(posts, dict) else None
        raise InputError(
            where,
            f"expected a JSON list of posts, got {type(posts).__name__}"
            + (f" ({message})" if message else ""),
            "a wordpress source needs the site's /wp-json/wp/v2/posts API",
        )
    entries, skipped = [], []
    for post in posts:
        if not isinstance(post, dict):
            continue
        url = post.get("link") or None
        key = url or f"wp-post-{post.get('id')}"
        body = "\n\n".join(fragment_paragraphs(_rendered(post.get("content"))))
        record = {
            "key": key,
            "url": url,
            "title": fragment_text(_rendered(post.get("title"))) or None,
            "body": body,
            "published_date": iso_date(post.get("date_gmt") or post.get("date")),
            "categories": _wp_categories(post),
            "modified": post.get("modified_gmt") or post.get("modified"),
        }
        (entries if body else skipped).append(record if body else key)
    return entries, skipped


def parse_jsonl(text: str, where: str) -> list[dict]:
    """Entries of a JSON Lines file, one article per non-blank line; keys are `url` or
    `<where>#<line>`. A line that is not a JSON object with text is an error naming the line."""
    entries = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as error:
            raise InputError(
                f"{where}:{number}",
                f"not valid JSON ({error})",
                "a .jsonl file has one JSON object per line",
            ) from None
        if not isinstance(record, dict):
            raise InputError(
                f"{where}:{number}",
                "not a JSON object",
                "a .jsonl file has one JSON object per line",
            )
        raw_body = record.get("body") or record.get("text") or record.get("content") or ""
        body = "\n\n".join(fragment_paragraphs(str(raw_body)))
        if not body:
            raise InputError(
                f"{where}:{number}",
                "has no `body` (or `text`/`content`)",
                "each line needs at least a title and a body",
            )
        url = record.get("url") or None
        entries.append(
            {
                "key": url or f"{where}#{number}",
                "url": url,
                "title": _clean(record.get("title")),
                "body": body,
                "published_date": iso_date(record.get("published") or record.get("date")),
                "categories": sorted({str(c) for c in record.get("categories") or []}),
            }
        )
    return entries


def article_row(entry: dict, source: str, source_kind: str) -> dict:
    """The article dict of an entry (every ARTICLES column but position and the dateline ones)."""
    published = entry.get("published_date")
    return {
        "article_id": article_id(entry.get("title"), entry["body"]),
        "source": source,
        "source_kind": source_kind,
        "url": entry.get("url"),
        "title": entry.get("title"),
        "body": entry["body"],
        "parent_article_id": None,
        "published_date": published,
        "published_date_source": "metadata" if published else None,
    }


def content_hash(row: dict) -> str:
    """What decides that an item changed: its title, body, URL and publication date."""
    text = "\n".join(str(row.get(k) or "") for k in ("url", "title", "published_date", "body"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _struct_date(value) -> date | None:
    if not value:
        return None
    try:
        return datetime(*value[:6], tzinfo=UTC).date()
    except (TypeError, ValueError):
        return None


def _rendered(field) -> str:
    if isinstance(field, dict):
        return str(field.get("rendered") or "")
    return str(field or "")


def _wp_categories(post: dict) -> list[str]:
    """Category names from `_embedded["wp:term"]` when embedded, else the category ids."""
    groups = (post.get("_embedded") or {}).get("wp:term") or []
    names = {
        term.get("name")
        for group in groups
        if isinstance(group, list)
        for term in group
        if isinstance(term, dict) and term.get("taxonomy") == "category" and term.get("name")
    }
    if names:
        return sorted(fragment_text(name) for name in names)
    return sorted(str(c) for c in post.get("categories") or [])


def _clean(title) -> str | None:
    if not title:
        return None
    return re.sub(r"\s+", " ", str(title)).strip() or None
