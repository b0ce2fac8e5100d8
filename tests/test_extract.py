"""Extraction: main text, metadata and segments with exact offsets; unusable input is discarded with a reason."""

from __future__ import annotations

import io
from datetime import datetime, timezone

import pypdf
import pytest

from claimwatch.config import Settings
from claimwatch.extract import extract, segment_blocks, sniff_kind
from claimwatch.fetch import sha256
from claimwatch.models import Document, FetchResult, Outcome, Source, SourceKind

from conftest import fixture_bytes


def fetched(body: bytes, content_type: str | None = "text/html; charset=utf-8", **hints: str) -> FetchResult:
    return FetchResult(source_id="s", url="http://127.0.0.1/x", role="document", outcome=Outcome.FETCHED,
                       fetched_at=datetime.now(timezone.utc), content=body, content_hash=sha256(body), content_type=content_type, **hints)


def assert_offsets_hold(doc: Document) -> None:
    for segment in doc.segments:
        assert doc.text[segment.start:segment.end] == segment.text


def test_article_text_metadata_and_segment_kinds(settings: Settings) -> None:
    doc = extract(fetched(fixture_bytes("site/article_en.html")), settings=settings)
    assert doc.status == "ok"
    assert (doc.title, doc.author, doc.published, doc.site_name) == (
        "Lab narrows its scaling pledge in policy rewrite", "Mira Castellanos", "2026-02-26", "Harbor Tech Review")
    assert doc.canonical_url == "https://harbortech.example/policy/scaling-pledge-rewrite"
    kinds = [s.kind for s in doc.segments]
    assert kinds[0] == "title" and "heading" in kinds and kinds.count("list-item") == 3
    assert "Jared Kaplan told Harbor Tech Review" in doc.text
    # a timeline row's date inside <time> survives extraction
    assert [s.text for s in doc.segments if s.kind == "list-item"][-1] == "24 February 2026: version 3.0 drops the pause commitment."
    # boilerplate stays out
    assert "cookies" not in doc.text and "All rights reserved" not in doc.text and "Who audits" not in doc.text
    assert_offsets_hold(doc)


def test_non_english_article_keeps_its_text(settings: Settings) -> None:
    source = Source(id="s", kind=SourceKind.FEED, url="http://x/", language="de")
    doc = extract(fetched(fixture_bytes("site/article_de.html")), settings=settings, source=source)
    assert doc.status == "ok" and doc.language_hint == "de"
    assert "Drittanbieters" in doc.text and doc.published == "2026-04-22"


def test_consent_wall_is_discarded_with_reason(settings: Settings) -> None:
    doc = extract(fetched(fixture_bytes("site/consent_wall.html")), settings=settings)
    assert doc.status == "discarded"
    assert doc.discard_reason and ("no main text" in doc.discard_reason or "too little text" in doc.discard_reason)
    assert doc.text == "" and doc.segments == ()


def test_pdf_text_and_metadata(settings: Settings, policy_pdf: bytes) -> None:
    source = Source(id="rsp", kind=SourceKind.PRIMARY, url="http://x/p.pdf")
    doc = extract(fetched(policy_pdf, "application/pdf"), settings=settings, source=source)
    assert doc.status == "ok" and doc.is_primary and doc.content_type == "pdf"
    assert doc.title == "Frontier Safety Commitments - Version History"
    assert "removed the commitment to pause training" in doc.text
    paragraphs = [s.text for s in doc.segments if s.kind == "paragraph"]
    # wrapped PDF lines are joined back into whole paragraphs
    assert any(p.startswith("Version 2.0 took effect") and p.endswith("reports to the board.") for p in paragraphs)
    assert_offsets_hold(doc)


def test_pdf_served_with_a_wrong_content_type_is_still_read(settings: Settings, policy_pdf: bytes) -> None:
    assert extract(fetched(policy_pdf, "application/octet-stream"), settings=settings).content_type == "pdf"


def test_encrypted_pdf_is_discarded(settings: Settings, policy_pdf: bytes) -> None:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(policy_pdf)))
    writer.encrypt(user_password="secret", algorithm="AES-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    doc = extract(fetched(buffer.getvalue(), "application/pdf"), settings=settings)
    assert doc.status == "discarded" and "encrypted" in doc.discard_reason


def test_pdf_with_a_malformed_date_keeps_its_text(settings: Settings, policy_pdf: bytes) -> None:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(policy_pdf)))
    writer.add_metadata({"/CreationDate": "D:2024-13-45"})  # month 13: common in real PDFs
    buffer = io.BytesIO()
    writer.write(buffer)
    doc = extract(fetched(buffer.getvalue(), "application/pdf"), settings=settings)
    assert doc.status == "ok" and doc.published is None and "Version 3.0" in doc.text


def test_control_characters_are_dropped_and_offsets_hold(settings: Settings) -> None:
    body = ("Board statement\n\n" + "The board approved the\x07 revised policy after a review of the results. " * 16 + "A stray\x00 byte. " * 4).encode()
    doc = extract(fetched(body, "text/plain"), settings=settings)
    assert doc.status == "ok" and "\x00" not in doc.text and "\x07" not in doc.text
    assert_offsets_hold(doc)


def test_corrupt_pdf_is_discarded(settings: Settings, policy_pdf: bytes) -> None:
    doc = extract(fetched(policy_pdf[:400], "application/pdf"), settings=settings)
    assert doc.status == "discarded" and doc.discard_reason.startswith(("unreadable PDF", "too little text"))


@pytest.mark.parametrize(
    ("body", "ctype", "reason"),
    [
        (b"", "text/html", "empty body"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "text/html", "binary content"),
        (b"GIF89a" + bytes(100), "image/gif", "binary content"),
    ],
)
def test_unusable_bodies_are_discarded(settings: Settings, body: bytes, ctype: str, reason: str) -> None:
    doc = extract(fetched(body, ctype), settings=settings)
    assert doc.status == "discarded" and reason in doc.discard_reason


def test_plain_text_document(settings: Settings) -> None:
    text = "Board statement\n\n" + "The board approved the revised policy after a review of the evaluation results. " * 4
    doc = extract(fetched(text.encode(), "text/plain; charset=utf-8"), settings=settings)
    assert doc.status == "ok" and doc.title == "Board statement" and doc.segments[1].kind == "paragraph"


def test_feed_hints_fill_missing_metadata(settings: Settings) -> None:
    body = b"<html><body><article>" + b"<p>" + b"A sentence about a policy change that is long enough to count. " * 6 + b"</p></article></body></html>"
    doc = extract(fetched(body, hint_title="From the feed", hint_published="2026-03-01T00:00:00+00:00"), settings=settings)
    assert (doc.title, doc.published) == ("From the feed", "2026-03-01T00:00:00+00:00")


def test_segment_blocks_offsets_and_whitespace() -> None:
    text, segments = segment_blocks([("title", "  A  title "), ("paragraph", ""), ("paragraph", "Line one\n line two")])
    assert text == "A title\nLine one line two"
    assert [(s.position, s.start, s.end) for s in segments] == [(0, 0, 7), (1, 8, 25)]


@pytest.mark.parametrize(
    ("ctype", "head", "kind"),
    [("text/html", b"<html>", "html"), (None, b"%PDF-1.7", "pdf"), ("application/pdf", b"junk", "pdf"),
     ("text/plain", b"hello", "text"), ("application/zip", b"PK\x03\x04", "binary"), ("application/xhtml+xml", b"<html>", "html")],
)
def test_sniff_kind(ctype: str | None, head: bytes, kind: str) -> None:
    assert sniff_kind(ctype, head) == kind
