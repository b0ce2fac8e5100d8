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
    "Alignment",
    "TranslatedSegment",
    "TranslationReport",
    "UNDETERMINED",
    "Claim",
    "ClaimReport",
]

#: ISO 639-2 "undetermined": a segment with no letters, or only names and numbers no reader could place
UNDETERMINED = "und"


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
    kind: str  # title, heading, paragraph, list-item, table-row, quote, code, text
    start: int
    end: int
    text: str
    section: int | None = None  # position of the heading this segment falls under (FAQ, timeline, ...)
    language: str | None = None  # ISO 639-1, or "und"; set by the language stage
    language_prob: float | None = None
    script: str | None = None  # ISO 15924: Latn, Hans, Hant, Jpan, Kore, ...
    language_method: str | None = None  # langdetect, script, document, hint, none


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
    language_hint: str | None = None  # the page's <html lang>, else the source's language
    language: str | None = None  # dominant language, by letters; set by the language stage
    languages: tuple[tuple[str, float], ...] = ()  # (language, share of letters), dominant first
    is_primary: bool = False
    text: str = ""
    segments: tuple[Segment, ...] = ()
    n_bytes: int = 0


@dataclass(frozen=True, slots=True)
class Alignment:
    """One sentence chunk: its span in the original segment and in the translation, both 0-based, end exclusive."""

    src_start: int
    src_end: int
    dst_start: int
    dst_end: int
    cached: bool = False  # came from the translation cache, not from the model


@dataclass(frozen=True, slots=True)
class TranslatedSegment:
    """A segment in the target language, aligned sentence by sentence with its original.

    ``status`` is ``translated``; ``not-needed`` (already in the target language, or no
    language at all: names, numbers, dates; ``text`` is the original); ``missing-model``
    (no package for ``source_language`` -> ``target_language`` is installed; ``text`` is
    None); or ``failed`` (the model raised; ``detail`` says what). ``model`` names the
    package and its version (``argos:translate-de_en@1.9``).
    """

    position: int  # the original segment's position in its document
    source_language: str
    target_language: str
    status: str
    text: str | None
    model: str | None = None
    alignment: tuple[Alignment, ...] = ()
    detail: str | None = None
    segment_start: int = 0  # the original segment's offset in the document text

    @property
    def label(self) -> str:
        """How the store and the digest show the status: ``translated``, ``missing-model (de->en)``, ..."""
        if self.status == "missing-model":
            return f"missing-model ({self.source_language}->{self.target_language})"
        return self.status

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original segment that ``[start, end)`` of the translation came from.

        Sentence-level: a span inside one translated sentence maps to that whole original
        sentence; a span across sentences maps to all of them.
        """
        if not self.alignment:
            return 0, 0
        hits = [a for a in self.alignment if a.dst_start < end and start < a.dst_end]
        if not hits:  # inside the space between two sentences: the nearer one
            hits = [min(self.alignment, key=lambda a: min(abs(a.dst_start - start), abs(a.dst_end - end)))]
        return min(a.src_start for a in hits), max(a.src_end for a in hits)

    def document_span(self, start: int, end: int) -> tuple[int, int]:
        """Like :meth:`original_span`, in offsets of the document's extracted text."""
        lo, hi = self.original_span(start, end)
        return self.segment_start + lo, self.segment_start + hi


@dataclass(slots=True)
class TranslationReport:
    """What a run's translation stage did, and what it could not do for want of a model."""

    target_language: str = "en"
    segments_translated: int = 0
    chunks_from_model: int = 0
    chunks_from_cache: int = 0
    segments_failed: int = 0
    # Segments in the store still without a translation because no model is installed, by language.
    missing: dict[str, int] = field(default_factory=dict)
    models: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def fix_command(self) -> str | None:
        if not self.missing:
            return None
        return "claimwatch models install " + " ".join(sorted(self.missing))


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
    languages: dict[str, int] = field(default_factory=dict)  # segments stored this run, by language
    translation: TranslationReport | None = None
    claims: ClaimReport | None = None

    def total(self, name: str) -> int:
        return sum(getattr(r, name) for r in self.sources)

    @property
    def seconds(self) -> float:
        return (self.finished_at - self.started_at).total_seconds()


@dataclass(frozen=True, slots=True)
class Claim:
    """One checkable statement of a document, typed and normalised, with its provenance.

    The vocabulary (types, predicates, value kinds, source, hedging, origin) is in
    docs/claims.md. Offsets: ``start``/``end`` index the document's extracted text and cover
    the claim's words in the original language (for a translated segment, the original
    sentence the English came from); ``translation_start``/``translation_end`` index the
    segment's English translation when the claim was read from one.
    """

    position: int  # the segment's position in its document
    type: str  # date, policy-change, leak, funding, quote, relation
    subject: str  # canonical entity id (data/aliases.yaml), or the slug of an unknown name
    predicate: str
    value_kind: str  # date, money, version, entity, text
    value: str  # ISO date, decimal amount, version, entity id, or the phrase as worded
    start: int
    end: int
    text: str  # the claim's words as read (English, original or translated)
    sentence: str  # the sentence they stand in, as read
    precision: str | None = None  # day, month, year (dates)
    currency: str | None = None  # ISO 4217 (money)
    money_kind: str | None = None  # round, post-money, pre-money, valuation, revenue, run-rate
    as_of: str | None = None  # ISO date with precision: when the statement is said to hold
    source: str = "outlet"  # outlet, attributed, reportedly, anonymous, document
    attributed_to: str | None = None  # entity id, when source is attributed
    hedging: str = "asserted"  # asserted, reported, speculated, denied
    origin: str = "body"  # body, ai-generated, timeline, faq, boilerplate
    detail: str | None = None  # round name, role, version a date belongs to, ...
    language: str = "en"  # language of the original words
    translated: bool = False  # read from a machine translation of the segment
    translation_start: int | None = None
    translation_end: int | None = None
    method: str = "full"  # full (English text), or language-independent (untranslated segment)

    @property
    def value_dict(self) -> dict[str, object]:
        """The typed value as the evaluation set and JSON output write it."""
        if self.value_kind == "money":
            return {"money": {"amount": self.value, "currency": self.currency, "kind": self.money_kind}}
        return {self.value_kind: self.value}


@dataclass(slots=True)
class ClaimReport:
    """What a run's claim stage did."""

    documents: int = 0
    claims: int = 0
    words: int = 0
    language_independent: int = 0  # claims read from untranslated segments (dates, amounts, names only)
    failed: int = 0
    seconds: float = 0.0
    by_type: dict[str, int] = field(default_factory=dict)

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0
