"""Relation claims: who leads what, who developed what, renamings and partners."""

from __future__ import annotations

import re
from typing import Any

from ..entities import slug
from ..models import Claim
from .core import _LIST_GLUE, _ORG_KINDS, _POLICY_KINDS, _claim, _listed, _Mention, _rx, _Sentence, _within

_LEADS_ROLE = (r"(?:co-?founder(?: and)?(?: chief (?:executive|science officer|scientist|technology officer))?|founder|"
               r"chief executive(?: officer)?|ceo|cto|cso|chief [a-z ]{3,25}?officer|chief scientist|president|chair(?:man|woman|person)?|"
               r"(?:managing |executive |research )?director(?: of [a-z ]{3,30}?)?|head(?: of [a-z ]{3,30}?)?|"
               r"leader|lead|(?:commerce|defen[cs]e|defence|state|treasury|energy) secretary|secretary|minister|administrator|"
               r"co-lead|general counsel|chief|secretary of (?:defen[cs]e|commerce|state|the treasury|energy|war)|"
               r"(?:responsible|accountable) scaling officer)")
_ROLE_RX = _rx(r"\b" + _LEADS_ROLE + r"\b")
# a capitalised name, of a few words ("of", "for", "and" may join them)
_CAP_NAME = r"(?-i:[A-Z][\w&.'’-]*(?:\s+(?:of|for|and|[A-Z0-9][\w&.'’-]*))*(?<![\s.,]))"


# --- relations -------------------------------------------------------------------------------

def _relations(s: _Sentence) -> list[Claim]:
    made = _developed_by(s)
    made += [c for c in _table_makers(s) if all(c.subject != m.subject for m in made)]
    led = _leads(s)
    led += [c for c in _table_leaders(s) if all((c.subject, c.value) != (o.subject, o.value) for o in led)]
    renamed = _renamed(s)
    if _RENAME_TRIGGER.search(s.text):  # (without one, _renamed read the sentence for said renamings itself)
        renamed += [c for c in _said_renames(s) if all(c.subject != o.subject for o in renamed)]
    partners = _partners(s)
    partners += [c for c in _partner_nouns(s) if all((c.subject, c.value) != (o.subject, o.value) for o in partners)]
    return led + _respectively(s) + made + renamed + partners + _tested_for(s)


_OWN = r"(?:its|our|their|the company['’]s|the lab['’]s)\s+(?:(?:first|new|main|only|biggest|largest|longest-standing|outside|"\
       r"launch|technology|research|testing|cloud|data|evaluation|design|chief|sole)\s+){0,2}partners?"
# a partner named by the noun: "its partner Brightwater Metrics", "Tallowmere Systems, our first outside partner", "names
# Quillhaven Robotics as its launch partner", "the Pellwether Evaluation Trust, with which we signed a testing agreement"
_PARTNER_NOUN = [
    _rx(_OWN + r",?\s+(?:the\s+)?(?P<member>" + _CAP_NAME + r")"),
    _rx(r"(?P<member>" + _CAP_NAME + r"),\s+" + _OWN + r"\b"),
    _rx(r"\b(?:names?|named|picked|picks|chose|chooses|selected|selects)\s+(?:the\s+)?(?P<member>" + _CAP_NAME + r")\s+as\s+" + _OWN + r"\b"),
    _rx(r"(?P<member>" + _CAP_NAME + r"),\s+with (?:which|whom)\s+(?P<who>we|(?-i:[A-Z])[^,;.]{0,60}?)\s+(?:\w+\s+){0,2}?"
        r"(?:signed|agreed|works|worked|partnered|has worked)\b"),
]


def _partner_nouns(s: _Sentence) -> list[Claim]:
    out: list[Claim] = []
    for n, pattern in enumerate(_PARTNER_NOUN):
        for match in pattern.finditer(s.text):
            lo, hi = match.span("member")
            member = next((e for m, e in s.of_kind(_ORG_KINDS) if m.start <= lo < m.end and not m.generic), None)
            if member is None:
                if match.group("member").split()[0] in _NOT_NAMES:
                    continue
                member = s.aliases.resolve(match.group("member")) or slug(match.group("member"))
            owners: list[str] = []
            if n == 3 and match.group("who").lower() != "we":
                owners = [e for m, e in s.of_kind(_ORG_KINDS) if match.start("who") <= m.start < match.end("who") and not m.generic]
            if not owners:
                if n == 3 or re.search(r"\b(?:our|we)\b", match.group(0), re.IGNORECASE):
                    first = None
                else:
                    first = next((e for m, e in _named_orgs(s) if m.end <= match.start() and e != member), None)
                owner = first or s.page.topic or s.page.main.get("organisation")
                owners = [owner] if owner else []
            for owner in owners:
                if owner != member:
                    out.append(_claim(s, "relation", owner, "partner-of", "entity", member, match.start(), match.end()))
    return out


_PERSON_HEADING = _rx(r"(?:the\s+)?(?:person|people|name|who|leader|executive|holder|incumbent|officer|head)s?")
_ORG_HEADING = _rx(r"(?:the\s+)?(?:organi[sz]ation|company|lab|laboratory|group|body|institute|employer|evaluator|firm|start-?up)s?")
_POST_HEADING = _rx(r"(?:the\s+)?(?:post|role|title|position|job|office)s?(?:\s+held)?")


def _table_top(s: _Sentence) -> int | None:
    """For the sentence that opens a table row written with "|", the position of its table's first row; else None."""
    segment = s.reading.segment
    if segment.kind != "table-row" or "|" not in s.text or s.start != 0:
        return None
    segments = s.page.document.segments
    first = segment.position
    while first > 0 and segments[first - 1].kind == "table-row":
        first -= 1
    return first


