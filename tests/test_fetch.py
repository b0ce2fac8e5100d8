"""Fetching: conditional GET, retries on transient errors only, robots.txt, caps, feeds and sitemaps."""

from __future__ import annotations

import time
import tracemalloc
import zlib
from pathlib import Path

import httpx
import pytest

from claimwatch.config import Settings
from claimwatch.fetch import Fetcher, fetch, normalize_url
from claimwatch.models import FetchResult, Outcome, Source, SourceKind, Validators

from conftest import Reply, Site, fixture_bytes, gzipped


def get(fetcher: Fetcher, url: str) -> FetchResult:
    return fetcher.get(url, source_id="s", role="document")


def test_etag_round_trip_costs_one_304(site: Site, settings: Settings) -> None:
    url = site.page("/a.html", fixture_bytes("site/article_en.html"), etag='"v1"')
    with Fetcher(settings) as fetcher:
        first = get(fetcher, url)
    known = Validators(etag=first.etag, last_modified=first.last_modified, content_hash=first.content_hash)
    with Fetcher(settings, validators=lambda u, r: known) as fetcher:
        second = get(fetcher, url)
    assert (first.outcome, first.status, first.etag) == (Outcome.FETCHED, 200, '"v1"')
    assert (second.outcome, second.status, second.content) == (Outcome.UNCHANGED, 304, None)
    assert site.hits[-1].headers["if-none-match"] == '"v1"'
    assert site.count("/a.html") == 2


def test_last_modified_is_sent_back(site: Site, settings: Settings) -> None:
    stamp = "Wed, 25 Feb 2026 10:00:00 GMT"
    site.add("/p.html", lambda r: Reply(304) if r.headers.get("if-modified-since") == stamp else Reply(200, b"x" * 300, {"Last-Modified": stamp}))
    with Fetcher(settings, validators=lambda u, r: Validators(last_modified=stamp)) as fetcher:
        assert get(fetcher, site.url("/p.html")).outcome is Outcome.UNCHANGED


def test_same_bytes_without_validators_count_as_unchanged(site: Site, settings: Settings) -> None:
    url = site.page("/a.html", "<p>same</p>")
    with Fetcher(settings) as fetcher:
        digest = get(fetcher, url).content_hash
    with Fetcher(settings, validators=lambda u, r: Validators(content_hash=digest)) as fetcher:
        again = get(fetcher, url)
    assert again.outcome is Outcome.UNCHANGED and again.content is None


def test_transient_5xx_is_retried_then_succeeds(site: Site, settings: Settings) -> None:
    replies = iter([Reply(503), Reply(502), Reply(200, b"<p>ok</p>", {"Content-Type": "text/html"})])
    site.add("/flaky", lambda r: next(replies))
    with Fetcher(settings) as fetcher:
        result = get(fetcher, site.url("/flaky"))
    assert result.outcome is Outcome.FETCHED
    assert site.count("/flaky") == 3


def test_persistent_500_fails_after_retries_with_reason(site: Site, settings: Settings) -> None:
    site.add("/down", Reply(500))
    with Fetcher(settings) as fetcher:
        result = get(fetcher, site.url("/down"))
    assert result.outcome is Outcome.FAILED
    assert (result.error_class, result.status) == ("TransientFetchError", 500)
    assert "HTTP 500" in result.error_message
    assert site.count("/down") == 1 + settings.retries


def test_404_is_not_retried(site: Site, settings: Settings) -> None:
    with Fetcher(settings) as fetcher:
        result = get(fetcher, site.url("/missing"))
    assert (result.outcome, result.error_class, result.status) == (Outcome.FAILED, "HTTPStatusError", 404)
    assert site.count("/missing") == 1


def test_429_waits_for_retry_after(site: Site, settings: Settings) -> None:
    replies = iter([Reply(429, headers={"Retry-After": "3"}), Reply(200, b"fine")])
    site.add("/busy", lambda r: next(replies))
    waits: list[float] = []
    with Fetcher(settings, sleep=waits.append) as fetcher:
        assert get(fetcher, site.url("/busy")).outcome is Outcome.FETCHED
    assert waits and waits[0] >= 3


def test_retry_after_beyond_the_cap_gives_up_with_reason(site: Site, settings: Settings) -> None:
    site.add("/slowdown", Reply(429, headers={"Retry-After": "3600"}))
    with Fetcher(settings, sleep=lambda s: None) as fetcher:
        result = get(fetcher, site.url("/slowdown"))
    assert result.outcome is Outcome.FAILED and "Retry-After 3600" in result.error_message
    assert site.count("/slowdown") == 1


