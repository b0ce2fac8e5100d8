"""A run's language and translation stages: missing models reported, installed ones used, nothing translated twice."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from argos_package import PAIRS
from claimwatch.config import Settings
from claimwatch.pipeline import run, translate_pending
from claimwatch.sources import parse_sources
from claimwatch.store import Store, segments as segments_table
from claimwatch.translate import install_from_file

from conftest import Site, fixture_bytes

ENGLISH = dict(PAIRS)


def german_page(title: str, sentences: list[str]) -> str:
    paragraphs = "".join(f"<p>{s}</p>" for s in sentences)
    return (f'<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>{title}</title></head>'
            f"<body><article><h1>{title}</h1>{paragraphs}</article></body></html>")


SOURCES = """\
defaults: {min_interval: 0}
sources:
  - {id: de-news, kind: page, url: de.html}
  - {id: de-repost, kind: page, url: repost.html}
  - {id: en-news, kind: page, url: en.html}
"""


@pytest.fixture
def corpus(site: Site):
    sentences = [german for german, _ in PAIRS]
    site.page("/de.html", german_page(PAIRS[1][0], sentences), etag='"de-1"')
    site.page("/en.html", fixture_bytes("site/article_en.html"), etag='"en-1"')
    return parse_sources(SOURCES, base_url=site.base)


def paragraph_translations(store: Store, url_end: str) -> list:
    doc = next(d for d in store.documents() if d["url"].endswith(url_end))
    return [t for pos, t in sorted(store.translations_of(doc["id"]).items())]


def test_without_a_model_segments_are_kept_and_reported(corpus, settings: Settings, store: Store, site: Site) -> None:
    site.page("/repost.html", german_page("Kopie", [g for g, _ in PAIRS[:6]]), etag='"r-1"')
    summary = run(corpus, settings=settings, store=store)
    assert summary.total("new_documents") == 3
    assert summary.languages["de"] == 11 + 7 and summary.languages["en"] > 3
    t = summary.translation
    assert t is not None and t.segments_translated == 0
    assert t.missing == {"de": 18} and t.fix_command == "claimwatch models install de"
    rows = paragraph_translations(store, "/de.html")
    assert len(rows) == 11 and {r.label for r in rows} == {"missing-model (de->en)"} and all(r.text is None for r in rows)
    # English segments need no translation row
    assert paragraph_translations(store, "/en.html") == []


def test_installing_a_model_then_running_translates_what_waited(corpus, settings: Settings, store: Store, site: Site, argos_package: Path) -> None:
    site.page("/repost.html", german_page("Kopie", [g for g, _ in PAIRS[:6]]), etag='"r-1"')
    run(corpus, settings=settings, store=store)
    install_from_file(argos_package, settings)
    summary = run(corpus, settings=settings, store=store)
    assert summary.total("new_documents") == 0  # nothing new was fetched ...
    t = summary.translation
    assert t.segments_translated == 18 and t.missing == {} and t.models == ["argos:translate-de_en@0.1.0"]
    # ... the six sentences the repost shares were translated once: 11 by the model, 7 from the cache
    # (two documents translated in one batch share the model's output, and are counted as the model's)
    assert t.chunks_from_model + t.chunks_from_cache == 18
    rows = paragraph_translations(store, "/de.html")
    assert [r.text for r in rows] == [ENGLISH[PAIRS[1][0]]] + [english for _, english in PAIRS]
    assert {r.model for r in rows} == {"argos:translate-de_en@0.1.0"}
    # provenance: each translated span leads back to the German words in the document text
    doc = next(d for d in store.documents() if d["url"].endswith("/de.html"))
    valuation = rows[5]
    start = valuation.text.index("380 billion")
    lo, hi = valuation.document_span(start, start + 11)
    assert doc["text"][lo:hi] == "Die Bewertung liegt bei 380 Milliarden Dollar."
    counts = store.counts()
    assert counts["translation_cache"] == 11 and counts["segment_translations"] == 18

    third = run(corpus, settings=settings, store=store)
    assert third.translation.segments_translated == 0 and third.translation.chunks_from_model == 0
    audit = ("runs", "fetches")  # one row per run and per request, by design
    assert {k: v for k, v in store.counts().items() if k not in audit} == {k: v for k, v in counts.items() if k not in audit}


def test_a_new_document_reuses_cached_sentences(corpus, settings: Settings, store: Store, site: Site, argos_package: Path) -> None:
    install_from_file(argos_package, settings)
    first = run(corpus, settings=settings, store=store)  # repost.html is 404 for now
    assert first.translation.chunks_from_model == 11 and first.translation.chunks_from_cache == 0
    site.page("/repost.html", german_page("Kopie", [g for g, _ in PAIRS[:6]]), etag='"r-1"')
    second = run(corpus, settings=settings, store=store)
    # the repost's title "Kopie" is one word: the model's; its six sentences: all cache hits
    assert second.translation.chunks_from_cache == 6
    assert second.translation.chunks_from_model == 1


def test_translate_pending_is_resumable_per_document(corpus, settings: Settings, store: Store, site: Site, argos_package: Path, monkeypatch) -> None:
    site.page("/repost.html", german_page("Kopie", [g for g, _ in PAIRS[:6]]), etag='"r-1"')
    run(corpus, settings=settings, store=store)
    install_from_file(argos_package, settings)
    real = store.record_translations
    calls = []

    def crash_on_second(document_id, items, cache_rows):
        calls.append(document_id)
        if len(calls) == 2:
            raise RuntimeError("killed")
        return real(document_id, items, cache_rows)

    monkeypatch.setattr(store, "record_translations", crash_on_second)
    with pytest.raises(RuntimeError):
        translate_pending(store, settings=settings)
    monkeypatch.setattr(store, "record_translations", real)
    done = store.counts()["segment_translations"]
    assert done in (11, 7 + 11)  # one whole document, never part of one
    report = translate_pending(store, settings=settings)
    assert report.missing == {} and store.counts()["segment_translations"] == 18


def test_documents_stored_before_languages_existed_get_them(corpus, settings: Settings, store: Store, site: Site) -> None:
    run(corpus, settings=settings, store=store)
    with store.engine.begin() as conn:  # as a store migrated from revision 0001 holds them
        conn.execute(segments_table.update().values(language=None, language_prob=None, script=None, language_method=None))
        conn.execute(sa.text("UPDATE documents SET language = NULL, languages = NULL"))
        conn.execute(sa.text("DELETE FROM segment_translations"))
    run(corpus, settings=settings, store=store)
    docs = {d["url"].rsplit("/", 1)[1]: d for d in store.documents()}
    assert docs["de.html"]["language"] == "de" and docs["en.html"]["language"] == "en"
    assert store.untranslated("en") == {"de": 11}


def test_an_english_only_run_never_touches_the_models_folder(site: Site, settings: Settings, store: Store) -> None:
    site.page("/en.html", fixture_bytes("site/article_en.html"))
    summary = run(parse_sources("sources:\n  - {id: en, kind: page, url: en.html}\n", base_url=site.base), settings=settings, store=store)
    assert summary.total("new_documents") == 1 and summary.translation.missing == {}
    assert not settings.resolved_models_dir.exists()
