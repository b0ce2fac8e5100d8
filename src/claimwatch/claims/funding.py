"""Funding claims: rounds, valuations and revenue, with the organisation the money is about."""

from __future__ import annotations

import re

from ..models import Claim
from ..normalize import find_money
from .core import _ORG_KINDS, _as_of, _claim, _clause_window, _nearest_trigger, _rx, _Sentence

_MONEY_TRIGGERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("revenue", _rx(r"\b(revenue|revenues|run-rate|run rate|annuali[sz]ed|sales|turnover|income|earnings|bookings|arr)\b")),
    ("valued-at", _rx(r"\b(valu\w*|worth|price tag|market cap\w*|apprais\w*|evaluat\w*|(?:pre|post)-money(?:\s+(?:valuation|value|figure))?)\b")),
    ("raised", _rx(r"\b(rais\w*|round|rounds|series [a-k]\b|funding|financing|invest\w*|injection|committed|commits|"
                   r"gathers|gathered|lifts|lifted|put|puts|placed|positioned|pumped|injected|poured|"
                   r"backing|backed|led|tranche|capital|fundraising|closes|closed|secured|secures|pledged|commitment|"
                   r"commitments|topped up|top-up|infusion|collected)\b")),
)
_NOT_FUNDING = _rx(r"\b(contract|contracts|agreements?|credits?|fine|fines|penalty|settlement|ceiling|budget|grant|prize|"
                   r"salary|compute|spend|spent|spending|cost|costs|bounty|insurance|damages|worth up to)\b")
_POST_MONEY = _rx(r"\b(post-money|post money|after the (?:investment|round|funding|deal)|including the new (?:money|capital)|"
                  r"after the new (?:money|capital|funding))\b")
_PRE_MONEY = _rx(r"\b(pre-money|pre money|before the (?:investment|round|funding|new money))\b")
_RUN_RATE = _rx(r"\b(run-rate|run rate|annuali[sz]ed|annual recurring|arr)\b")
_SERIES = _rx(r"\bseries ([a-k])\b")


# --- funding ---------------------------------------------------------------------------------

def _funding(s: _Sentence) -> list[Claim]:
    out = []
    amounts = find_money(s.text, "en")
    named = next((m.currency for _, _, m in amounts if m.currency), None)
    for start, end, money in amounts:
        currency = money.currency or named or s.page.last_currency
        if currency is None:
            continue  # "30 billion" on a page that never says in what: no figure to check
        trigger = _nearest_trigger(s.text, start, end, _MONEY_TRIGGERS)
        compared = re.search(r"\b(up|down|rising|falling|climbing) from\s+$|\bcompared with\s+$|\bfrom\s+$", s.text[max(0, start - 25):start])
        if compared and out and (trigger is None or trigger[1] > start - 25):
            # "at $965 billion, up from $380 billion in February": the earlier figure of the same kind
            trigger = (out[-1].predicate, max(0, start - 25) + compared.start(), start)
        company = re.match(r"\s+(?:[\w-]+\s+)?(company|start-?up|firm|lab|business)\b", s.text[end:])
        if trigger is None and company:  # "a $965 billion company": what it is worth
            trigger = ("valued-at", end + company.start(1), end + company.end(1))
        if trigger is None:
            continue
        predicate, t_start, t_end = trigger
        window = _clause_window(s, start, end, before=45, after=25)
        if _NOT_FUNDING.search(window) and predicate != "valued-at" or _rx(r"\bworth up to\b").search(window):
            continue
        if predicate == "valued-at":
            kind = "post-money" if _POST_MONEY.search(window) else "pre-money" if _PRE_MONEY.search(window) else "valuation"
        elif predicate == "revenue":
            kind = "run-rate" if _RUN_RATE.search(window) else "revenue"
        else:
            kind = "round"
        subject = _funding_subject(s, start, end)
        if subject is None:
            continue
        series = _SERIES.search(s.text)
        lo, hi = min(start, t_start), max(end, t_end)
        s.page.last_currency = currency
        # an amount without its currency ("up to $5 billion and 10 billion", "a run-rate of fourteen billion") is in
        # the one the sentence, else the page's last figure, was in
        out.append(_claim(s, "funding", subject, predicate, "money", str(money.amount), lo, hi, currency=currency,
                          money_kind=kind, as_of=_as_of(s, start, end),
                          detail=f"Series {series.group(1).upper()}" if series else None))
    return out


def _funding_subject(s: _Sentence, start: int, end: int) -> str | None:
    """The organisation the money is about: "$8 billion to Anthropic" is Anthropic's, the investors aside."""
    to = re.match(r"\s+(?:\w+\s){0,2}?(?:to|in|into|for)\s+", s.text[end:])
    if to:
        after = [(m, e) for m, e in s.of_kind(_ORG_KINDS) if m.start == end + to.end()]
        if after:
            return after[0][1]
    candidates = []
    for m, entity in s.of_kind(("organisation",)):
        lead = s.text[max(0, m.start - 14):m.start].lower()
        if re.search(r"\b(led by|by|from|with|including|and|investors?|backers?)\s*$", lead) and m.start < start:
            continue
        candidates.append((m, entity))
    before = [c for c in candidates if c[0].start < start]
    if before:
        return before[0][1]
    if candidates:
        return candidates[0][1]
    return s.page.main.get("organisation")
