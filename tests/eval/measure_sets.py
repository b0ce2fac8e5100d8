"""Precision and recall of the extractor on named claim sets, per set and per type: shipped, and with the rules alone.

    python tests/eval/measure_sets.py set_ap.yaml set_aq.yaml ...

For a batch of new labelled sets, run it once before anything is trained on them or any of their misses is read:
that is the batch's blind figure (docs/claims.md, "Quality"). It prints counts only, never a miss. The held-out sets
are refused: their figures come from evaluate.py, and only from it.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import evaluate  # noqa: E402


def _line(scores, types=None) -> str:
    kinds = types or list(scores.gold)
    found = sum(scores.matched[t] for t in kinds)
    claimed = sum(scores.predicted[t] for t in kinds)
    annotated = sum(scores.gold[t] for t in kinds)
    return f"{found / max(claimed, 1):.3f} / {found / max(annotated, 1):.3f}  ({found} found, {claimed} claimed, {annotated} annotated)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sets", nargs="+", help="file names under tests/eval/claims/, e.g. set_ap.yaml")
    parser.add_argument("--rules-only", action="store_true", help="only the rules, without the learned readers")
    args = parser.parse_args(argv)
    names = tuple(Path(n).name for n in args.sets)
    held = [n for n in names if n in evaluate.HELD_OUT]
    missing = [n for n in names if not (HERE / "claims" / n).is_file()]
    if held:
        print(f"refused: {', '.join(held)} held out; their figures come from evaluate.py", file=sys.stderr)
        return 2
    if missing:
        print(f"no such set: {', '.join(missing)} (looked in {HERE / 'claims'})", file=sys.stderr)
        return 2
    modes = (("rules only", False),) if args.rules_only else (("shipped", None), ("rules only", False))
    for mode, learned in modes:
        scores = evaluate.claims(names, learned=learned)
        print(f"{mode}: all {_line(scores['all'])}")
        for name in names:
            print(f"  {name:16s} {_line(scores[name])}")
        for kind in sorted(scores["all"].gold):
            print(f"  {kind:16s} {_line(scores['all'], [kind])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
