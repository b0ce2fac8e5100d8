"""Which part of a page a segment belongs to: article body, AI-generated section, timeline, FAQ or boilerplate.

Aggregators label their machine-made sections ("AI-generated analysis", "Summary (AI)", "Key
takeaways"), append timelines and FAQs, and close with "About the company" blurbs. The label
is a heading (or the segment itself), so each segment takes the origin of the nearest labelled
heading above it; a list item or table row that opens with a date is a timeline row wherever
it stands; a question heading after a FAQ heading stays in the FAQ. Labels are matched in
English, German, French, Spanish, Chinese and Japanese.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .models import Segment

__all__ = ["ORIGINS", "tag_origins"]

ORIGINS = ("body", "ai-generated", "timeline", "faq", "boilerplate")

_LABELS: dict[str, re.Pattern[str]] = {
    "ai-generated": re.compile(
        r"\bai[- ]?(generated|written|produced)\b|\bgenerated (by|with) ai\b|\bai (summary|analysis|overview|insights?|recap|digest)\b"
        r"|\((ai|ai-generated|generated)\)|\bmachine[- ]generated\b|\bkey takeaways\b|\bai analysis\b"
        r"|\bki[- ](generiert\w*|erstellt\w*|zusammenfassung|analyse)|\bautomatisch erstellt\b|\bgénéré(e)? par (l'|l’)?ia\b|\brésumé (par l'|de l')?ia\b"
        r"|\bgenerado por ia\b|\bresumen (de|por) ia\b|ai生成|ai 生成|智能摘要|ai摘要|ai 摘要|ai分析|ai要約|ai による要約|aiによる",
        re.IGNORECASE),
    "timeline": re.compile(
        r"\btimeline\b|\bchronolog|\bzeitleiste\b|\bzeitstrahl\b|\bchronologie\b|\bcronolog[íi]a\b|时间线|大事记|时间轴|年表|経緯|タイムライン",
        re.IGNORECASE),
    "faq": re.compile(
        r"\bfaqs?\b|\bfrequently asked\b|\bhäufig(e|\sgestellte) fragen\b|\bquestions fréquentes\b|\bpreguntas frecuentes\b"
        r"|常见问题|常見問題|よくある質問|\bq\s*&\s*a\b",
        re.IGNORECASE),
    "boilerplate": re.compile(
        r"^(about|über|à propos( de)?|acerca de|sobre|关于|について)\b|\bnewsletter\b|\bsubscribe\b|\babonnieren\b|\bmedia contact\b|\bpress contact\b",
        re.IGNORECASE),
}
# A timeline row opens with a date: 2024-05-22, 2024-05, May 2024, 22 May 2024, 2024年5月, Q3 2025.
_DATED_ROW = re.compile(
    r"^\W{0,3}(\d{4}(-\d{2}){0,2}\b|\d{1,2}\.? ?[A-Za-zÀ-ÿ]{3,}\.? \d{4}|[A-Za-zÀ-ÿ]{3,}\.? (\d{1,2}, )?\d{4}|\d{4}\s*年|q[1-4] \d{4})",
    re.IGNORECASE)
_QUESTION = re.compile(r"[?？]\s*$")


def _label(text: str) -> str | None:
    for origin in ("ai-generated", "faq", "timeline", "boilerplate"):
        if _LABELS[origin].search(text):
            return origin
    return None


def tag_origins(segments: Sequence[Segment]) -> list[str]:
    """One origin per segment, in order (see :data:`ORIGINS`)."""
    by_position = {s.position: s for s in segments}
    heading_origin: dict[int, str | None] = {}
    in_faq = False
    for s in segments:
        if s.kind != "heading":
            continue
        label = _label(s.text) if len(s.text) <= 120 else None
        if label == "faq":
            in_faq = True
        elif label is None and in_faq and _QUESTION.search(s.text):
            label = "faq"  # a question under the FAQ heading, at the same level in flat markup
        else:
            in_faq = False
        heading_origin[s.position] = label
    out: list[str] = []
    for s in segments:
        if s.kind == "heading":
            out.append(_inherited(s, by_position, heading_origin, own=True))
            continue
        origin = _inherited(s, by_position, heading_origin, own=False)
        if s.kind in ("list-item", "table-row") and _DATED_ROW.search(s.text) and origin in ("body", "timeline"):
            origin = "timeline"
        elif origin == "body" and s.kind == "paragraph" and s.text.lower().startswith(("about ", "über ", "à propos")):
            origin = "boilerplate"
        out.append(origin)
    return out


def _inherited(segment: Segment, by_position: dict[int, Segment], heading_origin: dict[int, str | None], *, own: bool) -> str:
    """The origin of the nearest labelled heading up the section chain; ai-generated anywhere above wins."""
    chain: list[str] = []
    if own and heading_origin.get(segment.position):
        chain.append(heading_origin[segment.position])
    seen = set()
    position = segment.section
    while position is not None and position not in seen:
        seen.add(position)
        if heading_origin.get(position):
            chain.append(heading_origin[position])
        parent = by_position.get(position)
        position = parent.section if parent is not None else None
    if "ai-generated" in chain:
        return "ai-generated"  # a timeline inside a machine-made box is machine-made
    return chain[0] if chain else "body"
