"""Date claims: what happened when (published, effective, released, signed, founded ...), datelines and bylines aside."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

from ..models import Claim
from ..normalize import DateValue, find_dates
from .core import _POLICY_CONTEXT, _claim, _listed, _nearest_trigger, _rx, _Sentence, _version_of

# Dates that are chrome, not claims: datelines ("SAN FRANCISCO, Feb 25 (Wire) -"), "Updated March 28".
_DATELINE = re.compile(r"^[A-Z][A-Z .'-]{2,40},\s")
_CHROME = _rx(r"\b(updated|posted|last modified|published on this site|compiled by|reposted|first appeared(?!\s+in\s*$))\b")

_DATE_TRIGGERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("effective", _rx(r"\b(took effect|takes effect|take effect|in effect|effective|came into force|comes into force|in force|"
                      r"went into effect|goes into effect|applies from|applied from)\b")),
    ("activated", _rx(r"\b(activated|activates|activate|activating|activation|switched on|turned on|first applied|"
                      r"enabled|put in place|triggered|invoked)\b")),
    ("founded", _rx(r"\b(founded|co-founded|established|set up|started in|formed in|created in|was born)\b")),
    ("signed", _rx(r"\b(signed|signs|signing|agreed|agrees|agreement|agreements|memorand\w*|deal|partnership|"
                   r"awarded|awards|contract|pact|accord)\b")),
    ("released", _rx(r"\b(released|releases|release|launched|launches|launch|shipped|ships|rolled out|made available|"
                     r"debuted|open-sourced|went live|became available|general availability)\b")),
    ("published", _rx(r"\b(published|publishes|publish|publication|issued|revised|revises|rewrote|rewrites|updated|"
                      r"updates|version|versions|came out|introduced the|first version|adopted|reported|reports)\b")),
    ("announced", _rx(r"\b(announced|announces|announce|announcement|unveiled|unveils|unveiling|unveil|confirmed|"
                      r"confirms|revealed|reveals|disclosed|discloses|introduced|introduces|said|says|closed|closes|"
                      r"completed|presented|named|picked|selected|chose|appointed)\b")),
)


# --- dates -----------------------------------------------------------------------------------

_SUBJECT_KINDS = {
    "published": ("policy", "framework", "outlet", "organisation"),
    "effective": ("policy", "framework"),
    "released": ("model", "tool", "framework", "policy"),
    "announced": ("model", "tool", "event", "organisation", "framework", "policy"),
    "signed": ("organisation", "government-body"),
    "activated": ("framework",),
    "founded": ("organisation", "government-body"),
    "occurred": ("event", "organisation", "government-body", "model", "tool"),
}


def _dates(s: _Sentence, *, timeline_row: bool) -> list[Claim]:
    out = []
    if s.page.published:
        base = datetime(s.page.published.year, s.page.published.month, s.page.published.day)
    else:
        base = None
    found = find_dates(s.text, ["en"], relative_base=base)
    year_row = _YEAR_ROW.match(s.text) if timeline_row else None
    if year_row and not any(start <= year_row.start(1) < end for start, end, _ in found):  # "2021 — Anthropic is founded"
        found = [(year_row.start(1), year_row.end(1), DateValue(int(year_row.group(1)))), *found]
    found = _same_day(s, found)
    # "Twelve months ago, on May 22, 2025": the relative phrase only points at the date written next to it
    found = [(start, end, value) for i, (start, end, value) in enumerate(found)
             if not (re.search(r"\bago\b", s.text[start:end + 4], re.IGNORECASE) and i + 1 < len(found)
                     and found[i + 1][0] - end <= 12)]
    for start, end, value in found:
        if _is_chrome(s, start) or re.search(r"\bas of\s*$", s.text[:start], re.IGNORECASE):
            continue  # chrome, or the as-of of a figure ("run-rate revenue of $5 billion as of May")
        value = _not_after_publication(value, s.text[start:end], s.page.published)
        if timeline_row:
            predicate, t_start, t_end = _timeline_predicate(s.text, end)
            clause = re.split(r"[:;]", s.text[end:], maxsplit=1)[0]
            span_start, span_end = start, end + len(clause.rstrip(" ."))
        else:
            # a second event named "with the launch of X" is X's (see _alongside), not this date's own event word
            masked = _ALONGSIDE_OF.sub(lambda m: " " * len(m.group(0)), s.text)
            trigger = (_nearest_trigger(masked, start, end, _DATE_TRIGGERS, before=90, after=50)
                       or _nearest_trigger(s.text, start, end, _DATE_TRIGGERS, before=90, after=50))
            predicate, t_start, t_end = trigger if trigger else ("occurred", start, end)
            span_start, span_end = min(start, t_start), max(end, t_end)
        subject = _date_subject(s, predicate, start, end, t_start)
        if subject is None:
            continue
        span_start = min(span_start, _subject_start(s, subject, span_start))
        detail = _version_of(s.text, start)
        out.append(_claim(s, "date", subject, predicate, "date", value.iso, span_start, span_end, precision=value.precision,
                          detail=detail))
        for entity, lo, hi in _co_subjects(s, subject, predicate):  # its words reach the co-subject's name
            out.append(_claim(s, "date", entity, predicate, "date", value.iso, min(lo, span_start), max(hi, span_end),
                              precision=value.precision, detail=detail))
        for entity, co_predicate, lo, hi in _alongside(s, subject, predicate, span_start):
            out.append(_claim(s, "date", entity, co_predicate, "date", value.iso, min(lo, span_start), max(hi, span_end),
                              precision=value.precision, detail=detail))
        also = _joined_trigger(s.text, t_start, t_end)  # "published and effective on February 24"
        if also and also != predicate:
            out.append(_claim(s, "date", subject, also, "date", value.iso, span_start, span_end, precision=value.precision,
                              detail=detail))
        if not timeline_row:
            out += _the_day(s, start, end, value, predicate, subject, detail)
    return out


_THE_DAY = _rx(r"^,\s+(?:the|that)\s+(?:same\s+)?day\s+(?:that\s+|when\s+|on which\s+)?")


def _the_day(s: _Sentence, start: int, end: int, value: DateValue, predicate: str, subject: str,
             detail: str | None) -> list[Claim]:
    """Two events on one date: "had been using the model since April 7, the day Anthropic unveiled it" dates the
    use (the words before) and the unveiling (the clause after), whichever of the two the date's own claim took."""
    day = _THE_DAY.match(s.text[end:])
    if not day:
        return []
    lo = end + day.end()
    clause_end = lo + len(re.split(r"[,;.]", s.text[lo:], maxsplit=1)[0])
    inside = _nearest_trigger(s.text[:clause_end], lo, lo, _DATE_TRIGGERS, before=0, after=clause_end - lo)
    clause_start = max(s.text.rfind(",", 0, start), s.text.rfind(";", 0, start)) + 1
    clause_start += len(s.text[clause_start:start]) - len(s.text[clause_start:start].lstrip())
    before = _nearest_trigger(s.text[:start], start, start, _DATE_TRIGGERS, before=start - clause_start, after=0)
    readings = [(inside, lo, clause_end, start)]  # the clause after: "the day Anthropic unveiled it"
    if before:  # the words before, from their event word: "... published on April 7"
        readings.append((before, before[1], end, before[1]))
    else:  # ... or with none: "had been using the model since April 7"
        readings.append((None, clause_start, end, start))
    out = []
    for trigger, span_lo, span_hi, at in readings:
        name = trigger[0] if trigger else "occurred"
        if name == predicate or (trigger is None and len(s.text[span_lo:start].split()) < 3):
            continue
        who = _date_subject(s, name, start, end, trigger[1] if trigger else at)
        if who is None or (who, name) == (subject, predicate):
            continue
        out.append(_claim(s, "date", who, name, "date", value.iso, min(span_lo, start), max(span_hi, end),
                          precision=value.precision, detail=detail))
    return out


