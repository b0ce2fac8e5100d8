"""Policy-change claims: versions of a policy and what a revision adds, drops or changes."""

from __future__ import annotations

import re

from ..models import Claim
from ..normalize import find_dates
from .core import _ORDINALS, _POLICY_CONTEXT, _POLICY_KINDS, _claim, _in_quote, _object_phrase, _only_names, _rx, _Sentence, _version_of, _within

_POLICY_TRIGGERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("drops", _rx(r"\b(drops?|dropped|dropping|removes?|removed|removing|scraps?|scrapped|scrapping|abandons?|abandoned|"
                  r"abandoning|eliminates?|eliminated|no longer|retires?|retired|withdraws?|withdrew|withdrawn|strips?|"
                  r"stripped|deletes?|deleted|ditch\w*|lifts?|lifted|lift|rolls? back|rolled back|gives? up|gave up|discarding|"
                  r"dropping|scrapping|retiring|phased? out|phasing out|"
                  r"walks? back|walked back|jettison\w*|discards?|discarded|omits?|omitted|cuts?|sheds?|shed|erases?|"
                  r"stopped treating|stops treating|ceased treating|no longer treats)\b")),
    ("adopts", _rx(r"\b(adds?|added|adding|introduces?|introduced|introducing|adopts?|adopted|adopting|commits?|committed|"
                   r"commitment to|creates?|created|establish\w*|requires?|required|will publish|pledges?|pledged|"
                   r"in its place|replac(?:es|ed|e) (?:it |them |this |that )?with|now (?:requires|includes)|includes? a new|sets? out|set out|"
                   r"promises?|promised|obliges?|mandates?|new (?:requirement|commitment|section)|includes|include|"
                   r"decides? to|decided to|became an?|becomes an?|launched|launches|switch(?:es|ed)? on|turns? on|"
                   r"restates?|restated|concentrate on|formali[sz]\w*|spells? out|spelled out|spelling out|codif\w*|enshrin\w*|focus(?:es)? on|sets? up|brings? in|brought in|"
                   r"will (?:now )?(?:publish|require|delay|pause|release|restrain|halt|hold back|slow)|now (?:has|contains)|relies on|rely on|"
                   r"(?:categories|thresholds|levels|requirements|safeguards|protections) (?:are|is) now)\b")),
    ("changes", _rx(r"\b(changes?(?!\s*-?\s*logs?\b)|changed|changing|narrows?|narrowed|expands?|expanded|broadens?|broadened|revises?|revised|"
                    r"rewrites?|rewrote|rewritten|replaces?|replaced|updates?|updated|loosens?|loosened|tightens?|"
                    r"tightened|raises? the|lowers?|lowered|softens?|softened|weakens?|weakened|overhaul\w*|reworks?|"
                    r"reworked|reframes?|reframed|restructur\w*|modif\w*|amends?|amended|recasts?|separates?|separated|"
                    r"clarif\w+|fold(?:s|ed|ing)?|shift(?:s|ed|ing)?|merg(?:es|ed|ing)|splits?|consolidat\w+|streamlin\w+|"
                    r"simplif\w+|narrower|broader|defines?|defined|redefines?|redefined|collapsed|collapses|trimm(?:ed|ing)|trims?)\b")),
)


# --- policy changes --------------------------------------------------------------------------

def _policy_subject(s: _Sentence, at: int) -> str | None:
    found = s.nearest(_POLICY_KINDS, at, max_gap=200)
    if found:
        return found[1]
    return s.page.main.get("policy")


