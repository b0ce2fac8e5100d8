"""Untranslated segments: the language-independent claims (dates, amounts, alias-table names)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from ..models import UNDETERMINED, Claim
from ..normalize import find_dates, find_money
from .core import _Mention, _Page, _Reading, _rx


# ---------------------------------------------------------------------------------------------
# Untranslated segments: what reads without English
# ---------------------------------------------------------------------------------------------

_NEUTRAL_MONEY: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("revenue", _rx(r"umsatz|erlös|chiffre d'affaires|revenus?|ingresos|营收|收入|売上|매출")),
    ("valued-at", _rx(r"bewert\w*|valoris\w*|valorac\w*|valutazion\w*|估值|评估|時価|評価額|기업가치")),
    ("raised", _rx(r"finanzierung\w*|runde|levée|lev[ée]e de fonds|tour de table|ronda|financiación|融资|融資|資金調達|투자")),
)


_NEUTRAL_DATE: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("signed", _rx(r"unterzeichn\w*|unterschrieb\w*|vereinbar\w*|abkommen|signe\w*|accord|protocole d'accord|firma\w*|acuerdo|"
                   r"签署|签订|协议|谅解备忘录|署名|締結|合意|서명|협약")),
    ("founded", _rx(r"gegründet|gründung|fondée?|fondation|fundad[ao]|成立|创立|設立|創業|설립")),
    ("published", _rx(r"veröffentlich\w*|publi\w*|发布|發布|公布|公開|発表|발표")),
    ("released", _rx(r"vorgestellt|lanc\w*|lanz\w*|推出|上线|リリース|출시")),
)


def _read_neutral(reading: _Reading, mentions: list[_Mention], page: _Page) -> list[Claim]:
    """Dates, amounts and alias-table names in a segment no model could translate."""
    text = reading.text
    language = reading.segment.language or UNDETERMINED
    base = datetime(page.published.year, page.published.month, page.published.day) if page.published else None
    out: list[Claim] = []

    def subject_near(at: int, kinds: tuple[str, ...]) -> str | None:
        best = None
        for m in mentions:
            if m.kind in kinds:
                gap = abs(m.start - at)
                if best is None or gap < best[0]:
                    best = (gap, m.id)
        return best[1] if best else page.main.get(kinds[0])

    def make(type_: str, subject: str, predicate: str, kind: str, value: str, start: int, end: int, **fields: Any) -> Claim:
        doc_start, doc_end, _, _ = reading.provenance(start, end)
        return Claim(position=reading.segment.position, type=type_, subject=subject, predicate=predicate, value_kind=kind,
                     value=value, start=doc_start, end=doc_end, text=text[start:end], sentence=text, origin=reading.origin,
                     language=language, method="language-independent", **fields)

    try:
        dates = find_dates(text, [language], relative_base=base) if language != UNDETERMINED else find_dates(text, relative_base=base)
    except Exception:
        dates = []
    for start, end, value in dates:
        # the clause the date stands in: a small table of trigger words per language names what happened
        clause = re.split(r"[.;。；!?]", text[start:start + 160], maxsplit=1)[0]
        predicate = next((name for name, pattern in _NEUTRAL_DATE if pattern.search(clause)), "occurred")
        kinds = ("policy", "framework", "organisation") if predicate == "published" else ("organisation", "government-body", "model", "policy", "framework", "tool")
        subject = subject_near(start, kinds) if predicate != "signed" else next(
            (m.id for m in mentions if m.kind == "organisation" and m.start >= start), None) or subject_near(start, kinds)
        if subject:
            out.append(make("date", subject, predicate, "date", value.iso, start, start + len(clause), precision=value.precision))
    for start, end, money in find_money(text, None if language == UNDETERMINED else language):
        if money.currency is None:
            continue
        window = text[max(0, start - 40):end + 25]
        predicate = next((name for name, pattern in _NEUTRAL_MONEY if pattern.search(window)), None)
        subject = subject_near(start, ("organisation",))
        if predicate and subject:
            kind = {"valued-at": "valuation", "revenue": "revenue", "raised": "round"}[predicate]
            out.append(make("funding", subject, predicate, "money", str(money.amount), start, end, currency=money.currency,
                            money_kind=kind))
    return out
