"""Date claims: what happened when (published, effective, released, signed, founded ...), datelines and bylines aside."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

from ..models import Claim
from ..normalize import _MONTH_KEYS, DateValue, find_dates
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
    found = _same_day(s, _written_dates(s, found))
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
    for c in out:  # what "the day X launched" and "since launch day" later on the page stand for
        if c.predicate in ("released", "announced") and c.subject not in s.page.launched:
            s.page.launched[c.subject] = DateValue.from_iso(c.value)
    return out


_THE_DAY = _rx(r"^,\s+(?:(?:the|that)\s+(?:same\s+)?day\s+(?:that\s+|when\s+|on which\s+)?|when\s+(?=[A-Z]))")


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
    # "..., the day Claude Opus 4 and Claude Sonnet 4 came out": the models named first in the clause were released then
    models = [(m, e) for m, e in s.of_kind(("model", "tool")) if not m.generic]
    first = next(((m, e) for m, e in models if m.start == lo), None)
    if first is not None and inside and inside[0] in ("released", "published", "announced"):
        listed = _listed(s, models, first)
        name = "released" if inside[0] != "announced" else "announced"
        for m, e in listed:
            if (e, name) != (subject, predicate):
                out.append(_claim(s, "date", e, name, "date", value.iso, min(lo, start), max(clause_end, end),
                                  precision=value.precision, detail=detail))
        readings = readings[1:]
    elif day.group(0).lstrip(", ").lower().startswith("when"):
        return []  # "..., when the department awarded ...": only a model's release is read from a "when" clause
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


_MONTH_NAMES = "|".join(m.capitalize() for m in _MONTH_KEYS)
_YEAR = r"((?:19|20)\d\d)"
# A spinner's May: "in Might 2025", "14 Could 2024" (only where a year follows, so a modal verb stays a verb)
_SPUN_MAY = re.compile(r"\b(?:(\d{1,2})\s+)?(?:Might|Could)\b(?:\s+(\d{1,2})(?:st|nd|rd|th)?)?,?\s+" + _YEAR + r"\b")
# "last October" in other words: a spinner's "final October", "past November", "the previous August"
_LAST_MONTH = re.compile(r"\b(?i:final|past|previous|prior)\s+(" + _MONTH_NAMES + r")\b(?!\s+\d)")  # "the final may ..." is no May
_SEASON = _rx(r"\b(?:the\s+)?(?:spring|summer|autumn|fall|winter)\s+(?:of\s+)?" + _YEAR + r"\b")
# A year that a machine translation left in the source's order: "2025 year 5 month 22 day", "2025 year February",
# "in 2021 year"
_YEAR_MONTH_DAY = _rx(_YEAR + r"\s+year\s+(\d{1,2})\s+month(?:\s+(\d{1,2})\s+day)?\b")
_YEAR_MONTH = re.compile(_YEAR + r"\s+(?i:year)\s+(" + _MONTH_NAMES + r")\b")
_YEAR_ALONE = _rx(r"\b(?:in\s+(?:the\s+)?)?" + _YEAR + r"\s+year\b(?![\s-]+(?:on|\d))")
# A year introduced by a founding word without "in" ("founded 2021 by", "2015 founding"), or alone in a table cell
_FOUNDED_YEAR = _rx(r"\b(?:founded|established|formed|created)\s+(?:in\s+the\s+)?" + _YEAR + r"\b|\b" + _YEAR + r"\s+founding\b")
_CELL_YEAR = re.compile(r"(?:^|\|)\s*" + _YEAR + r"\s*(?=\||$)")
# What the last date named stands for: "the same week", "that same month", a spinner's "the identical week"
_SAME_SPAN = _rx(r"\b(?:in\s+)?(?:the\s+(?:very\s+)?(?:same|identical)|that(?:\s+same)?)\s+(week|month|year)\b")
_LAST_WEEK = _rx(r"\b(?:last|final|past|previous)\s+week(?:'s)?\b")
_TODAY = _rx(r"\b(?:this\s+(?:morning|afternoon|evening)|earlier\s+today|tonight)\b")
_WEEKS_EARLIER = _rx(r"\b(?:(?:only|just)\s+)?(?:(?:a\s+few|several|some)\s+)?days\s+(?:earlier|before(?![ \t]+\w))|"
                     r"\b(?:less\s+than\s+)?(a|one|two|three)\s+weeks?\s+(?:earlier|before(?![ \t]+\w))")

# The day of an event the page dated before: "the day Claude Opus 4 launched", "when Claude Opus 4 came out",
# "since launch day"
_LAUNCHED_KINDS = ("model", "tool", "event", "framework")
_EVENT_DAY = _rx(r"\b(?:the\s+(?:very\s+)?day\s+(?:that\s+|when\s+)?|when\s+)")
_EVENT_VERB = _rx(r"\s+(?:was\s+|were\s+|first\s+)?(?:launched|came\s+out|shipped|was\s+released|released|announced|unveiled|"
                  r"debuted|arrived|went\s+live|reached\s+customers)\b")
_LAUNCH_DAY = _rx(r"\b(?:since|from|on)\s+(?:the\s+(?:very\s+)?)?(?:launch|release)\s+day\b|"
                  r"\bsince\s+(?:the|its)\s+(?:launch|release|unveiling|announcement)\b(?!\s+of)|"
                  r"\bfrom\s+the\s+(?:very\s+)?day\s+(?:it|the\s+model)\s+was\s+(?:announced|unveiled|released|launched)\b")


def _written_dates(s: _Sentence, found: list[tuple[int, int, DateValue]]) -> list[tuple[int, int, DateValue]]:
    """Dates the date reader does not see as dates: a spinner's months ("Might 2025", "final October"), seasons
    ("the summer of 2025"), a machine translation's "2025 year 5 month", a founding year without "in", a year
    alone in a table cell; and what refers to the last date named ("the same week", "that year", "days
    earlier"), to the page's own date ("this morning", "last week") or to the day the page gave an event
    ("the day Claude Opus 4 launched", "since launch day")."""
    out = list(found)

    def free(start: int, end: int) -> bool:
        return not any(start < e and b < end for b, e, _ in out)

    def add(start: int, end: int, value: DateValue | None) -> None:
        if value is not None and free(start, end):
            out.append((start, end, value))
            out.sort(key=lambda x: x[0])

    def safe(*parts: int | None) -> DateValue | None:
        try:
            return DateValue(*parts)
        except ValueError:
            return None

    text = s.text
    published = s.page.published
    for m in _SPUN_MAY.finditer(text):
        day = m.group(1) or m.group(2)
        add(m.start(), m.end(), safe(int(m.group(3)), 5, int(day)) if day else safe(int(m.group(3)), 5))
    if published is not None:
        for m in _LAST_MONTH.finditer(text):
            month = _MONTH_KEYS.index(m.group(1).lower()) + 1
            year = published.year - 1 if month >= published.month else published.year
            add(m.start(), m.end(), safe(year, month))
    for m in _SEASON.finditer(text):
        add(m.start(), m.end(), safe(int(m.group(1))))
    for m in _YEAR_MONTH_DAY.finditer(text):
        add(m.start(), m.end(), safe(int(m.group(1)), int(m.group(2)), int(m.group(3)) if m.group(3) else None))
    for m in _YEAR_MONTH.finditer(text):
        add(m.start(), m.end(), safe(int(m.group(1)), _MONTH_KEYS.index(m.group(2).lower()) + 1))
    for m in _YEAR_ALONE.finditer(text):
        add(m.start(), m.end(), safe(int(m.group(1))))
    for m in _FOUNDED_YEAR.finditer(text):
        group = 1 if m.group(1) else 2
        add(m.start(group), m.end(group), safe(int(m.group(group))))
    if s.reading.segment.kind == "table-row" or "|" in text:
        for m in _CELL_YEAR.finditer(text):
            add(m.start(1), m.end(1), safe(int(m.group(1))))
    if published is not None:
        for m in _TODAY.finditer(text):
            add(m.start(), m.end(), safe(published.year, published.month, published.day))
        for m in _LAST_WEEK.finditer(text):
            week = published - timedelta(days=7)
            add(m.start(), m.end(), safe(week.year, week.month))
    for m in _EVENT_DAY.finditer(text):  # "the day Claude Opus 4 launched", "when Claude Opus 4 came out"
        if any(0 <= m.start() - e <= 6 for _, e, _ in out):
            continue  # "on May 22, 2025, the day Claude Opus 4 launched": the date before says it (_the_day)
        named = [(mention, entity) for mention, entity in s.of_kind(_LAUNCHED_KINDS) if not mention.generic]
        first = next(((mention, entity) for mention, entity in named if mention.start == m.end()), None)
        if first is None or first[1] not in s.page.launched:
            continue
        last = _listed(s, named, first)[-1][0]
        verb = _EVENT_VERB.match(text[last.end:])
        if verb:
            add(m.start(), last.end + verb.end(), s.page.launched[first[1]])
    for m in _LAUNCH_DAY.finditer(text):  # "had been using it since launch day": the launch of the model the page is about
        model = s.page.main.get("model")
        if model in s.page.launched:
            add(m.start(), m.end(), s.page.launched[model])
    for pattern in (_SAME_SPAN, _WEEKS_EARLIER):
        for m in pattern.finditer(text):
            before = [v for start, _, v in out if start < m.start()]
            anchor = before[-1] if before else s.page.last_date
            if anchor is None:
                continue
            if pattern is _SAME_SPAN:
                unit = m.group(1).lower()
                # "on August 29 of that year": the date before takes the year of the one named before it
                joined = [k for k, (_, e, v) in enumerate(out) if e <= m.start() and v.precision != "year"
                          and re.fullmatch(r",?\s*(?:of|in)\s+", text[e:m.start()])] if unit == "year" else []
                if joined:
                    k = joined[-1]
                    b, _, v = out[k]
                    earlier = [v2 for b2, _, v2 in out if b2 < b]
                    year = earlier[-1] if earlier else s.page.last_date
                    if year is not None and safe(year.year, v.month, v.day) is not None:
                        out[k] = (b, m.end(), safe(year.year, v.month, v.day))
                elif unit == "year":
                    add(m.start(), m.end(), safe(anchor.year))
                elif anchor.precision != "year":
                    add(m.start(), m.end(), safe(anchor.year, anchor.month))
                continue
            if anchor.precision == "year" or any(0 <= b - m.end() <= 12 for b, _, _ in out):
                continue  # "a week earlier, on May 14": the date written next to it says when
            weeks = m.group(1)
            days = 3 if weeks is None else 7 * {"a": 1, "one": 1, "two": 2, "three": 3}[weeks.lower()]
            day = anchor.start - timedelta(days=days)
            add(m.start(), m.end(), safe(day.year, day.month))
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
