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


def test_every_labelled_set_is_well_formed() -> None:
    import check_labels
    from claimwatch.claims import CLAIM_TYPES

    assert set(check_labels.PREDICATES) == set(CLAIM_TYPES)
    sets = sorted((EVAL / "claims").glob("set_*.yaml"))
    assert {p.name for p in sets} == set(evaluate.CLAIM_SETS), "a labelled set is missing from evaluate.CLAIM_SETS, or listed but absent"
    assert [problem for path in sets for problem in check_labels.problems(path)] == []


def test_the_label_checker_names_what_is_wrong(tmp_path: Path) -> None:
    import check_labels

    page = tmp_path / "set_bad.yaml"
    page.write_text(
        "- id: bad01\n  style: wire\n  published: 2026-04-10\n"
        "  segments:\n    - {kind: paragraph, text: \"Anthropic raised $30 billion in February.\"}\n"
        "  claims:\n"
        "    - {segment: 0, text: \"raised $30 billion\", type: funding, subject: anthropic, predicate: raised,\n"
        "       value: {money: {amount: \"30000000000\", currency: USD, kind: round}}, as_of: null, source: outlet,\n"
        "       attributed_to: null, hedging: asserted, origin: body}\n"
        "    - {segment: 0, text: \"raised $40 billion\", type: funding, subject: anthropic, predicate: raised,\n"
        "       value: {money: {amount: \"40000000000\", currency: USD, kind: round}}, as_of: null, source: outlet,\n"
        "       attributed_to: null, hedging: asserted, origin: body}\n"
        "    - {segment: 0, text: \"February\", type: date, subject: anthropic, predicate: funded,\n"
        "       value: {date: \"2026-02\"}, as_of: null, source: outlet, attributed_to: null, hedging: asserted, origin: body}\n"
        "    - {segment: 3, text: \"Anthropic\", type: relation, subject: Anthropic, predicate: leads,\n"
        "       value: {text: x}, as_of: soon, source: rumour, attributed_to: null, hedging: sure, origin: sidebar}\n",
        encoding="utf-8")
    found = check_labels.problems(page)
    assert len(found) == 2 + 7, found  # one each for claims 1 and 2; claim 3 is wrong seven ways
    assert "text 'raised $40 billion' is not an exact substring of segment 0" in found[0]
    assert "date/funded is not in the vocabulary" in found[1]
    assert any("segment 3 is not an index into segments" in p for p in found)
    assert any("subject 'Anthropic' must be a lower-case hyphenated id" in p for p in found)
    assert any("value must be {entity: ...} for relation/leads" in p for p in found)
    assert any("origin must be one of" in p for p in found)


def test_the_label_checker_says_when_a_set_is_not_there(tmp_path: Path, capsys) -> None:
    import check_labels

    assert check_labels.main([str(tmp_path / "set_zz.yaml")]) == 2
    assert "no such file" in capsys.readouterr().err
    good = tmp_path / "set_ok.yaml"
    good.write_text("- id: ok01\n  style: wire\n  published: 2026-04-10\n"
                    "  segments:\n    - {kind: paragraph, text: \"Nothing to claim here.\"}\n  claims: []\n", encoding="utf-8")
    assert check_labels.main([str(good)]) == 0
    assert capsys.readouterr().out.strip() == "format OK"


def test_the_blind_measure_refuses_held_out_sets_and_names_a_missing_one(capsys) -> None:
    import measure_sets

    assert measure_sets.main(["set_f.yaml"]) == 2
    assert "held out" in capsys.readouterr().err
    assert measure_sets.main(["set_zz.yaml"]) == 2
    assert "no such set: set_zz.yaml" in capsys.readouterr().err