def _table_leaders(s: _Sentence) -> list[Claim]:
    """Who leads what, as a roster table states it: under "Organisation | Person | Post", the row "Apollo Research |
    Marius Hobbhahn | Chief executive" (a post cell naming two posts, "A; B", gives a claim for each); under
    "Lab | Chief executive", the row "METR | Beth Barnes"."""
    first = _table_top(s)
    if first is None:
        return []
    segment, segments = s.reading.segment, s.page.document.segments
    if first == segment.position:
        return []
    top = [c.strip().rstrip(":") for c in segments[first].text.split("|")]
    cells = _cells(s.text)
    if len(top) != len(cells):
        return []
    org_at = next((n for n, h in enumerate(top) if _ORG_HEADING.fullmatch(h)), None)
    person_at = next((n for n, h in enumerate(top) if _PERSON_HEADING.fullmatch(h)), None)
    post_at = next((n for n, h in enumerate(top) if _POST_HEADING.fullmatch(h)), None)
    role_heading = next((n for n, h in enumerate(top) if n != org_at and _ROLE_RX.fullmatch(h)), None)
    if org_at is None or (person_at is None or post_at is None) and role_heading is None:
        return []
    if person_at is None or post_at is None:
        person_at, posts = role_heading, [(None, top[role_heading])]
    else:
        a, b = cells[post_at]
        posts = [(m, m.group(0)) for m in _ROLE_RX.finditer(s.text, a, b)]
    a, b = cells[person_at]
    person_cell = s.text[a:b]
    name = re.match(_CELL_NAME, person_cell)
    if not name or not re.fullmatch(r"\S+(?:\s+\S+){1,4}", name.group(0)):
        return []
    person = next((s.resolve(m) for m in s.mentions if a <= m.start and m.end <= b and m.kind == "person" and s.resolve(m)), None)
    person = person or s.aliases.resolve(name.group(0)) or slug(name.group(0))
    oa, ob = cells[org_at]
    org = next((s.resolve(m) for m in s.mentions if oa <= m.start and m.end <= ob and m.kind in _ORG_KINDS and s.resolve(m)), None)
    if org is None and re.fullmatch(_CELL_NAME, s.text[oa:ob]):
        org = s.aliases.resolve(s.text[oa:ob]) or slug(s.text[oa:ob])
    if org is None or org == person:
        return []
    # a post inside the name's cell: "Imogen Straithe-Banerjee (co-founder)"
    posts += [(m, m.group(0)) for m in _ROLE_RX.finditer(s.text, a + len(name.group(0)), b)]
    out = []
    for match, post in posts:
        if re.search(r"\bformer\b", s.text[max(0, (match.start() if match else 0) - 9):match.start() if match else 0], re.IGNORECASE):
            continue
        lo, hi = (min(oa, a), max(b, match.end())) if match else (min(oa, a), max(ob, b))
        if match and match.start() > b:  # each post of the post cell on its own words
            lo, hi = (lo, hi) if not out else (match.start(), match.end())
        elif match:
            lo, hi = match.start() - 1, match.end() + 1
        out.append(_claim(s, "relation", person, "leads", "entity", org, lo, hi, source="outlet", hedging="asserted",
                          detail=post.strip()))
    return out


# a table's column headings that name what was made, and who made it
_THING_HEADING = _rx(r"(?:the\s+)?(?:tool|framework|policy|model|product|system|harness|benchmark|project|programme|program|"
                     r"document|report|charter|name|safety framework|scaling policy|evaluation tool|eval tool)s?")
_MAKER_HEADING = _rx(r"(?:built|made|developed|created|maintained|written|published|released|run|produced)\s+by|developer|maker|"
                     r"creator|builder|publisher|owner|lab|laborator(?:y|ies)|company|companies|organi[sz]ations?|institutes?|"
                     r"labs|developers|makers|vendor|provider|from")


_CELL_NAME = r"[A-Z][\w'’&.-]*(?:\s+[A-Z0-9][\w'’&.-]*){0,5}"


def _cells(text: str) -> list[tuple[int, int]]:
    """The (start, end) of each cell of a table row written with "|" between cells, spaces trimmed."""
    out, at = [], 0
    for part in text.split("|"):
        lead = len(part) - len(part.lstrip())
        out.append((at + lead, at + len(part.rstrip())))
        at += len(part) + 1
    return out


def _table_makers(s: _Sentence) -> list[Claim]:
    """Makers a table states by its columns: under "Tool | Built by | First released", the row "Tessellate | Corvasant
    Labs | 2023" says Corvasant Labs made Tessellate; a table set on its side ("Framework | RSP | Preparedness Framework"
    above "Developer | Anthropic | OpenAI") pairs its columns."""
    first = _table_top(s)
    if first is None:
        return []
    segment, segments = s.reading.segment, s.page.document.segments
    cells = _cells(s.text)
    words = [s.text[a:b] for a, b in cells]

    def heading(text: str) -> str | None:
        text = text.strip().rstrip(":")
        if _THING_HEADING.fullmatch(text):
            return "thing"
        if _MAKER_HEADING.fullmatch(text):
            return "maker"
        return None

    def entity(at: int, kinds: tuple[str, ...] | None) -> tuple[str, _Mention | None] | None:
        a, b = cells[at]
        text = s.text[a:b]
        named = bool(re.fullmatch(_CELL_NAME, text)) and not re.search(r"\d{3,}", text)
        mention = next(((m, e) for m, e in ((m, s.resolve(m)) for m in s.mentions) if e and a <= m.start and m.end <= b), None)
        if mention is not None and kinds is None and named and (mention[0].start, mention[0].end) != (a, b):
            return slug(text), None  # "Gauntlet Ledger", of which the recogniser took "Gauntlet" for a company
        if mention is not None:
            if kinds is not None and mention[0].kind not in kinds and mention[0].found_by != "label":
                return None
            return mention[1], mention[0]
        # a name the alias table does not know: capitalised words, no long figures, no sentence
        return (slug(text), None) if named else None

    out: list[Claim] = []

    def add(thing_at: int, maker_at: int) -> None:
        thing = entity(thing_at, None)
        maker = entity(maker_at, _ORG_KINDS)
        if thing is None or maker is None or thing[0] == maker[0]:
            return
        if thing[1] is not None and thing[1].kind in _ORG_KINDS + ("person",):
            return
        lo, hi = min(cells[thing_at][0], cells[maker_at][0]), max(cells[thing_at][1], cells[maker_at][1])
        out.append(_claim(s, "relation", thing[0], "developed-by", "entity", maker[0], lo, hi))

    if first < segment.position:  # a row under a heading row
        top = [heading(c) for c in segments[first].text.split("|")]
        if len(top) == len(cells) and top.count("thing") == 1 and top.count("maker") == 1:
            add(top.index("thing"), top.index("maker"))
            return out
    # a table on its side: this row's first cell names the makers, an earlier row's the things
    if len(cells) >= 2 and heading(words[0]) == "maker":
        for row in segments[first:segment.position]:
            other = row.text.split("|")
            if len(other) == len(cells) and heading(other[0]) == "thing":
                row_cells = _cells(row.text)
                for column in range(1, len(cells)):
                    a, b = row_cells[column]
                    name = row.text[a:b]
                    maker = entity(column, _ORG_KINDS)
                    thing_id = s.aliases.resolve(name) or (slug(name) if re.fullmatch(_CELL_NAME, name) else None)
                    if maker is None or thing_id is None or thing_id == maker[0]:
                        continue
                    out.append(_claim(s, "relation", thing_id, "developed-by", "entity", maker[0], *cells[column]))
                break
    return out


