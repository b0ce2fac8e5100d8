"""One claimwatch run in plain Python: sources -> fetch -> extract -> language -> store -> translate -> claims (the CLI and flows call this)."""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime, timezone

import httpx
from sqlalchemy.exc import DataError, IntegrityError, SQLAlchemyError

from . import claims as claim_stage
from .config import Settings
from .entities import AliasTable, load_aliases
from .errors import one_line
from .extract import extract
from .fetch import fetch
from .language import identify, identify_segments
from .models import UNDETERMINED, Claim, ClaimReport, Document, FetchResult, Outcome, RunSummary, SourceReport, TranslatedSegment, TranslationReport
from .sources import SourcesFile
from .store import Store
from .translate import Translator, new_cache_entries, translate

__all__ = ["run", "translate_pending", "identify_pending", "extract_claims_pending"]

log = logging.getLogger(__name__)

ProgressCallback = Callable[[FetchResult, SourceReport], None]


def run(
    sources_file: SourcesFile,
    *,
    settings: Settings,
    store: Store,
    client: httpx.Client | None = None,
    on_result: ProgressCallback | None = None,
    translator: Translator | None = None,
    nlp: object | None = None,
) -> RunSummary:
    """Fetch every source once, extract what is new, and store it; returns the run's summary.

    Each fetch outcome is written with its document and segments in one transaction, so a
    run cut off at any point leaves whole documents only, and a re-run adds no duplicates.
    """
    items = list(sources_file.sources)
    by_id = {s.id: s for s in items}
    reports = {s.id: SourceReport(source_id=s.id, kind=s.kind.value) for s in items}
    started = datetime.now(timezone.utc)
    translation: TranslationReport | None = None
    claim_report: ClaimReport | None = None
    run_id = store.start_run(sources_file.path)
    store.upsert_sources(items)
    status = "failed"
    try:
        for result in fetch(items, settings=settings, client=client, validators=store.validators):
            report = reports[result.source_id]
            report.requests += 1
            document = None
            if result.outcome is Outcome.FETCHED and result.role == "document":
                document = identify(extract(result, settings=settings, source=by_id[result.source_id]))
            try:
                is_new = store.record(run_id, result, document)
            except (DataError, IntegrityError) as exc:
                # The database refused a value in this one row (the transaction rolled back):
                # the outcome is recorded as a failure with the reason, and the run goes on.
                # A store that is down raises OperationalError instead, which ends the run.
                log.error("cannot store %s: %s", result.url, exc)
                reason = one_line(getattr(exc, "orig", None) or exc)
                result = replace(result, outcome=Outcome.FAILED, content=None, error_class="StoreError",
                                 error_message=f"the store refused this document: {reason}")
                document = None
                is_new = store.record(run_id, result)
            if result.outcome is Outcome.FETCHED:
                report.fetched += 1
            elif result.outcome is Outcome.UNCHANGED:
                report.unchanged += 1
            else:
                report.failed += 1
                report.last_error = f"{result.error_class}: {result.error_message}"
            if document is not None and is_new:
                if document.status == "ok":
                    report.new_documents += 1
                else:
                    report.discarded += 1
            if on_result is not None:
                on_result(result, report)
        identify_pending(store)
        translation = translate_pending(store, settings=settings, translator=translator)
        claim_report = extract_claims_pending(store, settings=settings, nlp=nlp)
        status = "completed"
    except KeyboardInterrupt:
        status = "interrupted"
        raise
    finally:
        summary = RunSummary(run_id=run_id, started_at=started, finished_at=datetime.now(timezone.utc),
                             sources=tuple(reports[s.id] for s in items), db_url=store.url, translation=translation,
                             claims=claim_report)
        try:
            summary.languages.update(store.language_counts(run_id))
            store.finish_run(summary, status=status)
        except SQLAlchemyError:
            # The store went away mid-run; do not hide the error that ended the run.
            log.exception("cannot record the end of run %s", run_id)
            if status == "completed":
                raise
    return summary


def identify_pending(store: Store, *, batch: int = 200) -> int:
    """Give a language to stored documents that have none (stored before the language stage existed)."""
    done = 0
    while True:
        pending = store.documents_without_language(limit=batch)
        if not pending:
            return done
        for document_id, hint, segments in pending:
            labelled, dominant, languages = identify_segments(segments, hint=hint)
            store.set_languages(document_id, dominant, languages, list(labelled))
            done += 1