def _versions(s: _Sentence) -> list[Claim]:
    """"version 3.0 of its Responsible Scaling Policy", "Responsible Scaling Policy 3.0", "the current version, 2.2"."""
    out: list[Claim] = []
    # named policies first: "the version 3.0 of its policy of scaling responsible" is one version, of the policy named
    for m, policy in sorted(s.of_kind(_POLICY_KINDS), key=lambda x: x[0].generic):
        if m.generic and any(m.start < hi and lo < m.end for lo, hi in (_within(s, c) for c in out)):
            continue
        after = s.text[m.end:m.end + 30]
        before = s.text[max(0, m.start - 60):m.start]
        # "version 3.0 of its ...", and a spinner's "model 3.0 of its Accountable Scaling Coverage" (no AI model is "of" a policy)
        found = re.search(r"\b(?:version|edition|v|model)\s?(\d+(?:\.\d+)*)\s+of\s+(?:the\s+|its\s+|their\s+|his\s+)?(?:[\w-]+\s+){0,2}$", before, re.IGNORECASE)
        # "the third major version of its ...", "OpenAI's second Preparedness Framework"
        found = found or re.search(r"\b(" + _ORDINAL_WORDS + r")\s+(?:(?:major|main|principal|big)\s+)?(?:(?:version|edition|revision|iteration|"
                                   r"revamp|overhaul|rewrite|model)\s+of\s+(?:the\s+|its\s+|their\s+)?(?:[\w-]+\s+){0,2})?$", before, re.IGNORECASE)
        lo = max(0, m.start - 60) + found.start() if found else m.start
        hi = m.end
        if not found:
            found = re.match(r"\s+(?:\([A-Z]+\)\s+)?(?:(?:in|reaches|hits|moves to|is now at|now at|at)\s+)?(?:version\s+|v)?(\d+\.\d+)\b",
                             after, re.IGNORECASE)
            # "Frontier Safety Framework, now in its third iteration"
            found = found or re.match(r",?\s+(?:now\s+)?in\s+(?:its\s+)?(" + _ORDINAL_WORDS + r")\s+(?:version|edition|iteration|revision)\b",
                                      s.text[m.end:m.end + 50], re.IGNORECASE)
            hi = m.end + found.end() if found else hi
        if found:
            version = _ORDINALS.get(found.group(1).lower(), found.group(1))
            out.append(_claim(s, "policy-change", policy, "has-version", "version", version if "." in version else f"{version}.0", lo, hi))
    current = re.search(r"\b(?:current\s+(?:version|edition|text)|(?:version|edition|text)\s+(?:currently\s+)?in\s+force),?\s+(?:is\s+)?"
                        r"(\d+(?:\.\d+)*)\b", s.text, re.IGNORECASE)
    policy = s.page.main.get("policy")
    if s.reading.segment.kind not in ("title", "heading") and not s.text.rstrip().endswith("?"):
        out += _bare_versions(s, out)
    if current and policy and not any(c.predicate == "has-version" and c.value == (current.group(1) if "." in current.group(1)
                                                                                  else f"{current.group(1)}.0") for c in out):
        version = current.group(1)
        out.append(_claim(s, "policy-change", policy, "has-version", "version", version if "." in version else f"{version}.0",
                          current.start(), current.end()))
    return out


_ORDINAL_WORDS = "|".join(_ORDINALS)  # first ... fifth, 1st ... 5th
_BARE_VERSION = _rx(r"\b(?:version|v\.?)\s?(?:numbered\s+)?(\d+(?:\.\d+)?)(?!\.?\d)|\b(first|second|third|fourth|fifth)\s+(?:major\s+)?(?:version|edition|revision)\b")
_OTHER_THING = _rx(r"^\s+of\s+(?:the\s+|its\s+|their\s+)?(?:[\w@/.-]+\s+){0,2}?(?:app|package|library|sdk|software|tool|model|api|browser|client|"
                   r"plugin|extension|code|framework's code)\b")


def _bare_versions(s: _Sentence, found: list[Claim]) -> list[Claim]:
    """"Version 2.0 arrived on October 15", "a second version in April 2025": a version of the policy the sentence
    or the page is about, named without the policy. Software versions ("version 2.1.88 of the npm package") are not."""
    out = []
    taken = [_within(s, c) for c in found]
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
_NOT_A_CHANGE = _rx(r"^(?:\(|(?:for|in|on|at|by|was|is|were|are|been|from|several|later|since|again|logs?|to the)\b|(?:\w+ly\s+)?rule\b)")


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


