"""Accuracy of language identification and of date and money normalisation on the project's labelled fixtures.

    .venv/bin/python tests/eval/evaluate.py          # prints the tables
    .venv/bin/pytest tests/test_eval.py              # the same figures against the floors in floors.json

The fixtures in tests/eval/fixtures/ were written for claimwatch and labelled by hand:
langid.yaml (single segments), mixed_pages.yaml (whole pages, read with their context),
dates.yaml and money.yaml (written alongside normalize.py), and dates_heldout.yaml and
money_heldout.yaml (written blind, by someone who had not read normalize.py or its fixtures);
and the segment origins of the 697 claims annotated in claims/set_a.yaml and set_b.yaml.
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


def evaluate() -> dict[str, Score]:
    return {**language_id(), **dates(), **money(), **origins()}


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
    counts = Counter(e["lang"] for e in _load("langid.yaml"))
    console.print("langid.yaml segments by language: " + ", ".join(f"{k} {v}" for k, v in counts.most_common()), highlight=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
