"""A whole run: every outcome recorded, re-runs add nothing, a crash leaves only whole documents."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import DataError

from claimwatch.config import Settings
from claimwatch.models import FetchResult, SourceReport
from claimwatch.pipeline import run
from claimwatch.sources import parse_sources
from claimwatch.store import Store

from conftest import Reply, Site, fixture_bytes

SOURCES = """\
defaults: {min_interval: 0}
sources:
  - {id: wire, kind: feed, url: feed.xml, language: en}
  - {id: map, kind: sitemap, url: sitemap.xml}
  - {id: policy, kind: primary, url: policy.pdf}
  - {id: wall, kind: page, url: wall.html}
  - {id: dead, kind: feed, url: dead.xml}
"""


@pytest.fixture
def corpus(site: Site, policy_pdf: bytes):
    site.page("/feed.xml", fixture_bytes("site/feed.xml"), "application/rss+xml", etag='"feed-1"')
    site.page("/sitemap.xml", fixture_bytes("site/sitemap.xml"), "application/xml", etag='"map-1"')
    site.page("/articles/en.html", fixture_bytes("site/article_en.html"), etag='"en-1"')
    site.page("/articles/de.html", fixture_bytes("site/article_de.html"), etag='"de-1"')
    site.page("/policy.pdf", policy_pdf, "application/pdf", etag='"pdf-1"')
    site.page("/wall.html", fixture_bytes("site/consent_wall.html"), etag='"wall-1"')
    site.add("/dead.xml", Reply(500))
    return parse_sources(SOURCES, base_url=site.base)


def test_run_records_every_outcome(corpus, settings: Settings, store: Store) -> None:
    summary = run(corpus, settings=settings, store=store)
    reports = {r.source_id: r for r in summary.sources}
    assert reports["wire"].failed == 1 and "HTTP 404" in reports["wire"].last_error  # gone.html
    # feed and sitemap list the same two articles: fetched by both, stored once
    assert reports["wire"].new_documents + reports["map"].new_documents == 2
    assert reports["policy"].new_documents == 1
    assert reports["wall"].discarded == 1
    assert reports["dead"].failed == 1 and "HTTP 500" in reports["dead"].last_error
    docs = store.documents()
    assert sorted(d["status"] for d in docs) == ["discarded", "ok", "ok", "ok"]
    wall = next(d for d in docs if d["status"] == "discarded")
    assert wall["discard_reason"]
    log = store.fetch_log(summary.run_id)
    assert len(log) == summary.total("requests")
    # a URL listed by both feed and sitemap may come back 304 for whichever source asks second
    assert {"fetched", "failed"} <= {r["outcome"] for r in log} <= {"fetched", "failed", "unchanged"}
    assert store.runs()[-1]["status"] == "completed"


def test_second_run_is_unchanged_and_adds_no_documents(corpus, settings: Settings, store: Store, site: Site) -> None:
    run(corpus, settings=settings, store=store)
    before = store.counts()
    hits_before = len(site.hits)
    pages = lambda hits: [h for h in hits if h.path != "/robots.txt"]  # noqa: E731
    second = run(corpus, settings=settings, store=store)
    after = store.counts()
    assert (after["documents"], after["segments"]) == (before["documents"], before["segments"])
    assert second.total("new_documents") == 0 and second.total("fetched") == 0
    # feed, sitemap, pdf and wall cost one 304 each; the dead feed is tried again (500, retried)
    assert second.total("unchanged") == 4
    assert len(pages(site.hits[hits_before:])) == 4 + (1 + settings.retries)


def test_crash_mid_run_leaves_whole_documents_and_rerun_completes(corpus, settings: Settings, store: Store) -> None:
    seen: list[FetchResult] = []

    def crash_after_three(result: FetchResult, report: SourceReport) -> None:
        seen.append(result)
        if len(seen) == 3:
            raise RuntimeError("power cut")

    with pytest.raises(RuntimeError, match="power cut"):
        run(corpus, settings=settings.with_overrides(workers=1), store=store, on_result=crash_after_three)
    assert store.runs()[-1]["status"] == "failed"
    for doc in store.documents(status="ok"):
        segments = store.segments_of(doc["id"])
        assert segments and [s["position"] for s in segments] == list(range(len(segments)))
        assert all(doc["text"][s["start_offset"]:s["end_offset"]] == s["text"] for s in segments)
    run(corpus, settings=settings, store=store)
    docs = store.documents()
    assert len(docs) == 4
    assert len({(d["url"], d["content_hash"]) for d in docs}) == 4


def test_a_row_the_store_refuses_is_recorded_and_the_run_goes_on(corpus, settings: Settings, store: Store, monkeypatch) -> None:
    real = store._insert_document

    def refuse_pdfs(conn, run_id, doc):
        if doc.content_type == "pdf":
            raise DataError("INSERT INTO documents ...", {}, Exception("value too long for type character varying(16)"))
        return real(conn, run_id, doc)

    monkeypatch.setattr(store, "_insert_document", refuse_pdfs)
    summary = run(corpus, settings=settings, store=store)
    reports = {r.source_id: r for r in summary.sources}
    assert reports["policy"].failed == 1 and "the store refused this document" in reports["policy"].last_error
    assert summary.total("new_documents") == 2  # the articles still landed
    (row,) = [r for r in store.fetch_log(summary.run_id) if r["source_id"] == "policy"]
    assert (row["outcome"], row["error_class"]) == ("failed", "StoreError")
    assert store.validators(row["url"], "document") is None  # so the next run tries again
    assert store.runs()[-1]["status"] == "completed"


def test_control_characters_reach_every_backend(site: Site, settings: Settings, store: Store) -> None:
    text = "Board statement\n\n" + "The board approved the revised policy after a review of the results. " * 16 + "A stray\x00 byte. " * 4
    site.page("/note.txt", text.encode(), "text/plain; charset=utf-8")
    summary = run(parse_sources("sources:\n  - {id: note, kind: primary, url: note.txt}\n", base_url=site.base), settings=settings, store=store)
    assert summary.total("new_documents") == 1
    assert "\x00" not in store.documents()[0]["text"]


def test_changed_page_is_stored_as_a_new_version(corpus, settings: Settings, store: Store, site: Site) -> None:
    run(corpus, settings=settings, store=store)
    updated = fixture_bytes("site/article_en.html").replace(b"Several researchers", b"Many researchers")
    site.page("/articles/en.html", updated, etag='"en-2"')
    site.page("/feed.xml", fixture_bytes("site/feed.xml") + b"\n", "application/rss+xml", etag='"feed-2"')
    summary = run(corpus, settings=settings, store=store)
    assert summary.total("new_documents") == 1
    versions = [d for d in store.documents() if d["url"].endswith("/articles/en.html")]
    assert len(versions) == 2 and "Many researchers" in versions[1]["text"]
