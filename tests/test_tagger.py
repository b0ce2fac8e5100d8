"""The claim tagger: the shipped file loads over the installed MiniLM package, marks the words of claims and not
the words of other sentences, was trained on the labelled sets as they stand, fails clearly on a bad file, and
its screen drops only the claims whose words it finds unlikely."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

from claimwatch.claims.learned import MODEL_DIR, TAGGER_FILE, LearnedReader
from claimwatch.claims.tagger import TAGGER_FORMAT, TAGGER_TYPES, ClaimTagger, default_tagger
from claimwatch.errors import ModelError

sys.path.insert(0, str(Path(__file__).parent / "eval"))
import train_claims  # noqa: E402


def _chance(tagger: ClaimTagger, text: str, type_: str, words: str | None = None) -> float:
    [tags] = tagger.probabilities([text])
    start = text.index(words) if words else 0
    return tagger.chance(tags, type_, start, start + len(words) if words else len(text))


def test_the_shipped_tagger_marks_the_words_of_claims_and_not_of_other_sentences() -> None:
    tagger = default_tagger()
    assert tagger.types == TAGGER_TYPES and 0 < tagger.floor < 1
    funding = "Anthropic raised $30 billion in a Series G round led by GIC and Coatue, valuing it at $380 billion."
    weather = "The weather in Lisbon was mild on Sunday, and the trams ran on time."
    assert _chance(tagger, funding, "funding", "$30 billion") > 0.5
    assert _chance(tagger, weather, "funding") < tagger.floor
    dropped = "Version 3.0 of the Responsible Scaling Policy drops the commitment to pause training."
    assert _chance(tagger, dropped, "policy-change", "drops the commitment to pause training") > 0.5
    assert _chance(tagger, weather, "policy-change") < tagger.floor
    leak = "An unauthorized group reached Claude Mythos Preview through a third-party vendor's environment."
    assert _chance(tagger, leak, "leak", "through a third-party vendor's environment") > 0.5
    assert _chance(tagger, leak, "quote") is None  # a type it does not mark
    [empty, short] = tagger.probabilities(["", "Hi"])
    assert empty.shape == (0, len(TAGGER_TYPES)) and short.shape == (2, len(TAGGER_TYPES))


def test_a_long_paragraph_is_read_in_windows_and_every_word_gets_a_chance() -> None:
    tagger = default_tagger()
    sentence = "Anthropic raised $30 billion in February, the company said. "
    text = sentence * 40  # well over one window of word pieces
    assert len(tagger.windows(text)) > 1
    [tags] = tagger.probabilities([text])
    last = text.rindex("$30 billion")
    assert tagger.chance(tags, "funding", last, last + len("$30 billion")) > 0.5  # the last window was read too


def test_the_shipped_tagger_was_trained_on_the_labelled_sets_as_they_stand() -> None:
    """A changed label or page means a retrained tagger: python tests/eval/train_claims.py --tagger."""
    seen = tuple(n for n in train_claims.evaluate.CLAIM_SETS if n not in train_claims.evaluate.HELD_OUT)
    digest = train_claims.labelled_digest_of(train_claims.tagger_examples(seen))
    assert default_tagger().trained_on == digest, "the tagger is stale: run python tests/eval/train_claims.py --tagger"
    assert default_tagger().floor == pytest.approx(train_claims.TAGGER["floor"])


def test_a_saved_tagger_loads_with_the_same_judgement(tmp_path) -> None:
    fresh = ClaimTagger.fresh(seed=3)
    fresh.floor, fresh.trained_on = 0.25, "abc"
    fresh.save(tmp_path / "t.safetensors")
    loaded = ClaimTagger.load(tmp_path / "t.safetensors")
    assert (loaded.types, loaded.floor, loaded.trained_on, loaded.first_layer) == (fresh.types, 0.25, "abc", 0)
    text = "OpenAI signed an agreement with the U.S. AI Safety Institute in August 2024."
    [a], [b] = fresh.probabilities([text]), loaded.probabilities([text])
    assert np.allclose(a, b, atol=0.01)  # half precision on disk


def test_a_damaged_or_foreign_tagger_file_is_a_model_error(tmp_path) -> None:
    cut = tmp_path / "cut.safetensors"
    cut.write_bytes((MODEL_DIR / TAGGER_FILE).read_bytes()[:4000])
    with pytest.raises(ModelError, match=r"cannot read the claim tagger .*cut\.safetensors.*train_claims\.py --tagger"):
        ClaimTagger.load(cut)
    from safetensors.numpy import save_file

    foreign = tmp_path / "foreign.safetensors"
    save_file({"w": np.zeros(3, dtype=np.float32)}, str(foreign), metadata={"format": "something-else"})
    with pytest.raises(ModelError, match=f"not a {TAGGER_FORMAT} claim tagger"):
        ClaimTagger.load(foreign)
    misfit = tmp_path / "misfit.safetensors"
    meta = {"format": TAGGER_FORMAT, "types": json.dumps(list(TAGGER_TYPES)), "first_layer": "4", "floor": "0.3"}
    save_file({"head.weight": np.zeros((5, 384), dtype=np.float16), "head.bias": np.zeros(5, dtype=np.float16)},
              str(misfit), metadata=meta)
    with pytest.raises(ModelError, match="does not fit the encoder"):
        ClaimTagger.load(misfit)


def test_the_screen_drops_the_claims_the_tagger_finds_unlikely_and_leaves_quotes_alone() -> None:
    from claimwatch.claims import extract_claims, load_nlp
    from claimwatch.claims.learned import default_reader
    from claimwatch.config import Settings
    from test_learned import page

    reader = default_reader()
    unscreened = LearnedReader(reader.relations, reader.phrases, reader.reviewer, vectors=reader.vectors)
    document = page("Anthropic raised $30 billion in February 2026 at a $380 billion valuation.",
                    "“We will keep the pause commitment,” said Jared Kaplan, the chief science officer.",
                    "Subscribe for $5 a month to read every story, including our archive from 2015.", name="screen")
    nlp = load_nlp()
    screened = extract_claims([(document, {})], settings=Settings(), nlp=nlp, learned=reader)[0]
    everything = extract_claims([(document, {})], settings=Settings(), nlp=nlp, learned=unscreened)[0]
    assert set(screened) < set(everything)  # the screen only ever drops
    assert [c for c in screened if c.type == "quote"] == [c for c in everything if c.type == "quote"]
    assert any(c.type == "funding" and c.value == "30000000000" for c in screened)
    archive = [c for c in everything if c.position == 2 and c.type == "date"]
    assert archive and not any(c in screened for c in archive)  # a date the page mentions in passing
    for c in set(everything) - set(screened):  # each claim the screen dropped had less than the floor for its type
        segment = document.segments[c.position]
        [tags] = reader.tagger.probabilities([segment.text])
        chance = reader.tagger.chance(tags, c.type, c.start - segment.start, c.end - segment.start)
        assert chance is not None and chance < reader.tagger.floor


def test_a_failing_tagger_leaves_the_readers_claims_standing(caplog) -> None:
    from claimwatch.claims import extract_claims, load_nlp
    from claimwatch.claims.learned import default_reader
    from claimwatch.config import Settings
    from test_learned import page

    class Broken:
        types, floor = TAGGER_TYPES, 0.2

        def probabilities(self, texts):
            raise RuntimeError("out of memory")

    reader = default_reader()
    unscreened = LearnedReader(reader.relations, reader.phrases, reader.reviewer, vectors=reader.vectors)
    broken = LearnedReader(reader.relations, reader.phrases, reader.reviewer, vectors=reader.vectors, tagger=Broken())
    document = page("Anthropic raised $30 billion in February 2026 at a $380 billion valuation.",
                    "Subscribe for $5 a month to read every story, including our archive from 2015.", name="broken")
    nlp = load_nlp()
    expected = extract_claims([(document, {})], settings=Settings(), nlp=nlp, learned=unscreened)[0]
    assert expected and extract_claims([(document, {})], settings=Settings(), nlp=nlp, learned=broken)[0] == expected
    assert "the claim tagger failed" in caplog.text
