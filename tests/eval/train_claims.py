"""Train the learned claim readers on the labelled claim sets, and measure them leave-one-set-out.

    python tests/eval/train_claims.py          # train on every set but the held-out one; write data/learned/claims-*.npz
    python tests/eval/train_claims.py --cv     # first: leave each seen set out in turn, train on the others, score it

Training examples come from running the extractor over the annotated pages:
- relations: each ordered pair of named entities in a sentence; its label is the predicate of the annotated
  relation with that subject and value whose words it overlaps, else "none";
- phrases: each noun phrase of a sentence; its label is the type/predicate of the annotated leak detail or
  policy change in that segment whose span it overlaps and whose value shares its words, else "none"; each
  also carries its word-piece vectors (claimwatch.claims.vectors), which the phrase model weighs (SETTINGS "dense");
- review: each claim the rules make (not quotes); "claim" when an annotated claim of its type in that
  segment overlaps its words (the scorer's test for a found claim), else "none".
The held-out sets (evaluate.HELD_OUT) are never trained on, so their figures stay blind ones.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import evaluate  # noqa: E402

# Chosen by the leave-one-set-out figures (--cv with --c/--threshold), never by the held-out set.
# A reader's threshold is the least probability of a claim type (its predicates together) for a claim to be made;
# the review model's, the least probability that a rule's claim is a claim for it to be kept.
SETTINGS = {"relations": {"c": 8.0, "threshold": 0.45}, "phrases": {"c": 2.0, "threshold": 0.5, "dense": 2.0},
            "review": {"c": 1.0, "threshold": 0.3}}


class Collector:
    """Stands in for the learned reader while the extractor runs: records every candidate with its label."""

    def __init__(self, gold: dict[str, list[tuple[dict, int, int]]], vectors=None) -> None:
        self.gold = gold
        self.vectors = vectors  # the phrase candidates' word-piece vectors come with their rows
        # each row: (page, features, label, vector or None)
        self.rows: dict[str, list[tuple[str, dict[str, float], str, object]]] = {"relations": [], "phrases": [], "review": []}

    def read(self, s, found):
        from claimwatch.claims.learned import KEEP, NONE, PHRASE_LABELS, candidates, phrase_candidates, review_candidates

        page = s.page.document.content_hash
        position = s.reading.segment.position
        gold = [x for x in self.gold.get(page, ()) if x[0]["segment"] == position]
        for c in candidates(s):
            lo, hi = min(c.subject.start, c.value.start), max(c.subject.end, c.value.end)
            d_lo, d_hi, _, _ = s.reading.provenance(s.start + lo, s.start + hi)
            label = next((g["predicate"] for g, g_lo, g_hi in gold if g["type"] == "relation" and g["subject"] == c.subject_id
                          and g["value"].get("entity") == c.value_id and d_lo < g_hi and g_lo < d_hi), NONE)
            self.rows["relations"].append((page, c.features, label, None))
        for c, features in review_candidates(s, [c for c in found if c.type != "quote"]):
            # a rule's claim is one to keep when an annotated claim of its type covers some of its words
            hit = any(g["type"] == c.type and c.start < g_hi and g_lo < c.end for g, g_lo, g_hi in gold)
            self.rows["review"].append((page, features, KEEP if hit else NONE, None))
        for ph in phrase_candidates(s, self.vectors):
            d_lo, d_hi, _, _ = s.reading.provenance(s.start + ph.value_start, s.start + ph.end)
            words = evaluate._words(s.text[ph.value_start:ph.end])
            label, best = NONE, 0.0
            for g, g_lo, g_hi in gold:
                name = f"{g['type']}/{g['predicate']}"
                if name not in PHRASE_LABELS or "text" not in g["value"] or not (d_lo < g_hi and g_lo < d_hi):
                    continue
                want = evaluate._words(str(g["value"]["text"]))
                shared = len(words & want)
                # the scorer's test (evaluate.value_matches): most of the annotated words, a third of the phrase's
                if words and want and shared / len(want) >= 0.5 and shared / len(words) >= 0.34:
                    agreement = shared / len(want | words)
                    if agreement > best:
                        label, best = name, agreement
            self.rows["phrases"].append((page, ph.features, label, ph.vector))
        return []


def collect(names: tuple[str, ...]):
    """Every candidate of the named sets, labelled; and each page's set."""
    from claimwatch.claims import extract_claims, load_nlp
    from claimwatch.claims.vectors import default_vectors
    from claimwatch.config import Settings

    documents = evaluate.claim_documents(names)
    gold: dict[str, list] = defaultdict(list)
    set_of = {}
    for name, doc, document in documents:
        set_of[document.content_hash] = name
        for g in doc["claims"]:
            gold[document.content_hash].append((g, *evaluate._span(document, g["segment"], g["text"])))
    collector = Collector(gold, default_vectors())
    extract_claims([(d, {}) for _, _, d in documents], settings=Settings(), nlp=load_nlp(), learned=collector)
    return collector.rows, set_of


