"""Builds a tiny but real Argos Translate package, offline, for tests.

No real Argos language package can be had offline (none is on PyPI), so the tests
make their own: a sentencepiece model trained on a handful of sentence pairs, a
tiny MarianMT model trained until it has memorised those pairs, converted to
CTranslate2, and zipped the way Argos expects. Installing the result with
``argostranslate.package.install_from_path`` and translating through the
installed package's tokenizer and a ``ctranslate2.Translator`` gives back the
memorised translations, so the project's real install-and-translate path runs
end to end.

The build is deterministic for a given seed (the same seed gives a
byte-identical .argosmodel) and takes 6-9 s on two CPU cores, most of it
importing torch and transformers; about 2 s once they are imported. Run this
file directly to build a package into a folder and see the round trip:

    python tests/argos_package.py OUTPUT_DIR
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import tempfile
import warnings
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path

# German -> English pairs the tests translate. Build with these and every source
# sentence comes back as exactly its English.
PAIRS: list[tuple[str, str]] = [
    ("Die Zentralbank hat die Zinsen erhöht.", "The central bank raised interest rates."),
    ("Anthropic hat seine Sicherheitsrichtlinie überarbeitet.", "Anthropic has revised its safety policy."),
    ("Die neue Version streicht die Pausenzusage.", "The new version drops the pause pledge."),
    ("Das Modell wurde über einen Discord-Server zugänglich.", "The model became accessible through a Discord server."),
    ("Die Bewertung liegt bei 380 Milliarden Dollar.", "The valuation stands at 380 billion dollars."),
    ("Das Unternehmen hat den Vorfall bestätigt.", "The company has confirmed the incident."),
    ("Ein Sprecher lehnte einen Kommentar ab.", "A spokesperson declined to comment."),
    ("Die Regierung hat eine Vereinbarung unterzeichnet.", "The government has signed an agreement."),
    ("Der Bericht erschien am Dienstag.", "The report appeared on Tuesday."),
    ("Die Forscher warnen vor neuen Risiken.", "The researchers warn of new risks."),
]

# Decoding settings the project uses with ctranslate2; the builder checks its
# model under the same ones.
DECODE_OPTIONS = {"replace_unknowns": True, "beam_size": 4, "num_hypotheses": 1, "length_penalty": 0.2}

_LANGUAGE_NAMES = {
    "de": "German",
    "en": "English",
    "es": "Spanish",
    "fr": "French",
    "it": "Italian",
    "nl": "Dutch",
    "pt": "Portuguese",
    "ru": "Russian",
    "zh": "Chinese",
}

# Model and training sizes: small enough to train in seconds, big enough to
# memorise a few dozen sentences.
_D_MODEL = 64
_LAYERS = 2
_HEADS = 4
_FFN_DIM = 128
_MAX_POSITIONS = 512
_SP_VOCAB_SIZE = 256  # an upper bound: the trainer keeps fewer pieces on tiny text
_LEARNING_RATE = 3e-3
_MAX_STEPS = 1500
# Train until every target token is the model's top choice under teacher forcing
# and the mean loss is below this, so beam search has a clear margin too.
_TARGET_LOSS = 0.01

_PAD = "<pad>"
_UNK = "<unk>"
_EOS = "</s>"

# Fixed zip timestamp (the zip format's earliest), so equal contents give equal files.
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def build_argos_package(
    dest: Path,
    pairs: list[tuple[str, str]],
    *,
    from_code: str = "de",
    to_code: str = "en",
    version: str = "0.1.0",
    seed: int = 0,
) -> Path:
    """Build ``<dest>/translate-<from>_<to>-<version>.argosmodel`` that has memorised ``pairs``.

    ``pairs`` are (source, target) sentences. The dots of ``version`` become
    underscores in the file name, as in Argos's own package names. Returns the
    path of the package file. Raises RuntimeError if the trained model does not
    reproduce every pair.
    """
    if not pairs:
        raise ValueError("at least one sentence pair is needed")
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    name = f"translate-{from_code}_{to_code}-{version.replace('.', '_')}"

    with _quiet(), tempfile.TemporaryDirectory(prefix="claimwatch-argos-") as tmp:
        work = Path(tmp)
        package_dir = work / name
        package_dir.mkdir()

        sp_model = _train_sentencepiece(pairs, seed)
        (package_dir / "sentencepiece.model").write_bytes(sp_model)

        hf_dir = work / "marian"
        _train_marian(hf_dir, package_dir / "sentencepiece.model", pairs, seed)
        _convert(hf_dir, package_dir / "model")
        _check_round_trip(package_dir, pairs)

        metadata = {
            "package_version": version,
            "argos_version": "1.11",
            "from_code": from_code,
            "from_name": _LANGUAGE_NAMES.get(from_code, from_code),
            "to_code": to_code,
            "to_name": _LANGUAGE_NAMES.get(to_code, to_code),
            "type": "translate",
        }
        (package_dir / "metadata.json").write_text(json.dumps(metadata, indent=2) + "\n", encoding="utf-8")
        (package_dir / "README.md").write_text(
            f"# {name}\n\nA tiny test model built by claimwatch's test suite. It has memorised "
            f"{len(pairs)} sentence pairs and translates nothing else.\n",
            encoding="utf-8",
        )

        target = dest / f"{name}.argosmodel"
        _zip_folder(package_dir, target)
    return target


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Silence the libraries' warnings and info logs during a build, then restore them.

    The project's pytest turns warnings into errors. With the versions pinned
    today a build emits no warning at all; the filter only keeps a future
    library release's deprecation notice about a toy model from failing tests.
    """
    import transformers

    verbosity = transformers.logging.get_verbosity()
    transformers.logging.set_verbosity_error()
    # Saving and loading the model draw tqdm bars on stderr.
    progress_bars = transformers.logging.is_progress_bar_enabled()
    transformers.logging.disable_progress_bar()
    ct2_logger = logging.getLogger("ctranslate2")
    ct2_level = ct2_logger.level
    ct2_logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        transformers.logging.set_verbosity(verbosity)
        if progress_bars:
            transformers.logging.enable_progress_bar()
        ct2_logger.setLevel(ct2_level)