def translate_pending(store: Store, *, settings: Settings, translator: Translator | None = None) -> TranslationReport:
    """Translate every stored segment that needs it and can be, one transaction per document.

    Segments in a language with no installed model are recorded ``missing-model``, and picked
    up by a later run once the model is installed. Sentences come from the store's cache when
    the same model translated them before.
    """
    began = time.monotonic()
    target = settings.target_language
    translator = translator or Translator(settings, lookup=store.cached_translations)
    if translator.lookup is None:
        translator.lookup = store.cached_translations
    report = TranslationReport(target_language=target)
    if not store.languages_waiting(target):
        # Nothing to translate: do not even look at the models folder (nor import argostranslate).
        report.seconds = round(time.monotonic() - began, 3)
        return report
    available = {source for source, to in translator.models() if to == target}
    after = 0
    while True:
        pending = store.pending_translations(target, available, after=after, limit=settings.translate_batch)
        if not pending:
            break
        after = pending[-1][0]
        flat = [(document_id, segment_id, segment) for document_id, items in pending for segment_id, segment in items]
        try:
            results = translate([segment for _, _, segment in flat], settings=settings, translator=translator)
        except Exception:
            # Something in one document broke the batch: go document by document, so that one is
            # recorded as failed with its reason and the others are translated.
            log.warning("translation batch failed; retrying document by document", exc_info=True)
            results = []
            for document_id, items in pending:
                segs = [segment for _, segment in items]
                try:
                    results += translate(segs, settings=settings, translator=translator)
                except Exception as exc:
                    reason = f"translation failed: {type(exc).__name__}: {one_line(exc)}"
                    results += [TranslatedSegment(s.position, s.language or UNDETERMINED, target, "failed", None, detail=reason,
                                                  segment_start=s.start) for s in segs]
        by_document: dict[int, list] = {}
        for (document_id, segment_id, segment), result in zip(flat, results):
            by_document.setdefault(document_id, []).append((segment_id, segment, result))
        for document_id, rows in by_document.items():
            originals = {segment.position: segment.text for _, segment, _ in rows}
            done = [result for _, _, result in rows]
            store.record_translations(document_id, [(segment_id, result) for segment_id, _, result in rows], new_cache_entries(done, originals))
            for result in done:
                if result.status == "translated":
                    report.segments_translated += 1
                    report.chunks_from_cache += sum(a.cached for a in result.alignment)
                    report.chunks_from_model += sum(not a.cached for a in result.alignment)
                    if result.model and result.model not in report.models:
                        report.models.append(result.model)
                elif result.status == "failed":
                    report.segments_failed += 1
    report.missing = store.untranslated(target)
    report.seconds = round(time.monotonic() - began, 3)
    return report


ClaimItem = tuple[Document, Mapping[int, TranslatedSegment]]


def extract_claims_pending(store: Store, *, settings: Settings, nlp: object | None = None, aliases: AliasTable | None = None) -> ClaimReport:
    """Extract the claims of every stored document that needs them, one transaction per document.

    A document needs them when it is new, when the extractor's version changed, or when one of
    its segments was translated since its claims were made; its old claims are replaced. A
    document the extractor fails on is logged and counted, keeps its old claims, and is tried
    again by the next run.
    """
    began = time.monotonic()
    report = ClaimReport()
    types: Counter[str] = Counter()
    after = 0
    while True:
        pending = store.pending_claims(claim_stage.EXTRACTOR_VERSION, after=after, limit=settings.claims_batch)
        if not pending:
            break
        after = pending[-1][0]
        if aliases is None:
            aliases = load_aliases()  # only once there is something to read
        items: list[ClaimItem] = [(document, translated) for _, document, translated, _ in pending]
        try:
            results: list[tuple[Claim, ...] | None] = list(_extract(items, settings=settings, nlp=nlp, aliases=aliases))
        except Exception:
            # Something in one document broke the batch: go document by document, so that one is
            # logged and counted and the others get their claims.
            log.warning("claim extraction batch failed; retrying document by document", exc_info=True)
            results = []
            for (document_id, document, _, _), item in zip(pending, items):
                try:
                    results += _extract([item], settings=settings, nlp=nlp, aliases=aliases)
                except Exception as exc:
                    log.error("cannot extract claims of document %s (%s): %s: %s", document_id, document.url, type(exc).__name__, one_line(exc))
                    results.append(None)
        for (document_id, document, translated, state), found in zip(pending, results):
            if found is None:
                report.failed += 1
                continue
            try:
                store.record_claims(document_id, found, state)
            except (DataError, IntegrityError) as exc:
                # The database refused a value of this document's claims (the transaction rolled
                # back, its old claims stand); a store that is down raises OperationalError instead.
                log.error("cannot store the claims of document %s (%s): %s", document_id, document.url, one_line(getattr(exc, "orig", None) or exc))
                report.failed += 1
                continue
            report.documents += 1
            report.claims += len(found)
            report.words += _words_read(document, translated)
            report.language_independent += sum(c.method == "language-independent" for c in found)
            types.update(c.type for c in found)
    report.by_type = dict(types.most_common())
    report.seconds = round(time.monotonic() - began, 3)
    return report


def _extract(items: Sequence[ClaimItem], *, settings: Settings, nlp: object | None, aliases: AliasTable) -> list[tuple[Claim, ...]]:
    results = claim_stage.extract_claims(items, settings=settings, nlp=nlp, aliases=aliases)
    if len(results) != len(items):
        raise ValueError(f"extract_claims returned {len(results)} results for {len(items)} documents")
    return list(results)


def _words_read(document: Document, translated: Mapping[int, TranslatedSegment]) -> int:
    """Words the extractor read: each segment's English translation where it has one, else its own text."""
    total = 0
    for segment in document.segments:
        t = translated.get(segment.position)
        total += len((t.text if t is not None and t.text else segment.text).split())
    return total