_WHICH_MAKE = _rx(r",\s+which\s+(?:respectively\s+)?(?:publish|make|build|develop|maintain|run|write|produce|created?|wrote|built|developed|"
                  r"published|maintained)\s+")


def _respectively(s: _Sentence) -> list[Claim]:
    """"Google DeepMind and OpenAI, which publish the Frontier Safety Framework and the Preparedness Framework": in order."""
    match = _WHICH_MAKE.search(s.text)
    if not match:
        return []
    orgs = [x for x in s.of_kind(_ORG_KINDS) if x[0].end <= match.start() and not x[0].generic]
    things = [x for x in s.of_kind(("model", "tool", "framework", "policy")) if x[0].start >= match.end() and not x[0].generic]
    if len(orgs) < 2 or len(things) < 2:
        return []
    makers = _listed(s, orgs, orgs[-1], forward=False)
    made = _listed(s, things, things[0])
    if len(makers) != len(made) or makers[-1][0].end < match.start() - 2:
        return []
    return [_claim(s, "relation", thing, "developed-by", "entity", maker, m_mention.start, t_mention.end)
            for (m_mention, maker), (t_mention, thing) in zip(makers, made)]


_TESTED = _rx(r"\b(?:tested|tests|evaluated|evaluates|probed|probes|assessed|assesses|red-teamed|audited|checked|examined)\b")


def _tested_for(s: _Sentence) -> list[Claim]:
    """"METR tested OpenAI's o3", "Apollo Research probed a pre-release Opus 4 for Anthropic": an evaluator and its client."""
    out = []
    for match in _TESTED.finditer(s.text):
        testers = [x for x in s.of_kind(_ORG_KINDS) if x[0].end <= match.start() and not x[0].generic
                   and re.fullmatch(r"(?:\s*,[^,]{0,60},)?\s+(?:(?:has|have|had|also|both|all)\s+){0,2}", s.text[x[0].end:match.start()])]
        if not testers:
            continue
        after = s.text[match.end():match.end() + 80]
        client = None
        for x in s.of_kind(_ORG_KINDS):
            offset = x[0].start - match.end()
            if 0 <= offset <= 80 and (re.match(r"['’]s\s|\s+models?\b", s.text[x[0].end:x[0].end + 8])
                                      or re.search(r"\bfor\s+$", s.text[match.end():x[0].start])):
                client = x
                break
        if client is None or not re.search(r"\b(models?|systems?|releases?|pre-release|before release|o\d|claude|gpt|gemini|opus|sonnet)\b",
                                           after + " " + s.text[client[0].start:client[0].end + 20], re.IGNORECASE):
            continue
        for tester in _listed(s, [x for x in s.of_kind(_ORG_KINDS) if not x[0].generic], testers[-1], forward=False):
            if tester[1] != client[1]:
                out.append(_claim(s, "relation", tester[1], "partner-of", "entity", client[1], tester[0].start, client[0].end))
    return out


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
        main = s.page.topic or s.page.main.get("organisation")  # the paragraph's company, else the page's
        if main:
            return _Mention(lo, lo, main, "organisation", generic=True), main
    return None


# a post the person no longer holds: "former chief executive X", "former Google engineer X"
_FORMER = _rx(r"\bformer\s+(?:\w+\s+){0,2}$")


# a post the person holds, takes or keeps, said after the name: "X is now Cindermoss AI's permanent chief executive",
# "X will serve as interim chief executive", "X becomes chief safety officer", "X stays on as chief executive"
_SERVES = _rx(r"(?:,?\s+(?:(?:also|now|still|additionally|today)\s+)?(?:is|was|remains|serves as|served as|holds the (?:title|role|post) of|"
              r"acts as|doubles as|becomes|became|will become|(?:will|would|is to|is set to) (?:serve|stay on|remain|take over|step in|act) as|"
              r"(?:will\s+)?(?:stays?|stayed) on as|(?:has|had) (?:also\s+)?been|(?:takes?|took) over as|(?:steps?|stepped) in as|returns as|"
              r"(?:has|had)\s+(?:also\s+)?(?:carried|held|taken) the (?:title|role|post) of|carries the (?:title|role|post) of|"
              r"(?:is|was|has been) (?:named|appointed|made|promoted to)|(?:will\s+)?moves? into the (?:newly created )?(?:role|post) of)|"
              r",\s+who,?\s+(?:now\s+|also\s+|additionally\s+|later\s+)?(?:serves|will serve|is|remains|has been|became|becomes|doubles|"
              r"stays on|stayed on|took over|takes over|as)(?:\s+as)?|"
              r",?\s+who\s+(?:now\s+|still\s+)?(?:runs|ran|leads|led|heads|headed)\s+(?:it|the (?:company|firm|lab|start-?up)|"
              r"(?P<runs>(?-i:[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,3})))\s+as)\s+"
              r"(?:(?:also|now|still|additionally)\s+)?(?:the\s+|its\s+|an?\s+|our\s+)?"
              r"(?:(?:company|policy|firm|lab|board)['’]s\s+|(?P<owner>(?-i:[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,3}))['’]s\s+)?"
              r"(?:(?:new|next|first|interim|acting|permanent|founding|sole)\s+)?(?P<role>" + _LEADS_ROLE + r")\b(?:\s+(?:of|at)\s+)?")
# "X has joined Cinderford Evals as chief executive"
_JOINED = _rx(r"\s+(?:(?:has|had|will|recently)\s+)?(?:re)?join(?:s|ed)?\s+(?P<org>" + _CAP_NAME + r")\s+as\s+(?:its\s+|the\s+|an?\s+)?"
              r"(?:(?:new|next|first|interim|acting|permanent|founding)\s+)?(?P<role>" + _LEADS_ROLE + r")\b")
#: the verbs that found a body: "founded", "set up", "started", "established", "incorporated" ("co-" makes a co-founder)
_FOUNDING = r"(?:co-?founded|founded|set\s+up|started|established|incorporated)"
# founded or led by someone described before the name: "founded in 2022 by Tsinghua graduate Fang Yuheng"
_FOUNDED_BY = _rx(r"\b(?:(led|run|headed|chaired)|(" + _FOUNDING + r"))\s+(?:(?!by\b)[\w-]+\s+){0,6}?by\s+(?:(?:its|the)\s+)?"
                  r"(?:(" + _LEADS_ROLE + r")\s+)?(?:(?!and\b|by\b)[\w-]+,?\s+){0,5}$")
