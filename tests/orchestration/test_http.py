"""The polite client's robots.txt rules (protego: wildcards, longest match, Crawl-delay) and its
text decoding (the declared charset, else detected), against a real local server (pytest-httpserver).
"""

import pytest

from orchestration.http import HttpSettings, PoliteClient, SourceError

SETTINGS = HttpSettings(min_interval=0, retries=0, timeout=2)


def serve_robots(httpserver, text: str) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data(text, content_type="text/plain")


def serve(
    httpserver,
    path: str,
    body: bytes = b"<p>page</p>",
    content_type: str = "text/html; charset=utf-8",
) -> str:
    httpserver.expect_request(path).respond_with_data(body, content_type=content_type)
    return httpserver.url_for(path)


def fetch_text(httpserver, body: bytes, content_type: str) -> str:
    serve_robots(httpserver, "")
    url = serve(httpserver, "/page.html", body, content_type)
    with PoliteClient(SETTINGS) as client:
        fetched = client.get(url, "test")
    assert fetched.content_type == content_type  # the server sent exactly this header
    return fetched.text()


# robots.txt


WILDCARDS = "User-agent: *\nDisallow: /*.pdf$\nDisallow: /news/*/draft\n"


@pytest.mark.parametrize(
    "path", ["/files/report.pdf", "/report.pdf", "/news/2024/draft", "/news/2024/12/draft-2.html"]
)
def test_wildcard_disallow_blocks_matching_urls(httpserver, path):
    serve_robots(httpserver, WILDCARDS)
    url = serve(httpserver, path)
    with (
        PoliteClient(SETTINGS) as client,
        pytest.raises(SourceError, match=r"disallowed by robots\.txt for Readout"),
    ):
        client.get(url, "test")
    assert [r.path for r, _ in httpserver.log] == ["/robots.txt"]  # the page was never asked for


@pytest.mark.parametrize(
    "path",
    ["/files/report.pdf.html", "/files/report.html", "/news/2024/final.html", "/draft/news/x"],
)
def test_wildcard_disallow_lets_other_urls_through(httpserver, path):
    serve_robots(httpserver, WILDCARDS)
    url = serve(httpserver, path)
    with PoliteClient(SETTINGS) as client:
        assert client.get(url, "test").text() == "<p>page</p>"


@pytest.mark.parametrize(
    "robots",
    [
        "User-agent: *\nDisallow: /archive/\nAllow: /archive/public/\n",
        "User-agent: *\nAllow: /archive/public/\nDisallow: /archive/\n",  # order does not matter
    ],
)
def test_a_more_specific_allow_beats_a_disallow(httpserver, robots):
    serve_robots(httpserver, robots)
    public = serve(httpserver, "/archive/public/a.html")
    private = serve(httpserver, "/archive/b.html")
    with PoliteClient(SETTINGS) as client:
        assert client.get(public, "test").status == 200
        with pytest.raises(SourceError, match=r"b\.html: disallowed by robots\.txt"):
            client.get(private, "test")


def test_the_group_naming_readout_applies_instead_of_the_star_group(httpserver):
    serve_robots(httpserver, "User-agent: *\nDisallow: /\n\nUser-agent: readout\nDisallow: /x/\n")
    page = serve(httpserver, "/news.html")
    blocked = serve(httpserver, "/x/page.html")
    with PoliteClient(SETTINGS) as client:
        assert client.get(page, "test").status == 200
        with pytest.raises(SourceError, match="disallowed by robots.txt for Readout"):
            client.get(blocked, "test")


@pytest.mark.parametrize(
    "robots, delay",
    [
        ("User-agent: *\nCrawl-delay: 5\n", 5.0),
        ("User-agent: *\nCrawl-delay: 600\n", 60.0),  # capped
        ("User-agent: otherbot\nCrawl-delay: 5\n", 0.0),  # not our group
    ],
)
def test_crawl_delay_spaces_requests_to_the_host(httpserver, robots, delay):
    serve_robots(httpserver, robots)
    first, second = serve(httpserver, "/a.html"), serve(httpserver, "/b.html")
    sleeps: list[float] = []
    with PoliteClient(SETTINGS, sleep=sleeps.append) as client:
        client.get(first, "test")
        client.get(second, "test")
    # robots.txt is read before the delay is known; then /a.html, a wait, /b.html
    assert sum(sleeps) == pytest.approx(delay, abs=0.5)


def test_no_robots_txt_means_no_rules(httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    url = serve(httpserver, "/private/page.html")
    with PoliteClient(SETTINGS) as client:
        assert client.get(url, "test").status == 200


def test_robots_txt_server_error_keeps_the_client_off_the_site(httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data("", status=503)
    url = serve(httpserver, "/page.html")
    with (
        PoliteClient(SETTINGS) as client,
        pytest.raises(
            SourceError, match=r"robots\.txt could not be read \(HTTP 503\), so the site is not"
        ),
    ):
        client.get(url, "test")


# text decoding

RUSSIAN = "Министр иностранных дел России Сергей Лавров провёл переговоры в Найроби."
FRENCH = "Déclaration conjointe à Genève : coopération renforcée, même après l'été."


def test_declared_windows_1251_is_decoded(httpserver):
    body = f"<p>{RUSSIAN}</p>".encode("windows-1251")
    assert fetch_text(httpserver, body, "text/html; charset=windows-1251") == f"<p>{RUSSIAN}</p>"


def test_declared_latin_1_is_decoded(httpserver):
    body = f"<p>{FRENCH}</p>".encode("iso-8859-1")
    assert fetch_text(httpserver, body, "text/html; charset=iso-8859-1") == f"<p>{FRENCH}</p>"


def test_undeclared_utf_8_is_detected(httpserver):
    text = f"<p>{RUSSIAN}</p><p>{FRENCH}</p>"
    assert fetch_text(httpserver, text.encode("utf-8"), "text/html") == text


def test_an_unknown_charset_falls_back_to_detection(httpserver):
    text = f"<p>{FRENCH}</p>"
    assert fetch_text(httpserver, text.encode("utf-8"), "text/html; charset=x-nonsense") == text


def test_a_meta_charset_is_used_when_the_header_has_none(httpserver):
    html = f'<html><head><meta charset="windows-1251"></head><body><p>{RUSSIAN}</p></body></html>'
    assert fetch_text(httpserver, html.encode("windows-1251"), "text/html") == html