def test_read_timeout_is_recorded(site: Site, settings: Settings) -> None:
    site.add("/hang", Reply(200, b"late", delay=settings.read_timeout + 0.5))
    with Fetcher(settings.with_overrides(retries=0)) as fetcher:
        result = get(fetcher, site.url("/hang"))
    assert (result.outcome, result.error_class) == (Outcome.FAILED, "ReadTimeout")


def test_connection_refused_is_recorded_not_raised(settings: Settings) -> None:
    with Fetcher(settings.with_overrides(retries=0)) as fetcher:
        result = get(fetcher, "http://127.0.0.1:9/never")
    assert (result.outcome, result.error_class) == (Outcome.FAILED, "ConnectError")


def test_unresolvable_host_is_not_retried(settings: Settings) -> None:
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(str(request.url))
        raise httpx.ConnectError("[Errno -2] Name or service not known", request=request)

    with Fetcher(settings, client=httpx.Client(transport=httpx.MockTransport(handler))) as fetcher:
        result = get(fetcher, "https://no-such-host.example/a")
    assert result.error_class == "HostNotFound" and "cannot resolve host" in result.error_message and not result.retryable
    assert len(calls) == 1  # robots.txt only: no retry, and no page request after it failed


def test_robots_disallow_is_respected(site: Site, settings: Settings) -> None:
    site.page("/robots.txt", "User-agent: claimwatch\nDisallow: /private/\n", "text/plain")
    site.page("/private/a.html", "<p>secret</p>")
    with Fetcher(settings) as fetcher:
        result = get(fetcher, site.url("/private/a.html"))
    assert (result.outcome, result.error_class) == (Outcome.FAILED, "RobotsDisallowed")
    assert site.count("/private/a.html") == 0


@pytest.mark.parametrize("status", [503, 501, 520])
def test_robots_5xx_means_disallow_all(site: Site, settings: Settings, status: int) -> None:
    site.add("/robots.txt", Reply(status))
    site.page("/a.html", "<p>x</p>")
    with Fetcher(settings) as fetcher:
        result = get(fetcher, site.url("/a.html"))
    assert result.error_class == "RobotsUnavailable"
    assert site.count("/a.html") == 0


def test_size_cap_by_header_and_by_body(site: Site, settings: Settings) -> None:
    small = settings.with_overrides(max_bytes=1000)
    site.add("/big", Reply(200, b"x" * 5000))
    site.add("/unsized", Reply(200, b"y" * 5000, length=False))
    # A gzip body that is small on the wire but large once decoded must also be stopped.
    site.add("/bomb", Reply(200, gzipped(b"z" * 200_000), {"Content-Encoding": "gzip"}))
    with Fetcher(small) as fetcher:
        results = [get(fetcher, site.url(p)) for p in ("/big", "/unsized", "/bomb")]
    assert [r.error_class for r in results] == ["TooLarge"] * 3


