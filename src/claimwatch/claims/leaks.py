"""Leak claims: what was exposed or accessed, by whom and by which route."""

from __future__ import annotations

import re
from dataclasses import replace

from ..models import Claim
from .core import _attribution, _claim, _in_quote, _object_phrase, _rx, _Sentence, _within

_LEAK_CONTEXT = _rx(r"\b(leak\w*|expos\w*|accessible|reachable|unauthori[sz]ed|breach\w*|hack\w*|access(?:ed|ing)?|got in|"
                    r"misconfigur\w*|vulnerab\w*|credentials|stolen|exfiltrat\w*|compromis\w*|intru\w*|"
                    r"publicly available|left public|made public|source map|source code|weights|lapse|mishap|inadvertent\w*|"
                    r"accidental\w*|mistakenly|unsecured|unprotected|left open|spill\w*|without permission)\b")
_LEAKED = _rx(r"\b(leak(?:ed|s)?|exposed|exposing|exposes|exposure of|accessible|reachable|stolen|taken|exfiltrated|"
              r"made public|left public|left (?:publicly|open)|visible|published (?:by mistake|inadvertently|accidentally)|"
              r"revealed|reveals|described|describing|included|including|contained|containing|found|discovered|"
              r"spilled|spilt|left unprotected|left unsecured|posted publicly|circulated|surfaced)\b")
_EXPOSED_VIA = _rx(r"\b(through|via|by way of|by means of|because of|due to|attributed (?:it |the \w+ )?to|attributing (?:it |the \w+ )?to|"
                   r"traced (?:it |the \w+ )?to|caused by|blamed (?:it |the \w+ )?on|in (?:its|a|the) (?:content|data|cms|storage|"
                   r"publicly)|misconfigur\w*|unrelated to|began with|stemmed from|resulted from|from a)\b")
_ACCESSED_BY = _rx(r"\b(accessed by|used by|found by|discovered by|obtained by|reached by|(?:a |small |private )*(?:group|users?|members?|"
                   r"researchers?|attackers?|hackers?|people|individuals)\b[^.;]{0,40}?\b(?:gained|got|obtained|had|used|accessed|"
                   r"found|gathers|gathered)|gathers on|gathered on|on a private)\b")
_ACCESS = _rx(r"\b(access\w*|got in|get in|breach\w*|reached|entered|broke into|invaded|intru\w*|used the model|affected|"
              r"compromis\w*|entry|using|utili[sz]\w*|obtained|acquired|gained|unsanctioned|unauthori[sz]ed)\b")


# --- leaks and security incidents ------------------------------------------------------------

_INCIDENT_PAGE = _rx(r"\b(leak\w*|expos\w*|unauthori[sz]ed|unsanctioned|breach\w*|misconfigur\w*|publicly (?:accessible|reachable)|"
                    r"source map|without authori[sz]ation|without permission|security (?:incident|lapse|issue)|data incident|"
                    r"intrusion|hacked|hackers?|unsecured|left (?:open|unprotected)|inadvertently (?:published|exposed|made)|"
                    r"incident|post-?mortem|paste site|posted publicly|stolen|exfiltrat\w*)\b")


def _leaks(s: _Sentence) -> list[Claim]:
    own_cue = bool(_LEAK_CONTEXT.search(s.text))
    if not own_cue and not s.page.incident:
        return []
    out = []
    access, subject = _leak_subject(s)
    if subject is None:
        return out
    if access:
        out += _access_details(s, subject)
    else:
        out += _exposure_details(s, subject)
    route_cue = own_cue or access or (s.page.incident and _INCIDENT_NOUN.search(s.text))
    for match in (_EXPOSED_VIA.finditer(s.text) if route_cue else ()):
        obj = _object_phrase(s, match.start(), match.end())
        if obj is None:
            continue
        lo, hi = obj
        phrase = s.text[lo:hi].strip(" ,.;:")
        if len(phrase) < 3 or len(phrase) > 140 or _SPELL_OF_TIME.match(phrase):
            continue  # "through three weeks": how long, not how
        if match.group(0).lower() == "from a" and _PARTY_BEFORE.search(s.text[max(0, match.start() - 40):match.start()]):
            continue  # "a small group from a Discord server": where the party is from, said with the party
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
    out += _denied_things(s, subject, [_within(s, c) for c in out])
    return [c for c in out if not _in_quote(s.text, max(0, _within(s, c)[0])) and not _bare_party(c)]


