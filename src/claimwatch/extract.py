"""Turn fetched bytes into text, metadata and structural segments (trafilatura for HTML, pypdf for PDF)."""

from __future__ import annotations

import io
import logging
import re
from dataclasses import replace
from datetime import datetime

import lxml.etree
import pypdf
import trafilatura

from .config import Settings
from .errors import ExtractError
from .models import Document, FetchResult, Segment, Source, SourceKind

__all__ = ["extract", "segment_blocks", "sniff_kind", "clean_text"]

log = logging.getLogger(__name__)

XML_KINDS = {"head": "heading", "p": "paragraph", "quote": "quote", "code": "code"}


def sniff_kind(content_type: str | None, body: bytes) -> str:
    """``pdf``, ``html``, ``text`` or ``binary``, from the bytes first and the declared type second."""
    head = body[:1024].lstrip()
    if head.startswith(b"%PDF-"):
        return "pdf"
    ctype = (content_type or "").split(";")[0].strip().lower()
    if ctype == "application/pdf":
        return "pdf"  # declared PDF without the magic: pypdf will say what is wrong
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary"
    if ctype == "text/plain":
        return "text"
    if ctype and not (ctype.startswith("text/") or "html" in ctype or "xml" in ctype):
        return "binary"
    return "html"


# C0 controls (NUL included, which PostgreSQL text cannot hold) and DEL, but not tab or newline.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(raw: str | None) -> str:
    """One line of text: control characters dropped, whitespace runs folded to one space."""
    return " ".join(_CONTROL.sub(" ", raw or "").split())


def segment_blocks(blocks: list[tuple[str, str]] | list[tuple[str, str, int]]) -> tuple[str, tuple[Segment, ...]]:
    """Join (kind, text[, heading level]) blocks into one text, one block a line, keeping offsets.

    Each segment points at the heading it falls under, and each heading at the heading of a
    lower level above it (h3 under h2), so a FAQ answer leads to its question and the FAQ.
    """
    parts: list[str] = []
    segments: list[Segment] = []
    offset = 0
    open_headings: list[tuple[int, int]] = []  # (level, position), outermost first
    for block in blocks:
        kind, raw = block[0], block[1]
        text = clean_text(raw)
        if not text:
            continue
        if parts:
            offset += 1  # the newline between blocks
        position = len(segments)
        if kind == "heading":
            level = block[2] if len(block) > 2 else 2
            while open_headings and open_headings[-1][0] >= level:
                open_headings.pop()
        section = open_headings[-1][1] if open_headings and kind != "title" else None
        segments.append(Segment(position=position, kind=kind, start=offset, end=offset + len(text), text=text, section=section))
        if kind == "heading":
            open_headings.append((level, position))
        parts.append(text)
        offset += len(text)
    return "\n".join(parts), tuple(segments)


def _heading_level(node: lxml.etree._Element) -> int:
    rend = node.get("rend") or ""
    return int(rend[1]) if len(rend) == 2 and rend[0] == "h" and rend[1].isdigit() else 2


def _xml_blocks(xml: str) -> tuple[dict[str, str], list[tuple[str, str, int]]]:
    root = lxml.etree.fromstring(xml.encode("utf-8"), parser=lxml.etree.XMLParser(resolve_entities=False, no_network=True))
    meta = {k: v for k, v in root.attrib.items() if v}
    blocks: list[tuple[str, str, int]] = []
    main = root.find("main")
    for node in (main if main is not None else []):
        tag = node.tag
        if tag == "list":
            blocks += [("list-item", "".join(item.itertext()), 0) for item in node.iter("item")]
        elif tag == "table":
            for row in node.iter("row"):
                cells = [" ".join("".join(c.itertext()).split()) for c in row.iter("cell")]
                blocks.append(("table-row", " | ".join(c for c in cells if c), 0))
        else:
            kind = XML_KINDS.get(tag, "text")
            blocks.append((kind, "".join(node.itertext()), _heading_level(node) if kind == "heading" else 0))
    return meta, blocks


def _html(body: bytes, url: str | None) -> tuple[dict[str, str], list[tuple[str, str]]]:
    tree = trafilatura.load_html(body)  # trafilatura's own charset detection
    if tree is None:
        raise ExtractError("not parseable as HTML")
    # trafilatura 2.3 drops a <time> element's text inside list items, which is exactly how
    # aggregators write timeline rows ("<li><time>2024-05-22</time> ...</li>"): unwrap them.
    for node in list(tree.iter("time")):
        node.drop_tag()
    xml = trafilatura.extract(
        tree,
        url=url,
        output_format="xml",
        with_metadata=True,
        include_tables=True,
        include_comments=False,
        include_formatting=False,
        deduplicate=False,
    )
    if not xml:
        raise ExtractError("no main text found in the HTML (navigation, consent wall or script shell only)")
    meta, blocks = _xml_blocks(xml)
    declared = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    if declared:
        meta["lang"] = declared
    title = meta.get("title")
    if title and not (blocks and blocks[0][0] == "heading" and " ".join(blocks[0][1].split()) == " ".join(title.split())):
        blocks.insert(0, ("title", title, 0))
    elif blocks and blocks[0][0] == "heading":
        blocks[0] = ("title", blocks[0][1], 0)
    return meta, blocks


_SENTENCE_END = re.compile(r"[.!?:;)\]\"']$")