def test_gzip_bomb_is_stopped_before_it_fills_memory(site: Site, settings: Settings) -> None:
    bomb = gzipped(bytes(200_000_000))  # 200 MB of zeros, about 200 KB on the wire
    site.add("/bomb", Reply(200, bomb, {"Content-Encoding": "gzip"}))
    site.add("/nested", Reply(200, gzipped(gzipped(bytes(1_000_000))), {"Content-Encoding": "gzip, gzip"}))
    tracemalloc.start()
    try:
        with Fetcher(settings.with_overrides(max_bytes=1_000_000)) as fetcher:
            bombed = get(fetcher, site.url("/bomb"))
            nested = get(fetcher, site.url("/nested"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert bombed.error_class == "TooLarge"
    assert nested.error_class == "UnsupportedContent" and "stacked Content-Encoding" in nested.error_message
    assert peak < 20_000_000  # the cap is 1 MB; decoding 200 MB at once would show here


def test_gzip_and_deflate_bodies_are_decoded(site: Site, settings: Settings) -> None:
    page = fixture_bytes("site/article_en.html")
    site.add("/gz", Reply(200, gzipped(page), {"Content-Encoding": "gzip", "Content-Type": "text/html"}))
    site.add("/zlib", Reply(200, zlib.compress(page), {"Content-Encoding": "deflate"}))
    raw = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    site.add("/raw", Reply(200, raw.compress(page) + raw.flush(), {"Content-Encoding": "deflate"}))
    site.add("/cut", Reply(200, gzipped(page)[:-40], {"Content-Encoding": "gzip"}))
    with Fetcher(settings) as fetcher:
        results = {p: get(fetcher, site.url(p)) for p in ("/gz", "/zlib", "/raw", "/cut")}
    assert all(results[p].content == page for p in ("/gz", "/zlib", "/raw"))
    assert results["/cut"].outcome is Outcome.FAILED and "truncated gzip" in results["/cut"].error_message


def test_redirect_cannot_get_around_robots(site: Site, settings: Settings) -> None:
    site.page("/robots.txt", "User-agent: *\nDisallow: /private/\n", "text/plain")
    site.page("/private/secret.html", "<p>secret</p>")
    site.add("/go", Reply(302, headers={"Location": "/private/secret.html"}))
    with Fetcher(settings) as fetcher:
        result = get(fetcher, site.url("/go"))
    assert result.error_class == "RobotsDisallowed"
    assert site.count("/private/secret.html") == 0


def test_redirect_is_followed_and_final_url_kept(site: Site, settings: Settings) -> None:
    site.add("/old", Reply(301, headers={"Location": "/new.html"}))
    site.page("/new.html", "<p>moved</p>")
    with Fetcher(settings) as fetcher:
        result = get(fetcher, site.url("/old"))
    assert (result.outcome, result.url, result.final_url) == (Outcome.FETCHED, site.url("/old"), site.url("/new.html"))


def test_redirect_to_a_non_http_scheme_is_refused(site: Site, settings: Settings) -> None:
    site.add("/sneaky", Reply(302, headers={"Location": "file:///etc/passwd"}))
    with Fetcher(settings) as fetcher:
        result = get(fetcher, site.url("/sneaky"))
    assert result.error_class == "UnsupportedContent" and "non-HTTP" in result.error_message


def test_cloudflare_style_52x_is_retried(site: Site, settings: Settings) -> None:
    replies = iter([Reply(520), Reply(200, b"<p>back</p>")])
    site.add("/origin", lambda r: next(replies))
    with Fetcher(settings) as fetcher:
        assert get(fetcher, site.url("/origin")).outcome is Outcome.FETCHED


def test_non_ascii_etag_is_not_sent_back(site: Site, settings: Settings) -> None:
    site.page("/a.html", "<p>x</p>")
    with Fetcher(settings, validators=lambda u, r: Validators(etag='"caf\u00e9"')) as fetcher:
        assert get(fetcher, site.url("/a.html")).outcome is Outcome.FETCHED
    assert "if-none-match" not in site.hits[-1].headers


@pytest.mark.parametrize("value", ["\u00b2", "soon", "-5", "Fri, 99 Foo 2026"])
def test_odd_retry_after_falls_back_to_backoff(site: Site, settings: Settings, value: str) -> None:
    replies = iter([Reply(503, headers={"Retry-After": value.encode("utf-8").decode("latin-1")}), Reply(200, b"ok")])
    site.add("/r", lambda r: next(replies))
    with Fetcher(settings, sleep=lambda s: None) as fetcher:
        assert get(fetcher, site.url("/r")).outcome is Outcome.FETCHED


def test_robots_groups_match_our_product_token_only(site: Site, settings: Settings) -> None:
    # "news" and "AI" appear in claimwatch's full User-Agent string; only "claimwatch" or "*" apply.
    site.page("/robots.txt", "User-agent: news\nAllow: /\n\nUser-agent: *\nDisallow: /\n", "text/plain")
    site.page("/a.html", "<p>x</p>")
    with Fetcher(settings) as fetcher:
        assert get(fetcher, site.url("/a.html")).error_class == "RobotsDisallowed"


def test_redirect_loop_stops_at_the_limit(site: Site, settings: Settings) -> None:
    site.add("/loop", Reply(302, headers={"Location": "/loop"}))
    with Fetcher(settings) as fetcher:
        result = get(fetcher, site.url("/loop"))
    assert result.outcome is Outcome.FAILED and f"more than {settings.max_redirects} redirects" in result.error_message


def test_feed_entries_are_fetched_deduplicated_and_resolved(site: Site, settings: Settings) -> None:
    site.page("/feed.xml", fixture_bytes("site/feed.xml"), "application/rss+xml", etag='"f1"')
    site.page("/articles/en.html", fixture_bytes("site/article_en.html"))
    site.page("/articles/de.html", fixture_bytes("site/article_de.html"))
    source = Source(id="feed", kind=SourceKind.FEED, url=site.url("/feed.xml"), min_interval=0)
    results = list(fetch([source], settings=settings))
    by_url = {r.url: r for r in results}
    assert by_url[site.url("/articles/en.html")].outcome is Outcome.FETCHED  # utm_* stripped, fetched once
    assert by_url[site.url("/articles/en.html")].hint_title == "Lab narrows its scaling pledge in policy rewrite"
    assert by_url[site.url("/articles/gone.html")].error_class == "HTTPStatusError"
    assert site.count("/articles/en.html") == 1
    assert results[-1].role == "feed" and results[-1].etag == '"f1"'  # a 404 is final: validators kept


def test_feed_validators_dropped_when_an_entry_failed_transiently(site: Site, settings: Settings) -> None:
    site.page("/feed.xml", fixture_bytes("site/feed.xml"), "application/rss+xml", etag='"f1"')
    site.page("/articles/en.html", fixture_bytes("site/article_en.html"))
    site.add("/articles/de.html", Reply(503))
    source = Source(id="feed", kind=SourceKind.FEED, url=site.url("/feed.xml"), min_interval=0)
    results = list(fetch([source], settings=settings, sleep=lambda s: None))
    feed = results[-1]
    assert feed.role == "feed" and feed.outcome is Outcome.FETCHED
    assert (feed.etag, feed.content_hash) == (None, None)  # next run refetches the feed and retries the entry


def test_malformed_feed_is_a_failure_with_reason(site: Site, settings: Settings) -> None:
    site.page("/bad.xml", fixture_bytes("site/malformed_feed.xml"), "application/rss+xml")
    results = list(fetch([Source(id="bad", kind=SourceKind.FEED, url=site.url("/bad.xml"))], settings=settings))
    assert len(results) == 1
    assert results[0].outcome is Outcome.FAILED and "not a usable RSS/Atom feed" in results[0].error_message


def test_html_served_as_feed_is_a_failure(site: Site, settings: Settings) -> None:
    site.page("/feed", fixture_bytes("site/consent_wall.html"))
    results = list(fetch([Source(id="f", kind=SourceKind.FEED, url=site.url("/feed"))], settings=settings))
    assert results[0].outcome is Outcome.FAILED and "no feed found" in results[0].error_message


def test_sitemap_and_index_page_follow(site: Site, settings: Settings) -> None:
    site.page("/sitemap.xml", fixture_bytes("site/sitemap.xml"), "application/xml")
    site.page("/news", fixture_bytes("site/index.html"))
    site.page("/articles/en.html", fixture_bytes("site/article_en.html"))
    site.page("/articles/de.html", fixture_bytes("site/article_de.html"))
    sitemap = Source(id="map", kind=SourceKind.SITEMAP, url=site.url("/sitemap.xml"), min_interval=0, max_pages=1)
    index = Source(id="idx", kind=SourceKind.PAGE, url=site.url("/news"), follow=r"/articles/", min_interval=0)
    results = list(fetch([sitemap, index], settings=settings))
    docs = sorted((r.source_id, r.url.rsplit("/", 1)[-1]) for r in results if r.role == "document")
    # the sitemap's newest entry only (max_pages 1); the index's two same-host article links
    assert docs == [("idx", "de.html"), ("idx", "en.html"), ("map", "de.html")]


def test_local_folder_source(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.html").write_bytes(fixture_bytes("site/article_en.html"))
    (tmp_path / "docs" / "notes.md").write_text("ignored")
    results = list(fetch([Source(id="loc", kind=SourceKind.LOCAL, url=str(tmp_path / "docs"))], settings=settings))
    assert [(r.outcome, r.url.endswith("a.html")) for r in results] == [(Outcome.FETCHED, True)]
    missing = list(fetch([Source(id="gone", kind=SourceKind.LOCAL, url=str(tmp_path / "nope"))], settings=settings))
    assert missing[0].outcome is Outcome.FAILED and "does not exist" in missing[0].error_message


def test_min_interval_spaces_a_sources_requests(site: Site, settings: Settings) -> None:
    site.page("/feed.xml", fixture_bytes("site/feed.xml"), "application/rss+xml")
    waits: list[float] = []
    source = Source(id="feed", kind=SourceKind.FEED, url=site.url("/feed.xml"), min_interval=5)
    list(fetch([source], settings=settings, sleep=waits.append))
    assert len(waits) == 3 and all(w > 4 for w in waits)  # three entries after dedupe, each paced


def test_requests_to_one_host_are_spaced_across_sources(site: Site, settings: Settings) -> None:
    site.page("/robots.txt", "User-agent: *\nCrawl-delay: 3\n", "text/plain")
    for name in ("a", "b", "c"):
        site.page(f"/{name}.html", "<p>x</p>")
    waits: list[float] = []
    sources = [Source(id=n, kind=SourceKind.PRIMARY, url=site.url(f"/{n}.html")) for n in ("a", "b", "c")]
    list(fetch(sources, settings=settings.with_overrides(host_interval=0.5), sleep=waits.append))
    # robots.txt goes first; then three sources on one host: the first page waits the 0.5 s
    # host interval booked before the Crawl-delay was known, the next two the Crawl-delay
    assert sorted(round(w * 2) / 2 for w in waits) == [0.5, 3.5, 6.5]


def test_bad_links_cost_only_themselves(site: Site, settings: Settings) -> None:
    index = b'<html><body><a href="http://[broken/x">bad</a> <a href="/articles/en.html">good</a></body></html>'
    site.page("/news", index)
    site.page("/articles/en.html", fixture_bytes("site/article_en.html"))
    results = list(fetch([Source(id="idx", kind=SourceKind.PAGE, url=site.url("/news"), follow="/", min_interval=0)], settings=settings))
    assert [(r.role, r.outcome) for r in results] == [("document", Outcome.FETCHED), ("index", Outcome.FETCHED)]


def test_sitemap_index_and_gzipped_sitemaps_are_followed(site: Site, settings: Settings) -> None:
    index = (
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<sitemap><loc>maps/2026-04.xml.gz</loc><lastmod>2026-04-30</lastmod></sitemap>"
        "<sitemap><loc>maps/2026-02.xml</loc><lastmod>2026-02-28</lastmod></sitemap></sitemapindex>"
    )
    site.page("/sitemap_index.xml", index, "application/xml")
    urlset = '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{}</urlset>'
    row = "<url><loc>/articles/{}</loc></url>"
    april = urlset.format(row.format("de.html") + row.format("en.html"))
    february = urlset.format(row.format("en.html"))  # listed in both months: fetched once
    site.page("/maps/2026-04.xml.gz", gzipped(april.encode()), "application/gzip")
    site.page("/maps/2026-02.xml", february, "application/xml")
    site.page("/articles/en.html", fixture_bytes("site/article_en.html"))
    site.page("/articles/de.html", fixture_bytes("site/article_de.html"))
    results = list(fetch([Source(id="map", kind=SourceKind.SITEMAP, url=site.url("/sitemap_index.xml"), min_interval=0)], settings=settings))
    docs = sorted(r.url.rsplit("/", 1)[-1] for r in results if r.role == "document")
    assert docs == ["de.html", "en.html"]
    assert sorted(r.url.rsplit("/", 1)[-1] for r in results if r.role == "sitemap") == ["2026-02.xml", "2026-04.xml.gz", "sitemap_index.xml"]


def test_closing_the_stream_early_stops_queued_sources(site: Site, settings: Settings) -> None:
    for n in range(8):
        site.add(f"/slow{n}", Reply(200, b"<p>x</p>", delay=0.5))
    sources = [Source(id=f"s{n}", kind=SourceKind.PRIMARY, url=site.url(f"/slow{n}")) for n in range(8)]
    started = time.monotonic()
    stream = fetch(sources, settings=settings.with_overrides(workers=2))
    next(stream)
    stream.close()  # what Ctrl-C in the consumer does
    assert time.monotonic() - started < 2.5
    assert sum(site.count(f"/slow{n}") for n in range(8)) <= 4


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("HTTP://Example.COM/a?utm_source=x&id=3#top", "http://example.com/a?id=3"),
        ("https://example.com", "https://example.com/"),
        ("https://example.com/a?fbclid=1", "https://example.com/a"),
        ("https://example.com/a?12345", "https://example.com/a?12345"),
        ("https://example.com/a?tag=a;b&utm_medium=x", "https://example.com/a?tag=a;b"),
        ("https://example.com/a?q=%C3%A9", "https://example.com/a?q=%C3%A9"),
    ],
)
def test_normalize_url(raw: str, clean: str) -> None:
    assert normalize_url(raw) == clean
