"""Accuracy of language identification and of date and money normalisation on the project's labelled fixtures.

    .venv/bin/python tests/eval/evaluate.py          # prints the tables
    .venv/bin/pytest tests/test_eval.py              # the same figures against the floors in floors.json

The fixtures in tests/eval/fixtures/ were written for claimwatch and labelled by hand:
langid.yaml (single segments), mixed_pages.yaml (whole pages, read with their context),
dates.yaml and money.yaml (written alongside normalize.py), and dates_heldout.yaml and
money_heldout.yaml (written blind, by someone who had not read normalize.py or its fixtures);
and the segment origins of the 697 claims annotated in claims/set_a.yaml and set_b.yaml.

Claim extraction is scored on forty-eight sets in claims/ (484 pages, 12,758 claims), all written for
the project. Sets a to e (76 pages, 1,475 claims) are those whose misses were read while the rules
were written; g to m, o to z, aa to ad, af to ao and ap to av were written blind by people who read
neither the rules nor any set's misses, and measured once before anyone trained on them (the misses
of each were read afterwards, for later rounds of rules). The
learned readers (claimwatch.claims.learned, trained by train_claims.py) train on all forty-five seen
sets ("claims seen: ..." is therefore partly in-sample; train_claims.py --cv gives the
leave-one-set-out figures).
set_f.yaml, set_n.yaml and set_ae.yaml (34 pages, 878 claims) are held out: written blind by people
who read neither the rules nor any set's misses, never trained on, and their misses are never
printed (`-v` leaves them out), so their figures ("claims held-out: ...", "claims set_f: ...",
"claims set_n: ...", "claims set_ae: ...") are the honest ones. "claims: ..." is all forty-eight. A predicted claim finds an
annotated one when both have the same type, stand in the same segment and their words overlap;
pairs are made one to one, those agreeing on subject, predicate and value first. "precision"
and "recall" count found claims; "strict" also needs predicate, subject and value right;
"values" scores the typed values (dates, amounts, versions); the "right (found claims)" rows
score each field of the found claims.
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
FLOORS = HERE / "floors.json"

#: langdetect's verdict on a segment of fewer letters than this is a prior only (see language.py)
SHORT_LETTERS = 25


@dataclass
class Score:
    right: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, ok: bool, miss: str) -> None:
        self.total += 1
        self.right += ok
        if not ok:
            self.misses.append(miss)

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 0.0


def _load(name: str) -> list:
    return yaml.safe_load((FIXTURES / name).read_text(encoding="utf-8"))


def language_id() -> dict[str, Score]:
    """Segments read on their own (langid.yaml) and in their page (mixed_pages.yaml)."""
    from claimwatch.language import UNDETERMINED, _LETTER, detect, identify_document
    from claimwatch.models import Segment

    scores: dict[str, Score] = defaultdict(Score)
    for entry in _load("langid.yaml"):
        text, expected = entry["text"], entry["lang"]
        guess = detect(text)
        letters = len(_LETTER.findall(text))
        if expected == UNDETERMINED:
            # Names and numbers alone: right when claimwatch does not claim to know.
            ok = guess.language == UNDETERMINED or guess.probability <= 0.5
            scores["single: und (names, numbers)"].add(ok, f"{text!r}: {guess.language} {guess.probability}")
            continue
        ok = guess.language == expected and (entry.get("script") is None or guess.script == entry["script"])
        bucket = "single: long (25+ letters)" if letters >= SHORT_LETTERS or expected in ("zh", "ja", "ko") else "single: short, no context"
        scores[bucket].add(ok, f"{text!r}: expected {expected}, got {guess.language}/{guess.script}")
        scores["single: all labelled"].add(ok, "")
    for page in _load("mixed_pages.yaml"):
        items, offset = [], 0
        for i, s in enumerate(page["segments"]):
            items.append(Segment(i, s["kind"], offset, offset + len(s["text"]), s["text"]))
            offset += len(s["text"]) + 1
        guesses, languages = identify_document(items, hint=page.get("hint"))
        for s, g in zip(page["segments"], guesses):
            expected = s["lang"]
            ok = g.language == expected or (expected == UNDETERMINED and g.probability <= 0.5)
            scores["in page: segments"].add(ok, f"{page['id']}: {s['text'][:50]!r}: expected {expected}, got {g.language} ({g.method})")
        dominant = languages[0][0] if languages else UNDETERMINED
        scores["in page: dominant language"].add(dominant == page["dominant"], f"{page['id']}: expected {page['dominant']}, got {dominant}")
        found = sorted(code for code, _ in languages)
        scores["in page: set of languages"].add(found == sorted(page["languages"]), f"{page['id']}: expected {sorted(page['languages'])}, got {found}")
    return dict(scores)


def dates() -> dict[str, Score]:
    from claimwatch.normalize import parse_date

    scores: dict[str, Score] = defaultdict(Score)
    for entry in _load("dates_heldout.yaml"):
        value = parse_date(entry["text"], [entry["lang"]])
        got = value.iso if value else None
        expected = None if entry["expect"] is None else str(entry["expect"])
        scores["dates held-out: all"].add(got == expected, f"{entry['lang']}: {entry['text']!r}: expected {expected}, got {got}")
    for entry in _load("dates.yaml"):
        value = parse_date(entry["text"], [entry["lang"]] if entry.get("lang") else None)
        got = value.iso if value else None
        expected = None if entry["expect"] is None else str(entry["expect"])
        miss = f"{entry['lang']}: {entry['text']!r}: expected {expected}, got {got}"
        scores["dates: all"].add(got == expected, miss)
        scores[f"dates: {entry['lang']}"].add(got == expected, miss)
    return dict(scores)


def money() -> dict[str, Score]:
    from claimwatch.normalize import parse_money

    scores: dict[str, Score] = defaultdict(Score)
    for entry in _load("money_heldout.yaml"):
        value = parse_money(entry["text"], entry.get("lang"))
        expect = entry["expect"]
        ok = value is None if expect is None else (
            value is not None and value.amount == Decimal(str(expect["amount"])) and value.currency == expect.get("currency"))
        scores["money held-out: all"].add(ok, f"{entry['lang']}: {entry['text']!r}: expected {expect}, got {value}")
    for entry in _load("money.yaml"):
        value = parse_money(entry["text"], entry.get("lang"))
        expect = entry["expect"]
        if expect is None:
            ok = value is None
        else:
            ok = value is not None and value.amount == Decimal(str(expect["amount"])) and value.currency == expect.get("currency")
        miss = f"{entry['lang']}: {entry['text']!r}: expected {expect}, got {value}"
        scores["money: all"].add(ok, miss)
        scores[f"money: {entry['lang']}"].add(ok, miss)
    return dict(scores)


def origins() -> dict[str, Score]:
    """The origin (body, ai-generated, timeline, faq, boilerplate) of each annotated claim's segment."""
    from claimwatch.extract import segment_blocks
    from claimwatch.origin import tag_origins

    scores: dict[str, Score] = defaultdict(Score)
    for name in ("set_a.yaml", "set_b.yaml"):
        for doc in yaml.safe_load((HERE / "claims" / name).read_text(encoding="utf-8")):
            _, segments = segment_blocks([(s["kind"], s["text"]) for s in doc["segments"]])
            predicted = tag_origins(segments)
            for claim in doc["claims"]:
                got, expected = predicted[claim["segment"]], claim["origin"]
                miss = f"{doc['id']}: {doc['segments'][claim['segment']]['text'][:60]!r}: expected {expected}, got {got}"
                scores["origin: all claims"].add(got == expected, miss)
                if expected != "body":
                    scores["origin: claims outside the body"].add(got == expected, miss)
    return dict(scores)