def _train_sentencepiece(pairs: Sequence[tuple[str, str]], seed: int) -> bytes:
    """Train one sentencepiece model on both sides' text (Argos uses one for both)."""
    import sentencepiece as spm

    lines = [text for pair in pairs for text in pair]
    spm.set_random_generator_seed(seed)
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=model,
        model_type="unigram",
        vocab_size=_SP_VOCAB_SIZE,
        hard_vocab_limit=False,  # tiny text: take the pieces there are
        character_coverage=1.0,  # keep ä, ö, ü, ß as characters, not <unk>
        # Marian's layout: </s> and <unk> are ordinary vocabulary entries, no <s>;
        # <pad> is added last when the model's vocabulary is written.
        unk_id=0,
        eos_id=1,
        bos_id=-1,
        pad_id=-1,
        num_threads=1,  # one thread: the same pieces on every run
        minloglevel=2,
    )
    return model.getvalue()


def _train_marian(hf_dir: Path, sp_path: Path, pairs: Sequence[tuple[str, str]], seed: int) -> None:
    """Train a tiny MarianMT model on ``pairs`` until memorised; save it with its tokenizer in ``hf_dir``."""
    import sentencepiece as spm
    import torch
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    sp = spm.SentencePieceProcessor(model_file=str(sp_path))
    pieces = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    # HF Marian keeps <pad> as the last vocabulary entry; the CTranslate2
    # converter drops it there (CTranslate2 starts decoding from a zero vector).
    vocab = {piece: i for i, piece in enumerate(pieces)}
    vocab[_PAD] = len(pieces)
    pad_id, eos_id = vocab[_PAD], vocab[_EOS]

    # The tokenizer files only serve the converter, which reads the vocabulary
    # and the special tokens from them.
    hf_dir.mkdir(parents=True)
    (hf_dir / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    for spm_name in ("source.spm", "target.spm"):
        (hf_dir / spm_name).write_bytes(sp_path.read_bytes())
    tokenizer = MarianTokenizer(
        source_spm=str(hf_dir / "source.spm"),
        target_spm=str(hf_dir / "target.spm"),
        vocab=str(hf_dir / "vocab.json"),
    )
    tokenizer.save_pretrained(hf_dir)

    # Sources are encoded as Argos will hand them to CTranslate2: pieces with no
    # </s> (the converted model does not add one). Targets end with </s>.
    sources = [[vocab[p] for p in sp.encode(src, out_type=str)] for src, _ in pairs]
    targets = [[vocab[p] for p in sp.encode(tgt, out_type=str)] + [eos_id] for _, tgt in pairs]
    input_ids = _pad_rows(sources, pad_id)
    attention_mask = (input_ids != pad_id).long()
    labels = _pad_rows(targets, -100)  # -100: ignored by the loss

    config = MarianConfig(
        vocab_size=len(vocab),
        decoder_vocab_size=len(vocab),
        d_model=_D_MODEL,
        encoder_layers=_LAYERS,
        decoder_layers=_LAYERS,
        encoder_attention_heads=_HEADS,
        decoder_attention_heads=_HEADS,
        encoder_ffn_dim=_FFN_DIM,
        decoder_ffn_dim=_FFN_DIM,
        max_position_embeddings=_MAX_POSITIONS,
        dropout=0.0,  # memorising, not generalising
        attention_dropout=0.0,
        activation_dropout=0.0,
        pad_token_id=pad_id,
        eos_token_id=eos_id,
        decoder_start_token_id=pad_id,
        forced_eos_token_id=eos_id,
        scale_embedding=True,
        share_encoder_decoder_embeddings=True,
    )

    # Fixed seed and one thread make the weights, and so model.bin, the same on
    # every build; fork_rng leaves the caller's random state as it was.
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(seed)
            model = MarianMTModel(config)
            model.train()
            embeddings = model.get_input_embeddings().weight
            with torch.no_grad():
                embeddings[pad_id].zero_()
            optimiser = torch.optim.Adam(model.parameters(), lr=_LEARNING_RATE)
            target_mask = labels != -100
            for _ in range(_MAX_STEPS):
                out = model(input_ids=input_ids, attention_mask=attention_mask, labels=labels)
                optimiser.zero_grad()
                out.loss.backward()
                optimiser.step()
                # HF Marian starts the decoder from the <pad> embedding and
                # CTranslate2 from a zero vector: keep that row zero so both
                # agree (the tied output layer would otherwise move it).
                with torch.no_grad():
                    embeddings[pad_id].zero_()
                predicted = out.logits.argmax(dim=-1)
                if out.loss.item() < _TARGET_LOSS and bool((predicted == labels)[target_mask].all()):
                    break
            else:
                raise RuntimeError(f"the test model did not memorise {len(pairs)} pairs in {_MAX_STEPS} steps")
    finally:
        torch.set_num_threads(threads)

    model.eval()
    model.save_pretrained(hf_dir)


def _pad_rows(rows: Sequence[Sequence[int]], fill: int):
    """A 2-D LongTensor of ``rows``, right-padded with ``fill``."""
    import torch

    width = max(len(row) for row in rows)
    return torch.tensor([list(row) + [fill] * (width - len(row)) for row in rows], dtype=torch.long)


def _convert(hf_dir: Path, model_dir: Path) -> None:
    """Convert the saved Marian model to a CTranslate2 model folder."""
    from ctranslate2.converters import TransformersConverter

    TransformersConverter(str(hf_dir)).convert(str(model_dir), quantization="float32")


def _check_round_trip(package_dir: Path, pairs: Sequence[tuple[str, str]]) -> None:
    """Translate every source the way Argos's tokenizer and the project do; raise if one differs."""
    import ctranslate2
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=str(package_dir / "sentencepiece.model"))
    translator = ctranslate2.Translator(str(package_dir / "model"), device="cpu", intra_threads=1)
    batch = [sp.encode(src, out_type=str) for src, _ in pairs]
    results = translator.translate_batch(batch, **DECODE_OPTIONS)
    wrong = []
    for (src, tgt), result in zip(pairs, results, strict=True):
        got = sp.decode_pieces(result.hypotheses[0]).lstrip()
        if got != tgt:
            wrong.append(f"{src!r} -> {got!r} (expected {tgt!r})")
    del translator
    if wrong:
        raise RuntimeError("the test model does not reproduce its pairs: " + "; ".join(wrong))


