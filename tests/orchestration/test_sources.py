"""Configured sources against a real local HTTP server (pytest-httpserver, tests/web_site.py):
what lands in the warehouse, what a second run asks for, and every fault ending with a message
naming the source and URL, nothing written for that source, the other sources landing."""

import hashlib
import json
import time
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from web_site import Site, sources_yaml  # tests/ is on sys.path (conftest.py)
from werkzeug import Response

from orchestration.defs.resources import WarehouseResource
from orchestration.defs.sources import ingest_source, source_asset
from orchestration.http import HttpResource, HttpSettings, PoliteClient, SourceError
from orchestration.source_config import SourceConfig, SourcesFileError, load_sources, sources_path

FAST = HttpSettings(
    timeout=0.5,
    retries=2,
    backoff=0.05,
    max_retry_after=3,
    min_interval=0,
    max_bytes=200_000,
    max_redirects=3,
)


@pytest.fixture
def site(httpserver) -> Site:
    return Site(httpserver)


@pytest.fixture
def warehouse(tmp_path) -> WarehouseResource:
    return WarehouseResource(path=str(tmp_path / "readout.duckdb"))


def rows(warehouse: WarehouseResource, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse.db_path), read_only=True) as con:
        return con.execute(sql).fetchall()


def count(warehouse: WarehouseResource, where: str = "true") -> int:
    with warehouse.connect():
        pass
    return rows(warehouse, f"select count(*) from raw.articles where {where}")[0][0]


def configured(site: Site, tmp_path: Path, **http):
    path = tmp_path / "sources.yaml"
    path.write_text(sources_yaml(site, **http))
    return load_sources(path)


def ingest(
    warehouse,
    site_or_none,
    source: SourceConfig,
    http: HttpSettings = FAST,
    client: PoliteClient | None = None,
) -> dict:
    """One source fetched as its asset does, with `client` (a run's), else a client of its own."""
    if client is None:
        with PoliteClient(http) as own:
            result = ingest_source(warehouse, source, own)
    else:
        result = ingest_source(warehouse, source, client)
    return {name: getattr(value, "value", value) for name, value in result.metadata.items()}


def html_source(site: Site, *paths: str, name: str = "pages") -> SourceConfig:
    return SourceConfig(name=name, kind="html", urls=tuple(site.url(p) for p in paths))


# --- what lands --------------------------------------------------------------------------------


def test_every_web_kind_lands_with_urls_dates_and_categories(site, warehouse, tmp_path):
    config = configured(site, tmp_path)
    for source in config.sources:
        ingest(warehouse, site, source, config.http)

    by_source = dict(rows(warehouse, "select source, count(*) from raw.articles group by all"))
    # mfa_pages' one page is also linked from mfa_news: the same story is one row.
    assert by_source == {"wire_rss": 2, "embassy_atom": 2, "embassy_wp": 3, "mfa_news": 2}
    assert count(warehouse, "url is null or published_date is null") == 0
    assert count(warehouse, "published_date_source <> 'metadata'") == 0
    (wp,) = rows(
        warehouse,
        "select title, body, published_date::varchar from raw.articles "
        "where url like '%premier-li-qiang%'",
    )
    assert wp[0] == "Premier Li Qiang meets Pakistani Prime Minister Shehbaz Sharif"
    assert "China\u2019s relationship" in wp[1] and "Share this" not in wp[1]
    assert wp[2] == "2024-12-02"
    categories = dict(
        rows(
            warehouse,
            "select item_key, categories from raw.source_items where source = 'embassy_wp'",
        )
    )
    assert categories[site.url("/2024/12/02/premier-li-qiang-meets-pakistani-pm/")] == [
        "Asia",
        "Leaders & Summits",
    ]


