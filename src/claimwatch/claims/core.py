"""Shared ground of the claim readers: the reading and sentence types, cue words, attribution, hedging and the claim builder."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..entities import AliasTable, slug
from ..models import UNDETERMINED, Claim, Document, Segment, TranslatedSegment


# ---------------------------------------------------------------------------------------------
# Cue words. Each pattern is matched case-insensitively on the English sentence.
# ---------------------------------------------------------------------------------------------

def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_NEGATION = _rx(r"\b(not|never|no evidence|no indication|no sign|denied|denies|deny|refused|refuses|declined to|"
                r"inaccurate|untrue|false|unrelated|did not|didn't|does not|doesn't|wasn't|weren't|isn't|aren't|"
                r"has not|have not|had not|without)\b")
_SPECULATION = _rx(r"(?-i:\bmay\b)|\b(might|could|would|expected to|is set to|are set to|likely|possibly|possible|plans? to|planning to|"
                   r"considering|weighing|in talks|appears? to|appeared to|seems? to|suggests?|suggested|rumou?red|"
                   r"reportedly (?:seeking|considering|weighing|in talks)|aims? to|hopes? to)\b")
_REPORTEDLY = _rx(r"\b(reportedly|according to (?:the |several |multiple |media |news )?reports?|reports (?:say|said|suggest)|"
                  r"it is understood|is understood to|was reported|were reported|it was reported|reports earlier|"
                  r"is said to|are said to|according to the reports|cited sources|the reports)\b")
_ANONYMOUS = _rx(r"\b((?:a |one |two |three |several )?(?:person|people|persons|individual|individuals|sources?|officials?|insiders?|employees?)"
                 r" (?:familiar|briefed|acquainted|close|with knowledge|who (?:spoke|asked|declined|requested))|"
                 r"(?:anonymous|unnamed) (?:sources?|officials?|people)|sources (?:said|say|told))\b")
_DOCUMENT = _rx(r"\b(the (?:leaked |draft |internal )?(?:draft|drafts|document|documents|memo|filing|policy document|"
                r"blog post|post|material|materials|changelog|slides)|according to the (?:policy|document|draft|filing|memo))\b")
_SPEECH = _rx(r"\b(said|says|say|told|tells|added|adds|wrote|writes|stated|states|according to|confirmed|confirms|"
              r"indicated|indicates|expressed|expresses|emphasi[sz]ed|stressed|remarked|commented|replied|responded|"
              r"announced|announces|noted|explained|argued|warned|insisted|acknowledged|claimed|claims|"
              r"estimated|estimates|judged|judges|believes|considers|observed|observes|summari[sz]ed|speaks of|spoke of|"
              r"declared|declares|affirmed|affirms|assured|assures|asserted|asserts|pointed out|points out|underlined|"
              r"underlines|recalled|recalls|attributed|attributes|blamed|blames|mentioned|mentions|explains|continued|"
              r"concluded|conceded|admitted|admits|suggested|suggests|argues|opined|opines|comments|remarks|replies|responds|"
              r"said in a statement|in a statement|in an emailed statement|in a blog post)\b")

_POLICY_KINDS = ("policy", "framework")
_ORG_KINDS = ("organisation", "government-body")
#: what "it" and "its" can stand for
_THING_KINDS = ("organisation", "government-body", "event", "model", "tool", "framework", "policy")

_AS_OF_NOW = _rx(r"\b(currently|now|today|at present|presently|as it stands)\b")

_VERSION = _rx(r"\b(?:version|v)\s?(\d+(?:\.\d+)*)\b|\b(\d+(?:\.\d+)+)\s+version\b")
_ORDINAL_VERSION = _rx(r"\b(first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th)\s+(?:major\s+)?(?:version|edition|iteration|revision)\b")
_ORDINALS = {"first": "1.0", "1st": "1.0", "second": "2.0", "2nd": "2.0", "third": "3.0", "3rd": "3.0",
             "fourth": "4.0", "4th": "4.0", "fifth": "5.0", "5th": "5.0"}

_POLICY_CONTEXT = _rx(r"\b(polic\w*|framework|version|edition|commitments?|undertakings?|pledges?|promises?|rules?|rulebook|"
                      r"safeguards?|thresholds?|categor(?:y|ies)|capability levels?|classifiers|brief|mandate|protections?|tiers?|"
                      r"requirements?|roadmap|reports?|asl-\d|safety levels?|coverage|restrictions?|limits?|red lines?|"
                      r"pause|moratorium|principles?|guidelines?|standards?)\b")

_QUOTE = re.compile(r"[“\"«„「『]([^“”\"«»„「」『』]{2,600}?)[”\"»“」』]")
# single quotation marks too ('step change', ‘triage mode’): an apostrophe inside a word ("we've") does not close one
_SINGLE_QUOTE = re.compile(r"(?<![\w'‘’])[‘'](?!\d\ds\b)((?:[^'‘’\n]|['’](?=\w))+?)[’'](?![\w'‘’])")  # not "the '90s"


# ---------------------------------------------------------------------------------------------
# Reading: one segment as English text, with the way back to the document's original words
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Reading:
    item: int  # index of the document in the batch
    segment: Segment
    origin: str
    text: str  # English (original or translation), or the untranslated original
    translation: TranslatedSegment | None  # set when ``text`` is a translation
    method: str  # full, language-independent

    def provenance(self, start: int, end: int) -> tuple[int, int, int | None, int | None]:
        """Document offsets of the original words, and translation offsets when translated."""
        if self.translation is not None:
            lo, hi = self.translation.document_span(start, end)
            return lo, hi, start, end
        return self.segment.start + start, self.segment.start + end, None, None


@dataclass(frozen=True, slots=True)
class _Mention:
    start: int
    end: int
    id: str
    kind: str
    generic: bool = False  # "the company": resolved to the page's main entity of its kind
    choices: tuple[str, ...] = ()  # a shared name's candidates; ``id`` is empty until the page decides
    # a name the recogniser found and the alias table does not know: "label" (its kind is the recogniser's) or
    # "cue" (the words around it said what it is: "chief executive Oriane Castellanos-Whyte", "Sablewing Labs")
    found_by: str = ""


@dataclass(slots=True)
class _Page:
    """What the extractor knows of one document while reading it."""

    document: Document
    published: date | None
    main: dict[str, str]  # kind -> the entity of that kind the page is about
    last_person: str | None = None
    last_policy: str | None = None  # the policy or framework last named, for "a third version" in the next sentence
    last_counterpart: str | None = None  # the government body the last deal was with
    last_day: Any = None  # the last day-precise date read (a DateValue), for "the same day" and "the following day"
    last_date: Any = None  # the last date read at any precision, for "a month earlier"
    # entity -> the date the page gave its release or announcement (a DateValue), for "the day X launched", "since launch day"
    launched: dict[str, Any] = field(default_factory=dict)
    last_currency: str | None = None  # the currency of the last figure read, for an amount that names none
    prev_policy: str | None = None  # the policy the previous sentence named, for "It also adds ..." in this one
    incident: bool = False  # the page reports a leak, an exposure or unauthorised access
    access: bool = False  # ... and it is unauthorised access (the model's), not an exposure (the company's)
    # (entity, kind) of the bodies, programmes and models named, in order, by the last sentence of the page that
    # named any: what "it" may stand for
    prev_things: tuple[tuple[str, str], ...] = ()
    # the organisation a paragraph opens with ("Sablewing Labs, a four-person team ...") while it is read: who "its
    # chief executive" and a bare "Founder and CEO X" later in that paragraph are about
    topic: str | None = None
    # surname -> the person the page named in full with it ("" when two of its people share it)
    surnames: dict[str, str] = field(default_factory=dict)
    # (entity, name as written, lower-cased) of each organisation the page has named so far, in order: what "the
    # trust's" or "the institute's" refers to
    named_orgs: list[tuple[str, str]] = field(default_factory=list)

    def org_called(self, noun: str) -> str | None:
        """The organisation last named whose name has this word ("trust" for the Kestrelmoor Evaluation Trust)."""
        noun = noun.lower()
        for entity, name in reversed(self.named_orgs):
            if noun in name.split():
                return entity
        return None


# ---------------------------------------------------------------------------------------------
# English reading
# ---------------------------------------------------------------------------------------------

@dataclass(slots=True)
class _Sentence:
    """One sentence being read: its text, offsets in the reading, and the entities in it."""

    reading: _Reading
    page: _Page
    start: int
    text: str
    mentions: list[_Mention]
    span: Any  # the spaCy Span
    aliases: AliasTable
    carried: str | None = None  # the policy a sentence opening "It ..." continues from the sentence before

    def resolve(self, m: _Mention) -> str | None:
        if not m.generic:
            return m.id
        kind = m.kind
        if kind == "policy":
            return self.page.main.get("policy") or self.page.main.get("framework")
        return self.page.main.get(kind)

    def of_kind(self, kinds: tuple[str, ...], *, before: int | None = None, after: int | None = None) -> list[tuple[_Mention, str]]:
        out = []
        for m in self.mentions:
            if m.kind not in kinds:
                continue
            if before is not None and m.start >= before:
                continue
            if after is not None and m.end <= after:
                continue
            entity = self.resolve(m)
            if entity:
                out.append((m, entity))
        return out

    def nearest(self, kinds: tuple[str, ...], at: int, *, prefer_before: bool = True, max_gap: int = 400) -> tuple[_Mention, str] | None:
        best = None
        for m, entity in self.of_kind(kinds):
            if m.start <= at:
                gap = at - m.end
            else:
                gap = (m.start - at) * (2 if prefer_before else 1)
            if gap <= max_gap and (best is None or gap < best[0]):
                best = (gap, m, entity)
        return (best[1], best[2]) if best else None


def _clause_window(s: _Sentence, start: int, end: int, before: int = 80, after: int = 40) -> str:
    return s.text[max(0, start - before):min(len(s.text), end + after)]


def _attribution(s: _Sentence, start: int, end: int) -> tuple[str, str | None]:
    """Who makes the statement at [start, end) of the sentence: source and attributed entity."""
    text = s.text
    if _ANONYMOUS.search(text):
        return "anonymous", None
    if _REPORTEDLY.search(text):
        # "Bloomberg News reported": a named outlet is an attribution
        named = _speaker(s, start, end)
        if named and _rx(r"\breported\b").search(text) and not _rx(r"\breportedly|according to (?:the )?reports\b").search(text):
            return "attributed", named
        return "reportedly", None
    speech = _SPEECH.search(text)
    if speech:
        speaker = _speaker(s, start, end)
        if speaker:
            return "attributed", speaker
        if _DOCUMENT.search(text):
            return "document", None
    if _DOCUMENT.search(text) and _rx(r"\b(described|describes|says|said|according to|states|called|calls|lists|shows)\b").search(text):
        return "document", None
    return "outlet", None


_SPEAKER_REACH = 400  # characters either side of a claim in which its speech verb may stand


def _speaker(s: _Sentence, start: int, end: int) -> str | None:
    """The person or organisation a speech verb in the sentence points at."""
    text = s.text
    best = None
    # speech verbs near the claim only (a long segment read whole for its quotes stays linear), names read once
    near = [x for x in s.of_kind(("person", "organisation", "government-body", "outlet"))
            if start - _SPEAKER_REACH - 100 <= x[0].start <= end + _SPEAKER_REACH + 100]
    for match in _SPEECH.finditer(text, max(0, start - _SPEAKER_REACH), min(len(text), end + _SPEAKER_REACH)):
        if start <= match.start() < end and match.group(0).lower() not in ("according to",):
            continue  # a speech verb inside the claim's own words is not its attribution
        for m, entity in near:
            if start <= m.start < end:
                continue
            gap = match.start() - m.end if m.end <= match.start() else m.start - match.end()
            if match.group(0).lower() == "according to" and m.start < match.end():
                continue
            if m.kind == "person" and m.end <= match.start() and re.fullmatch(r",[^,;“”\"]{2,80},\s*", text[m.end:match.start()]):
                gap = 0  # "Dario Amodei, Anthropic's chief executive, said": the person, past the apposition
            if 0 <= gap <= 45 and (best is None or gap < best[0]):
                best = (gap, entity)
        pronoun = re.search(r"\b(he|she)\s+(?:said|says|told|added)\b|\b(?:said|says)\s+(he|she)\b", text[max(0, match.start() - 8):match.end() + 6])
        if best is None and pronoun and s.page.last_person:
            best = (50, s.page.last_person)
    if best is None:  # "..., stated Hanna Oyelaran, a researcher": a name the recogniser missed, right after the verb
        named = re.search(r"\b(?:said|says|stated|states|added|wrote|told|estimated|noted|argued|argues|warned|declared|opined|"
                          r"commented|comments)\s+(?:the\s+)?(?:[a-z]+\s+){0,2}?"
                          r"([A-Z][^\W\d_]+(?:[- ][A-Z][\w'-]+){1,2})(?=[,.;]|\s+(?:of|at|from|in)\b|$)", text)
        if named and not (start <= named.start() < end) and s.aliases.resolve(named.group(1)) is None:
            return slug(named.group(1))
    if best is None:
        spoke = _rx(r"\b(?:an?|the)\s+([A-Z][\w.&-]+(?:\s[A-Z][\w.&-]+)?)\s+(?:spokesperson|spokesman|spokeswoman|representative)").search(text)
        if spoke:
            return s.aliases.canonical(spoke.group(1))
        if _rx(r"\b(?:a|the) (?:company )?(?:spokesperson|spokesman|spokeswoman)\b").search(text):
            return s.page.main.get("organisation")  # an unnamed company's spokesperson speaks for the page's company
    return best[1] if best else None


def _hedging(s: _Sentence, start: int, end: int, source: str) -> str:
    window = _clause_window(s, start, end, before=60, after=20)
    if _NEGATION.search(window) and not _rx(r"\bno longer\b").search(window):
        return "denied"
    if _SPECULATION.search(window):
        return "speculated"
    if source != "outlet":
        return "reported"
    return "asserted"


def _as_of(s: _Sentence, start: int, end: int) -> str | None:
    window = _clause_window(s, start, end, before=50, after=30)
    if _AS_OF_NOW.search(window) and s.page.published:
        return s.page.published.isoformat()
    return None


def _within(s: _Sentence, c: Claim) -> tuple[int, int]:
    """Where a claim made from this sentence stands in it (its offsets are the document's, or the translation's)."""
    if c.translation_start is not None and c.translation_end is not None:
        return c.translation_start - s.start, c.translation_end - s.start
    return c.start - s.reading.segment.start - s.start, c.end - s.reading.segment.start - s.start


def _claim(s: _Sentence, type_: str, subject: str, predicate: str, value_kind: str, value: str, start: int, end: int, *,
           source: str | None = None, attributed_to: str | None = None, hedging: str | None = None,
           **fields: Any) -> Claim:
    start, end = max(0, start), min(len(s.text), end)
    if source is None:
        source, attributed_to = _attribution(s, start, end)
    if hedging is None:
        hedging = _hedging(s, start, end, source)
    r = s.reading
    doc_start, doc_end, t_start, t_end = r.provenance(s.start + start, s.start + end)
    return Claim(position=r.segment.position, type=type_, subject=subject, predicate=predicate, value_kind=value_kind,
                 value=value, start=doc_start, end=doc_end, text=s.text[start:end], sentence=s.text,
                 source=source, attributed_to=attributed_to if source == "attributed" else None, hedging=hedging,
                 origin=r.origin, language=r.segment.language or UNDETERMINED, translated=r.translation is not None,
                 translation_start=t_start, translation_end=t_end, method=r.method, **fields)


# ---------------------------------------------------------------------------------------------
# Phrase helpers more than one claim type reads with
# ---------------------------------------------------------------------------------------------

def _nearest_trigger(text: str, start: int, end: int, triggers: tuple[tuple[str, re.Pattern[str]], ...], *,
                     before: int = 70, after: int = 35) -> tuple[str, int, int] | None:
    best = None
    lo, hi = max(0, start - before), min(len(text), end + after)
    for name, pattern in triggers:
        for match in pattern.finditer(text, lo, hi):
            if match.start() < end and start < match.end():
                continue
            gap = start - match.end() if match.end() <= start else (match.start() - end) * 1.3
            if best is None or gap < best[0]:
                best = (gap, name, match.start(), match.end())
    return (best[1], best[2], best[3]) if best else None


def _version_of(text: str, at: int) -> str | None:
    best = None
    for match in _VERSION.finditer(text):
        version = match.group(1) or match.group(2)
        gap = abs(match.start() - at)
        if gap < 90 and (best is None or gap < best[0]):
            best = (gap, version if "." in version else f"{version}.0")
    for match in _ORDINAL_VERSION.finditer(text):
        gap = abs(match.start() - at)
        if gap < 90 and (best is None or gap < best[0]):
            best = (gap, _ORDINALS[match.group(1).lower()])
    return best[1] if best else None


def _object_phrase(s: _Sentence, t_start: int, t_end: int) -> tuple[int, int] | None:
    """The words a trigger acts on: the object subtree of the trigger verb, else the words up to the clause end."""
    token = next((t for t in s.span if t.idx - s.span.start_char >= t_start), None)
    if token is not None:
        objects = [c for c in token.children if c.dep_ in ("dobj", "attr", "oprd", "pobj", "nsubjpass", "xcomp", "ccomp")]
        if token.dep_ == "amod" and token.head.pos_ in ("NOUN", "PROPN"):
            objects = [token.head]
        for obj in objects:
            tokens = list(obj.subtree)
            lo = tokens[0].idx - s.span.start_char
            hi = tokens[-1].idx + len(tokens[-1].text) - s.span.start_char
            if hi > t_end and hi - lo > 2 and not _only_names(s, max(lo, t_end), hi):
                return max(lo, t_end), hi
    lead = re.match(r"\s+that\s+", s.text[t_end:])  # "restates that ...": the clause after "that"
    t_end += lead.end() - 1 if lead else 0
    rest = s.text[t_end:]
    stop = re.search(r"[,;:.](?:\s|$)|\s(?:and|but|while|which|that|as|when|after|before)\s", rest)
    hi = t_end + (stop.start() if stop else len(rest))
    return (t_end, hi) if hi - t_end > 3 else None


def _only_names(s: _Sentence, lo: int, hi: int) -> bool:
    """Whether a phrase is only the names of things ("its Responsible Scaling Policy", "Claude Opus 4 and Claude Sonnet 4"):
    rewriting or launching a named thing is not by itself a change a reader can check."""
    rest = s.text[lo:hi]
    inside = [m for m in s.mentions if lo <= m.start and m.end <= hi]
    if not inside:
        return bool(re.fullmatch(r"(?:(?:its|the|a|an|their|his|her|this|that)\s+)?(?:[\w-]+\s+){0,2}(?:policy|framework|rulebook|rules)",
                                 rest.strip(), re.IGNORECASE))
    for m in sorted(inside, key=lambda m: -m.start):
        rest = rest[:m.start - lo] + " " + rest[m.end - lo:]
    return not re.sub(r"\b(?:its|the|a|an|their|his|her|this|that|new|latest|and|or|most|able|capable|first)\b|['’]s?|[,;\s]", "", rest, flags=re.IGNORECASE)


def _in_quote(text: str, start: int) -> bool:
    """Whether ``start`` falls inside a quotation of the sentence."""
    return any(m.start() <= start < m.end() for m in _QUOTE.finditer(text))


_LIST_GLUE = re.compile(r"^(?:\s*\([^()]{1,20}\))?(?:\s*,\s*(?:and\s+|as well as\s+)?|\s+and\s+|\s+as well as\s+|\s*&\s*)(?:the\s+)?$")


def _listed(s: _Sentence, entities: list[tuple[_Mention, str]], first: tuple[_Mention, str], *, forward: bool = True) -> list[tuple[_Mention, str]]:
    """``first`` and the entities coordinated with it ("AWS, Apple, Cisco and CrowdStrike")."""
    ordered = sorted(entities, key=lambda x: x[0].start)
    # "Amazon Web Services (AWS), Apple": the name in brackets belongs to the one before it
    ordered = [x for k, x in enumerate(ordered) if x[0] is first[0] or not (
        k and re.fullmatch(r"\s*\(", s.text[ordered[k - 1][0].end:x[0].start]) and s.text[x[0].end:x[0].end + 1] == ")")]
    index = next(i for i, x in enumerate(ordered) if x[0] is first[0])
    out = [first]
    step = 1 if forward else -1
    i = index
    while 0 <= i + step < len(ordered):
        a, b = (ordered[i], ordered[i + step]) if forward else (ordered[i + step], ordered[i])
        if not _LIST_GLUE.match(s.text[a[0].end:b[0].start]) or ordered[i + step][0].generic:
            break
        out.append(ordered[i + step])
        i += step
    return out if forward else out[::-1]