#: what did not get out: "No model weights appear to have been exfiltrated", "The weights never left the building"
_DENIED_THING = _rx(r"\b(?:no|not|never)\s+(?:[\w-]+\s+){0,2}?(?P<a>(?:model\s+)?weights|source code|code|customer data|user data|"
                    r"personal data|customer prompts|prompts|credentials|passwords)\b[^.;]{0,40}?\b(?:exfiltrated|leaked|exposed|"
                    r"taken|stolen|copied|accessed|compromised|left)\b|"
                    r"\b(?:the\s+)?(?P<b>(?:model\s+)?weights|source code|customer data|customer prompts|credentials)\s+(?:were|was|have|has)?\s*"
                    r"(?:never|not)\s+(?:been\s+)?(?:left|leaked|exposed|taken|stolen|copied|accessed|exfiltrated|compromised)\b")


def _denied_things(s: _Sentence, subject: str, taken: list[tuple[int, int]]) -> list[Claim]:
    """A thing the incident did not reach, on an exposure's or an access's page alike: a `leaked` claim, denied."""
    out = []
    for match in _DENIED_THING.finditer(s.text):
        if any(a < match.end() and match.start() < b for a, b in taken):  # the sentence's words already read another way
            continue
        thing = match.group("a") or match.group("b")
        out.append(_claim(s, "leak", subject, "leaked", "text", thing, match.start(), match.end(), hedging="denied"))
    return out


_AND_NP = re.compile(r",?\s+and\s+(?=(?:an?|the|its|their|his|her|some|[\w-]+['’]s)\s)", re.IGNORECASE)


def _leak_subject(s: _Sentence, access: bool | None = None) -> tuple[bool, str | None]:
    """Whether the sentence tells of access (to a model) rather than an exposure (of a company's material), and whose it is.

    ``access`` given, the caller already knows which (a learned reader's predicate says so)."""
    if access is None:
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
    return access, subject


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
    lo, hi = _within(s, c)
    at = s.text.find(c.value, max(0, lo), hi + 1)
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


_SPELL_OF_TIME = _rx(r"(?:(?:the|a|an|several|few|\w+)\s+)?(?:(?:past|last|next|first|following)\s+)?(?:seconds?|minutes?|hours?|days?|"
                    r"weeks?|months?|years?|weekend)\b")
_PARTY_BEFORE = _rx(r"\b(?:group|groups|users?|members?|people|individuals|researchers?|hackers?|attackers?|outsiders|cluster)\s*$")
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
    if c.predicate == "accessed-via" and _THE_MODEL.fullmatch(c.value.strip()):
        return True  # "had been using the model since April 7": the model is what was reached, not the route
    return c.predicate == "accessed-by" and bool(_BARE_PARTY.fullmatch(c.value.strip()))


_THE_MODEL = _rx(r"(?:the|this|that|its)\s+(?:model|system|tool|mannequin|framework|service)(?:\s+(?:since|from|until|for)\b.*)?")


_ACCESS_PAGE = _rx(r"\bunauthori[sz]ed (?:access|entry|use|users|group|parties|outsiders|individuals|people)|\b(?:gained|got|obtained) access|"
                   r"\bwithout (?:authori[sz]ation|permission)")