def test_two_page_layouts_give_story_text_only(site, warehouse):
    ingest(
        warehouse,
        site,
        html_source(site, "/news/2024/12/lavrov-visit.html", "/news/2024/12/kenya-ruto.html"),
    )
    articles = dict(rows(warehouse, "select title, body from raw.articles"))
    lavrov = articles["Wang Yi holds talks with Russian Foreign Minister Sergei Lavrov"]
    assert lavrov.startswith("Chinese Foreign Minister Wang Yi held talks")
    assert "Share on" not in lavrov and "Related" not in lavrov and "December 5" not in lavrov
    ruto = articles["President Xi Jinping meets Kenyan President William Ruto"]
    assert ruto.startswith("BEIJING, Dec. 4 (Xinhua)") and "Reader comment" not in ruto
    assert "Quick links" not in ruto
    (dateline,) = rows(
        warehouse,
        "select dateline_place from raw.articles where body = ?".replace(
            "?", "'" + ruto.replace("'", "''") + "'"
        ),
    )
    assert dateline == ("Beijing",)


def test_listing_follows_article_links_once_and_only_on_the_same_host(site, warehouse):
    source = SourceConfig(name="listing", kind="html", url=site.url("/news/"))
    ingest(warehouse, site, source)
    fetched = [path for path, _ in site.requests("/news/2024/")]
    assert fetched == ["/news/2024/12/lavrov-visit.html", "/news/2024/12/kenya-ruto.html"]
    assert not site.requests("/about") and not site.requests("/contact")


# --- incremental: the second run ---------------------------------------------------------------


def test_second_run_is_answered_with_304s_and_adds_no_rows(site, warehouse, tmp_path):
    config = configured(site, tmp_path)
    with PoliteClient(config.http) as client:  # one client per run, as the http resource gives
        for source in config.sources:
            ingest(warehouse, site, source, client=client)
    first = rows(warehouse, "select * from raw.articles order by article_id")
    items = rows(warehouse, "select count(*) from raw.source_items")
    site.log.clear()

    with PoliteClient(config.http) as client:
        second = [ingest(warehouse, site, source, client=client) for source in config.sources]

    robots = [entry for entry in site.log if entry[1] == "/robots.txt"]
    assert len(robots) == 1  # once per run and host, shared by the run's sources
    site.log[:] = [entry for entry in site.log if entry not in robots]
    assert {status for _, _, status in site.log} == {304}
    assert [path.split("?")[0] for _, path, _ in site.log] == [
        "/feed.rss",
        "/atom.xml",
        "/wp-json/wp/v2/posts",
        "/news/",
        "/news/2024/12/kenya-ruto.html",
    ]
    assert all(meta["new articles"] == 0 for meta in second)
    assert rows(warehouse, "select * from raw.articles order by article_id") == first
    assert rows(warehouse, "select count(*) from raw.source_items") == items


def test_changed_article_at_the_same_url_replaces_its_row(site, warehouse):
    source = html_source(site, "/news/2024/12/lavrov-visit.html")
    ingest(warehouse, site, source)
    (old_id,) = rows(warehouse, "select article_id from raw.articles")[0]

    page = site.fixture("page-layout-a.html").replace(
        "in Beijing on Thursday.", "in Beijing on Thursday, their second meeting this year."
    )
    site.put("/news/2024/12/lavrov-visit.html", page)
    meta = ingest(warehouse, site, source)

    assert meta["new articles"] == 1 and meta["replaced articles"] == 1
    ((new_id, body),) = rows(warehouse, "select article_id, body from raw.articles")
    assert new_id != old_id and "second meeting this year" in body
    assert rows(warehouse, "select article_id from raw.source_items") == [(new_id,)]


