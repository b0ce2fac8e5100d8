"""The claim store: SQLAlchemy Core over SQLite (default, WAL) or PostgreSQL, migrated by alembic."""

from __future__ import annotations

import hashlib
import logging
import os
import socket
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.util import CommandError
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.engine.url import make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError

from .errors import StoreError, one_line
from .models import UNDETERMINED, Alignment, Claim, Document, FetchResult, Outcome, RunSummary, Segment, Source, TranslatedSegment, Validators

__all__ = ["metadata", "Store", "open_store", "claims_state", "MIGRATIONS"]

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")


class UTCDateTime(sa.types.TypeDecorator):
    """Timezone-aware datetimes on every backend (SQLite hands back naive ones)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value


TS = UTCDateTime()
metadata = sa.MetaData()

runs = sa.Table(
    "runs", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("started_at", TS, nullable=False),
    sa.Column("finished_at", TS),
    sa.Column("status", sa.String(16), nullable=False),  # running, completed, failed, interrupted
    sa.Column("sources_file", sa.Text),
    sa.Column("host", sa.String(255), nullable=False),  # with pid: tells a crashed run from one still going
    sa.Column("pid", sa.Integer, nullable=False),
    sa.Column("summary", sa.JSON),
)
sources = sa.Table(
    "sources", metadata,
    sa.Column("id", sa.String(80), primary_key=True),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("language", sa.String(16)),
    sa.Column("tags", sa.JSON, nullable=False),
    sa.Column("config", sa.JSON, nullable=False),
    sa.Column("first_seen_at", TS, nullable=False),
    sa.Column("last_seen_at", TS, nullable=False),
)
fetches = sa.Table(
    "fetches", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id"), nullable=False),
    sa.Column("source_id", sa.String(80), nullable=False),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("final_url", sa.Text),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("outcome", sa.String(16), nullable=False),
    sa.Column("status_code", sa.Integer),
    sa.Column("n_bytes", sa.Integer, nullable=False),
    sa.Column("elapsed_ms", sa.Integer, nullable=False),
    sa.Column("content_hash", sa.String(64)),
    sa.Column("error_class", sa.String(64)),
    sa.Column("error_message", sa.Text),
    sa.Column("fetched_at", TS, nullable=False),
    sa.Index("ix_fetches_run", "run_id"),
)
# Keyed by a hash of (role, URL): a URL read as a feed and as a page keeps two sets of
# validators, and URLs longer than an index entry allows (PostgreSQL: 2.7 KB) still fit.
http_cache = sa.Table(
    "http_cache", metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("etag", sa.Text),
    sa.Column("last_modified", sa.Text),
    sa.Column("content_hash", sa.String(64)),
    sa.Column("updated_at", TS, nullable=False),
)
documents = sa.Table(
    "documents", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("source_id", sa.String(80), nullable=False),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("url_hash", sa.String(64), nullable=False),
    sa.Column("final_url", sa.Text),
    sa.Column("canonical_url", sa.Text),
    sa.Column("content_hash", sa.String(64), nullable=False),
    sa.Column("content_type", sa.String(16), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),  # ok, discarded
    sa.Column("discard_reason", sa.Text),
    sa.Column("title", sa.Text),
    sa.Column("author", sa.Text),
    sa.Column("published", sa.Text),
    sa.Column("site_name", sa.Text),
    sa.Column("language_hint", sa.String(16)),
    sa.Column("language", sa.String(16)),
    sa.Column("is_primary", sa.Boolean, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("n_bytes", sa.Integer, nullable=False),
    sa.Column("first_run_id", sa.Integer, sa.ForeignKey("runs.id"), nullable=False),
    sa.Column("fetched_at", TS, nullable=False),
    sa.Column("languages", sa.JSON),  # [[language, share of letters], ...], dominant first
    # The extractor version and translations its claims were made with ("claims-1 translated=3");
    # null until the claim stage has seen it. A document whose state differs from the one now due
    # (new extractor, or a segment translated since) is extracted again.
    sa.Column("claims_state", sa.Text),
    sa.UniqueConstraint("url_hash", "content_hash", name="uq_documents_url_content"),
    sa.Index("ix_documents_source", "source_id"),
    sa.Index("ix_documents_hash", "content_hash"),
)
segments = sa.Table(
    "segments", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("start_offset", sa.Integer, nullable=False),
    sa.Column("end_offset", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("section", sa.Integer),  # position of the heading it falls under
    sa.Column("language", sa.String(16)),
    sa.Column("language_prob", sa.Float),
    sa.Column("script", sa.String(8)),
    sa.Column("language_method", sa.String(16)),
    sa.UniqueConstraint("document_id", "position", name="uq_segments_doc_pos"),
    sa.Index("ix_segments_language", "language"),
)
# One row per sentence a model translated, keyed by sha256(model, sentence): a re-run, a repost
# or an edited article never sends the same sentence through the same model twice.
translation_cache = sa.Table(
    "translation_cache", metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("model", sa.String(160), nullable=False),
    sa.Column("source_language", sa.String(16), nullable=False),
    sa.Column("target_language", sa.String(16), nullable=False),
    sa.Column("source_text", sa.Text, nullable=False),
    sa.Column("translation", sa.Text, nullable=False),
    sa.Column("created_at", TS, nullable=False),
)
# The translation of each segment not in the target language, or why there is none.
segment_translations = sa.Table(
    "segment_translations", metadata,
    sa.Column("segment_id", sa.Integer, sa.ForeignKey("segments.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    sa.Column("source_language", sa.String(16), nullable=False),
    sa.Column("target_language", sa.String(16), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),  # translated, missing-model, failed
    sa.Column("model", sa.String(160)),
    sa.Column("text", sa.Text),
    sa.Column("alignment", sa.JSON),  # [[src_start, src_end, dst_start, dst_end], ...] per sentence
    sa.Column("detail", sa.Text),
    sa.Column("updated_at", TS, nullable=False),
    sa.Index("ix_segment_translations_doc", "document_id"),
    sa.Index("ix_segment_translations_status", "status"),
)

# One row per claim (docs/claims.md); a document's claims are replaced as a whole, in the
# transaction that sets its documents.claims_state.
claims = sa.Table(
    "claims", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    sa.Column("segment_id", sa.Integer, sa.ForeignKey("segments.id", ondelete="CASCADE")),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("type", sa.String(16), nullable=False),
    sa.Column("subject", sa.Text, nullable=False),
    sa.Column("predicate", sa.String(32), nullable=False),
    sa.Column("value_kind", sa.String(16), nullable=False),
    sa.Column("value", sa.Text, nullable=False),
    sa.Column("start_char", sa.Integer, nullable=False),  # offsets in documents.text, original language
    sa.Column("end_char", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("sentence", sa.Text, nullable=False),
    sa.Column("precision", sa.String(8)),
    sa.Column("currency", sa.String(8)),
    sa.Column("money_kind", sa.String(16)),
    sa.Column("as_of", sa.String(16)),
    sa.Column("source", sa.String(16), nullable=False),
    sa.Column("attributed_to", sa.Text),
    sa.Column("hedging", sa.String(16), nullable=False),
    sa.Column("origin", sa.String(16), nullable=False),
    sa.Column("detail", sa.Text),
    sa.Column("language", sa.String(16), nullable=False),
    sa.Column("translated", sa.Boolean, nullable=False),
    sa.Column("translation_start", sa.Integer),  # offsets in the segment's translation
    sa.Column("translation_end", sa.Integer),
    sa.Column("method", sa.String(32), nullable=False),
    sa.Column("extractor", sa.String(32), nullable=False),
    sa.Column("created_at", TS, nullable=False),
    sa.Index("ix_claims_document", "document_id"),
    sa.Index("ix_claims_subject_predicate", "subject", "predicate"),
    sa.Index("ix_claims_type", "type"),
    sa.Index("ix_claims_origin", "origin"),
)
# Claim fields stored under another column name ("end" is reserved in SQL).
_CLAIM_COLUMNS = {"start": "start_char", "end": "end_char"}


def _foreign(target: str) -> sa.ColumnElement[bool]:
    """Segments with a language that is neither the target nor undetermined: those translation is for."""
    return sa.and_(segments.c.language.is_not(None), segments.c.language.not_in([target, UNDETERMINED]))


def _segment(row: Any) -> Segment:
    return Segment(position=row["position"], kind=row["kind"], start=row["start_offset"], end=row["end_offset"], text=row["text"],
                   section=row["section"], language=row["language"], language_prob=row["language_prob"], script=row["script"],
                   language_method=row["language_method"])


def _document(row: Any, items: tuple[Segment, ...]) -> Document:
    return Document(source_id=row["source_id"], url=row["url"], content_hash=row["content_hash"], content_type=row["content_type"],
                    fetched_at=row["fetched_at"], status=row["status"], discard_reason=row["discard_reason"], final_url=row["final_url"],
                    canonical_url=row["canonical_url"], title=row["title"], author=row["author"], published=row["published"],
                    site_name=row["site_name"], language_hint=row["language_hint"], language=row["language"],
                    languages=tuple((lang, share) for lang, share in row["languages"] or ()), is_primary=row["is_primary"],
                    text=row["text"], segments=items, n_bytes=row["n_bytes"])


def _claim(row: Any) -> Claim:
    return Claim(**{name: row[_CLAIM_COLUMNS.get(name, name)] for name in Claim.__dataclass_fields__})


def _state_prefix(extractor: str) -> str:
    return f"{extractor} translated="


def claims_state(extractor: str, translated: int) -> str:
    """What documents.claims_state holds for claims made by ``extractor`` with ``translated`` segments translated."""
    return f"{_state_prefix(extractor)}{translated}"


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _url_hash(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()


def _cache_key(url: str, role: str) -> str:
    return _url_hash(f"{role} {url}")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    return True


def _alembic_config(connection: Connection) -> AlembicConfig:
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")  # safe under WAL: a crash loses no committed transaction's integrity
    cursor.close()


def _engine(db_url: str) -> Engine:
    try:
        url = make_url(db_url)
    except ArgumentError:
        raise StoreError(f"cannot read database URL {db_url!r}; use sqlite:///path/to/claimwatch.db or postgresql://user@host/dbname") from None
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise StoreError(f"database {url.get_backend_name()!r} is not supported; use sqlite:///... or postgresql://...")
    if url.get_backend_name() == "postgresql" and url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    if url.drivername not in ("sqlite", "postgresql+psycopg"):
        raise StoreError(f"database driver {url.drivername!r} is not installed with claimwatch; use sqlite:///... or postgresql://... (psycopg 3)")
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            folder = Path(url.database).expanduser().parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot open the claim store at {url.database}: cannot create folder {folder} ({exc.strerror}); choose another --db path") from None
        # 30 s: a second process (a Prefect worker beside the CLI) waits for the write lock
        # instead of failing with "database is locked".
        engine = sa.create_engine(url, connect_args={"timeout": 30})
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return sa.create_engine(url, pool_pre_ping=True)


class Store:
    """One claim store. Reads may come from any thread; the pipeline writes from one."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._insert = postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- schema --------------------------------------------------------------------------------

    def upgrade(self) -> None:
        with self.engine.begin() as conn:
            command.upgrade(_alembic_config(conn), "head")

    def revision(self) -> tuple[str | None, str]:
        """(current revision of the database, newest revision shipped)."""
        with self.engine.connect() as conn:
            current = MigrationContext.configure(conn).get_current_revision()
            head = ScriptDirectory.from_config(_alembic_config(conn)).get_current_head()
        return current, head or ""

    # ---- runs ----------------------------------------------------------------------------------

    def start_run(self, sources_file: str | None) -> int:
        host = socket.gethostname()[:255]
        with self.engine.begin() as conn:
            # A run of this machine still marked running whose process is gone was cut off
            # (crash, kill): its writes were each atomic, so only its status is stale. Runs of
            # other machines sharing the store (Prefect workers) are theirs to settle.
            stale = conn.execute(sa.select(runs.c.id, runs.c.pid).where(runs.c.status == "running", runs.c.host == host)).all()
            dead = [run_id for run_id, pid in stale if not _alive(pid)]
            if dead:
                conn.execute(runs.update().where(runs.c.id.in_(dead)).values(status="interrupted"))
            row = runs.insert().values(started_at=_now(), status="running", sources_file=sources_file, host=host, pid=os.getpid())
            return int(conn.execute(row).inserted_primary_key[0])

    def finish_run(self, summary: RunSummary, status: str = "completed") -> None:
        payload = {
            "seconds": round(summary.seconds, 3),
            "sources": [asdict(r) for r in summary.sources],
            "languages": dict(summary.languages),
            "translation": asdict(summary.translation) if summary.translation else None,
            "claims": asdict(summary.claims) if summary.claims else None,
        }
        with self.engine.begin() as conn:
            conn.execute(runs.update().where(runs.c.id == summary.run_id).values(finished_at=summary.finished_at, status=status, summary=payload))

    def upsert_sources(self, items: list[Source]) -> None:
        now = _now()
        with self.engine.begin() as conn:
            for src in items:
                values = dict(kind=src.kind.value, url=src.url, language=src.language, tags=list(src.tags),
                              config={"min_interval": src.min_interval, "max_pages": src.max_pages, "follow": src.follow}, last_seen_at=now)
                stmt = self._insert(sources).values(id=src.id, first_seen_at=now, **values)
                conn.execute(stmt.on_conflict_do_update(index_elements=[sources.c.id], set_=values))

    # ---- fetch results and documents -------------------------------------------------------------

    def validators(self, url: str, role: str) -> Validators | None:
        """What the last good fetch of ``url`` read as ``role`` left for a conditional GET."""
        with self.engine.connect() as conn:
            query = sa.select(http_cache.c.etag, http_cache.c.last_modified, http_cache.c.content_hash).where(http_cache.c.key == _cache_key(url, role))
            row = conn.execute(query).first()
        return Validators(*row) if row else None

    def record(self, run_id: int, result: FetchResult, document: Document | None = None) -> bool:
        """Write one fetch outcome, its validators and its document with segments, all or nothing.

        Returns True when the document is new (not already stored with the same URL and bytes).
        """
        new = False
        with self.engine.begin() as conn:
            conn.execute(fetches.insert().values(
                run_id=run_id, source_id=result.source_id, url=result.url, final_url=result.final_url, role=result.role,
                outcome=result.outcome.value, status_code=result.status, n_bytes=result.n_bytes, elapsed_ms=result.elapsed_ms,
                content_hash=result.content_hash, error_class=result.error_class, error_message=result.error_message,
                fetched_at=result.fetched_at,
            ))
            if result.outcome is not Outcome.FAILED:
                cache = dict(etag=result.etag, last_modified=result.last_modified, content_hash=result.content_hash, updated_at=_now())
                stmt = self._insert(http_cache).values(key=_cache_key(result.url, result.role), url=result.url, role=result.role, **cache)
                conn.execute(stmt.on_conflict_do_update(index_elements=[http_cache.c.key], set_=cache))
            if document is not None:
                new = self._insert_document(conn, run_id, document)
        return new

    def _insert_document(self, conn: Connection, run_id: int, doc: Document) -> bool:
        stmt = self._insert(documents).values(
            source_id=doc.source_id, url=doc.url, url_hash=_url_hash(doc.url), final_url=doc.final_url, canonical_url=doc.canonical_url,
            content_hash=doc.content_hash, content_type=doc.content_type, status=doc.status, discard_reason=doc.discard_reason,
            title=doc.title, author=doc.author, published=doc.published, site_name=doc.site_name, language_hint=doc.language_hint,
            is_primary=doc.is_primary, text=doc.text, n_bytes=doc.n_bytes, first_run_id=run_id, fetched_at=doc.fetched_at,
            language=doc.language, languages=[list(x) for x in doc.languages] if doc.languages else None,
        ).on_conflict_do_nothing(index_elements=[documents.c.url_hash, documents.c.content_hash]).returning(documents.c.id)
        doc_id = conn.execute(stmt).scalar()
        if doc_id is None:
            return False
        if doc.segments:
            conn.execute(segments.insert(), [
                dict(document_id=doc_id, position=s.position, kind=s.kind, start_offset=s.start, end_offset=s.end, text=s.text,
                     section=s.section, language=s.language, language_prob=s.language_prob, script=s.script, language_method=s.language_method)
                for s in doc.segments
            ])
        return True

    # ---- languages and translations -------------------------------------------------------------

    def documents_without_language(self, limit: int = 200) -> list[tuple[int, str | None, list[Segment]]]:
        """Stored documents no language stage has seen (stored before it existed): (id, hint, segments)."""
        with self.engine.connect() as conn:
            ids = conn.execute(sa.select(documents.c.id, documents.c.language_hint)
                               .where(documents.c.status == "ok", documents.c.language.is_(None)).order_by(documents.c.id).limit(limit)).all()
            rows = conn.execute(sa.select(segments).where(segments.c.document_id.in_([doc_id for doc_id, _ in ids]))
                                .order_by(segments.c.document_id, segments.c.position)).all() if ids else []
        grouped: dict[int, list[Segment]] = {doc_id: [] for doc_id, _ in ids}
        for row in rows:
            grouped[row.document_id].append(_segment(row._mapping))
        return [(doc_id, hint, grouped[doc_id]) for doc_id, hint in ids]

    def set_languages(self, document_id: int, language: str, languages: list[tuple[str, float]], items: list[Segment]) -> None:
        """Write the language stage's verdicts for an already stored document, in one transaction."""
        with self.engine.begin() as conn:
            conn.execute(documents.update().where(documents.c.id == document_id).values(
                language=language, languages=[list(x) for x in languages] or None))
            if items:
                stmt = (segments.update().where(segments.c.document_id == document_id, segments.c.position == sa.bindparam("pos"))
                        .values(language=sa.bindparam("lang"), language_prob=sa.bindparam("prob"), script=sa.bindparam("scr"),
                                language_method=sa.bindparam("method")))
                conn.execute(stmt, [dict(pos=s.position, lang=s.language, prob=s.language_prob, scr=s.script, method=s.language_method)
                                    for s in items])

    def languages_waiting(self, target: str) -> set[str]:
        """Languages of segments with no translation into ``target`` yet (never seen, or left missing or failed)."""
        st = segment_translations
        query = (sa.select(segments.c.language).distinct().select_from(segments.outerjoin(st, st.c.segment_id == segments.c.id))
                 .where(_foreign(target), sa.or_(st.c.segment_id.is_(None), st.c.status != "translated")))
        with self.engine.connect() as conn:
            return {row[0] for row in conn.execute(query)}

    def pending_translations(self, target: str, languages: set[str], *, after: int = 0, limit: int = 64) -> list[tuple[int, list[tuple[int, Segment]]]]:
        """Documents with segments to translate into ``target``: [(document id, [(segment id, segment)])].

        A segment is pending when no translation stage has seen it yet, or when it was left
        ``missing-model`` or ``failed`` and a model for its language (one of ``languages``)
        is installed now. At most ``limit`` documents, with ids above ``after``.
        """
        st = segment_translations
        foreign = _foreign(target)
        unseen = sa.and_(foreign, st.c.segment_id.is_(None))
        retry = sa.and_(foreign, st.c.status != "translated", segments.c.language.in_(sorted(languages) or [""]))
        joined = segments.outerjoin(st, st.c.segment_id == segments.c.id)
        with self.engine.connect() as conn:
            doc_ids = [r[0] for r in conn.execute(
                sa.select(segments.c.document_id).select_from(joined).where(segments.c.document_id > after, sa.or_(unseen, retry))
                .group_by(segments.c.document_id).order_by(segments.c.document_id).limit(limit))]
            if not doc_ids:
                return []
            rows = conn.execute(sa.select(segments).select_from(joined)
                                .where(segments.c.document_id.in_(doc_ids), sa.or_(unseen, retry))
                                .order_by(segments.c.document_id, segments.c.position)).all()
        grouped: dict[int, list[tuple[int, Segment]]] = {d: [] for d in doc_ids}
        for row in rows:
            grouped[row.document_id].append((row.id, _segment(row._mapping)))
        return list(grouped.items())

    def cached_translations(self, keys: list[str] | tuple[str, ...]) -> dict[str, str]:
        """Sentences already translated: cache key -> translation."""
        found: dict[str, str] = {}
        with self.engine.connect() as conn:
            for i in range(0, len(keys), 500):
                query = sa.select(translation_cache.c.key, translation_cache.c.translation).where(translation_cache.c.key.in_(keys[i:i + 500]))
                found.update({k: v for k, v in conn.execute(query)})
        return found

    def record_translations(self, document_id: int, items: list[tuple[int, TranslatedSegment]], cache_rows: list[dict[str, str]]) -> None:
        """A document's segment translations and the sentences they added to the cache, in one transaction."""
        now = _now()
        with self.engine.begin() as conn:
            if cache_rows:
                # executemany, not one multi-row VALUES: PostgreSQL caps a statement at 65535 parameters.
                stmt = self._insert(translation_cache).on_conflict_do_nothing(index_elements=[translation_cache.c.key])
                conn.execute(stmt, [dict(row, created_at=now) for row in cache_rows])
            if items:
                stmt = self._insert(segment_translations)
                stmt = stmt.on_conflict_do_update(index_elements=[segment_translations.c.segment_id], set_={
                    name: stmt.excluded[name] for name in ("document_id", "source_language", "target_language", "status", "model",
                                                            "text", "alignment", "detail", "updated_at")})
                conn.execute(stmt, [dict(segment_id=segment_id, document_id=document_id, source_language=t.source_language,
                                         target_language=t.target_language, status=t.status, model=t.model, text=t.text, detail=t.detail,
                                         updated_at=now, alignment=[[a.src_start, a.src_end, a.dst_start, a.dst_end] for a in t.alignment] or None)
                                    for segment_id, t in items])

    def untranslated(self, target: str) -> dict[str, int]:
        """Segments with no translation into ``target`` for want of a model, by language."""
        st = segment_translations
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(st.c.source_language, sa.func.count()).where(st.c.status == "missing-model", st.c.target_language == target)
                                .group_by(st.c.source_language).order_by(st.c.source_language))
            return {lang: int(n) for lang, n in rows}

    def translations_of(self, document_id: int) -> dict[int, TranslatedSegment]:
        """A document's translated segments by position."""
        st = segment_translations
        query = (sa.select(st, segments.c.position, segments.c.start_offset).join(segments, segments.c.id == st.c.segment_id)
                 .where(st.c.document_id == document_id).order_by(segments.c.position))
        with self.engine.connect() as conn:
            return {row.position: TranslatedSegment(
                position=row.position, source_language=row.source_language, target_language=row.target_language, status=row.status,
                text=row.text, model=row.model, alignment=tuple(Alignment(*a) for a in (row.alignment or ())), detail=row.detail,
                segment_start=row.start_offset) for row in conn.execute(query)}

    # ---- claims --------------------------------------------------------------------------------

    def _translated_count(self) -> sa.ScalarSelect[int]:
        st = segment_translations
        return (sa.select(sa.func.count()).select_from(st)
                .where(st.c.document_id == documents.c.id, st.c.status == "translated").scalar_subquery())

    def pending_claims(self, extractor: str, *, after: int = 0, limit: int = 32) -> list[tuple[int, Document, dict[int, TranslatedSegment], str]]:
        """Documents whose claims are due: [(id, document with segments, translated segments by position, state)].

        Due means never extracted, extracted by another extractor version, or extracted before
        one of its segments got its translation. ``state`` is what :meth:`record_claims` should
        store with the new claims. At most ``limit`` documents of status ``ok``, ids above ``after``.
        """
        due = sa.literal(_state_prefix(extractor), sa.Text) + sa.cast(self._translated_count(), sa.Text)
        query = (sa.select(documents).where(documents.c.status == "ok", documents.c.id > after,
                                            sa.or_(documents.c.claims_state.is_(None), documents.c.claims_state != due))
                 .order_by(documents.c.id).limit(limit))
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
            if not rows:
                return []
            ids = [row.id for row in rows]
            grouped: dict[int, list[Segment]] = {doc_id: [] for doc_id in ids}
            for seg in conn.execute(sa.select(segments).where(segments.c.document_id.in_(ids)).order_by(segments.c.document_id, segments.c.position)):
                grouped[seg.document_id].append(_segment(seg._mapping))
        found = []
        for row in rows:
            translated = {pos: t for pos, t in self.translations_of(row.id).items() if t.status == "translated"}
            found.append((row.id, _document(row._mapping, tuple(grouped[row.id])), translated, claims_state(extractor, len(translated))))
        return found

    def record_claims(self, document_id: int, items: list[Claim] | tuple[Claim, ...], state: str) -> None:
        """Replace a document's claims with ``items`` and set its claims state (from :meth:`pending_claims`), in one transaction."""
        extractor = state.split(" translated=")[0]  # each row names the extractor that made it
        now = _now()
        with self.engine.begin() as conn:
            # The document's row first: on PostgreSQL this locks it, so two writers of the same
            # document's claims take turns, and the second one's DELETE sees the first one's rows.
            found = conn.execute(documents.update().where(documents.c.id == document_id).values(claims_state=state)).rowcount
            if not found:
                raise StoreError(f"no document {document_id} in the claim store at {self.url}")
            conn.execute(claims.delete().where(claims.c.document_id == document_id))
            if items:
                segment_ids = dict(conn.execute(sa.select(segments.c.position, segments.c.id).where(segments.c.document_id == document_id)).all())
                conn.execute(claims.insert(), [
                    {**{_CLAIM_COLUMNS.get(name, name): getattr(c, name) for name in Claim.__dataclass_fields__},
                     "document_id": document_id, "segment_id": segment_ids.get(c.position), "extractor": extractor, "created_at": now}
                    for c in items])

    def claims_of(self, document_id: int) -> list[Claim]:
        """A document's claims, in reading order."""
        query = sa.select(claims).where(claims.c.document_id == document_id).order_by(claims.c.start_char, claims.c.end_char, claims.c.id)
        with self.engine.connect() as conn:
            return [_claim(row._mapping) for row in conn.execute(query)]

    def find_document(self, ref: str | int) -> dict[str, Any] | None:
        """A document by id, or by URL (as requested, final after redirects, or canonical); the newest version of a URL."""
        text = str(ref).strip()
        if text.isdigit():
            condition = documents.c.id == int(text)
        else:
            condition = sa.or_(documents.c.url_hash == _url_hash(text), documents.c.final_url == text, documents.c.canonical_url == text)
        # An extracted version before a discarded one, then the newest.
        query = sa.select(documents).where(condition).order_by((documents.c.status == "ok").desc(), documents.c.id.desc()).limit(1)
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        return dict(row._mapping) if row else None

    def claim_overview(self) -> list[dict[str, Any]]:
        """Every extracted document with its claim count: id, url, title, language, claims, claims_state."""
        n = sa.select(sa.func.count()).select_from(claims).where(claims.c.document_id == documents.c.id).scalar_subquery()
        query = (sa.select(documents.c.id, documents.c.url, documents.c.title, documents.c.language, documents.c.claims_state, n.label("claims"))
                 .where(documents.c.status == "ok").order_by(documents.c.id))
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(query)]

    def language_counts(self, run_id: int | None = None) -> dict[str, int]:
        """Segments by language, over the store or over the documents first stored by one run."""
        query = sa.select(segments.c.language, sa.func.count()).select_from(segments.join(documents, documents.c.id == segments.c.document_id))
        if run_id is not None:
            query = query.where(documents.c.first_run_id == run_id)
        query = query.group_by(segments.c.language).order_by(sa.func.count().desc())
        with self.engine.connect() as conn:
            return {lang or "?": int(n) for lang, n in conn.execute(query)}

    # ---- reading -------------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            return {t.name: int(conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()) for t in metadata.sorted_tables}

    def documents(self, *, status: str | None = None) -> list[dict[str, Any]]:
        query = sa.select(documents).order_by(documents.c.id)
        if status:
            query = query.where(documents.c.status == status)
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(query)]

    def segments_of(self, document_id: int) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(segments).where(segments.c.document_id == document_id).order_by(segments.c.position))
            return [dict(row._mapping) for row in rows]

    def fetch_log(self, run_id: int | None = None) -> list[dict[str, Any]]:
        query = sa.select(fetches).order_by(fetches.c.id)
        if run_id is not None:
            query = query.where(fetches.c.run_id == run_id)
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(query)]

    def runs(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(sa.select(runs).order_by(runs.c.id))]


def open_store(db_url: str, *, migrate: bool = True) -> Store:
    """Open (and by default migrate to the newest schema) the store at ``db_url``."""
    store = Store(_engine(db_url))
    try:
        if migrate:
            store.upgrade()
        else:
            with store.engine.connect():
                pass
    except OperationalError as exc:
        store.close()
        raise StoreError(f"cannot open the claim store at {store.url}: {one_line(exc.orig)}; check the path or server, and that it is writable") from None
    except CommandError as exc:
        store.close()
        raise StoreError(f"the claim store at {store.url} has a schema this claimwatch does not know ({one_line(exc)}); upgrade claimwatch, or point --db at another store") from None
    except SQLAlchemyError as exc:
        store.close()
        raise StoreError(f"cannot migrate the claim store at {store.url}: {one_line(exc)}; restore a backup or point --db at a new file") from None
    return store