# ... or is given, said before it: "has appointed X as chief executive", "names X chief executive"
_NAMED_TO = _rx(r"\b(?:names|named|appoints|appointed|picks|picked|hires|hired|promotes|promoted|elects|elected|chose|chooses|"
                r"taps|tapped|installs|installed|(?:has|have|had)\s+had)\s+(?:(?:its|the)\s+[\w -]{0,30}?\s+)?$")
_NAMED_POST = _rx(r",?\s+(?:as\s+|to\s+(?:the\s+)?(?:post|role)\s+of\s+|to\s+)?(?:(?:its|the company['’]s|the|our)\s+)?"
                  r"(?:(?:new|next|first|interim|acting|permanent|founding)\s+)?(?P<role>" + _LEADS_ROLE + r")\b(?:\s+(?:of|at)\s+)?")


def _named_orgs(s: _Sentence) -> list[tuple[_Mention, str]]:
    """The organisations a sentence names ("the company's" only refers to one)."""
    return [x for x in s.of_kind(_ORG_KINDS) if not x[0].generic]


def _leads(s: _Sentence) -> list[Claim]:
    out = []
    people = s.of_kind(("person",))
    pronoun = re.match(r"(?:he|she)\b", s.text, re.IGNORECASE)
    if not people and pronoun and s.page.last_person:  # "He is also the company's Responsible Scaling Officer"
        people = [(_Mention(0, pronoun.end(), s.page.last_person, "person"), s.page.last_person)]
    elif not people and s.page.last_person:  # "Today he is the company's chief science officer": a post said of the pronoun
        said = next((p for p in re.finditer(r"\b(?:he|she)\b", s.text, re.IGNORECASE) if _SERVES.match(s.text, p.end())), None)
        if said:
            people = [(_Mention(said.start(), said.end(), s.page.last_person, "person"), s.page.last_person)]
    previous = None  # (where the last person founded or led by someone ends, that match)
    for m, person in people:
        role = org = led = also_led = who = None
        pre_used = False
        posts_after: list[tuple[int, int, str]] = []
        lo, hi = m.start, m.end
        # "Jared Kaplan, Anthropic's co-founder and chief science officer"; "Chris Painter, director of policy at METR"
        appos = re.match(r",\s+((?!who\b)[^,;()]{2,80}?)(?=,|;|\.\s|\.$|\)|$| who\b| said\b| told\b)", s.text[m.end:])
        if appos and _ROLE_RX.search(appos.group(1)) and not re.search(r"\bformer\b", appos.group(1), re.IGNORECASE):
            phrase_lo, phrase_hi = m.end + appos.start(1), m.end + appos.end(1)
            role = _ROLE_RX.search(appos.group(1)).group(0)
            found = _org_in(s, phrase_lo, phrase_hi)
            if found:
                org, hi = found[1], phrase_hi
            elif who := re.match(r"\s+who\s+(?:is|was|remains|serves as)\s+", s.text[phrase_hi:]):
                # "Jared Kaplan, a co-founder who is Anthropic's chief science officer"
                found = _org_in(s, phrase_hi + who.end(), phrase_hi + who.end() + 40)
                if found:
                    org, hi = found[1], found[0].end
                    # "Jared Kaplan, the co-founder who serves as Anthropic's Responsible Scaling Officer": that post too
                    post = re.match(r"['’]s\s+(?:(?:new|first|interim|acting|permanent|founding|sole)\s+)?(" + _LEADS_ROLE + r")\b",
                                    s.text[hi:], re.IGNORECASE) if not found[0].generic else None
                    if post:
                        posts_after.append((phrase_hi, hi + post.end(), post.group(1)))
                elif re.match(r"(?:the|its)\s", appos.group(1), re.IGNORECASE):
                    org, hi = s.page.main.get("organisation"), phrase_hi
            elif re.match(r"(?:the|its)\s", appos.group(1), re.IGNORECASE):  # "Jared Kaplan, the co-founder who ..."
                # "the trust's chief operating officer": the trust last named, else the page's company
                noun = re.match(r"the\s+(\w+)['’]s\s", appos.group(1), re.IGNORECASE)
                org, hi = (noun and s.page.org_called(noun.group(1))) or s.page.main.get("organisation"), phrase_hi
            elif not who and not _named_orgs(s) and (s.page.topic or s.page.main.get("organisation")):
                # "Daniela Amodei, also a co-founder, is president" in a story about her company, which the sentence does not name
                org, hi = s.page.topic or s.page.main.get("organisation"), phrase_hi
        elif founded := re.match(r",?\s+(?:who\s+)?(?:also\s+)?(" + _FOUNDING + r")\s+(?!(?:at|as|with|in|on|out|to|working)\b)",
                                 s.text[m.end:], re.IGNORECASE):
            found = _org_in(s, m.end + founded.end(), m.end + founded.end() + 40)
            if found and found[0].start <= m.end + founded.end() + 5:
                role, org, hi = ("co-founder" if founded.group(1).lower().startswith("co") else "founder"), found[1], found[0].end
                near = [x for x in _named_orgs(s) if m.start - 60 <= x[0].start and x[0].end <= m.start]
                if found[0].generic and near:  # "Orrisdale's chief executive, X, who co-founded the lab": Orrisdale
                    org = near[-1][1]
                out += _founded_also(s, m, person, org, hi, people)
        elif (verb := re.match(r"\s+(" + _FOUNDING + r")\b", s.text[m.end:], re.IGNORECASE)) and (
                which := re.search(r",\s*(?:which|that)\s+$", s.text[max(0, m.start - 12):m.start])) and (
                prior := [x for x in _named_orgs(s) if 0 <= max(0, m.start - 12) + which.start() - x[0].end <= 2]):
            # "Tarnwell Robotics, which Minh Abernathy-Osei started in 2022": the body before "which"
            role = "co-founder" if verb.group(1).lower().startswith("co") else "founder"
            org, lo, hi = prior[-1][1], prior[-1][0].start, m.end + verb.end()
        else:
            before = s.text[max(0, m.start - 80):m.start]
            # "chief executive Dario Amodei", "Its chief executive, Marius Hobbhahn", "Its chief executive is Oriane ..."
            # (a title between post and name is capitalised: "president Dr. X", never "officer, while X")
            pre = re.search(r"(" + _LEADS_ROLE + r"),?\s+(?:(?:is|was|remains)\s+)?(?:(?-i:[A-Z][a-z]+)\.?\s+)?$", before, re.IGNORECASE)
            # "led by", "headed for most of its brief life by", "founded by"
            led = re.search(r"\b(?:(led|run|headed|chaired)|(" + _FOUNDING + r"))\s+(?:(?!by\b)[\w-]+\s+){0,6}?by\s+(?:(?:its|the)\s+)?"
                            r"(?:(" + _LEADS_ROLE + r")\s+)?$", before, re.IGNORECASE)
            second = not led and previous is not None and re.fullmatch(r"\s*,?\s+and\s+", s.text[previous[0]:m.start])
            if second:
                led = previous[1]  # "founded in 2019 by Saoirse Lindqvist-Amadi and Emeka Torvund-Hale": both
            serves = _SERVES.match(s.text, m.end)
            joined = _JOINED.match(s.text, m.end) if not serves else None
            named = _NAMED_TO.search(s.text, max(0, m.start - 60), m.start)
            named_post = _NAMED_POST.match(s.text, m.end) if named else None
            if pre and not _FORMER.search(before[:pre.start()] + " "):
                role = pre.group(1)
                pre_used = True
                lo = max(0, m.start - 80) + pre.start()
                of = re.match(r"\s+(?:of|at)\s+", s.text[m.end:])
                found = _org_in(s, m.end, m.end + of.end() + 60) if of else None
                if found and found[0].start <= m.end + of.end() + 20:
                    org, hi = found[1], max(hi, found[0].end)
                else:
                    found = _org_in(s, max(0, lo - 45), lo + 1) or _org_in(s, lo, m.start)
                    if found and any(found[0].end <= x[0].start < lo for x in people):
                        found = None  # "Defense Secretary Pete Hegseth meets chief executive Dario Amodei": another's body
                    org = found[1] if found else None
                    if org is None and re.search(r"\b(?:its|the company['’]s)\s+$", s.text[max(0, lo - 20):lo], re.IGNORECASE):
                        org = s.page.topic or s.page.main.get("organisation")  # "Its chief executive, Marius Hobbhahn"
                    elif org is None and led and (prior := [x for x in s.of_kind(_ORG_KINDS) if x[0].end <= lo]):
                        org = prior[-1][1]  # "Quillmark Security, founded in 2019, is led by chief executive Femke ..."
                    elif org is None and not _named_orgs(s) and s.page.topic and s.start > 0:
                        org = s.page.topic  # "Sablewing Labs, a four-person team, closed ... Founder and CEO X ..."
                    elif org is None and not _named_orgs(s) and not any(
                            kind in _ORG_KINDS and entity != s.page.main.get("organisation") for entity, kind in s.page.prev_things):
                        # "chief executive Dario Amodei" in a story about his company (not just after another company)
                        org = s.page.main.get("organisation")
                    if found and not found[0].generic:
                        lo = min(lo, found[0].start)
            elif serves:
                role = serves.group("role")
                hi = serves.end()
                found = _org_in(s, hi, hi + 50) if serves.group(0).rstrip().endswith(("of", "at")) else None
                if found is None and serves.group("owner"):  # "is now Cindermoss AI's permanent chief executive"
                    found = _org_in(s, serves.start("owner"), serves.end("owner") + 3)
                if found is None and serves.group("runs"):  # "X, who runs Tarnwick as chief executive"
                    found = _org_in(s, serves.start("runs"), serves.end("runs"))
                if found:
                    org, hi = found[1], max(hi, found[0].end)
                else:
                    # "METR, where Beth Barnes serves as president": the body named just before the person, else the page's
                    before = [x for x in s.of_kind(_ORG_KINDS) if m.start - 45 <= x[0].start and x[0].end <= m.start
                              and not x[0].generic]
                    earlier = [x for x in _named_orgs(s) if x[0].end <= m.start]
                    # "Lanxing Zhiyuan was founded in 2022 by Tsinghua graduate Fang Yuheng, who serves as chief executive":
                    # the body founded or led, not the one in the person's description
                    by = led or _FOUNDED_BY.search(s.text[max(0, m.start - 80):m.start])
                    founding = [x for x in earlier if x[0].end <= max(0, m.start - 80) + by.start()] if by else []
                    if founding:
                        org = founding[-1][1]
                        also_led = by
                    elif before:
                        org, lo = before[-1][1], min(lo, before[-1][0].start)
                    elif (prev := [c for c in out if _within(s, c)[1] <= m.start]) and not any(
                            _within(s, prev[-1])[1] <= x[0].start < m.start for x in _named_orgs(s)):
                        org = prev[-1].value  # "..., among them Dario Amodei, who became chief executive, and Daniela Amodei, who ..."
                    elif earlier:  # "At Anthropic, ..., while Dario Amodei remains chief executive"
                        org = earlier[-1][1]
                    else:
                        org = s.page.topic or s.page.main.get("organisation")
            elif joined and (found := _org_in(s, joined.start("org"), joined.end("org"))):
                role, org, hi = joined.group("role"), found[1], joined.end()  # "X has joined Cinderford Evals as chief executive"
            elif named_post:  # "Saltmarsh Intelligence has appointed X as chief executive", "Ondraval Labs has picked X as its next CTO"
                role = named_post.group("role")
                lo, hi = named.start(), named_post.end()
                found = _org_in(s, hi, hi + 50) if named_post.group(0).rstrip().endswith(("of", "at")) else None
                prior = [x for x in _named_orgs(s) if x[0].end <= named.start()]
                if found:
                    org, hi = found[1], found[0].end
                elif prior:
                    org, lo = prior[-1][1], min(lo, prior[-1][0].start)
                else:
                    org = s.page.topic or s.page.main.get("organisation")
            elif led:
                role = led.group(3) or ("founder" if led.group(2) else "leader")
                prior = [x for x in s.of_kind(_ORG_KINDS) if x[0].end <= m.start]
                org = prior[-1][1] if prior else None
                if org is None and re.search(r"\b(?:the|this) (?:company|firm|start-?up|lab)\b", s.text[:m.start], re.IGNORECASE):
                    org = s.page.main.get("organisation")  # "The company was founded in 2023 by ..."
                elif org is None and led.group(2) and not s.text[:max(0, m.start - 80) + led.start()].strip() and (
                        after := _org_in(s, m.end, m.end + 60)):
                    org = after[1]  # "Set up in 2022 by Saoirse Delacroix-Mbeki, Quennell Systems employs 40 people"
                elif org is None and led.group(2) and re.match(r"it\s+(?:was|had been)\s", s.text, re.IGNORECASE) and (
                        bodies := [entity for entity, kind in s.page.prev_things if kind in _ORG_KINDS]):
                    org = bodies[-1]  # "Orrinwell AI sells tools. It was founded in 2022 by Hana Lisowska-Tembo."
                if not second:  # the second of a pair is named after the words that say what both did
                    lo = max(0, m.start - 80) + led.start()
                if prior:
                    lo = min(lo, prior[-1][0].start)
                previous = (m.end, led)
        department = re.match(r"(commerce|defen[cs]e|state|treasury|energy|homeland security)\s+secretary|secretary of (?:the )?(\w+)",
                              role or "", re.IGNORECASE)
        if department:  # "Commerce Secretary Howard Lutnick" leads the department, whatever organisation stands nearby
            org = s.aliases.resolve(f"Department of {department.group(1) or department.group(2)}") or org
        if role and not org and (near := [x for x in _named_orgs(s) if m.start - 60 <= x[0].start and x[0].end <= m.start
                                          and not any(x[0].end <= p[0].start < m.start for p in people)]):
            org, lo = near[-1][1], min(lo, near[-1][0].start)  # "At Anthropic, Jared Kaplan, a co-founder, ..."
        if role and org and org != person:
            # "co-founder and chief executive": the first post here, the second a claim of its own (_chained_posts)
            out.append(_claim(s, "relation", person, "leads", "entity", org, lo, hi, source="outlet", hedging="asserted",
                              detail=re.split(r"\s+and\s+", role.strip())[0]))
            out += _chained_posts(s, m, person, org, role, lo, hi)
            out += [_claim(s, "relation", person, "leads", "entity", org, start, end, source="outlet", hedging="asserted",
                           detail=post) for start, end, post in posts_after if post.lower() != role.strip().lower()]
            if also_led is not None:  # "... founded in 2022 by Tsinghua graduate Fang Yuheng, who serves as ...": founder too
                start = max(0, m.start - 80) + also_led.start()
                out.append(_claim(s, "relation", person, "leads", "entity", org, start, m.end, source="outlet", hedging="asserted",
                                  detail=also_led.group(3) or ("founder" if also_led.group(2) else "leader")))
            if pre_used and led and led.group(2):  # "founded in 2024 by A and chief executive B": B founded it too
                out.append(_claim(s, "relation", person, "leads", "entity", org, min(lo, m.start), m.end, source="outlet",
                                  hedging="asserted", detail="founder"))
            out += _second_post(s, m, person, org, role, hi, people)
    return out


