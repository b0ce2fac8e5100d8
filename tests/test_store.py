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
from claimwatch.models import Document, FetchResult, Outcome, RunSummary, Segment
from claimwatch.store import Store, metadata, open_store, runs


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
    assert current == head == "0002"


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
    assert store.revision() == ("0002", "0002")
    assert identify_pending(store) == 1
    [doc] = store.documents()
    assert doc["language"] == "de" and doc["languages"] == [["de", 1.0]]
    assert [s["language"] for s in store.segments_of(doc["id"])] == ["de", "de"]
    assert store.pending_translations("en", set())[0][0] == doc["id"]
