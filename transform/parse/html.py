"""One HTML article page -> one article dict. The only module that touches BeautifulSoup.

News pages differ in layout but agree on metadata, so everything that metadata can give comes from
it first, and page structure is only the fallback:
- title: og:title, then the first <h1>, then <title> (without a " | Site name" tail);
- url: <link rel="canonical">, then og:url;
- published date: article:published_time, then JSON-LD datePublished, then <time datetime>
  (source 'metadata'); a page with none is dated later from its dateline or text, like a .txt file;
- body: the <p> elements of the <article> with the most paragraph text (else <main>, else <body>),
  after dropping what is not the story: navigation, scripts, header, footer, asides, forms, figures
  and blocks whose class or id names sharing, comments, related links, ads or newsletters.
This is a per-document Python loop by nature (one parse per file); it returns a dict, not a frame.
"""

import json
import re
from datetime import date

from bs4 import BeautifulSoup, Tag

from transform.errors import InputError
from transform.parse.textdump import article_id

_NOISE_TAGS = [
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "iframe",
    "svg",
    "button",
    "figure",
    "select",
    "input",
]
# Tokens of a class or id ("share-bar", "comment_list", "related") that mark a block as page chrome.
_NOISE_TOKENS = {
    "share",
    "sharing",
    "social",
    "comment",
    "comments",
    "disqus",
    "related",
    "recommended",
    "newsletter",
    "subscribe",
    "subscription",
    "ad",
    "ads",
    "advert",
    "advertisement",
    "promo",
    "sponsored",
    "cookie",
    "cookies",
    "consent",
    "breadcrumb",
    "breadcrumbs",
    "sidebar",
    "popup",
    "modal",
    "byline",
    "tags",
    "toolbar",
    "print",
    "meta",
}
# Containers never dropped for their class: a <body class="has-comments"> is still the page.
_KEEP_TAGS = ("html", "body", "main", "article")
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
_SPACES = re.compile(r"\s+")


def parse_html_article(html: str, source: str) -> dict:
    """Title, url, body and metadata date of one page: the ARTICLES columns but position,
    dateline and dateline_place (those come from the body, for every kind of input alike)."""
    soup = BeautifulSoup(html, "lxml")
    title = _title(soup)
    url = _attr(soup.find("link", rel="canonical"), "href") or _meta(soup, "og:url")
    published = _published_date(soup)
    body = "\n\n".join(_paragraphs(soup))
    if not body:
        raise InputError(
            source,
            "no article text found in the HTML (no <p> paragraphs in <article>, <main> or <body>)",
            "give the article page itself, saved as .html, or its text as .txt",
        )
    return {
        "article_id": article_id(title, body),
        "source": source,
        "source_kind": "html",
        "url": url,
        "title": title,
        "body": body,
        "parent_article_id": None,
        "published_date": published,
        "published_date_source": "metadata" if published else None,
    }


def _text(node: Tag) -> str:
    return _SPACES.sub(" ", node.get_text()).strip()


def _attr(node: Tag | None, name: str) -> str | None:
    value = node.get(name) if isinstance(node, Tag) else None
    return (value.strip() or None) if isinstance(value, str) else None


def _meta(soup: BeautifulSoup, *keys: str) -> str | None:
    """Content of the first <meta> whose property, name or itemprop is one of `keys`."""
    for key in keys:
        for attr in ("property", "name", "itemprop"):
            content = _attr(soup.find("meta", attrs={attr: key}), "content")
            if content:
                return content
    return None


def _title(soup: BeautifulSoup) -> str | None:
    if title := _meta(soup, "og:title", "twitter:title"):
        return _SPACES.sub(" ", title).strip()
    if (h1 := soup.find("h1")) and _text(h1):
        return _text(h1)
    if soup.title and _text(soup.title):
        return re.split(r"\s+[|–—]\s+", _text(soup.title))[0]  # drop " | Site name"
    return None