#: what may stand between two posts of one phrase: "co-founder and chief executive", "co-founder of ORG and its chief
#: science officer", "president, chief executive" (not "chief executive, replacing co-founder X")
_POST_GLUE = _rx(r"\s*(?:(?:of|at)\s+(?:the\s+)?ORG)?\s*(?:,\s*)?(?:and\s+)?(?:(?:its|the|their|ORG['’]s|also|an?)\s+)*")


def _chained_posts(s: _Sentence, m: _Mention, person: str, org: str, role: str, lo: int, hi: int) -> list[Claim]:
    """The other posts of one phrase, each a claim on its own words: "Tamsyn Okafor-Lindqvist, co-founder and chief
    executive of Halcyra Labs", "Jared Kaplan, a co-founder of Anthropic and its chief science officer"."""
    posts = []  # (start, end, post) of each post named in the claim's words, outside the person's name
    for match in _ROLE_RX.finditer(s.text, lo, hi):
        if match.start() < m.end and m.start < match.end():
            continue
        at = match.start()
        for piece in re.split(r"(\s+and\s+)", match.group(0)):
            if piece.strip() and not re.fullmatch(r"\s+and\s+", piece):
                posts.append((at, at + len(piece), piece.strip()))
            at += len(piece)
    if len(posts) < 2:
        return []
    groups = [[posts[0]]]
    for post in posts[1:]:  # posts joined by "and" or a comma, an organisation or "its" between them at most
        a, b = groups[-1][-1][1], post[0]
        gap = s.text[a:b]
        for x, _ in sorted(s.of_kind(_ORG_KINDS), key=lambda x: -x[0].start):
            if a <= x.start and x.end <= b and not x.generic:
                gap = gap[:x.start - a] + "ORG" + gap[x.end - a:]
        if len(gap) <= 45 and re.search(r"(?:,|\band\b)", gap) and _POST_GLUE.fullmatch(gap):
            groups[-1].append(post)
        else:
            groups.append([post])
    main = role.strip().lower()
    first = main.split(" and ")[0].strip()
    # the phrase the claim's own post stands in ("chief executive, replacing co-founder X": only "co-founder" is X's)
    chained = next((g for g in groups if any(post.lower() in (main, first) for _, _, post in g)), [])
    return [_claim(s, "relation", person, "leads", "entity", org, start, max(end, min(hi, end + 40)), source="outlet",
                   hedging="asserted", detail=post) for start, end, post in chained if post.lower() != main
            and post.lower() != first]