CLAIM_SETS = tuple(f"set_{letter}.yaml" for letter in "abcdefghijklmnopqrstuvwxyz") + tuple(f"set_a{letter}.yaml" for letter in "abcdefghijklmnopqrstuv")
#: the sets whose misses nobody reads: rules are never written against them and the learned readers never train on them
#: (f and n from the start; ae, written with aa to ah, arrived after those were trained on and joined them unread)
HELD_OUT = ("set_f.yaml", "set_n.yaml", "set_ae.yaml")


def claim_documents(names: tuple[str, ...] = CLAIM_SETS) -> list[tuple[str, dict, object]]:
    """Each annotated page of claims/ as (set name, its YAML entry, a claimwatch Document)."""
    from datetime import datetime, timezone

    from claimwatch.extract import segment_blocks
    from claimwatch.models import Document

    out = []
    for name in names:
        path = HERE / "claims" / name
        if not path.exists():
            continue
        for doc in yaml.safe_load(path.read_text(encoding="utf-8")):
            text, segments = segment_blocks([(s["kind"], s["text"]) for s in doc["segments"]])
            document = Document(source_id="eval", url=f"eval://{doc['id']}", content_hash=doc["id"], content_type="text/html",
                                fetched_at=datetime(2026, 12, 1, tzinfo=timezone.utc), published=str(doc["published"]),
                                text=text, segments=segments)
            out.append((name, doc, document))
    return out


def _version(value: str) -> str:
    parts = str(value).strip().lstrip("vV").split(".")
    while len(parts) > 1 and parts[-1] == "0":
        parts.pop()
    return ".".join(parts)


