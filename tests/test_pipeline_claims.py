"""A run's claim stage: claims stored once, made again when the extractor or a translation changes, one bad page costs only itself."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

import claimwatch.claims
from argos_package import PAIRS
from claimwatch.config import Settings
from claimwatch.pipeline import extract_claims_pending, run
from claimwatch.sources import parse_sources
from claimwatch.store import Store, claims as claims_table
from claimwatch.translate import install_from_file

from conftest import Site, fixture_bytes

pytestmark = pytest.mark.slow  # the real spaCy pipeline reads every page

SOURCES = """\
defaults: {min_interval: 0}
sources:
  - {id: funding, kind: page, url: funding.html}
  - {id: policy, kind: page, url: policy.html}
"""


@pytest.fixture
def corpus(site: Site):
    site.page("/funding.html", fixture_bytes("pages/funding_en.html"), etag='"f-1"')
    site.page("/policy.html", fixture_bytes("site/article_en.html"), etag='"p-1"')
    return parse_sources(SOURCES, base_url=site.base)


def doc_id(store: Store, url_end: str) -> int:
    return next(d["id"] for d in store.documents() if d["url"].endswith(url_end))


def claim_rows(store: Store) -> list[tuple]:
    with store.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(sa.select(claims_table.c.id, claims_table.c.document_id, claims_table.c.type,
                                                         claims_table.c.value, claims_table.c.extractor).order_by(claims_table.c.id))]


def test_claims_are_extracted_once_with_their_offsets(corpus, settings: Settings, store: Store) -> None:
    summary = run(corpus, settings=settings, store=store)
    report = summary.claims
    assert report is not None and report.documents == 2 and report.failed == 0
    assert report.claims == store.counts()["claims"] > 0 and sum(report.by_type.values()) == report.claims
    assert report.words > 200 and report.language_independent == 0
    funding = store.claims_of(doc_id(store, "/funding.html"))
    assert any(c.predicate == "valued-at" and c.value_dict == {"money": {"amount": "380000000000", "currency": "USD", "kind": "post-money"}}
               for c in funding)
    text = store.find_document(doc_id(store, "/funding.html"))["text"]
    assert all(text[c.start:c.end] == c.text and c.text in c.sentence for c in funding)  # English: offsets are the words read
    assert store.runs()[-1]["summary"]["claims"]["claims"] == report.claims

    rows = claim_rows(store)
    again = run(corpus, settings=settings, store=store)
    assert again.claims.documents == 0 and again.claims.claims == 0
    assert claim_rows(store) == rows  # the same rows, not new copies of them


def test_a_new_extractor_version_makes_every_document_s_claims_again(corpus, settings: Settings, store: Store, monkeypatch) -> None:
    run(corpus, settings=settings, store=store)
    before = claim_rows(store)
    monkeypatch.setattr(claimwatch.claims, "EXTRACTOR_VERSION", "claims-test")
    report = extract_claims_pending(store, settings=settings)
    assert report.documents == 2 and report.claims == len(before)
    after = claim_rows(store)
    assert len(after) == len(before) and {extractor for *_, extractor in after} == {"claims-test"}
    assert [row[1:4] for row in after] == [row[1:4] for row in before]  # same claims, replaced, none doubled
    assert extract_claims_pending(store, settings=settings).documents == 0


def test_one_document_the_extractor_fails_on_costs_only_itself(corpus, settings: Settings, store: Store, site: Site, monkeypatch) -> None:
    site.page("/bad.html", fixture_bytes("site/article_de.html"))
    three = parse_sources(SOURCES + "  - {id: bad, kind: page, url: bad.html}\n", base_url=site.base)
    real = claimwatch.claims.extract_claims

    def broken_on_one_page(items, **kwargs):
        if any(document.url.endswith("/bad.html") for document, _ in items):
            raise RuntimeError("extractor bug")
        return real(items, **kwargs)

    monkeypatch.setattr(claimwatch.claims, "extract_claims", broken_on_one_page)
    summary = run(three, settings=settings, store=store)
    assert (summary.claims.documents, summary.claims.failed) == (2, 1)
    assert store.claims_of(doc_id(store, "/funding.html")) and store.runs()[-1]["status"] == "completed"
    assert store.find_document(site.url("bad.html"))["claims_state"] is None

    monkeypatch.setattr(claimwatch.claims, "extract_claims", real)
    retried = run(three, settings=settings, store=store)  # the next run tries the failed page again, and only it
    assert (retried.claims.documents, retried.claims.failed) == (1, 0)
    assert store.find_document(site.url("bad.html"))["claims_state"] is not None


def test_a_translation_arriving_makes_the_claims_again_from_english(site: Site, settings: Settings, store: Store, argos_package: Path) -> None:
    body = "".join(f"<p>{german}</p>" for german, _ in PAIRS)
    site.page("/de.html", f'<html lang="de"><head><title>{PAIRS[1][0]}</title></head><body><article>{body}</article></body></html>')
    sources = parse_sources("sources:\n  - {id: de, kind: page, url: de.html, min_interval: 0}\n", base_url=site.base)
    first = run(sources, settings=settings, store=store)
    # no model: what is read without English (amounts, dates, names) only, and said so
    assert first.claims.documents == 1 and first.claims.language_independent == first.claims.claims > 0
    [doc] = store.documents()
    untranslated = store.claims_of(doc["id"])
    assert all(c.method == "language-independent" and not c.translated and c.language == "de" for c in untranslated)
    assert any(doc["text"][c.start:c.end] == "380 Milliarden Dollar" for c in untranslated)

    install_from_file(argos_package, settings)
    second = run(sources, settings=settings, store=store)
    assert second.translation.segments_translated == 11
    assert second.claims.documents == 1 and second.claims.language_independent == 0
    translated = store.claims_of(doc["id"])
    [value] = [c for c in translated if c.predicate == "valued-at"]
    assert value.translated and value.method == "full" and value.value == "380000000000" and value.currency == "USD"
    # provenance both ways: the English words in the translation, the German sentence in the document
    english = store.translations_of(doc["id"])[value.position].text
    assert english[value.translation_start:value.translation_end] == value.text
    assert doc["text"][value.start:value.end] == "Die Bewertung liegt bei 380 Milliarden Dollar."
    assert run(sources, settings=settings, store=store).claims.documents == 0
