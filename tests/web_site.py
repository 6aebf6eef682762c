"""A small news site on a real local HTTP server (pytest-httpserver), built from tests/fixtures/web/.

`Site(httpserver)` serves a robots.txt, an RSS feed, an Atom feed, two WordPress API pages, a
listing page and article pages in two layouts, each with an ETag and Last-Modified, answering
conditional requests with 304 as real servers do. `site.log` is the server's request log as
(method, path?query, status) tuples. Tests swap a page's content with `site.put(...)`.
Also used by hand to show the second-run behaviour: `python -m tests.web_site` serves the site
and writes a sources file for it (see __main__ below).
"""

import hashlib
import json
from pathlib import Path

from werkzeug import Request, Response

FIXTURES = Path(__file__).parent / "fixtures" / "web"
LAST_MODIFIED = "Thu, 05 Dec 2024 08:00:00 GMT"
ROBOTS = "User-agent: *\nDisallow: /private/\n"


class Site:
    def __init__(self, httpserver) -> None:
        self.server = httpserver
        self.host = f"{httpserver.host}:{httpserver.port}"
        self.log: list[tuple[str, str, int]] = []
        self.pages: dict[str, tuple[bytes, str, dict]] = {}
        self._served: set[str] = set()
        httpserver.no_handler_status_code = 404
        self.put("/robots.txt", ROBOTS, "text/plain")
        self.put("/feed.rss", self.fixture("feed.rss"), "application/rss+xml; charset=utf-8")
        self.put("/atom.xml", self.fixture("feed.atom"), "application/atom+xml")
        self.put("/news/", self.fixture("listing.html"), "text/html; charset=utf-8")
        self.put("/news/2024/12/lavrov-visit.html", self.fixture("page-layout-a.html"))
        self.put("/news/2024/12/kenya-ruto.html", self.fixture("page-layout-b.html"))
        self.put("/gallery.html", self.fixture("page-no-text.html"))
        self.wp_pages = [self.fixture("wp-posts-1.json"), self.fixture("wp-posts-2.json")]
        httpserver.expect_request("/wp-json/wp/v2/posts").respond_with_handler(self._wordpress)

    def url(self, path: str) -> str:
        return f"http://{self.host}{path}"

    def fixture(self, name: str) -> str:
        return (FIXTURES / name).read_text(encoding="utf-8").replace("SITE", self.host)

    def put(
        self,
        path: str,
        body: str | bytes,
        content_type: str = "text/html; charset=utf-8",
        headers: dict | None = None,
    ) -> None:
        """Serve `body` at `path` (replacing what was there), with an ETag of its content."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.pages[path] = (data, content_type, headers or {})
        if path not in self._served:
            self._served.add(path)
            self.server.expect_request(path).respond_with_handler(
                lambda request, path=path: self._page(request, path)
            )

    def _respond(self, request: Request, data: bytes, content_type: str, headers: dict) -> Response:
        etag = '"' + hashlib.sha256(data).hexdigest()[:16] + '"'
        query = request.query_string.decode()
        where = request.path + (f"?{query}" if query else "")
        if request.headers.get("If-None-Match") == etag:
            self.log.append((request.method, where, 304))
            return Response(status=304, headers={"ETag": etag})
        self.log.append((request.method, where, 200))
        return Response(
            data,
            status=200,
            content_type=content_type,
            headers={"ETag": etag, "Last-Modified": LAST_MODIFIED, **headers},
        )

    def _page(self, request: Request, path: str) -> Response:
        data, content_type, headers = self.pages[path]
        return self._respond(request, data, content_type, headers)

    def _wordpress(self, request: Request) -> Response:
        page = int(request.args.get("page", "1"))
        if page > len(self.wp_pages):
            self.log.append((request.method, request.path, 400))
            return Response(
                json.dumps({"code": "rest_post_invalid_page_number"}),
                status=400,
                content_type="application/json",
            )
        total = sum(len(json.loads(p)) for p in self.wp_pages)
        return self._respond(
            request,
            self.wp_pages[page - 1].encode(),
            "application/json; charset=UTF-8",
            {"X-WP-Total": str(total), "X-WP-TotalPages": str(len(self.wp_pages))},
        )

    def requests(self, prefix: str = "/") -> list[tuple[str, int]]:
        """(path, status) of the logged requests whose path starts with `prefix`."""
        return [(where, status) for _, where, status in self.log if where.startswith(prefix)]


def sources_yaml(site: Site, **http) -> str:
    """A sources file for the site: rss, atom, wordpress, an html listing and an html URL list."""
    settings = {
        "timeout": 2,
        "retries": 2,
        "backoff": 0.05,
        "min_interval": 0,
        "max_retry_after": 5,
        "max_bytes": 1_000_000,
        **http,
    }
    lines = ["http:"] + [f"  {k}: {v}" for k, v in settings.items()]
    lines += [
        "sources:",
        f"  - {{name: wire_rss, kind: rss, url: '{site.url('/feed.rss')}'}}",
        f"  - {{name: embassy_atom, kind: rss, url: '{site.url('/atom.xml')}'}}",
        f"  - {{name: embassy_wp, kind: wordpress, url: '{site.url('')}', per_page: 2}}",
        f"  - {{name: mfa_news, kind: html, url: '{site.url('/news/')}', link_pattern: '/news/2024/'}}",
        f"  - {{name: mfa_pages, kind: html, urls: ['{site.url('/news/2024/12/kenya-ruto.html')}']}}",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # serve the site by hand: python -m tests.web_site [PORT] [SOURCES_FILE]
    import sys
    import time

    from pytest_httpserver import HTTPServer

    server = HTTPServer(port=int(sys.argv[1]) if len(sys.argv) > 1 else 8765)
    server.start()
    site = Site(server)
    out = Path(sys.argv[2] if len(sys.argv) > 2 else "sources.local.yaml")
    out.write_text(sources_yaml(site))
    print(f"serving {site.url('/')}; sources file: {out}", flush=True)
    seen = 0
    try:
        while True:
            time.sleep(0.2)
            for method, where, status in site.log[seen:]:
                print(f"{status} {method} {where}", flush=True)
            seen = len(site.log)
    except KeyboardInterrupt:
        server.stop()