def test_changed_feed_entry_replaces_its_row_and_unchanged_entries_stay(site, warehouse):
    source = SourceConfig(name="wire", kind="rss", url=site.url("/feed.rss"))
    ingest(warehouse, site, source)
    before = dict(rows(warehouse, "select url, article_id from raw.articles"))
    site.put(
        "/feed.rss",
        site.fixture("feed.rss").replace("friendly neighbors", "friendly neighbours"),
        "application/rss+xml",
    )

    meta = ingest(warehouse, site, source)

    after = dict(rows(warehouse, "select url, article_id from raw.articles"))
    assert meta["new or changed items"] == 1 and meta["unchanged items"] == 1
    assert after.keys() == before.keys()
    changed = [url for url in after if after[url] != before[url]]
    assert changed == [site.url("/world/2024/12/03/wang-yi-deuba.html")]


def test_wordpress_pages_follow_total_pages_and_stop_when_nothing_is_new(site, warehouse):
    source = SourceConfig(name="wp", kind="wordpress", url=site.url(""), per_page=2)
    meta = ingest(warehouse, site, source)
    assert [
        dict(p.split("=") for p in q.split("?")[1].split("&"))["page"]
        for q, _ in site.requests("/wp-json")
    ] == ["1", "2"]
    assert meta["skipped (no text)"] == site.url("/2024/11/18/gallery/")
    # A new post on page 1 (new ETag): page 1 again, nothing new on it but the new post... and
    # page 2 is not asked for, its posts being older.
    posts = json.loads(site.wp_pages[0])
    posts.insert(
        0,
        dict(
            posts[0],
            id=900,
            link=site.url("/2024/12/06/new/"),
            title={"rendered": "Wang Yi meets Lavrov"},
        ),
    )
    site.wp_pages[0] = json.dumps(posts[:2])
    site.log.clear()
    meta = ingest(warehouse, site, source)
    assert meta["new articles"] == 0 or meta["new or changed items"] == 1
    assert len(site.requests("/wp-json")) == 2  # page 1 had something new: page 2 checked


# --- faults ------------------------------------------------------------------------------------


def test_404_fails_the_source_naming_it_and_the_url(site, warehouse):
    source = html_source(site, "/news/2024/12/missing.html", name="mfa")
    with pytest.raises(SourceError, match=r"source 'mfa': http://.*/missing\.html: HTTP 404"):
        ingest(warehouse, site, source)
    assert count(warehouse) == 0


def test_500_then_success_is_retried_and_lands(site, warehouse, httpserver):
    calls = []

    def flaky(request):
        calls.append(time.monotonic())
        if len(calls) == 1:
            return Response("oops", status=500)
        return Response(site.fixture("page-layout-a.html"), content_type="text/html")

    httpserver.expect_request("/flaky.html").respond_with_handler(flaky)
    ingest(warehouse, site, html_source(site, "/flaky.html"))
    assert len(calls) == 2 and count(warehouse) == 1


def test_429_with_retry_after_waits_that_long(site, warehouse, httpserver):
    calls = []

    def limited(request):
        calls.append(time.monotonic())
        if len(calls) == 1:
            return Response("slow down", status=429, headers={"Retry-After": "1"})
        return Response(site.fixture("page-layout-b.html"), content_type="text/html")

    httpserver.expect_request("/limited.html").respond_with_handler(limited)
    ingest(warehouse, site, html_source(site, "/limited.html"))
    assert len(calls) == 2 and calls[1] - calls[0] >= 0.95
    assert count(warehouse) == 1


def test_429_asking_for_too_long_a_wait_fails_at_once(site, warehouse, httpserver):
    httpserver.expect_request("/busy.html").respond_with_data(
        "busy", status=429, headers={"Retry-After": "3600"}
    )
    with pytest.raises(SourceError, match=r"busy\.html: HTTP 429, Retry-After 3600 s is more"):
        ingest(warehouse, site, html_source(site, "/busy.html"))
    assert count(warehouse) == 0


def test_persistent_503_fails_after_the_retries(site, warehouse, httpserver):
    httpserver.expect_request("/down.html").respond_with_data("down", status=503)
    with pytest.raises(SourceError, match=r"down\.html: HTTP 503 after 3 attempts"):
        ingest(warehouse, site, html_source(site, "/down.html"))