#: "the ASL-3 safeguards are unchanged", "the CBRN safeguards were kept": a change denied
_KEPT = _rx(r"(?:^|\b(?:that|but|while|and|said)\s+|,\s+)((?:the|its|their|all|both)\s+[^,;]{3,80}?)\s+(?:is|are|was|were|remain|remains|stay|stays|"
            r"have been|has been)\s+(?:(?:left|kept)\s+)?(unchanged|untouched|intact|kept|retained|maintained|in place|not removed|not dropped)\b")


def _kept(s: _Sentence) -> list[Claim]:
    out = []
    for match in _KEPT.finditer(s.text):
        if not (_POLICY_CONTEXT.search(match.group(1)) or s.of_kind(_POLICY_KINDS)):
            continue
        subject = s.page.main.get("policy") or _policy_subject(s, match.start(1))
        if subject is None:
            continue
        predicate = "changes" if match.group(2).lower() in ("unchanged", "untouched", "intact") else "drops"
        out.append(_claim(s, "policy-change", subject, predicate, "text", match.group(1), match.start(1), match.end(),
                          hedging="denied"))
    return out


#: what a company now does after an incident: "Quorvane now caps administrative tokens at 24 hours", "Public-read
#: access is now blocked for every project", "will require signed requests from July"
_REMEDY = _rx(r"\b(?:now|henceforth|from now on|will(?: now)?|(?:has|have)(?: now)?(?: also)?)\s+(?:also\s+)?"
              r"((?:block|ban|require|limit|cap|forbid|prohibit|restrict|mandate|enforce|rotate|scan|check|need|expire|revoke|"
              r"disable|review|cut|refuse|reject|encrypt|log|alert|audit|publish|notify)s?\b|"
              r"(?<=ha[sv]e )(?:also )?(?:rotated|revoked|moved|disabled|reset|removed public|locked|encrypted|blocked|cut off|"
              r"introduced|added|switched|enabled)\b|(?<=has )(?:also )?moved\b)|"
              r"\b(?:is|are)\s+now\s+((?:blocked|banned|required|limited|capped|forbidden|prohibited|restricted|mandatory|scanned|"
              r"disabled|enforced|reviewed|rotated|issued|checked|needed|reachable only|issued only|(?:created\s+)?private|"
              r"(?:created\s+)?off by default|encrypted|logged|expired|kept)\b)")


def _remedy(s: _Sentence) -> list[Claim]:
    if not s.page.incident or s.text.rstrip().endswith("?"):  # a question commits to nothing
        return []
    out = []
    for match in _REMEDY.finditer(s.text):
        if _in_quote(s.text, match.start()):
            continue
        rest = s.text[match.start():]
        stop = re.search(r"[;.](?:\s|$)|,\s+(?:but|while|and|after)\s", rest)
        hi = match.start() + (stop.start() if stop else len(rest))
        if match.group(2):  # passive: the thing is what the sentence starts with
            comma = s.text.rfind(", ", 0, match.start())
            lo = max(s.text.rfind(";", 0, match.start()) + 1, comma + 2 if comma >= 0 else 0)
        else:
            lo = match.start(1)
        phrase = s.text[lo:hi].strip(" ,.;:")
        if not 10 <= len(phrase) <= 160:
            continue
        org = s.nearest(("organisation",), match.start())
        subject = org[1] if org and org[0].end <= match.start() else s.page.main.get("organisation")
        if subject is None:
            continue
        out.append(_claim(s, "policy-change", subject, "adopts", "text", phrase, lo, hi))
    return out


_CONDITIONAL = _rx(r"\bwill\s+(?:now\s+|only\s+)?(?:delay|pause|halt|restrain|hold back|slow)\w*\b[^.;]{0,60}?\b(?:only if|unless)\b")