def _founded_also(s: _Sentence, m: _Mention, person: str, org: str, after: int,
                  people: list[tuple[_Mention, str]]) -> list[Claim]:
    """Beside "X, who co-founded the company": the post named before X ("Chief executive Isaura Quintanilla-Rhee,
    who co-founded ...") and the one X founded it with ("... in 2023 with former engineer Tomasz Ugwu-Fairlie")."""
    out = []
    before = s.text[max(0, m.start - 60):m.start]
    pre = re.search(r"(" + _LEADS_ROLE + r"),?\s+(?:[A-Z][a-z]+\.?\s+)?$", before, re.IGNORECASE)
    if pre and not _FORMER.search(before[:pre.start()] + " "):
        out.append(_claim(s, "relation", person, "leads", "entity", org, max(0, m.start - 60) + pre.start(), m.end,
                          source="outlet", hedging="asserted", detail=pre.group(1).strip()))
    for other, name in people:
        gap = s.text[after:other.start]
        if other.start > after and len(gap) <= 70 and re.fullmatch(r"(?:\s+in\s+\d{4})?\s+with\s+(?:[\w-]+\s+){0,4}", gap):
            out.append(_claim(s, "relation", name, "leads", "entity", org, m.start, other.end, source="outlet",
                              hedging="asserted", detail="co-founder"))
    return out


_ANOTHER_POST = _rx(r"\b(?:is|was|remains|serves as|served as|doubles as|acts as|also|and|holds the (?:title|role|post) of|"
                    r"(?:stays|stayed|will stay|remains|remained) on as|"
                    r"(?:has\s+|had\s+)?(?:also\s+)?(?:carried|carries|held|taken|takes) the (?:title|role|post) of|"
                    r"(?:oversees|runs|leads|guides)\s+(?:[\w-]+\s+){1,4}?as)\s+(?:also\s+|now\s+|still\s+)?"
                    r"(?:the\s+|its\s+|an?\s+)?(?:(?:company|policy|firm|lab)['’]s\s+)?(?P<role>" + _LEADS_ROLE + r")\b")


