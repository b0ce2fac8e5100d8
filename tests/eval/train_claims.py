"""Train the learned claim readers on the labelled claim sets, and measure them leave-one-set-out.

    python tests/eval/train_claims.py          # train on every set but the held-out one; write data/learned/claims-*.npz
    python tests/eval/train_claims.py --cv     # first: leave each seen set out in turn, train on the others, score it
                                               # (the linear readers and review only, without the tagger)
    python tests/eval/train_claims.py --tagger # also fine-tune the claim tagger: data/learned/claims-tagger.safetensors
    python tests/eval/train_claims.py --folds  # five folds by set, each scored by the whole extractor trained on the rest

Training examples come from running the extractor over the annotated pages:
- relations: each ordered pair of named entities in a sentence; its label is the predicate of the annotated
  relation with that subject and value whose words it overlaps, else "none";
- phrases: each noun phrase of a sentence; its label is the type/predicate of the annotated leak detail or
  policy change in that segment whose span it overlaps and whose value shares its words, else "none"; each
  also carries its word-piece vectors (claimwatch.claims.vectors), which the phrase model weighs (SETTINGS "dense");
- review: each claim the rules make (not quotes); "claim" when an annotated claim of its type in that
  segment overlaps its words (the scorer's test for a found claim), else "none".
- the tagger (claimwatch.claims.tagger): each paragraph's word pieces, marked with the types of the annotated
  claims that cover them.
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

# Chosen by folds of the training sets (--cv for C; the thresholds and the floor on two folds with the tagger,
# docs/claims.md), never by the held-out set.
# A reader's threshold is the least probability of a claim type (its predicates together) for a claim to be made;
# the review model's, the least probability that a rule's claim is a claim for it to be kept.
# With the tagger's screen behind them (TAGGER "floor") the thresholds are low: what a reader finds at the margin
# stands when the tagger agrees (0.45 / 0.5 / 0.3 before the tagger).
SETTINGS = {"relations": {"c": 8.0, "threshold": 0.2}, "phrases": {"c": 2.0, "threshold": 0.25, "dense": 2.0},
            "review": {"c": 1.0, "threshold": 0.05}}
# The claim tagger (claimwatch.claims.tagger): the layers of the MiniLM encoder from first_layer on and a head,
# fine-tuned for epochs over the labelled paragraphs; floor: the least chance it must give a claim's words.
TAGGER = {"first_layer": 0, "epochs": 4, "batch": 16, "lr": 5e-5, "seed": 0, "floor": 0.2}


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


def tagger_examples(names: tuple[str, ...]) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """Each paragraph of the named sets, with the character spans and types of its annotated claims."""
    out = []
    for _, doc, document in evaluate.claim_documents(names):
        for position, segment in enumerate(document.segments):
            spans = []
            for g in doc["claims"]:
                if g["segment"] == position:
                    at = segment.text.find(g["text"])
                    spans.append((at, at + len(g["text"]), g["type"]))
            out.append((segment.text, spans))
    return out


def train_tagger(names: tuple[str, ...], first_layer: int, epochs: int, batch: int, lr: float, seed: int,
                 floor: float, log=print):
    """The claim tagger fine-tuned on the named sets: its lower layers run once, frozen; the layers from
    ``first_layer`` on and the head learn, for each word piece, whether an annotated claim of each type covers it."""
    import random

    import numpy as np
    import torch

    from claimwatch.claims.tagger import TAGGER_TYPES, ClaimTagger

    torch.manual_seed(seed)
    rng = random.Random(seed)
    tagger = ClaimTagger.fresh(TAGGER_TYPES, int(first_layer), seed=int(seed))
    types = tagger.types
    examples = tagger_examples(names)
    windows = []
    for text, spans in examples:
        for ids, offsets in tagger.windows(text):
            labels = np.zeros((len(ids), len(types)), dtype=np.float32)
            for j, (lo, hi) in enumerate(offsets):
                for s0, s1, t in spans:
                    if hi > lo and t in types and lo < s1 and s0 < hi:
                        labels[j, types.index(t)] = 1.0
            windows.append((ids, labels))
    order = sorted(range(len(windows)), key=lambda i: len(windows[i][0]))
    encoder, head, top = tagger.encoder, tagger.head, tagger.top
    for p in encoder.parameters():
        p.requires_grad_(False)
    batches = []
    with torch.no_grad():  # what the frozen layers make of each batch, computed once
        for b in range(0, len(order), int(batch)):
            members = [windows[i] for i in order[b:b + int(batch)]]
            width = max(len(ids) for ids, _ in members)
            ids = torch.zeros((len(members), width), dtype=torch.long)
            mask = torch.zeros((len(members), width), dtype=torch.long)
            labels = torch.zeros((len(members), width, len(types)))
            for k, (piece_ids, piece_labels) in enumerate(members):
                ids[k, :len(piece_ids)] = torch.tensor(piece_ids)
                mask[k, :len(piece_ids)] = 1
                labels[k, :len(piece_ids)] = torch.from_numpy(piece_labels)
            hidden = encoder(input_ids=ids, attention_mask=mask, output_hidden_states=True).hidden_states[int(first_layer)]
            batches.append((hidden, mask, labels))
    params = [*top.parameters(), *head.parameters()]
    for p in params:
        p.requires_grad_(True)
    optimiser = torch.optim.AdamW(params, lr=lr, weight_decay=0.01)
    steps = int(epochs) * len(batches)
    warm = max(1, steps // 10)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimiser, lambda s: s / warm if s < warm else max(0.0, (steps - s) / (steps - warm)))
    top.train()
    head.train()
    for epoch in range(int(epochs)):
        sequence = list(range(len(batches)))
        rng.shuffle(sequence)
        total = 0.0
        for k in sequence:
            hidden, mask, labels = batches[k]
            blocked = (1.0 - mask[:, None, None, :].float()) * torch.finfo(torch.float32).min
            for layer in top:
                hidden = layer(hidden, attention_mask=blocked)
                hidden = hidden[0] if isinstance(hidden, tuple) else hidden
            loss = torch.nn.functional.binary_cross_entropy_with_logits(head(hidden), labels, reduction="none").sum(-1)
            loss = (loss * mask).sum() / mask.sum()
            optimiser.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            optimiser.step()
            schedule.step()
            total += loss.item()
        log(f"tagger epoch {epoch + 1}/{int(epochs)}: loss {total / max(1, len(batches)):.4f} over {len(windows)} windows")
    for p in params:
        p.requires_grad_(False)
    encoder.eval()
    head.eval()
    tagger.floor = float(floor)
    tagger.trained_on = labelled_digest_of(examples)
    return tagger


def labelled_digest_of(examples: list[tuple[str, list[tuple[int, int, str]]]]) -> str:
    """The digest a tagger trained on these paragraphs and spans records (the test suite compares the shipped one's)."""
    from claimwatch.claims.tagger import labelled_digest

    return labelled_digest([f"{text}\0{sorted(spans)}" for text, spans in examples])


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


def five_folds(rows, set_of, seen, settings, tagger_settings, folds: int = 5) -> None:
    """The sets dealt into folds in turn; each fold scored by the whole extractor (readers, review and tagger)
    trained on the others. The tagger is fine-tuned once per fold, so this takes over an hour on two cores."""
    from claimwatch.claims.learned import LearnedReader
    from claimwatch.claims.vectors import default_vectors

    total = evaluate.ClaimScores()
    print(f"{'fold':40s} {'P':>6s} {'R':>6s}")
    for fold in range(folds):
        names = tuple(s for i, s in enumerate(seen) if i % folds == fold)
        models = {kind: fit([r for r in rows[kind] if set_of[r[0]] not in names], **settings[kind]) for kind in rows}
        tagger = train_tagger(tuple(s for s in seen if s not in names), **tagger_settings)
        reader = LearnedReader(models["relations"], models["phrases"], models["review"], vectors=default_vectors(),
                               tagger=tagger)
        r = evaluate.claims(names, learned=reader)["all"]
        for counter in ("gold", "predicted", "matched"):
            getattr(total, counter).update(getattr(r, counter))
        p, rc = _pr(r)
        print(f"{' '.join(n.removesuffix('.yaml') for n in names):40s} {p:6.3f} {rc:6.3f}", flush=True)
    print(f"{'type':15s} {'P':>6s} {'R':>6s}")
    for t in (*sorted(total.gold), None):
        p, rc = _pr(total, [t] if t else None)
        print(f"{t or 'all':15s} {p:6.3f} {rc:6.3f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cv", action="store_true", help="leave one seen set out at a time and score it, before training")
    parser.add_argument("--only-cv", action="store_true", help="cross-validate and write nothing")
    parser.add_argument("--set", action="append", default=[], metavar="KIND.KEY=VALUE",
                        help="override a setting, e.g. phrases.threshold=0.6")
    parser.add_argument("--out", type=Path, default=None, help="the folder to write the models to (default: data/learned)")
    parser.add_argument("--tagger", action="store_true", help="also fine-tune the claim tagger (about 15 minutes on two cores)")
    parser.add_argument("--folds", action="store_true",
                        help="score five folds by set with the whole extractor, tagger included, and write nothing (over an hour)")
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
    if args.folds:
        five_folds(rows, set_of, seen, settings, TAGGER)
    if args.only_cv or args.folds:
        return 0
    out = args.out or MODEL_DIR
    out.mkdir(parents=True, exist_ok=True)
    for kind, file in (("relations", RELATIONS_FILE), ("phrases", PHRASES_FILE), ("review", REVIEW_FILE)):
        model = fit(rows[kind], **settings[kind])
        model.save(out / file)
        print(f"wrote {out / file}: {len(model.labels)} labels, {len(model.vocabulary)} features")
    if args.tagger:
        from claimwatch.claims.learned import TAGGER_FILE

        tagger = train_tagger(seen, **TAGGER)
        tagger.save(out / TAGGER_FILE)
        print(f"wrote {out / TAGGER_FILE}: {len(tagger.types)} types, layers from {tagger.first_layer} fine-tuned, "
              f"floor {tagger.floor}, trained on {tagger.trained_on}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
