"""Quote claims: quoted words and who said them."""

from __future__ import annotations

import re

from ..models import Claim
from ..entities import slug
from .core import _DOCUMENT, _QUOTE, _SINGLE_QUOTE, _SPEECH, _claim, _rx, _Sentence, _speaker

_QUOTE_NAMING = _rx(r"\b(called|calls|call|calling|dubbed|dubs|described(?: [\w'’-]+){0,3} as|describes(?: [\w'’-]+){0,3} as|termed|labell?ed|"
                    r"qualifies|qualified|branded|a so-called|what (?:he|she|they|it) called|speaks of|spoke of|talks of|talked of|"
                    r"warns of|warned of|characteri[sz](?:ed|es|ing)(?: [\w'’-]+){0,4} as|describing(?: [\w'’-]+){0,3} as|"
                    r"put(?:s|ting)?(?: [\w'’-]+){0,3} down to|attribut(?:ed|es|ing)(?: [\w'’-]+){0,3} to|"
                    r"blam(?:ed|es|ing)(?: [\w'’-]+){0,3} on|(?<![\w-])defin(?:ed|es|ing)(?: [\w'’-]+){0,2} as|(?<![\w-])defines|"
                    r"(?<![\w-])defined|(?:insist|demand)(?:ed|s|ing)(?: [\w'’-]+){0,5} for|"
                    r"(?:pitch|bill|tout|present)(?:ed|s|ing)(?: [\w'’-]+){0,3} as)\s+(?:[\w'’-]+\s+){0,5}$")
# a speech verb just before a short quotation: "it said it had 'no evidence' that ..."
_SAID_BEFORE = _rx(r"\b(?:said|says|told|added|wrote|stated|insisted|called it)\b[^.;:“”\"«»„]{0,40}$")

_DEMAND = _rx(r"\b(?:insist|demand|want)(?:ed|s|ing)?\b[^.;:“”\"«»„]{0,70}$")

# --- quotes ----------------------------------------------------------------------------------

def _quotes(s: _Sentence) -> list[Claim]:
    out = []
    double = list(_QUOTE.finditer(s.text))
    single = [m for m in _SINGLE_QUOTE.finditer(s.text)
              if 2 <= len(m.group(1)) <= 600 and not any(d.start() <= m.start() < d.end() for d in double)]
    for match in sorted(double + single, key=lambda m: m.start()):
        words = match.group(1).strip().rstrip(",").strip()
        before = s.text[:match.start()]
        named = _QUOTE_NAMING.search(before)
        # "demanded use of Claude 'for all lawful purposes'": the words the demanding side wants, in its own terms
        demand = None if named else _DEMAND.search(before)
        if demand and not (re.match(r"for\s", words, re.IGNORECASE) or re.search(r"\bfor\s+\W?$", before, re.IGNORECASE)):
            demand = None  # what is demanded "for ...": a use, a purpose; other scare quotes are the outlet's
        naming = named or demand
        n_words = len(words.split())
        put_it = _put_it(s, match.end())  # '..." as Oskar Brandvold-Meyer put it'
        label = _label(s, before) if n_words >= 4 else None  # 'KOFI MARLOW-SANDOVAL: "..."', 'Anthropic's statement: "..."'
        if naming is None and label is None and (n_words < 4 or not _SPEECH.search(s.text)):
            if not (2 <= n_words < 4 and _SAID_BEFORE.search(before)) and not (n_words >= 4 and put_it):
                continue
        speaker = label or _speaker(s, match.start(), match.end()) or put_it
        if speaker is None and demand is not None:  # the side that demands, named before its verb
            side = [x for x in s.of_kind(("organisation", "government-body", "person")) if x[0].end <= demand.start()]
            speaker = side[-1][1] if side else None
        if speaker is None and naming is not None:
            # the person who names it, where the clause has one ("Chris Painter, METR's director of policy, ... called the
            # shift a move into 'triage mode'"), else the name nearest the quotation
            people = [x for x in s.of_kind(("person",)) if x[0].end <= naming.start()]
            subject = people[0] if people else s.nearest(("organisation", "government-body", "person"), match.start())
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


#: a transcript's speaker label ("KOFI MARLOW-SANDOVAL:") or a statement's owner ("Anthropic's statement:") just before a quotation
_LABEL = re.compile(r"^\s*(?P<caps>[A-Z][A-Z'’.-]+(?:\s+[A-Z][A-Z'’.-]+){0,3}):\s*$|"
                    r"(?:^|[.;]\s+)(?P<owner>[A-Z][\w&.-]+(?:\s+[A-Z][\w&.-]+){0,3})['’]s\s+(?:(?:full|official|written)\s+)?statement:\s*$")


def _label(s: _Sentence, before: str) -> str | None:
    label = _LABEL.search(before)
    if not label and re.search(r":\s*$", before):
        # "Okapi's chief executive, Leopold Varga-Asante, on a call with reporters: '...'": the person, else the body
        clause = max(before.rfind(". "), before.rfind("; ")) + 1
        named = [x for x in s.of_kind(("person",)) if clause <= x[0].start and x[0].end <= len(before)] or \
                [x for x in s.of_kind(("organisation", "government-body")) if clause <= x[0].start and x[0].end <= len(before)]
        if named:
            return named[0][1]
        if re.search(r"\b(?:company|firm|lab)['’]s\s+(?:\w+\s+)?statement\b|\bits\s+(?:\w+\s+)?statement\b", before[clause:], re.IGNORECASE):
            return s.page.main.get("organisation")
        return None
    if not label:
        return None
    name = label.group("caps").title() if label.group("caps") else label.group("owner")
    lo = label.start("caps") if label.group("caps") else label.start("owner")
    named = next((e for m, e in s.of_kind(("person", "organisation", "government-body")) if m.start == lo), None)
    return named or s.aliases.resolve(name) or slug(name)


def _put_it(s: _Sentence, end: int) -> str | None:
    """"“The CMS was the leak; the cache was the echo,” as Oskar Brandvold-Meyer of Harrow put it": the speaker."""
    put = re.match(r"[\s,]*as\s+([A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){0,2})\b[^.;“”]{0,60}?\s+(?:put|puts|has put) it\b", s.text[end:])
    if not put:
        return None
    named = next((e for m, e in s.of_kind(("person", "organisation")) if m.start == end + put.start(1)), None)
    return named or s.aliases.resolve(put.group(1)) or slug(put.group(1))


def _quote_end(s: _Sentence, match: re.Match[str]) -> int:
    """A quote's claim span runs on to the speech verb and speaker after it ("...," said Jane Doe)."""
    after = re.match(r"[\s,]*(?:\w+\s){0,5}?(?:said|says|told|added|wrote)(?:\s[A-Z][\w.'-]+){0,3}", s.text[match.end():])
    return match.end() + (after.end() if after else 0)