def _second_post(s: _Sentence, m: _Mention, person: str, org: str, role: str, after: int,
                 people: list[tuple[_Mention, str]]) -> list[Claim]:
    """A second post the same person holds there, said later in the sentence: "Jared Kaplan, Anthropic's chief
    science officer, is also its Responsible Scaling Officer" (a claim of its own, on its own words)."""
    later = [x[0].start for x in people if x[0].start > m.end]
    stop = later[0] if later else len(s.text)
    out: list[Claim] = []
    for match in _ANOTHER_POST.finditer(s.text, after, stop):
        other = match.group("role").strip()
        if other.lower() in role.lower() or role.lower() in other.lower():
            continue
        if re.search(r"\bformer\s+$", s.text[max(0, match.start("role") - 8):match.start("role")], re.IGNORECASE):
            continue
        if any(0 <= x[0].start - match.end() <= 3 for x in people):  # "and president Trump": another person's post
            continue
        if any(c.detail.lower() == other.lower() for c in out):
            continue
        out.append(_claim(s, "relation", person, "leads", "entity", org, match.start(), match.end(), source="outlet",
                          hedging="asserted", detail=other))
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

    owned_inside: dict[int, str] = {}  # a thing's start -> the organisation its own name says owns it
    for thing, _ in things:
        inner = re.match(r"(.+?)['’]s\s+\S", s.text[thing.start:thing.end])
        owner_id = s.aliases.resolve(inner.group(1)) if inner and not thing.generic else None
        if owner_id is not None and s.aliases.entities[owner_id].kind in _ORG_KINDS:
            owned_inside[thing.start] = owner_id
    for thing, thing_id in things:
        if thing.generic:
            continue
        before = s.text[max(0, thing.start - 60):thing.start]
        after = s.text[thing.end:thing.end + 80]
        # the owner inside a name the alias table knows, when the sentence sets several such side by side:
        # "Anthropic's Responsible Scaling Policy and OpenAI's Preparedness Framework"
        owner_id = owned_inside.get(thing.start)
        if owner_id is not None and len(owned_inside) > 1:
            add(thing_id, owner_id, thing.start, thing.end)
            continue
        # "Anthropic's Claude Mythos Preview", "is Anthropic's most capable public model"
        owner = re.search(r"([\w .-]+?)['’]s\s+(?:(?:new|latest|unreleased|own|flagship|most capable|public|open-source)\s+)*"
                          r"(?:(?:model|tool|framework|policy)\s+)?$", before)
        if owner:
            found = _org_in(s, max(0, thing.start - 60) + owner.start(1), thing.start)
            if found:
                add(thing_id, found[1], found[0].start if not found[0].generic else max(0, thing.start - 60) + owner.start(), thing.end)
                continue
        # "Anthropic, the Claude developer, said"
        role = re.match(r"\s+(?:developer|maker|creator|builder)\b", after)
        if role and re.search(r"\bthe\s+$", before):
            at = thing.start - 4
            prior = [x for x in s.of_kind(_ORG_KINDS) if x[0].end <= at and re.fullmatch(r",\s*", s.text[x[0].end:at])]
            org = prior[-1] if prior else None
            if org or s.page.main.get("organisation"):
                add(thing_id, org[1] if org else s.page.main["organisation"], org[0].start if org else thing.start, thing.end + role.end())
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
        if pronoun and (s.page.main.get("organisation") or _named_orgs(s)):
            # "it" is the sentence's subject where it names one ("Orrisdale Intelligence says ... Saltire-4, the model it
            # released"), else the page's company
            subject = [x for x in _named_orgs(s) if x[0].end <= thing.start and not s.text[:x[0].start].strip()]
            maker = subject[0][1] if subject else s.page.main.get("organisation")
            if maker:
                add(thing_id, maker, thing.start, thing.end + pronoun.end())
                continue
        # "Ondraval Labs, the Rotterdam group behind the Sieve red-teaming toolkit"; "the Edinburgh lab behind Saltire-4"
        behind = re.search(r"\bbehind\s+(?:the\s+|its\s+)?(?:[\w-]+\s+){0,2}$", before)
        if behind:
            at = max(0, thing.start - 60) + behind.start()
            prior = [x for x in s.of_kind(_ORG_KINDS) if x[0].end <= at and (
                re.fullmatch(r",\s+(?:the|a|an)\s+[^,;]{0,50}?\s*", s.text[x[0].end:at]) or re.fullmatch(r"\s*", s.text[x[0].end:at]))]
            if prior:
                add(thing_id, prior[-1][1], prior[-1][0].start, thing.end)
                continue
            if re.search(r"\b(?:the|a)\s+(?:[\w-]+\s+){0,3}(?:lab|company|start-?up|firm|group|team|developer)\s+$", s.text[max(0, at - 40):at]):
                if (org := s.page.topic or s.page.main.get("organisation")):
                    add(thing_id, org, max(0, at - 40), thing.end)
                    continue
        # "the Gantry benchmark, which the Ashgrove Institute released"; "NB Defense, from Protect AI"; "Saltire-4, the model
        # it released"
        which = re.match(r"(?:\s+(?:suite|benchmark|harness|toolkit|model|framework|tool|library))?,?\s+(?:which|that|from)\s+", after) or \
            re.match(r",\s+(?:the|a|an)\s+(?:[\w-]+\s+){0,3}?(?:model|tool|suite|harness|benchmark|framework|toolkit)\s+(?:that\s+|which\s+)?", after)
        if which:
            found = _org_in(s, thing.end + which.end(), thing.end + which.end() + 45)
            tail = s.text[found[0].end:found[0].end + 40] if found else ""
            if found and not found[0].generic and found[0].start <= thing.end + which.end() + 4 and (
                    which.group(0).rstrip().endswith("from") or re.match(r"\s+(?:has\s+|had\s+)?(?:\w+\s+)?" + _MAKES.pattern, tail, re.IGNORECASE)):
                add(thing_id, found[1], thing.start, found[0].end)
                continue
            it = re.match(r"(?:it|the company)\s+(?:has\s+|had\s+)?(?:\w+\s+)?" + _MAKES.pattern, s.text[thing.end + which.end():], re.IGNORECASE)
            if it:
                subject = [x for x in _named_orgs(s) if x[0].end <= thing.start]
                org = subject[0][1] if subject else s.page.topic or s.page.main.get("organisation")
                if org:
                    add(thing_id, org, subject[0][0].start if subject else thing.start, thing.end + which.end() + it.end())
                    continue
        # "Plumbline, Halcyra Labs' open-source agent-testing harness"
        plural = re.match(r",\s+((?-i:[A-Z][\w&-]*(?:\s+[A-Z][\w&-]*){0,3}s))['’]\s+", after)
        if plural:
            found = _org_in(s, thing.end + plural.start(1), thing.end + plural.end(1) + 1)
            if found and not found[0].generic:
                add(thing_id, found[1], thing.start, found[0].end)
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