_SAME_DAY = _rx(r"\b(?:on\s+)?(?:the\s+same\s+day|that\s+same\s+day|the\s+(?:following|next)\s+day|a\s+day\s+later)\b")


_COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
           "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_LATER = _rx(r"\b(a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})\s+(days?|months?)\s+"
             r"(later|earlier|before(?!\s+\w)|after(?!\s+\w))")


def _counted_from(s: _Sentence, found: list[tuple[int, int, DateValue]]) -> list[tuple[int, int, DateValue]]:
    """"Five days later", "a month earlier": counted from the date last named in the sentence, else on the page
    (the last day for days, the last date for months)."""
    out = []
    for match in _LATER.finditer(s.text):
        if any(start <= match.start() < end for start, end, _ in found):
            continue
        before = [v for start, _, v in found if start < match.start()]
        base = before[-1] if before else s.page.last_day if match.group(2).lower().startswith("day") else s.page.last_date
        count = int(match.group(1)) if match.group(1).isdigit() else _COUNTS[match.group(1).lower()]
        if match.group(2).lower() == "day" and match.group(1).lower() in ("a", "an"):
            continue  # "a day later" is the following day (_SAME_DAY)
        sign = 1 if match.group(3).lower() in ("later", "after") else -1
        if base is None or base.precision == "year" or (match.group(2).lower().startswith("day") and base.precision != "day"):
            continue
        if match.group(2).lower().startswith("day"):
            day = base.start + timedelta(days=sign * count)
            out.append((match.start(), match.end(), DateValue(day.year, day.month, day.day)))
        else:
            months = base.year * 12 + base.start.month - 1 + sign * count
            out.append((match.start(), match.end(), DateValue(months // 12, months % 12 + 1)))
    return out


def _same_day(s: _Sentence, found: list[tuple[int, int, DateValue]]) -> list[tuple[int, int, DateValue]]:
    """"on the same day it launched Claude Opus 4", "stocks slid the following day": the day last named, or the next."""
    out = list(found) + _counted_from(s, found)
    for match in _SAME_DAY.finditer(s.text):
        before = [v for start, _, v in found if start < match.start() and v.precision == "day"]
        anchor = before[-1] if before else s.page.last_day
        if anchor is None or any(start <= match.start() < end for start, end, _ in found):
            continue
        day = anchor.start
        if re.search(r"following|next|later", match.group(0), re.IGNORECASE):
            day = day + timedelta(days=1)
        out.append((match.start(), match.end(), DateValue(day.year, day.month, day.day)))
    days = [v for _, _, v in sorted(out, key=lambda x: x[0]) if v.precision == "day"]
    if days:
        s.page.last_day = days[-1]
    if out:
        s.page.last_date = max(out, key=lambda x: x[0])[2]
    return sorted(out, key=lambda x: x[0])


_YEAR_ROW = re.compile(r"^\s*((?:19|20)\d\d)\s*(?:[—–:|]|-\s)")
_ROW_LEAD = re.compile(r"^[\s\-–—•*·|>]*")


def dated_row(text: str) -> bool:
    """Whether a list item or table row leads with its date, as timeline rows do ("2024-05 | Anthropic signs ...",
    "March 2026: ..."); a takeaway written as a sentence ("The policy, issued on July 8, ...") is read as prose."""
    if _YEAR_ROW.match(text):
        return True
    lead = _ROW_LEAD.match(text).end()
    found = find_dates(text[:80], ["en"])
    return bool(found) and found[0][0] <= lead + 4


def _joined_trigger(text: str, t_start: int, t_end: int) -> str | None:
    """The second of two event words joined by "and" around the trigger: "published and takes effect"."""
    after = re.match(r"\s+and\s+", text[t_end:])
    before = re.search(r"(\S+(?:\s+\S+)?)\s+and\s+$", text[max(0, t_start - 40):t_start])
    for name, pattern in _DATE_TRIGGERS:
        if after:
            match = pattern.match(text, t_end + after.end())
            if match:
                return name
        if before:
            match = pattern.search(before.group(1))
            if match and match.end() == len(before.group(1)):
                return name
    return None


def _co_subjects(s: _Sentence, subject: str, predicate: str) -> list[tuple[str, int, int]]:
    """The others a dated event is about: "launched Claude Opus 4 and Claude Sonnet 4", "Anthropic and OpenAI sign",
    "unveiled Mythos Preview alongside Project Glasswing"."""
    if predicate not in ("released", "announced", "signed", "founded"):
        return []
    kinds = _SUBJECT_KINDS[predicate]
    entities = s.of_kind(kinds)
    first = next((x for x in entities if x[1] == subject and not x[0].generic), None)
    if first is None:
        return []
    out = [(e, m.start, m.end) for m, e in _listed(s, entities, first, forward=False)[:-1] + _listed(s, entities, first)[1:]]
    along = re.match(r"\s+(?:[^,;.]{0,30}?\s)?(?:alongside|together with|along with|and of)\s+", s.text[first[0].end:])
    if along:
        nxt = [x for x in s.of_kind(("event", "model", "tool", "framework")) if x[0].start == first[0].end + along.end()]
        out += [(e, first[0].end + along.start(), m.end) for m, e in nxt]
    kept: dict[str, tuple[str, int, int]] = {}
    for entity, lo, hi in out:
        if entity != subject:
            kept.setdefault(entity, (entity, lo, hi))  # each co-subject once, on the words it was first named in
    return list(kept.values())


_ALONGSIDE_OF = _rx(r"\b(?:alongside|together with|along with|with)\s+(?:the\s+)?(?:launch|release|debut|unveiling|announcement|"
                    r"introduction)\s+of\b")
_ALONGSIDE = _rx(r"\b(alongside|together with|along with|at the same time as|with)\s+(?:the\s+)?((?:launch|release|debut|unveiling|"
                 r"announcement|introduction)\s+of\s+(?:the\s+)?)?")


def _alongside(s: _Sentence, subject: str, predicate: str, after: int) -> list[tuple[str, str, int, int]]:
    """A second event on the same date: "previewed in February 2025 alongside Claude 3.7 Sonnet" (its release),
    "activated with the launch of Claude Opus 4", "unveiled ... alongside Project Glasswing" (its announcement)."""
    out = []
    for match in _ALONGSIDE.finditer(s.text, max(0, after - 40)):
        if match.group(1).lower() == "with" and not match.group(2):
            continue  # plain "with" joins too much ("signed with", "with a contractor's credentials")
        found = next((x for x in s.of_kind(("event", "model", "tool", "framework", "policy")) if x[0].start == match.end()), None)
        if found is None or found[1] == subject or found[0].generic:
            continue
        kind = found[0].kind
        if match.group(2):
            co = "announced" if re.match(r"(announcement|unveiling|introduction)", match.group(2), re.IGNORECASE) else "released"
        elif kind in ("model", "tool"):
            co = "released" if predicate in ("released", "announced", "published", "activated", "occurred") else predicate
        elif kind == "event":
            co = "announced"
        else:
            co = predicate
        out.append((found[1], co, match.start(), found[0].end))
    return out


_BYLINE = re.compile(r"^(?:by\s|[^.]{0,80}\s[·|•]\s)|\s[·|•]\s", re.IGNORECASE)


def _not_after_publication(value: Any, words: str, published: date | None) -> Any:
    """News dates a month or day without its year in the past: "in September", read in February, is last September."""
    if published is None or re.search(r"\d{4}", words) or value.precision == "year" or value.start <= published:
        return value
    if re.search(r"\b(next|coming|upcoming|will|expected|due|scheduled)\b", words, re.IGNORECASE):
        return value
    try:
        return type(value)(value.year - 1, value.month, value.day)
    except ValueError:
        return value


def _is_chrome(s: _Sentence, start: int) -> bool:
    """A dateline ("NEW YORK, April 22 (Wire) -"), a byline ("By the desk · October 20, 2025"), an "Updated ..." stamp."""
    segment = s.reading.segment
    at = s.start + start  # in the segment
    if at < 50 and _DATELINE.match(s.reading.text) and re.search(r"(\([^)]{2,40}\)|/[^/]{2,30}/)\s*[-–—]", s.reading.text[at:at + 80]):
        return True
    if segment.kind in ("paragraph", "text") and len(s.reading.text) < 120 and _BYLINE.search(s.reading.text):
        return True
    head = s.text[:start]
    if _CHROME.search(head[-40:]) or re.search(r"\b(updated|posted|published)\s*$", head[-20:], re.IGNORECASE):
        return segment.kind in ("paragraph", "text") and len(s.text) < 140
    return False


def _timeline_predicate(text: str, date_end: int) -> tuple[str, int, int]:
    rest = text[date_end:]
    for name, pattern in _DATE_TRIGGERS:
        match = pattern.search(rest)
        if match:
            return name, date_end + match.start(), date_end + match.end()
    return "occurred", date_end, date_end


def _date_subject(s: _Sentence, predicate: str, start: int, end: int, t_start: int) -> str | None:
    kinds = _SUBJECT_KINDS[predicate]
    for kind in kinds:
        found = s.nearest((kind,), t_start, max_gap=160)
        if found:
            return found[1]
    if predicate in ("published", "effective", "released") and _POLICY_CONTEXT.search(s.text):
        policy = s.page.main.get("policy")
        if policy:
            return policy
    if _version_of(s.text, start) and s.page.main.get("policy"):  # "version 3.1, dated 2 April 2026" on a policy's page
        return s.page.main["policy"]
    any_entity = s.nearest(("organisation", "government-body", "model", "tool", "policy", "framework", "event", "person", "outlet"), t_start)
    if any_entity and any_entity[1]:
        return any_entity[1]
    # a date with no name near it is the page's: its company, else the incident or policy it is about
    return next((s.page.main[k] for k in ("organisation", "event", "policy", "model") if s.page.main.get(k)), None)


def _subject_start(s: _Sentence, subject: str, span_start: int) -> int:
    """Pull the span back to the subject's mention when it stands just before (same clause)."""
    for m in s.mentions:
        if s.resolve(m) == subject and m.start < span_start and span_start - m.end <= 60 and "," not in s.text[m.end:span_start]:
            return m.start
    return span_start
