"""Typed, frozen records that pass between claimwatch's stages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

__all__ = [
    "SourceKind",
    "Source",
    "Validators",
    "Outcome",
    "FetchResult",
    "Segment",
    "Document",
    "SourceReport",
    "RunSummary",
]


class SourceKind(StrEnum):
    FEED = "feed"  # RSS or Atom: the feed is fetched, then each entry's page
    PAGE = "page"  # one article, or an index page whose links are followed (``follow``)
    SITEMAP = "sitemap"  # an XML sitemap: each <loc> is fetched as an article
    PRIMARY = "primary"  # a primary document (policy page or PDF), kept as a reference
    LOCAL = "local"  # a folder of .html/.htm/.pdf/.txt files on disk


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    kind: SourceKind
    url: str  # absolute http(s) URL, or a folder path for ``local``
    language: str | None = None
    tags: tuple[str, ...] = ()
    min_interval: float = 1.0  # seconds between two requests made for this source
    max_pages: int = 50  # documents fetched per run, at most (a feed or index counts apart)
    follow: str | None = None  # regex: links of an index ``page`` to fetch as articles
    line: int = 0  # line in the sources file, for messages


@dataclass(frozen=True, slots=True)
class Validators:
    """What the store remembers of a URL's last good fetch, for conditional GET."""

    etag: str | None = None
    last_modified: str | None = None
    content_hash: str | None = None


class Outcome(StrEnum):
    FETCHED = "fetched"  # new bytes arrived
    UNCHANGED = "unchanged"  # 304, or the same bytes as the stored copy
    FAILED = "failed"  # recorded with error class and message


@dataclass(frozen=True, slots=True)
class FetchResult:
    """One request's outcome; every request claimwatch makes ends as one of these."""

    source_id: str
    url: str
    role: str  # "document", "feed", "sitemap", "index"
    outcome: Outcome
    fetched_at: datetime
    final_url: str | None = None
    status: int | None = None
    content: bytes | None = field(default=None, repr=False)
    content_type: str | None = None
    content_hash: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    n_bytes: int = 0
    elapsed_ms: int = 0
    error_class: str | None = None
    error_message: str | None = None
    retryable: bool = False  # a failure that a later run may not see again (timeout, 5xx, reset)
    # feed/sitemap metadata for the entry this document came from
    hint_title: str | None = None
    hint_published: str | None = None


@dataclass(frozen=True, slots=True)
class Segment:
    """A span of a document's extracted text, with its offsets and structural kind."""

    position: int
    kind: str  # title, heading, paragraph, list-item, table-row, quote, text
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Document:
    """Extracted text and metadata of one fetched resource (or the reason it was discarded)."""

    source_id: str
    url: str
    content_hash: str  # sha256 of the raw bytes as served
    content_type: str
    fetched_at: datetime
    status: str = "ok"  # "ok" or "discarded"
    discard_reason: str | None = None
    final_url: str | None = None
    canonical_url: str | None = None
    title: str | None = None
    author: str | None = None
    published: str | None = None  # ISO date as the page states it
    site_name: str | None = None
    language_hint: str | None = None
    is_primary: bool = False
    text: str = ""
    segments: tuple[Segment, ...] = ()
    n_bytes: int = 0


@dataclass(slots=True)
class SourceReport:
    """What one run did for one source (mutable while the run goes on)."""

    source_id: str
    kind: str
    requests: int = 0
    fetched: int = 0
    unchanged: int = 0
    failed: int = 0
    new_documents: int = 0
    discarded: int = 0
    last_error: str | None = None


@dataclass(frozen=True, slots=True)
class RunSummary:
    run_id: int
    started_at: datetime
    finished_at: datetime
    sources: tuple[SourceReport, ...]
    db_url: str

    def total(self, name: str) -> int:
        return sum(getattr(r, name) for r in self.sources)

    @property
    def seconds(self) -> float:
        return (self.finished_at - self.started_at).total_seconds()
