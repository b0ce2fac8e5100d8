"""The claim store: migrations match the schema, writes are atomic and idempotent."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from claimwatch.errors import StoreError
from claimwatch.models import Alignment, Claim, Document, FetchResult, Outcome, RunSummary, Segment, TranslatedSegment
from claimwatch.store import Store, claims_state, metadata, open_store, runs


def result(url: str = "http://127.0.0.1/a", content_hash: str = "h1", outcome: Outcome = Outcome.FETCHED) -> FetchResult:
    return FetchResult(source_id="s", url=url, role="document", outcome=outcome, fetched_at=datetime.now(timezone.utc),
                       status=200, content_hash=content_hash, etag='"e1"', n_bytes=10)


def document(url: str = "http://127.0.0.1/a", content_hash: str = "h1") -> Document:
    segments = (Segment(0, "title", 0, 5, "Title"), Segment(1, "paragraph", 6, 10, "Body"))
    return Document(source_id="s", url=url, content_hash=content_hash, content_type="html", fetched_at=datetime.now(timezone.utc),
                    text="Title\nBody", segments=segments, title="Title")


def test_migrations_build_exactly_the_declared_schema(store: Store) -> None:
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []
    current, head = store.revision()
    assert current == head == "0003"


def test_sqlite_store_uses_wal(sqlite_store: Store) -> None:
    with sqlite_store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_same_url_and_bytes_are_stored_once(store: Store) -> None:
    run1 = store.start_run("sources.yaml")
    assert store.record(run1, result(), document()) is True
    run2 = store.start_run("sources.yaml")
    assert store.record(run2, result(), document()) is False
    assert store.record(run2, result(content_hash="h2"), document(content_hash="h2")) is True  # a new version
    counts = store.counts()
    assert (counts["documents"], counts["segments"], counts["fetches"]) == (2, 4, 3)
    assert store.validators("http://127.0.0.1/a", "document").etag == '"e1"'


def test_a_failed_write_leaves_nothing_behind(store: Store) -> None:
    run = store.start_run(None)
    broken = replace(document(), segments=(Segment(0, "title", 0, 5, None),))  # type: ignore[arg-type]
    with pytest.raises(sa.exc.IntegrityError):
        store.record(run, result(), broken)
    counts = store.counts()
    assert (counts["fetches"], counts["documents"], counts["segments"], counts["http_cache"]) == (0, 0, 0, 0)


def test_failures_are_recorded_without_validators(store: Store) -> None:
    run = store.start_run(None)
    failed = FetchResult(source_id="s", url="http://127.0.0.1/x", role="document", outcome=Outcome.FAILED,
                         fetched_at=datetime.now(timezone.utc), error_class="ConnectError", error_message="refused")
    store.record(run, failed)
    (row,) = store.fetch_log(run)
    assert (row["outcome"], row["error_class"], row["error_message"]) == ("failed", "ConnectError", "refused")
    assert store.validators("http://127.0.0.1/x", "document") is None


def test_a_run_cut_off_is_marked_interrupted(store: Store) -> None:
    crashed = store.start_run(None)
    elsewhere = store.start_run(None)
    alive = store.start_run(None)
    with store.engine.begin() as conn:
        conn.execute(runs.update().where(runs.c.id == crashed).values(pid=_exited_pid()))
        conn.execute(runs.update().where(runs.c.id == elsewhere).values(host="another-worker", pid=_exited_pid()))
    latest = store.start_run(None)
    now = datetime.now(timezone.utc)
    store.finish_run(RunSummary(run_id=latest, started_at=now, finished_at=now, sources=(), db_url=store.url))
    statuses = {r["id"]: r["status"] for r in store.runs()}
    # this machine's dead run is settled; another machine's, and a live process's, are left alone
    assert statuses == {crashed: "interrupted", elsewhere: "running", alive: "running", latest: "completed"}
    assert all(r["started_at"].tzinfo is not None for r in store.runs())


def _exited_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def test_validators_are_kept_per_role(store: Store) -> None:
    run = store.start_run(None)
    url = "http://127.0.0.1/news"
    store.record(run, replace(result(url), role="index", etag='"index-1"'))
    store.record(run, replace(result(url), role="sitemap", etag='"map-1"'))
    assert (store.validators(url, "index").etag, store.validators(url, "sitemap").etag) == ('"index-1"', '"map-1"')


def test_very_long_urls_are_stored(store: Store) -> None:
    url = "http://127.0.0.1/search?" + "q=ai-safety&" * 300  # 3,600 characters: past PostgreSQL's index-row limit
    run = store.start_run(None)
    assert store.record(run, result(url), document(url)) is True
    assert store.record(run, result(url), document(url)) is False
    assert store.validators(url, "document").etag == '"e1"'


def test_bad_database_urls_say_what_to_use(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="use sqlite:///"):
        open_store("mysql://u@h/db")
    with pytest.raises(StoreError, match="cannot read database URL"):
        open_store("not a url")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot open the claim store"):
        open_store(f"sqlite:///{blocker}/sub/claimwatch.db")


def test_reopening_an_existing_store_keeps_its_rows(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'c.db'}"
    with open_store(url) as s:
        s.record(s.start_run(None), result(), document())
    with open_store(url) as s:
        assert s.counts()["documents"] == 1


def test_a_store_from_revision_0001_keeps_its_rows_and_gets_languages(store: Store) -> None:
    from alembic import command

    from claimwatch.pipeline import identify_pending
    from claimwatch.store import _alembic_config

    with store.engine.begin() as conn:
        command.downgrade(_alembic_config(conn), "0001")
    with store.engine.begin() as conn:  # rows as the foundation release wrote them
        run_id = conn.execute(sa.text("INSERT INTO runs (started_at, status, host, pid) VALUES (CURRENT_TIMESTAMP, 'completed', 'h', 1) RETURNING id")).scalar()
        doc_id = conn.execute(sa.text(
            "INSERT INTO documents (source_id, url, url_hash, content_hash, content_type, status, is_primary, text, n_bytes, first_run_id, fetched_at) "
            "VALUES ('s', 'http://x/a', 'u', 'c', 'html', 'ok', false, :text, 10, :run, CURRENT_TIMESTAMP) RETURNING id"),
            {"text": "Anthropic überarbeitet seine Richtlinie\nDie neue Fassung der Richtlinie streicht die bedingungslose Pausenzusage.", "run": run_id}).scalar()
        conn.execute(sa.text("INSERT INTO segments (document_id, position, kind, start_offset, end_offset, text) VALUES "
                             "(:d, 0, 'title', 0, 39, 'Anthropic überarbeitet seine Richtlinie'), "
                             "(:d, 1, 'paragraph', 40, 113, 'Die neue Fassung der Richtlinie streicht die bedingungslose Pausenzusage.')"), {"d": doc_id})
    store.upgrade()
    assert store.revision() == ("0003", "0003")
    assert identify_pending(store) == 1
    [doc] = store.documents()
    assert doc["language"] == "de" and doc["languages"] == [["de", 1.0]]
    assert [s["language"] for s in store.segments_of(doc["id"])] == ["de", "de"]
    assert store.pending_translations("en", set())[0][0] == doc["id"]


GERMAN = "Die Bewertung liegt bei 380 Milliarden Dollar."
ENGLISH = "The valuation is 380 billion dollars."


def mixed_document(url: str = "http://127.0.0.1/mixed") -> Document:
    text = f"Anthropic valuation\n{GERMAN}"
    segments = (Segment(0, "title", 0, 19, "Anthropic valuation", language="en", language_prob=0.9, script="Latn", language_method="document"),
                Segment(1, "paragraph", 20, 20 + len(GERMAN), GERMAN, language="de", language_prob=0.99, script="Latn", language_method="langdetect"))
    return Document(source_id="s", url=url, final_url=url + "?utm=x", canonical_url="https://lab.example/mixed", content_hash="m1",
                    content_type="html", fetched_at=datetime.now(timezone.utc), text=text, segments=segments, title="Anthropic valuation",
                    language="en", languages=(("en", 0.3), ("de", 0.7)))


def valuation(**changes: object) -> Claim:
    base = Claim(position=1, type="funding", subject="anthropic", predicate="valued-at", value_kind="money", value="380000000000",
                 start=20, end=20 + len(GERMAN), text="380 billion dollars", sentence=ENGLISH, currency="USD", money_kind="valuation",
                 language="de", translated=True, translation_start=17, translation_end=36)
    return replace(base, **changes)


def german_translation() -> TranslatedSegment:
    return TranslatedSegment(1, "de", "en", "translated", ENGLISH, model="argos:translate-de_en@1.9",
                             alignment=(Alignment(0, len(GERMAN), 0, len(ENGLISH)),), segment_start=20)


def test_claims_are_replaced_whole_and_never_duplicated(store: Store) -> None:
    store.record(store.start_run(None), result(), mixed_document())
    [(doc_id, doc, translated, state)] = store.pending_claims("claims-1")
    assert translated == {} and state == claims_state("claims-1", 0)
    assert [s.language for s in doc.segments] == ["en", "de"] and doc.languages == (("en", 0.3), ("de", 0.7))
    first = [valuation(), valuation(predicate="raised", value="30000000000", money_kind="round", detail="Series G")]
    store.record_claims(doc_id, first, state)
    store.record_claims(doc_id, first, state)  # a re-run of the same write
    assert store.claims_of(doc_id) == first
    assert store.counts()["claims"] == 2
    assert store.pending_claims("claims-1") == []
    # a write that the database refuses leaves the old claims and the old state
    with pytest.raises(sa.exc.IntegrityError):
        store.record_claims(doc_id, [valuation(), valuation(subject=None)], claims_state("claims-2", 0))  # type: ignore[arg-type]
    assert store.claims_of(doc_id) == first and store.pending_claims("claims-1") == []
    store.record_claims(doc_id, [valuation(hedging="reported")], claims_state("claims-2", 0))
    assert [c.hedging for c in store.claims_of(doc_id)] == ["reported"] and store.counts()["claims"] == 1


def test_claims_are_due_again_for_a_new_extractor_or_a_new_translation(store: Store) -> None:
    store.record(store.start_run(None), result(), mixed_document())
    [(doc_id, _, _, state)] = store.pending_claims("claims-1")
    store.record_claims(doc_id, [], state)  # a document with no claims is done too
    assert store.pending_claims("claims-1") == []
    assert [d for d, *_ in store.pending_claims("claims-2")] == [doc_id]
    [(segment_id, _)] = [(s["id"], s) for s in store.segments_of(doc_id) if s["language"] == "de"]
    store.record_translations(doc_id, [(segment_id, replace(german_translation(), status="missing-model", text=None))], [])
    assert store.pending_claims("claims-1") == []  # still untranslated: nothing new to read
    store.record_translations(doc_id, [(segment_id, german_translation())], [])
    [(again, _, translated, state)] = store.pending_claims("claims-1")
    assert again == doc_id and translated[1].text == ENGLISH and state == claims_state("claims-1", 1)


def test_pending_claims_pages_by_id_and_skips_discarded_documents(store: Store) -> None:
    run = store.start_run(None)
    for i in range(3):
        store.record(run, result(f"http://127.0.0.1/{i}", f"h{i}"), document(f"http://127.0.0.1/{i}", f"h{i}"))
    store.record(run, result("http://127.0.0.1/wall", "w"), replace(document("http://127.0.0.1/wall", "w"), status="discarded",
                                                                     discard_reason="consent wall", segments=()))
    first = store.pending_claims("claims-1", limit=2)
    rest = store.pending_claims("claims-1", after=first[-1][0], limit=2)
    assert [d.url for _, d, _, _ in first + rest] == [f"http://127.0.0.1/{i}" for i in range(3)]


def test_documents_are_found_by_id_or_any_of_their_urls(store: Store) -> None:
    store.record(store.start_run(None), result(), mixed_document())
    doc_id = store.documents()[0]["id"]
    for ref in (str(doc_id), doc_id, "http://127.0.0.1/mixed", "http://127.0.0.1/mixed?utm=x", "https://lab.example/mixed"):
        assert store.find_document(ref)["id"] == doc_id, ref
    assert store.find_document("http://127.0.0.1/other") is None and store.find_document("999") is None


def test_a_store_from_revision_0002_keeps_its_rows_and_gets_claims(store: Store) -> None:
    from alembic import command

    from claimwatch.store import _alembic_config

    with store.engine.begin() as conn:
        command.downgrade(_alembic_config(conn), "0002")
    with store.engine.begin() as conn:  # rows as the languages release wrote them
        run_id = conn.execute(sa.text("INSERT INTO runs (started_at, status, host, pid) VALUES (CURRENT_TIMESTAMP, 'completed', 'h', 1) RETURNING id")).scalar()
        doc_id = conn.execute(sa.text(
            "INSERT INTO documents (source_id, url, url_hash, content_hash, content_type, status, is_primary, text, n_bytes, first_run_id, fetched_at, language) "
            "VALUES ('s', 'http://x/a', 'u', 'c', 'html', 'ok', false, :text, 10, :run, CURRENT_TIMESTAMP, 'de') RETURNING id"),
            {"text": GERMAN, "run": run_id}).scalar()
        segment_id = conn.execute(sa.text(
            "INSERT INTO segments (document_id, position, kind, start_offset, end_offset, text, language, language_prob, script, language_method) "
            "VALUES (:d, 0, 'paragraph', 0, :n, :t, 'de', 0.99, 'Latn', 'langdetect') RETURNING id"), {"d": doc_id, "n": len(GERMAN), "t": GERMAN}).scalar()
        conn.execute(sa.text("INSERT INTO segment_translations (segment_id, document_id, source_language, target_language, status, model, text, updated_at) "
                             "VALUES (:s, :d, 'de', 'en', 'translated', 'argos:translate-de_en@1.9', :t, CURRENT_TIMESTAMP)"),
                     {"s": segment_id, "d": doc_id, "t": ENGLISH})
    store.upgrade()
    assert store.revision() == ("0003", "0003")
    [row] = store.documents()
    assert row["text"] == GERMAN and row["claims_state"] is None
    [(found, doc, translated, state)] = store.pending_claims("claims-1")
    assert found == doc_id and doc.segments[0].language == "de" and translated[0].text == ENGLISH
    store.record_claims(doc_id, [valuation(position=0, start=0, end=len(GERMAN))], state)
    [stored] = store.claims_of(doc_id)
    assert stored.value_dict == {"money": {"amount": "380000000000", "currency": "USD", "kind": "valuation"}}
    with store.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT segment_id, extractor FROM claims")).one() == (segment_id, "claims-1")