def _words(text: str) -> set[str]:
    import re

    stop = {"the", "a", "an", "of", "to", "in", "on", "and", "its", "it", "for", "by", "with", "that", "as", "at"}
    return {w for w in re.findall(r"[\w'-]+", text.lower()) if w not in stop}


def value_matches(gold: dict, claim) -> bool:
    """A predicted claim's value against an annotated one: exact for dates, amounts, versions and entities; phrases by words."""
    kind, expected = next(iter(gold.items()))
    if kind != claim.value_kind:
        return False
    if kind == "money":
        return Decimal(str(expected["amount"])) == Decimal(claim.value) and expected.get("currency") == claim.currency
    if kind == "version":
        return _version(expected) == _version(claim.value)
    if kind == "text":
        want, got = _words(str(expected)), _words(claim.value)
        if not want or not got:
            return False
        overlap = len(want & got)
        return overlap / len(want) >= 0.5 and overlap / len(got) >= 0.34
    return str(expected) == claim.value


@dataclass
class ClaimScores:
    """Claims found against claims annotated, per type; and how right the fields of the found ones are."""

    gold: Counter = field(default_factory=Counter)
    predicted: Counter = field(default_factory=Counter)
    matched: Counter = field(default_factory=Counter)
    strict: Counter = field(default_factory=Counter)  # matched with predicate, subject and value right
    fields: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    values_gold: Counter = field(default_factory=Counter)  # typed values (date, money, version) annotated
    values_predicted: Counter = field(default_factory=Counter)
    values_right: Counter = field(default_factory=Counter)
    words: int = 0
    seconds: float = 0.0
    misses: list[str] = field(default_factory=list)


def _span(document, position: int, text: str) -> tuple[int, int]:
    segment = document.segments[position]
    at = segment.text.find(text)
    if at < 0:
        raise ValueError(f"{document.url}: claim text {text!r} is not in segment {position}")
    return segment.start + at, segment.start + at + len(text)