def _zip_folder(folder: Path, target: Path) -> None:
    """Zip ``folder`` (as the archive's single top folder) with fixed order and timestamps."""
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            arcname = path.relative_to(folder.parent).as_posix()
            if path.is_dir():
                info = zipfile.ZipInfo(arcname + "/", date_time=_ZIP_DATE)
                info.external_attr = (0o40755 << 16) | 0x10  # a directory, rwxr-xr-x
                archive.writestr(info, b"")
            else:
                info = zipfile.ZipInfo(arcname, date_time=_ZIP_DATE)
                info.external_attr = 0o100644 << 16  # a regular file, rw-r--r--
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, path.read_bytes())


def _round_trip(package_file: Path, home: Path, sentences: Sequence[str], from_code: str = "de") -> list[str]:
    """Install ``package_file`` into the Argos home ``home`` and translate ``sentences`` with it.

    Used by the script entry below. argostranslate reads its folders from the
    environment when first imported, so call this before anything imports it.
    """
    import os

    for var in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        os.environ[var] = str(home / var.lower())
    os.environ["ARGOS_PACKAGES_DIR"] = str(home / "packages")

    import ctranslate2
    from argostranslate import package

    package.install_from_path(package_file)
    pkg = next(p for p in package.get_installed_packages() if p.from_code == from_code)
    translator = ctranslate2.Translator(str(pkg.package_path / "model"), device="cpu")
    tokens = [pkg.tokenizer.encode(s) for s in sentences]
    results = translator.translate_batch(tokens, **DECODE_OPTIONS)
    return [pkg.tokenizer.decode(r.hypotheses[0]).lstrip() for r in results]


if __name__ == "__main__":
    import sys
    import time

    if len(sys.argv) != 2:
        sys.exit("usage: python tests/argos_package.py OUTPUT_DIR")
    started = time.perf_counter()
    built = build_argos_package(Path(sys.argv[1]), PAIRS)
    print(f"built {built} in {time.perf_counter() - started:.1f} s")
    with tempfile.TemporaryDirectory(prefix="claimwatch-argos-home-") as argos_home:
        translations = _round_trip(built, Path(argos_home), [src for src, _ in PAIRS])
    for (src, expected), got in zip(PAIRS, translations, strict=True):
        print(f"{'ok  ' if got == expected else 'FAIL'} {src} -> {got}")
    sys.exit(0 if translations == [tgt for _, tgt in PAIRS] else 1)