def test_slow_response_past_the_timeout_fails(site, warehouse, httpserver):
    def slow(request):
        time.sleep(0.8)
        return Response(site.fixture("page-layout-a.html"), content_type="text/html")

    httpserver.expect_request("/slow.html").respond_with_handler(slow)
    http = HttpSettings(timeout=0.3, retries=0, backoff=0.05, min_interval=0)
    with pytest.raises(SourceError, match=r"slow\.html: no response within the 0.3 s timeout"):
        ingest(warehouse, site, html_source(site, "/slow.html"), http)
    assert count(warehouse) == 0


def test_redirect_loop_fails(site, warehouse, httpserver):
    httpserver.expect_request("/loop-a").respond_with_data(
        "", status=302, headers={"Location": "/loop-b"}
    )
    httpserver.expect_request("/loop-b").respond_with_data(
        "", status=302, headers={"Location": "/loop-a"}
    )
    with pytest.raises(SourceError, match=r"loop-a: more than 3 redirects"):
        ingest(warehouse, site, html_source(site, "/loop-a"))


def test_50_mb_body_is_refused_by_its_declared_length(site, warehouse, httpserver):
    httpserver.expect_request("/huge.html").respond_with_data(
        b"<p>x</p>" * (50_000_000 // 8), content_type="text/html"
    )
    with pytest.raises(SourceError, match=r"huge\.html: response of 50,000,000 bytes is over"):
        ingest(warehouse, site, html_source(site, "/huge.html"))
    assert count(warehouse) == 0


def test_50_mb_streamed_body_without_length_is_cut_at_the_cap(site, warehouse, httpserver):
    def stream(request):
        chunk = b"<p>" + b"x" * 1_000_000 + b"</p>"
        return Response(
            (chunk for _ in range(50)), content_type="text/html", direct_passthrough=True
        )

    httpserver.expect_request("/stream.html").respond_with_handler(stream)
    with pytest.raises(SourceError, match=r"stream\.html: response is over the 200,000-byte cap"):
        ingest(warehouse, site, html_source(site, "/stream.html"))


def test_binary_body_fails(site, warehouse, httpserver):
    httpserver.expect_request("/photo.html").respond_with_data(
        bytes(range(256)) * 64, content_type="image/jpeg"
    )
    with pytest.raises(SourceError, match=r"photo\.html: binary content \(image/jpeg\)"):
        ingest(warehouse, site, html_source(site, "/photo.html"))
    assert count(warehouse) == 0


def test_malformed_xml_feed_fails_and_writes_nothing(site, warehouse):
    site.put(
        "/broken.rss",
        site.fixture("feed.rss").replace("</item>", "</itme>", 1),
        "application/rss+xml",
    )
    source = SourceConfig(name="broken", kind="rss", url=site.url("/broken.rss"))
    with pytest.raises(
        SourceError, match=r"source 'broken': http://.*/broken\.rss: not well-formed"
    ):
        ingest(warehouse, site, source)
    assert count(warehouse) == 0
    assert rows(warehouse, "select count(*) from raw.http_validators")[0][0] == 0


def test_page_with_no_article_text_fails_the_source_and_writes_nothing(site, warehouse):
    source = html_source(site, "/news/2024/12/lavrov-visit.html", "/gallery.html")
    with pytest.raises(SourceError, match=r"gallery\.html: no article text found"):
        ingest(warehouse, site, source)
    assert count(warehouse) == 0  # the good page before it is not half-written either


def test_robots_txt_disallow_is_respected(site, warehouse, httpserver):
    site.put("/private/memo.html", site.fixture("page-layout-a.html"))
    with pytest.raises(SourceError, match=r"memo\.html: disallowed by robots\.txt for Readout"):
        ingest(warehouse, site, html_source(site, "/private/memo.html"))
    assert not site.requests("/private/")


def test_only_http_urls_are_accepted(tmp_path):
    path = tmp_path / "sources.yaml"
    path.write_text("sources:\n  - {name: local, kind: html, urls: ['file:///etc/passwd']}\n")
    with pytest.raises(ValueError, match=r"file:///etc/passwd: only http\(s\) URLs"):
        load_sources(path)


def test_polite_client_sends_its_user_agent_and_spaces_requests(site, warehouse):
    http = HttpSettings(min_interval=0.2, retries=0, timeout=2)
    ingest(
        warehouse,
        site,
        html_source(site, "/news/2024/12/lavrov-visit.html", "/news/2024/12/kenya-ruto.html"),
        http,
    )
    (first, *_rest) = site.server.log
    assert first[0].headers["User-Agent"].startswith("Readout/")
    # robots.txt + 2 pages from one host: at least 2 intervals between them
    assert len(site.server.log) == 3


def test_a_failing_source_fails_its_asset_and_the_others_land(site, warehouse, httpserver):
    httpserver.expect_request("/gone.rss").respond_with_data("", status=404)
    good = source_asset(SourceConfig(name="good", kind="rss", url=site.url("/atom.xml")))
    bad = source_asset(SourceConfig(name="bad", kind="rss", url=site.url("/gone.rss")))

    result = dg.materialize(
        [good, bad],
        raise_on_error=False,
        resources={"warehouse": warehouse, "http": HttpResource(settings=FAST)},
    )

    assert not result.success
    (failure,) = [e for e in result.all_events if e.is_step_failure]
    assert failure.step_key == "sources__bad"
    message = failure.step_failure_data.error.cause.message  # the SourceError under Dagster's
    assert "source 'bad': http://" in message and "/gone.rss: HTTP 404" in message
    assert rows(warehouse, "select distinct source from raw.articles") == [("good",)]


# --- files: folder (inbox) and text dump sources ------------------------------------------------


def test_folder_source_reads_txt_html_jsonl_and_updates_a_changed_file(warehouse, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    fixtures = Path(__file__).parents[1] / "fixtures" / "articles"
    (inbox / "nepal.txt").write_text(
        (fixtures / "wang-yi-talks-nepali-foreign-minister.txt").read_text()
    )
    (inbox / "egypt.html").write_text(
        (fixtures / "wang-yi-phone-call-egyptian-foreign-minister.html").read_text()
    )
    (inbox / "wire.jsonl").write_text(
        json.dumps(
            {
                "title": "Li Qiang meets Sharif",
                "url": "https://example.org/li-sharif",
                "published": "2024-12-02",
                "body": "Chinese Premier Li Qiang met with Pakistani Prime "
                "Minister Shehbaz Sharif in Islamabad on Monday.",
            }
        )
        + "\n"
    )
    (inbox / "notes.pdf").write_bytes(b"%PDF-1.4")
    source = SourceConfig(name="drops", kind="folder", path=inbox)

    meta = ingest(warehouse, None, source)
    assert meta["new articles"] == 3
    assert ingest(warehouse, None, source)["new or changed items"] == 0

    (inbox / "nepal.txt").write_text((inbox / "nepal.txt").read_text() + "\nA new paragraph.\n")
    meta = ingest(warehouse, None, source)
    assert meta["new articles"] == 1 and meta["replaced articles"] == 1
    assert count(warehouse) == 3
    assert rows(
        warehouse,
        "select published_date::varchar from raw.articles "
        "where url = 'https://example.org/li-sharif'",
    ) == [("2024-12-02",)]


def test_bad_file_in_a_folder_fails_naming_it(warehouse, tmp_path):
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe binary \x00")
    source = SourceConfig(name="drops", kind="folder", path=tmp_path)
    with pytest.raises(SourceError, match=r"source 'drops': .*bad\.txt: contains NUL bytes"):
        ingest(warehouse, None, source)


def test_text_dump_source_is_read_once_until_the_file_changes(warehouse, sample_input):
    source = SourceConfig(name="dump", kind="text_dump", path=sample_input)
    first = ingest(warehouse, None, source)
    assert first["new articles"] > 10
    again = ingest(warehouse, None, source)
    assert again["new articles"] == 0 and again["new or changed items"] == 0


# --- configuration, sensor ---------------------------------------------------------------------


def test_example_sources_file_is_valid():
    config = load_sources(Path(__file__).parents[2] / "sources.example.yaml")
    assert {s.kind for s in config.sources} == {"rss", "wordpress", "html", "folder", "text_dump"}


def test_sources_file_errors_name_the_file_line_and_entry(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(
        "sources:\n  - {name: a, kind: rss, url: 'http://x/'}\n"
        "  - {name: a, kind: rss, url: 'http://y/'}\n"
    )
    with pytest.raises(SourcesFileError, match=r"source #2: the name 'a' is taken"):
        load_sources(path)
    path.write_text(
        "http:\n  min_interval: 0\n  speed: 3\n"
        "sources:\n  - {name: b, kind: ftp}\n  - name: c\n    kind: rss\n"
        "  - {name: d, kind: folder, path: x, colour: red}\n"
    )
    with pytest.raises(SourcesFileError) as error:
        load_sources(path)
    assert str(error.value).splitlines() == [
        f"{path}:3: http.speed: unknown key",
        f"{path}:5: source #1 (b): kind 'ftp' is not one of rss, wordpress, html, folder, "
        "text_dump",
        f"{path}:6: source #2 (c): needs `url` (the feed)",
        f"{path}:8: source #3 (d): colour: unknown key",
    ]


def test_no_sources_file_means_no_sources(monkeypatch, tmp_path):
    monkeypatch.setenv("READOUT_SOURCES", str(tmp_path / "s.yaml"))
    assert sources_path() == tmp_path / "s.yaml"
    with pytest.raises(ValueError, match="sources file not found"):
        load_sources()


def test_inbox_sensor_requests_one_run_per_new_content(monkeypatch, tmp_path, dbt_manifest):
    from orchestration.defs.sensors import inbox_sensor

    monkeypatch.setenv("READOUT_INBOX", str(tmp_path))
    context = dg.build_sensor_context()
    assert isinstance(inbox_sensor(context), dg.SkipReason)

    (tmp_path / "a.txt").write_text("Title\n\nWang Yi met Lavrov in Beijing on Thursday.\n")
    result = inbox_sensor(context)
    (request,) = result.run_requests
    assert request.run_key == hashlib.sha256((tmp_path / "a.txt").read_bytes()).hexdigest()

    context = dg.build_sensor_context(cursor=result.cursor)
    assert isinstance(inbox_sensor(context), dg.SkipReason)


def test_sensor_and_source_assets_are_in_the_definitions(readout_defs):
    assert "inbox_sensor" in {s.name for s in readout_defs.sensors}
    graph = readout_defs.resolve_asset_graph()
    inbox = graph.get(dg.AssetKey(["sources", "inbox"]))
    assert inbox.group_name == "ingest"
    assert dg.AssetKey(["raw", "articles"]) in inbox.child_keys


def test_an_inbox_is_empty_until_it_holds_a_file_a_fetch_reads(tmp_path, monkeypatch):
    """`readout run` gives an empty inbox no Dagster run of its own (nothing to fetch or fail)."""
    from orchestration.fetch import inbox_is_empty

    inbox = tmp_path / "inbox"
    monkeypatch.setenv("READOUT_INBOX", str(inbox))
    assert inbox_is_empty()  # no folder yet
    inbox.mkdir()
    (inbox / "notes.md").write_text("not an article", encoding="utf-8")
    (inbox / ".hidden.txt").write_text("Title\n\nText.", encoding="utf-8")
    assert inbox_is_empty()
    (inbox / "sub").mkdir()
    (inbox / "sub" / "story.txt").write_text("Title\n\nText.", encoding="utf-8")
    assert not inbox_is_empty()