def _published_date(soup: BeautifulSoup) -> date | None:
    candidates = [
        _meta(
            soup,
            "article:published_time",
            "og:article:published_time",
            "datePublished",
            "pubdate",
            "publishdate",
        )
    ]
    candidates += [
        _json_ld_date(script.string or "")
        for script in soup.find_all("script", type="application/ld+json")
    ]
    candidates += [_attr(time, "datetime") for time in soup.find_all("time")]
    for text in candidates:
        if text and (parsed := iso_date(text)):
            return parsed
    return None


def _json_ld_date(text: str) -> str | None:
    """datePublished anywhere in a JSON-LD block (top level, a list, or an @graph)."""
    try:
        data = json.loads(text)
    except ValueError:
        return None  # broken JSON-LD is common; other sources may still give the date
    stack = [data]
    while stack:
        item = stack.pop(0)
        if isinstance(item, dict):
            if isinstance(item.get("datePublished"), str):
                return item["datePublished"]
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return None


def iso_date(value) -> date | None:
    """The date of an ISO 8601 string ("2024-12-03T08:15:00", "2024-12-03"), else None."""
    match = _ISO_DATE.match(value) if isinstance(value, str) else None
    if not match:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def _is_noise(node: Tag) -> bool:
    if node.name in _KEEP_TAGS:
        return False
    names = " ".join([*(node.get("class") or []), node.get("id") or ""]).lower()
    return bool(_NOISE_TOKENS.intersection(re.split(r"[^a-z0-9]+", names)))


def _paragraphs(soup: BeautifulSoup) -> list[str]:
    for node in soup.find_all(_NOISE_TAGS):
        node.decompose()
    for node in [n for n in soup.find_all(True) if _is_noise(n)]:
        if not node.decomposed:  # already gone with a noisy ancestor
            node.decompose()
    for br in soup.find_all("br"):
        br.replace_with("\n")
    container = _main_container(soup)
    if container is None:
        return []
    paragraphs = [_text(p) for p in container.find_all("p")]
    if not any(paragraphs):  # a page of bare text blocks: its lines are the paragraphs
        lines = container.get_text("\n").split("\n")
        paragraphs = [_SPACES.sub(" ", line).strip() for line in lines]
    return [p for p in paragraphs if p]


def _main_container(soup: BeautifulSoup) -> Tag | None:
    articles = soup.find_all("article")
    if articles:
        return max(articles, key=lambda a: sum(len(_text(p)) for p in a.find_all("p")))
    return soup.find("main") or soup.find(attrs={"role": "main"}) or soup.body or soup


# ---------------------------------------------------------------------------------------------
# Fragments and links, for web sources (feed entries, WordPress posts, listing pages)


def fragment_paragraphs(fragment: str) -> list[str]:
    """The paragraphs of an HTML fragment (a feed entry's content, a WordPress post's
    `content.rendered`), with the same noise removal as a page; plain text gives its lines."""
    return _paragraphs(BeautifulSoup(f"<html><body>{fragment}</body></html>", "lxml"))


def fragment_text(fragment: str) -> str:
    """An HTML fragment (e.g. WordPress `title.rendered`) as one line of plain text."""
    return _text(BeautifulSoup(f"<html><body>{fragment}</body></html>", "lxml").body)


def page_links(html: str, base_url: str, anywhere: bool = False) -> list[str]:
    """Absolute http(s) links of a listing page, in page order, each once, without #fragments.

    By default only links that look like article links: inside an <article>, a heading, or
    a <main> list; `anywhere=True` takes every <a href> (filter them with a pattern then).
    """
    from urllib.parse import urldefrag, urljoin

    soup = BeautifulSoup(html, "lxml")
    base = _attr(soup.find("base"), "href") or base_url
    if anywhere:
        anchors = soup.find_all("a", href=True)
    else:
        anchors = [
            a
            for a in soup.find_all("a", href=True)
            if a.find_parent(["article", "h1", "h2", "h3", "h4"])
            or (a.find_parent("li") and a.find_parent("main"))
        ]
    links: list[str] = []
    for anchor in anchors:
        url = urldefrag(urljoin(base, anchor["href"].strip())).url
        if url.startswith(("http://", "https://")) and url not in links:
            links.append(url)
    return links