_BROAD_RENAME = _rx(r"has been|became|becomes|will become|now the|successor to|replaced by|succeeded by")


# renamings said outright, between names the alias table may not know: "Kettlewick AI ... has changed its name to
# Cinderbay Labs", "Sextant (formerly Plumbline)", "Plumbline is now Sextant", "would henceforth be known as the ..."
_SAID_RENAME = [
    _rx(r"(?P<old>" + _CAP_NAME + r")(?:['’]s)?\b[^.;]{0,80}?\b(?:changed its name to|changes its name to|renamed itself(?: as| to)?|"
        r"rebranded(?: itself)? (?:as|to)|(?:is|are) now (?:called|known as)|(?:would|will) henceforth be (?:known as|called)|"
        r"henceforth known as|now goes by(?: the name)?|took the name|takes the name)\s+(?:the\s+)?(?P<new>" + _CAP_NAME + r")"),
    _rx(r"(?P<new>" + _CAP_NAME + r")\s*(?:\(|,\s+)(?:formerly|previously|once|until recently)(?: known as| called| named)?\s+"
        r"(?:the\s+)?(?P<old>" + _CAP_NAME + r")(?=\)|,|\s*$|\.)"),
    _rx(r"(?:^|[.;:]\s+|,\s+)(?P<old>" + _CAP_NAME + r")\s+(?:is|has become|became) now\s+(?:the\s+)?(?P<new>" + _CAP_NAME + r")(?=[.,;]|\s*$)|"
        r"(?:^|[.;:]\s+)(?P<old2>" + _CAP_NAME + r")\s+is now\s+(?:the\s+)?(?P<new2>" + _CAP_NAME + r")(?=[.,;]|\s*$)"),
]


def _said_renames(s: _Sentence) -> list[Claim]:
    out: list[Claim] = []
    for pattern in _SAID_RENAME:
        for match in pattern.finditer(s.text):
            old_at = "old" if match.group("old") else "old2"
            new_at = "new" if match.group("new") else "new2"
            old_name, new_name = match.group(old_at), match.group(new_at)
            if not old_name or not new_name or old_name in _NOT_NAMES or new_name in _NOT_NAMES:
                continue
            def entity(name: str, at: int) -> str:
                known = next((s.resolve(m) for m in s.mentions if m.start <= at < m.end and s.resolve(m)), None)
                return known or s.aliases.resolve(name) or slug(name)
            old, new = entity(old_name, match.start(old_at)), entity(new_name, match.start(new_at))
            named_before = [x for x in s.of_kind(_ORG_KINDS + ("tool", "model", "framework", "policy"))
                            if match.start() <= x[0].start and x[0].end <= match.start(new_at) and not x[0].generic and x[1] != new]
            if old_at == "old" and pattern is _SAID_RENAME[0] and named_before:
                old = named_before[0][1]  # "May 5, 2026 — Kettlewick AI today announced ...": the name, not the dateline
            if old == new or any(c.subject == old for c in out):
                continue
            out.append(_claim(s, "relation", old, "renamed-to", "entity", new, match.start(), match.end()))
    return out


_NOT_NAMES = frozenset("The A An It This That These Those They We He She Its Their Our In On At Since Until".split())


def _renamed(s: _Sentence) -> list[Claim]:
    out: list[Claim] = []
    trigger = _RENAME_TRIGGER.search(s.text)
    if not trigger:
        return _said_renames(s)
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
    if len(after) > 1 and after[1][1] == new and s.text[new_m.start:new_m.end].lower() != s.text[after[1][0].start:after[1][0].end].lower():
        # "Britain renamed its AI Safety Institute the AI Security Institute": old and new name after the verb, one id
        second = after[1][0]
        out.append(_claim(s, "relation", new, "renamed-to", "entity", new, trigger.start(), second.end,
                          detail=s.text[second.start:second.end]))
        return out
    same = [x for x in bodies if x[1] == new and x[0].end <= trigger.start()]
    predecessors = [e.id for e in s.aliases.entities.values() if e.renamed_to == new]
    if same and s.text[same[0][0].start:same[0][0].end].lower() != s.text[new_m.start:new_m.end].lower():
        # one id for both names (the table keeps the UK institute as one entity): the new name is the detail
        out.append(_claim(s, "relation", new, "renamed-to", "entity", new, same[0][0].start, new_m.end,
                          detail=s.text[new_m.start:new_m.end]))
    elif predecessors and (not _BROAD_RENAME.fullmatch(trigger.group(0)) or any(x[1] in predecessors for x in bodies)):
        # "has been", "became", "now the" say a rename only when the old name stands in the sentence too
        out.append(_claim(s, "relation", predecessors[0], "renamed-to", "entity", new, trigger.start(), new_m.end))
    return out


_PARTNER_WITH = _rx(r"\b(agreements? with|agreed with|agreed to|deals? with|memorand\w*(?: of understanding)? with|"
                    r"signed (?:[\w-]+ ){0,3}(?:agreements?|deals?|memorand\w*|contracts?)(?: [\w-]+){0,4} with|partnership with|"
                    r"partnered with|partners with|teamed up with|work jointly with|jointly with|works?(?: notably| closely| mainly)? with|working with|"
                    r"collaborat\w* with|contracts? with|an? (?!(?:dispute|fight|clash|standoff|feud|conflict|battle|row|spat|lawsuit|"
                    r"quarrel|showdown|confrontation|rift|break|split)\b)\w+ with|signed with|signs with|sign with)\b")
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
        if word == "partner" and re.search(r"\ban?\s+(?:[\w-]+\s+)?$", s.text[:match.start()]) and re.match(r"\s+(?:at|in)\s", s.text[match.end():]):
            continue  # "Rafael Duquesne-Mbeki, a partner at the advisory firm Ostrava Capital": a person's post
        members = right_list(match.end(), reach=60)
        if word.startswith("giv") or word in ("gave", "give", "gives"):
            given = (_rx(r"\baccess\b").search(s.text[match.end():match.end() + 120]) or _DEAL.search(s.text[:match.start()])
                     or _DEAL.search(s.text[match.end():match.end() + 60]))
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