#: a changelog's label before what it lists: "Added: a conditional delay clause, the Frontier Safety Roadmap and ...",
#: "New: Risk Reports every three to six months", "New elements include ...", "Removed: the pause commitment"
_LABELLED = _rx(r"^(?:(?P<adopts>added|adds|new(?: (?:elements?|items?|sections?|commitments?|in (?:the )?(?:latest|new) version))?"
                r"(?: include)?|introduced|introduces)|(?P<drops>removed|removes|dropped|drops|scrapped|gone|deleted|cut))\s*(?::|—|–|\s-)\s*"
                r"|^new (?:elements?|items?|features?|commitments?) include\s+")
_ITEM_SPLIT = re.compile(r"\s*;\s*|,\s+(?:and\s+)?(?=(?:an?|the|its|their|periodic|regular|public|new|[A-Z]))|\s+and\s+(?=(?:an?|the|its|"
                         r"their|periodic|regular|public|new|[A-Z]))")


def _labelled(s: _Sentence) -> list[Claim]:
    """What a changelog line lists after its label, one claim per item, on the policy the page is about."""
    match = _LABELLED.match(s.text)
    if not match or s.text.rstrip().endswith("?"):
        return []
    subject = (_policy_subject(s, match.end()) if s.of_kind(_POLICY_KINDS) else None) or s.page.last_policy or s.page.main.get("policy")
    if subject is None:
        return []
    predicate = "drops" if match.group("drops") else "adopts"
    rest = s.text[match.end():].rstrip()
    rest = rest[:-1] if rest.endswith(".") else rest
    out, at = [], match.end()
    for piece in _ITEM_SPLIT.split(rest):
        lo = s.text.find(piece, at)
        if lo < 0:
            break
        at = lo + len(piece)
        item = piece.strip(" ,.;:")
        if 4 <= len(item) <= 160 and not find_dates(item, ["en"]):  # a named thing under "Added:" was added too
            out.append(_claim(s, "policy-change", subject, predicate, "text", item, lo, lo + len(piece)))
    return out


def _policy_changes(s: _Sentence) -> list[Claim]:
    out = _mandate(s) + _kept(s) + _remedy(s) + _labelled(s)
    carried = s.carried if _CONTINUES.match(s.text) else None
    # a version named without its policy ("Under 3.0, Anthropic commits to ...") in a sentence after one that named it
    versioned = s.carried if re.search(r"\b(?:under|in|with|since)\s+(?:version\s+)?\d+\.\d+\b", s.text, re.IGNORECASE) else None
    carried = carried or versioned
    # "Anthropic will now delay development only if it is the race leader": a conditional commitment on a policy's page
    conditional = s.page.main.get("policy") and _CONDITIONAL.search(s.text)
    has_policy = bool(s.of_kind(_POLICY_KINDS)) or _POLICY_CONTEXT.search(s.text) or carried or conditional
    if not has_policy:
        return out
    if s.reading.origin != "timeline":
        out += _versions(s)
    for predicate, pattern in _POLICY_TRIGGERS:
        for match in pattern.finditer(s.text):
            if any(c.type == "policy-change" and c.predicate != "has-version" and match.start() < _within(s, c)[1]
                   and _within(s, c)[0] < match.end() for c in out):
                continue
            if _in_quote(s.text, match.start()) or (predicate == "changes" and _noun_at(s, match.start())):
                continue  # "a rewrite that strips out ...", "the update defines ...": the change is told by the verb after
            if predicate == "changes" and re.match(r"\s+(?:it|them|this|that)\s+with\b", s.text[match.end():], re.IGNORECASE):
                continue  # "replaces it with a conditional commitment": what it adopts (the "drops" is the sentence before)
            obj = _object_phrase(s, match.start(), match.end())
            if obj is None:
                continue
            lo, hi = obj
            tail = re.search(r",\s+(?:and|but|while|whereas)\s|;", s.text[lo:hi])
            if tail and hi - lo > 120:  # "commits to delay ..., and it promises to ...": the first clause only
                hi = lo + tail.start()
            phrase = s.text[lo:hi].strip(" ,.;:")
            if not phrase or len(phrase) > 160 or re.search(r"[“”\"]", phrase) or find_dates(phrase, ["en"]):
                continue
            if _NOT_A_CHANGE.match(phrase) or _only_names(s, lo, hi):
                continue
            if not (_POLICY_CONTEXT.search(phrase) or _POLICY_CONTEXT.search(s.text[max(0, match.start() - 60):match.start()])
                    or s.of_kind(_POLICY_KINDS) or carried or conditional):
                continue
            subject = carried if carried and not s.of_kind(_POLICY_KINDS) else _policy_subject(s, match.start())
            if subject is None:
                org = s.nearest(("organisation",), match.start())
                subject = org[1] if org else None
            if subject is None:
                continue
            parts = (_list_items(s, lo) or _conjuncts(s, lo, hi)) if predicate in ("adopts", "drops") else [(lo, hi)]
            for part_lo, part_hi in parts:
                part = s.text[part_lo:part_hi].strip(" ,.;:")
                out.append(_claim(s, "policy-change", subject, predicate, "text", part,
                                  match.start() if part_lo == lo else part_lo, part_hi, detail=_version_of(s.text, match.start())))
    return out


