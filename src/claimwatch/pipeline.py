"""One claimwatch run in plain Python: sources -> fetch -> extract -> store (the CLI and flows call this)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timezone

import httpx
from sqlalchemy.exc import DataError, IntegrityError, SQLAlchemyError

from .config import Settings
from .errors import one_line
from .extract import extract
from .fetch import fetch
from .models import FetchResult, Outcome, RunSummary, SourceReport
from .sources import SourcesFile
from .store import Store

__all__ = ["run"]

log = logging.getLogger(__name__)

ProgressCallback = Callable[[FetchResult, SourceReport], None]


def run(
    sources_file: SourcesFile,
    *,
    settings: Settings,
    store: Store,
    client: httpx.Client | None = None,
    on_result: ProgressCallback | None = None,
) -> RunSummary:
    """Fetch every source once, extract what is new, and store it; returns the run's summary.

    Each fetch outcome is written with its document and segments in one transaction, so a
    run cut off at any point leaves whole documents only, and a re-run adds no duplicates.
    """
    items = list(sources_file.sources)
    by_id = {s.id: s for s in items}
    reports = {s.id: SourceReport(source_id=s.id, kind=s.kind.value) for s in items}
    started = datetime.now(timezone.utc)
    run_id = store.start_run(sources_file.path)
    store.upsert_sources(items)
    status = "failed"
    try:
        for result in fetch(items, settings=settings, client=client, validators=store.validators):
            report = reports[result.source_id]
            report.requests += 1
            document = None
            if result.outcome is Outcome.FETCHED and result.role == "document":
                document = extract(result, settings=settings, source=by_id[result.source_id])
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
        status = "completed"
    except KeyboardInterrupt:
        status = "interrupted"
        raise
    finally:
        summary = RunSummary(run_id=run_id, started_at=started, finished_at=datetime.now(timezone.utc),
                             sources=tuple(reports[s.id] for s in items), db_url=store.url)
        try:
            store.finish_run(summary, status=status)
        except SQLAlchemyError:
            # The store went away mid-run; do not hide the error that ended the run.
            log.exception("cannot record the end of run %s", run_id)
            if status == "completed":
                raise
    return summary