def fit(rows, c: float, threshold: float, dense: float = 0.0):
    """A model over the rows' features; with ``dense`` > 0, also over their vectors, scaled by it (a vector
    counts as much as ``dense`` features of weight one would)."""
    import numpy as np
    from scipy import sparse
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    from claimwatch.claims.learned import LinearModel
    from claimwatch.claims.vectors import VECTORS_SOURCE

    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform([f for _, f, _, _ in rows])
    sparse_columns = x.shape[1]
    if dense and any(v is None for _, _, _, v in rows):
        raise SystemExit("only the phrase candidates carry word-piece vectors: a dense setting applies to phrases alone")
    if dense:
        x = sparse.hstack([x, sparse.csr_matrix(np.stack([v for _, _, _, v in rows]) * dense)]).tocsr()
    model = LogisticRegression(C=c, max_iter=5000)
    model.fit(x, [label for _, _, label, _ in rows])
    weights, bias = np.asarray(model.coef_, dtype=np.float64), np.asarray(model.intercept_, dtype=np.float64)
    if len(model.classes_) == 2:  # a binary fit keeps one row (the second class); as a softmax, the first class scores 0
        weights, bias = np.vstack([np.zeros_like(weights), weights]), np.concatenate([[0.0], bias])
    weights, dense_weights = weights[:, :sparse_columns], (weights[:, sparse_columns:] * dense if dense else None)
    return LinearModel(tuple(str(k) for k in model.classes_), dict(vectorizer.vocabulary_), weights, bias, threshold,
                       dense_weights, VECTORS_SOURCE if dense else "")


def _pr(scores, types=None) -> tuple[float, float]:
    keys = types or list(scores.gold)
    matched = sum(scores.matched[t] for t in keys)
    return matched / max(1, sum(scores.predicted[t] for t in keys)), matched / max(1, sum(scores.gold[t] for t in keys))


def cross_validate(rows, set_of, seen, settings) -> None:
    from claimwatch.claims.learned import LearnedReader
    from claimwatch.claims.vectors import default_vectors

    print(f"{'left out':10s} {'rules P':>8s} {'rules R':>8s} {'learned P':>10s} {'learned R':>10s}")
    totals: dict[str, object] = {}
    for name in seen:
        models = {kind: fit([r for r in rows[kind] if set_of[r[0]] != name], **settings[kind]) for kind in rows}
        line = f"{name:10s}"
        reader = LearnedReader(models["relations"], models["phrases"], models["review"], vectors=default_vectors())
        for label, learned in (("rules", False), ("learned", reader)):
            r = evaluate.claims((name,), learned=learned)[name]
            p, rc = _pr(r)
            line += f" {p:{8 if label == 'rules' else 10}.3f} {rc:{8 if label == 'rules' else 10}.3f}"
            t = totals.setdefault(label, evaluate.ClaimScores())
            t.gold.update(r.gold)
            t.predicted.update(r.predicted)
            t.matched.update(r.matched)
        print(line)
    print("\nleft-out sets together:")
    print(f"{'type':15s} {'rules P':>8s} {'rules R':>8s} {'learned P':>10s} {'learned R':>10s}")
    for t in (*sorted(totals["rules"].gold), None):
        a, b = _pr(totals["rules"], [t] if t else None), _pr(totals["learned"], [t] if t else None)
        print(f"{t or 'all':15s} {a[0]:8.3f} {a[1]:8.3f} {b[0]:10.3f} {b[1]:10.3f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cv", action="store_true", help="leave one seen set out at a time and score it, before training")
    parser.add_argument("--only-cv", action="store_true", help="cross-validate and write nothing")
    parser.add_argument("--set", action="append", default=[], metavar="KIND.KEY=VALUE",
                        help="override a setting, e.g. phrases.threshold=0.6")
    parser.add_argument("--out", type=Path, default=None, help="the folder to write the models to (default: data/learned)")
    args = parser.parse_args()
    from claimwatch.claims.learned import MODEL_DIR, PHRASES_FILE, RELATIONS_FILE, REVIEW_FILE

    settings = {k: dict(v) for k, v in SETTINGS.items()}
    for item in args.set:
        key, value = item.split("=", 1)
        kind, name = key.split(".", 1)
        settings[kind][name] = float(value)
    seen = tuple(n for n in evaluate.CLAIM_SETS if n not in evaluate.HELD_OUT and (HERE / "claims" / n).exists())
    rows, set_of = collect(seen)
    for kind, kind_rows in rows.items():
        labels = Counter(label for _, _, label, _ in kind_rows)
        print(f"{kind}: {len(kind_rows)} candidates from {len(set_of)} pages: " + ", ".join(f"{k} {v}" for k, v in sorted(labels.items())))
    if args.cv or args.only_cv:
        cross_validate(rows, set_of, seen, settings)
    if args.only_cv:
        return 0
    out = args.out or MODEL_DIR
    out.mkdir(parents=True, exist_ok=True)
    for kind, file in (("relations", RELATIONS_FILE), ("phrases", PHRASES_FILE), ("review", REVIEW_FILE)):
        model = fit(rows[kind], **settings[kind])
        model.save(out / file)
        print(f"wrote {out / file}: {len(model.labels)} labels, {len(model.vocabulary)} features")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
