"""The evaluation gate: accuracy on the labelled fixtures in tests/eval/ never drops below its pinned floor.

A floor moves only on purpose: raise it when a change makes claimwatch better, and say so in
the commit; lowering one needs a reason in the commit message.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

EVAL = Path(__file__).parent / "eval"
sys.path.insert(0, str(EVAL))

import evaluate  # noqa: E402  (tests/eval is not a package)

FLOORS = json.loads((EVAL / "floors.json").read_text())


@pytest.fixture(scope="module")
def scores() -> dict[str, evaluate.Score]:
    return evaluate.evaluate()


@pytest.mark.parametrize("measure", sorted(FLOORS))
def test_accuracy_holds_its_floor(scores: dict[str, evaluate.Score], measure: str) -> None:
    score = scores[measure]
    misses = "\n".join(m for m in score.misses if m)
    assert score.accuracy >= FLOORS[measure], f"{measure}: {score.right}/{score.total} is below the floor {FLOORS[measure]}\n{misses}"


def test_fixtures_cover_the_languages_the_issue_names(scores: dict[str, evaluate.Score]) -> None:
    langid = evaluate._load("langid.yaml")
    assert {"en", "de", "fr", "zh", "ja", "es"} <= {e["lang"] for e in langid}
    for kind in ("dates", "money"):
        languages = {name.split(": ")[1] for name in scores if name.startswith(f"{kind}: ") and name != f"{kind}: all"}
        assert len(languages) >= 6, (kind, languages)