def claims(names: tuple[str, ...] = CLAIM_SETS, learned=None) -> dict[str, ClaimScores]:
    """Run the extractor over each set; a predicted claim finds an annotated one of the same type in the same
    segment whose words overlap its own (one to one, the pairing that agrees on most fields first)."""
    import time

    from claimwatch.claims import extract_claims, load_nlp
    from claimwatch.config import Settings

    nlp = load_nlp()
    documents = claim_documents(names)
    began = time.perf_counter()
    predicted_all = extract_claims([(document, {}) for _, _, document in documents], settings=Settings(), nlp=nlp,
                                   learned=learned)
    seconds = time.perf_counter() - began
    results: dict[str, ClaimScores] = defaultdict(ClaimScores)
    for (name, doc, document), predicted in zip(documents, predicted_all):
        for key in (name, "all", "held-out" if name in HELD_OUT else "seen"):
            results[key].words += len(document.text.split())
            results[key].seconds += seconds * len(document.text) / max(1, sum(len(d.text) for _, _, d in documents))
        gold = [(g, *_span(document, g["segment"], g["text"])) for g in doc["claims"]]
        pairs = []
        for gi, (g, g_start, g_end) in enumerate(gold):
            for pi, p in enumerate(predicted):
                if p.position != g["segment"] or p.type != g["type"] or not (p.start < g_end and g_start < p.end):
                    continue
                agree = 4 * (p.subject == g["subject"]) + 2 * (p.predicate == g["predicate"]) + 2 * value_matches(g["value"], p)
                overlap = (min(p.end, g_end) - max(p.start, g_start)) / max(p.end - p.start, g_end - g_start)
                pairs.append((agree + overlap, gi, pi))
        used_g, used_p, matched = set(), set(), {}
        for _, gi, pi in sorted(pairs, reverse=True):
            if gi not in used_g and pi not in used_p:
                used_g.add(gi)
                used_p.add(pi)
                matched[gi] = pi
        for key in (name, "all", "held-out" if name in HELD_OUT else "seen"):
            r = results[key]
            for gi, (g, _, _) in enumerate(gold):
                r.gold[g["type"]] += 1
                kind = next(iter(g["value"]))
                if kind in ("date", "money", "version"):
                    r.values_gold[g["type"]] += 1
                if gi not in matched:
                    if key == "all" and name not in HELD_OUT:
                        r.misses.append(f"missed {doc['id']} [{g['segment']}] {g['type']}/{g['predicate']} {g['subject']} "
                                        f"{g['value']} :: {g['text'][:90]!r}")
                    continue
                p = predicted[matched[gi]]
                r.matched[g["type"]] += 1
                value_ok = value_matches(g["value"], p)
                if kind in ("date", "money", "version") and value_ok:
                    r.values_right[g["type"]] += 1
                ok = {"predicate": p.predicate == g["predicate"], "subject": p.subject == g["subject"], "value": value_ok,
                      "hedging": p.hedging == g["hedging"], "source": p.source == g["source"], "origin": p.origin == g["origin"]}
                if kind == "money":
                    ok["money kind"] = p.money_kind == g["value"]["money"].get("kind")
                if ok["predicate"] and ok["subject"] and ok["value"]:
                    r.strict[g["type"]] += 1
                for field_name, good in ok.items():
                    got = {"money kind": p.money_kind}.get(field_name, getattr(p, field_name, None))
                    want = g["value"]["money"].get("kind") if field_name == "money kind" else g["value"] if field_name == "value" else g[field_name]
                    miss = (f"{doc['id']} [{g['segment']}] {g['type']}/{g['predicate']}: expected "
                            f"{want}, got {got if field_name != 'value' else p.value} :: {g['text'][:70]!r}")
                    r.fields[field_name].add(good, "" if name in HELD_OUT else miss)  # held-out misses stay unread
            for pi, p in enumerate(predicted):
                r.predicted[p.type] += 1
                if p.value_kind in ("date", "money", "version"):
                    r.values_predicted[p.type] += 1
                if pi not in used_p and key == "all" and name not in HELD_OUT:
                    r.misses.append(f"extra  {doc['id']} [{p.position}] {p.type}/{p.predicate} {p.subject} {p.value!r} :: {p.text[:90]!r}")
    return dict(results)


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def claim_measures(results: dict[str, ClaimScores]) -> dict[str, Score]:
    """The gated figures: precision and recall over all types and per type, and of typed values."""
    from claimwatch.claims import CLAIM_TYPES

    scores: dict[str, Score] = {}
    for key, r in results.items():
        prefix = {"all": "claims", "seen": "claims seen", "held-out": "claims held-out"}.get(key, f"claims {key.removesuffix('.yaml')}")
        for kind in ("all", *CLAIM_TYPES):
            types = CLAIM_TYPES if kind == "all" else (kind,)
            matched = sum(r.matched[t] for t in types)
            strict = sum(r.strict[t] for t in types)
            scores[f"{prefix}: {kind} precision"] = Score(matched, sum(r.predicted[t] for t in types))
            scores[f"{prefix}: {kind} recall"] = Score(matched, sum(r.gold[t] for t in types))
            if kind == "all":
                scores[f"{prefix}: all strict precision"] = Score(strict, sum(r.predicted[t] for t in types))
                scores[f"{prefix}: all strict recall"] = Score(strict, sum(r.gold[t] for t in types))
                scores[f"{prefix}: values precision"] = Score(sum(r.values_right.values()), sum(r.values_predicted.values()))
                scores[f"{prefix}: values recall"] = Score(sum(r.values_right.values()), sum(r.values_gold.values()))
        if key == "all":
            for field_name, score in r.fields.items():
                scores[f"{prefix}: {field_name} right (found claims)"] = score
    return scores


_CLAIM_RESULTS: dict[str, ClaimScores] = {}


def evaluate() -> dict[str, Score]:
    _CLAIM_RESULTS.clear()
    _CLAIM_RESULTS.update(claims())
    return {**language_id(), **dates(), **money(), **origins(), **claim_measures(_CLAIM_RESULTS)}


def main() -> int:
    from rich.console import Console
    from rich.table import Table

    scores = evaluate()
    floors = json.loads(FLOORS.read_text()) if FLOORS.exists() else {}
    table = Table(title="claimwatch language and normalisation accuracy (tests/eval/fixtures)", title_justify="left")
    for name in ("measure", "right", "total", "accuracy", "floor"):
        table.add_column(name, justify="left" if name == "measure" else "right")
    for name, score in scores.items():
        floor = floors.get(name)
        table.add_row(name, str(score.right), str(score.total), f"{score.accuracy:.3f}", "" if floor is None else f"{floor:.3f}",
                      style="red" if floor is not None and score.accuracy < floor else None)
    console = Console()
    console.print(table)
    if "-v" in sys.argv:
        for name, score in scores.items():
            for miss in score.misses:
                if miss:
                    console.print(f"  miss [{name}] {miss}", markup=False, highlight=False)
    every = _CLAIM_RESULTS.get("all")
    if every is not None:
        console.print(f"claim extraction: {every.words} words in {every.seconds:.1f} s, {every.words / every.seconds:,.0f} words/s "
                      "(spaCy parse and rules, model already loaded)", highlight=False)
    counts = Counter(e["lang"] for e in _load("langid.yaml"))
    console.print("langid.yaml segments by language: " + ", ".join(f"{k} {v}" for k, v in counts.most_common()), highlight=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