_LIST_ITEM = r"[^,;:.()]{3,60}?"
_LIST = re.compile(rf"({_LIST_ITEM})((?:,\s+{_LIST_ITEM}){{1,6}}),?\s+and\s+({_LIST_ITEM})(?=[;.:]\s|[;.:]?$|,\s+(?:but|while|which|after|before)\s)")


def _list_items(s: _Sentence, lo: int) -> list[tuple[int, int]]:
    """Three or more things listed from ``lo`` ("adds a roadmap, an external review panel and periodic reports";
    "now requires two-party authorisation, egress limits and faster patching"), each as a phrase of its own."""
    match = _LIST.match(s.text, lo)
    if not match:
        return []
    spans = [match.span(1)]
    at = match.start(2)
    for piece in re.finditer(rf",\s+({_LIST_ITEM})(?=,|$)", match.group(2)):
        spans.append((at + piece.start(1), at + piece.end(1)))
    spans.append(match.span(3))
    if any(len(s.text[a:b].split()) > 8 for a, b in spans):
        return []
    return spans


def _noun_at(s: _Sentence, at: int) -> bool:
    """Whether the word at offset ``at`` of the sentence is a noun ("the rewrite", "an update"), not a verb."""
    token = next((t for t in s.span if t.idx - s.span.start_char == at), None)
    # a changelog line's first word is its verb ("Clarifies the thresholds"), whatever the tagger says
    return token is not None and token.i > s.span.start and token.pos_ in ("NOUN", "PROPN")


def _conjuncts(s: _Sentence, lo: int, hi: int) -> list[tuple[int, int]]:
    """A phrase of two coordinated things, as two phrases: "a Frontier Safety Roadmap and regular Risk Reports"."""
    tokens = [t for t in s.span if lo <= t.idx - s.span.start_char < hi]
    if not tokens:
        return [(lo, hi)]
    root = next((t for t in tokens if t.head not in tokens or t.head == t), None)
    conj = next((c for c in root.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN") and c in tokens), None) if root else None
    if root is not None and conj is None:  # "a public roadmap alongside risk reports due every quarter"
        along = re.search(r"\s+(?:alongside|as well as|together with|plus)\s+", s.text[lo:hi])
        if along and along.start() >= 4 and hi - lo - along.end() >= 4:
            return [(lo, lo + along.start()), (lo + along.end(), hi)]
    if root is None or root.pos_ not in ("NOUN", "PROPN") or conj is None:
        return [(lo, hi)]
    second = list(conj.subtree)
    first_hi = min(t.idx for t in second) - s.span.start_char
    cut = re.search(r"[\s,]*(?:and|as well as|plus|alongside)?\s*$", s.text[lo:first_hi])
    first_hi = lo + (cut.start() if cut else first_hi - lo)
    second_lo = second[0].idx - s.span.start_char
    if first_hi - lo < 4 or hi - second_lo < 4:
        return [(lo, hi)]
    return [(lo, first_hi), (second_lo, hi)]