def _pdf(body: bytes) -> tuple[dict[str, str], list[tuple[str, str]]]:
    try:
        reader = pypdf.PdfReader(io.BytesIO(body))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ExtractError("the PDF is encrypted with a password; get an unencrypted copy")
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata or {}
    except ExtractError:
        raise
    except Exception as exc:  # pypdf raises assorted errors on corrupt input (PdfReadError, KeyError, ...)
        raise ExtractError(f"unreadable PDF ({type(exc).__name__}: {exc})") from None
    meta: dict[str, str] = {}
    for key, name in (("/Title", "title"), ("/Author", "author")):
        try:
            if info.get(key):
                meta[name] = str(info[key])
        except Exception:  # metadata is optional; a broken entry loses that entry only
            log.info("unreadable PDF %s", key)
    try:
        created = getattr(info, "creation_date", None)  # parses /CreationDate, which is often malformed
    except Exception:
        created = None
    if isinstance(created, datetime):
        meta["date"] = created.date().isoformat()
    blocks: list[tuple[str, str]] = []
    for text in pages:
        blocks += _pdf_paragraphs(text)
    if meta.get("title"):
        blocks.insert(0, ("title", meta["title"]))
    return meta, blocks


def _pdf_paragraphs(text: str) -> list[tuple[str, str]]:
    """PDF text comes as wrapped lines; rejoin them into paragraphs.

    A line is a paragraph of its own when it is short and does not end a sentence (a heading
    or a table row); otherwise lines join until one ends with sentence punctuation.
    """
    blocks: list[tuple[str, str]] = []
    current: list[str] = []
    lines = [line.strip() for line in text.splitlines()]
    widths = sorted(len(line) for line in lines if line)
    typical = widths[len(widths) * 3 // 4] if widths else 80
    for line in lines:
        if not line:
            if current:
                blocks.append(("paragraph", " ".join(current)))
                current = []
            continue
        short = len(line) < typical * 0.6
        if short and not current and not _SENTENCE_END.search(line):
            blocks.append(("heading" if len(line) < 80 else "paragraph", line))
            continue
        current.append(line)
        if _SENTENCE_END.search(line) and (short or line.endswith((".", "!", "?"))):
            blocks.append(("paragraph", " ".join(current)))
            current = []
    if current:
        blocks.append(("paragraph", " ".join(current)))
    return blocks


def _plain(body: bytes, content_type: str | None) -> tuple[dict[str, str], list[tuple[str, str]]]:
    charset = "utf-8"
    match = re.search(r"charset=([\w-]+)", content_type or "")
    if match:
        charset = match.group(1)
    try:
        text = body.decode(charset, errors="replace")
    except LookupError:
        text = body.decode("utf-8", errors="replace")
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    if not paragraphs:
        return {}, []
    first, *rest = paragraphs
    return {"title": " ".join(first.split())}, [("title", first)] + [("paragraph", p) for p in rest]


def extract(result: FetchResult, *, settings: Settings, source: Source | None = None) -> Document:
    """A :class:`Document` from a fetched result; unusable input comes back ``discarded`` with its reason."""
    if result.content is None or result.content_hash is None:
        raise ValueError("extract() takes a result with content; unchanged and failed results have none")
    body = result.content
    kind = sniff_kind(result.content_type, body)
    base = Document(
        source_id=result.source_id,
        url=result.url,
        final_url=result.final_url,
        content_hash=result.content_hash,
        content_type=kind,
        fetched_at=result.fetched_at,
        language_hint=source.language if source else None,
        is_primary=bool(source and source.kind is SourceKind.PRIMARY),
        n_bytes=len(body),
        title=clean_text(result.hint_title) or None,
        published=clean_text(result.hint_published) or None,
    )
    try:
        if not body.strip():
            raise ExtractError("empty body")
        if kind == "binary":
            raise ExtractError(f"binary content ({result.content_type or 'no Content-Type'}), not a page or PDF")
        if kind == "pdf":
            meta, blocks = _pdf(body)
        elif kind == "text":
            meta, blocks = _plain(body, result.content_type)
        else:
            meta, blocks = _html(body, result.final_url or result.url)
        text, segments = segment_blocks(blocks)
        body_chars = sum(s.end - s.start for s in segments if s.kind != "title")
        if body_chars < settings.min_text_chars:
            raise ExtractError(f"too little text: {body_chars} characters of body, fewer than {settings.min_text_chars}")
    except ExtractError as exc:
        log.info("discarded %s: %s", result.url, exc)
        return replace(base, status="discarded", discard_reason=clean_text(str(exc)))
    except Exception as exc:  # input no parser expected must cost this page, never the run
        log.warning("extraction failed for %s", result.url, exc_info=True)
        return replace(base, status="discarded", discard_reason=clean_text(f"extraction failed ({type(exc).__name__}: {exc})"))
    return replace(
        base,
        title=clean_text(meta.get("title") or base.title) or None,
        language_hint=clean_text(meta.get("lang"))[:16] or base.language_hint,
        author=clean_text(meta.get("author")) or None,
        published=clean_text(meta.get("date") or base.published) or None,
        site_name=clean_text(meta.get("sitename")) or None,
        canonical_url=clean_text(meta.get("url")) or None,
        text=text,
        segments=segments,
    )