_TAKEN = _rx(r"\b(taken|exfiltrated|copied|stolen|seized|downloaded|obtained|extracted)\b")
_AFFECTED = _rx(r"\b(affected|compromised|touched|breached|impacted|invaded|penetrated|accessed|hit)\b")
_BEYOND = _rx(r"\b(?:reached|went|extended|spread|got)\s+((?:past|beyond|outside)\s+[^,.;]{3,60})")
_BY_DOING = _rx(r"\bby\s+(?=(?:guess|copy|imitat|exploit|reus|abus|borrow|steal|us|mimick|spoof|brute)[a-z]*ing\b)")
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
            # "no customer data was exposed" denies a thing got out; "its AI tools were not implicated", a route
            predicate = "leaked" if token.head.lower_ in ("exposed", "leaked") else "exposed-via"
            out.append(_claim(s, "leak", subject, predicate, "text", s.text[lo:hi], lo, token.head.idx + len(token.head.text) - s.span.start_char))
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
        elif token.dep_ == "nsubj" and verb.lemma_ in ("help", "enable", "allow", "let", "aid") and token.pos_ in ("NOUN", "PROPN"):
            # "Data from an earlier breach may have helped them": a route the group had
            out.append(_claim(s, "leak", subject, "accessed-via", "text", s.text[lo:hi], lo, verb.idx + len(verb.text) - s.span.start_char))
        elif token.dep_ == "nsubj" and re.search(r"\b(group|users?|members?|people|individuals|cluster|personnel|attackers?|hackers?|participants|"
                                                r"outsiders|intruders|strangers|third parties|researchers)\b",
                                                s.text[lo:hi], re.IGNORECASE) and (_ACCESS.search(s.text[hi:hi + 60] + " " + verb.text)
                                                                          or verb.lemma_ in ("use", "reach", "enter", "query", "try", "test")):
            out.append(_claim(s, "leak", subject, "accessed-by", "text", s.text[lo:hi], lo, hi))
    for pattern in (_BEYOND,):
        for match in pattern.finditer(s.text):
            out.append(_claim(s, "leak", subject, "accessed-via", "text", match.group(1).strip(), match.start(1), match.end(1)))
    for match in _BY_DOING.finditer(s.text):  # "by guessing the model's endpoint address"
        rest = s.text[match.end():]
        stop = re.search(r"[,;.](?:\s|$)|\s(?:and|but|while)\s", rest)
        phrase = rest[:stop.start() if stop else len(rest)].strip()
        if 8 <= len(phrase) <= 140:
            out.append(_claim(s, "leak", subject, "accessed-via", "text", phrase, match.start(), match.end() + len(phrase)))
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


def split_people(s: _Sentence, claims: list[Claim]) -> list[Claim]:
    """"spotted by Roy Paz of LayerX Security and Alexandre Pauwels of the University of Cambridge": who got in is
    two people, each a claim on their own words (the rules and the phrase reader read the pair as one phrase)."""
    out = []
    for c in claims:
        lo, hi = _within(s, c)
        at = s.text.find(c.value, max(0, lo)) if c.type == "leak" and c.predicate == "accessed-by" else -1
        people = [m for m in s.mentions if m.kind == "person" and at <= m.start and m.end <= at + len(c.value)] if at >= 0 else []
        cuts = [b.start for a, b in zip(people, people[1:]) if re.search(r"\s(?:and|as well as)\s+$", s.text[a.end:b.start])
                and not re.search(r"[,;]", s.text[a.end:b.start].rsplit(" and ", 1)[-1])]
        if not cuts:
            out.append(c)
            continue
        bounds = [at, *cuts, at + len(c.value)]
        for start, end in zip(bounds, bounds[1:]):
            words = re.sub(r"(?:,?\s+(?:and|as well as))?\s*$", "", s.text[start:end])
            out.append(_claim(s, "leak", c.subject, c.predicate, "text", words, lo if start == at else start,
                              start + len(words) if end != bounds[-1] else hi, source=c.source,
                              attributed_to=c.attributed_to, hedging=c.hedging))
    return out
