"""One HTML page -> one article dict: metadata first, story paragraphs only."""

from datetime import date
from pathlib import Path

import pytest

from transform.errors import InputError
from transform.parse.html import parse_html_article
from transform.parse.textdump import article_id

FIXTURE = (
    Path(__file__).parents[1]
    / "fixtures"
    / "articles"
    / "wang-yi-phone-call-egyptian-foreign-minister.html"
)
STORY = "<p>Wang Yi held talks with Mauro Vieira.</p>"


def page(head: str = "", body: str = f"<article>{STORY}</article>") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


@pytest.fixture(scope="module")
def fixture_article() -> dict:
    return parse_html_article(FIXTURE.read_text(encoding="utf-8"), "egypt.html")


def test_title_comes_from_og_title_not_the_title_tag(fixture_article):
    assert fixture_article["title"] == "Wang Yi holds phone talks with Egyptian foreign minister"


def test_title_falls_back_to_the_first_h1():
    html = page(
        "<title>Site | Home</title>", f"<article><h1>Wang Yi meets Vieira</h1>{STORY}</article>"
    )
    assert parse_html_article(html, "a.html")["title"] == "Wang Yi meets Vieira"


def test_title_falls_back_to_the_title_tag_without_the_site_name():
    html = page("<title>Wang Yi meets Vieira | World News Daily</title>")
    assert parse_html_article(html, "a.html")["title"] == "Wang Yi meets Vieira"


def test_url_comes_from_the_canonical_link(fixture_article):
    assert fixture_article["url"] == (
        "https://news.example.com/world/20241125/wang-yi-egypt-phone-call.html"
    )


def test_url_falls_back_to_og_url():
    html = page('<meta property="og:url" content="https://news.example.com/a.html">')
    assert parse_html_article(html, "a.html")["url"] == "https://news.example.com/a.html"


def test_published_time_meta_is_the_date_with_source_metadata():
    html = page('<meta property="article:published_time" content="2024-12-03T21:05:00+08:00">')
    article = parse_html_article(html, "a.html")
    assert (article["published_date"], article["published_date_source"]) == (
        date(2024, 12, 3),
        "metadata",
    )


def test_date_published_is_found_inside_a_json_ld_graph():
    ld = (
        '{"@context": "https://schema.org", "@graph": [{"@type": "WebPage"}, '
        '{"@type": "NewsArticle", "datePublished": "2024-11-18"}]}'
    )
    html = page(f'<script type="application/ld+json">{ld}</script>')
    assert parse_html_article(html, "a.html")["published_date"] == date(2024, 11, 18)


def test_broken_json_ld_is_ignored_and_time_element_gives_the_date():
    html = page(
        '<script type="application/ld+json">{"datePublished": </script>',
        f'<article><time datetime="2024-11-07">Nov 7</time>{STORY}</article>',
    )
    assert parse_html_article(html, "a.html")["published_date"] == date(2024, 11, 7)


def test_page_without_date_metadata_has_null_date_and_source():
    article = parse_html_article(page(), "a.html")
    assert (article["published_date"], article["published_date_source"]) == (None, None)


def test_body_is_the_story_paragraphs_without_page_chrome(fixture_article):
    paragraphs = fixture_article["body"].split("\n\n")
    assert len(paragraphs) == 5
    assert paragraphs[0].startswith("BEIJING, Nov. 25 (Xinhua) -- Chinese Foreign Minister Wang Yi")
    for noise in (
        "Share this story",
        "Related",
        "Comments",
        "Great news",
        "Leave a comment",
        "Tags:",
        "newsletter",
        "inbox",
        "Copyright",
        "file photo",
        "Source: Xinhua",
        "dataLayer",
        "Home",
    ):
        assert noise not in fixture_article["body"]


def test_inline_links_and_entities_become_plain_text(fixture_article):
    assert "China and Egypt are comprehensive strategic partners, and" in fixture_article["body"]
    assert "at the latter’s request." in fixture_article["body"]


def test_line_break_inside_a_paragraph_becomes_a_space(fixture_article):
    assert "mediation efforts. Abdelatty said" in fixture_article["body"]


def test_body_comes_from_main_when_there_is_no_article_element():
    html = page(body=f"<nav><p>Menu</p></nav><main>{STORY}</main><footer><p>(c)</p></footer>")
    assert parse_html_article(html, "a.html")["body"] == "Wang Yi held talks with Mauro Vieira."


def test_the_article_with_most_text_is_the_story():
    html = page(
        body=f"<article><p>Teaser.</p></article><article>{STORY}<p>More text here.</p></article>"
    )
    assert parse_html_article(html, "a.html")["body"].startswith("Wang Yi held talks")


def test_article_id_is_the_hash_of_title_and_body(fixture_article):
    assert fixture_article["article_id"] == article_id(
        fixture_article["title"], fixture_article["body"]
    )
    assert (fixture_article["source"], fixture_article["source_kind"]) == ("egypt.html", "html")


def test_page_without_text_raises_input_error_naming_it():
    with pytest.raises(InputError, match=r"^empty\.html: no article text found"):
        parse_html_article(page(body="<nav><p>Menu</p></nav>"), "empty.html")
