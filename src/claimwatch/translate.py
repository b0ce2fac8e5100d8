"""Offline translation with Argos Translate packages, sentence-aligned to the original segment.

claimwatch uses argostranslate for what it is good at (the package format, its index, its
tokenizers, its CTranslate2 models) and does the rest itself:

- Sentences are split here, with spaCy's rule-based sentencizer on a blank pipeline of the
  segment's language, so each translated sentence keeps its original span. argos's own
  splitters download models at first use (stanza, MiniSBD, xx_sent_ud_sm) and fail offline.
- All sentences of a batch go to CTranslate2 in one ``translate_batch`` call, with the
  decoding settings argos uses (beam 4, length penalty 0.2), where argos makes one call per
  paragraph.
- Each sentence is cached by (model, text): a repost, a re-run or a document that changed
  one paragraph costs only the sentences never seen before.
- argostranslate reads its folders from the environment once, at import; :func:`argos`
  points it at claimwatch's models folder, before the import and again after.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import json
import logging
import os
import shutil
import sys
import tempfile
import threading
import zipfile
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from types import ModuleType
from typing import Any, Protocol

import httpx
import packaging.version

from .config import Settings
from .errors import ModelError, one_line
from .models import UNDETERMINED, Alignment, TranslatedSegment

__all__ = [
    "ModelInfo",
    "Translator",
    "argos",
    "installed_models",
    "install_from_file",
    "install_from_index",
    "split_chunks",
    "cache_key",
    "new_cache_entries",
    "translate",
]

log = logging.getLogger(__name__)

#: An .argosmodel expands to about 100 MB for a real language pair; refuse archives that claim
#: more than this (a zip bomb would otherwise fill the disk before anything is read).
MAX_PACKAGE_BYTES = 2 * 1024**3
INDEX_TIMEOUT = httpx.Timeout(20.0, read=120.0)


class SegmentLike(Protocol):
    position: int
    start: int
    text: str
    language: str | None


# ---- argostranslate, pointed at claimwatch's folder ---------------------------------------------

_argos_lock = threading.Lock()
_XDG = ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "ARGOS_PACKAGES_DIR")


def argos(models_dir: Path) -> ModuleType:
    """``argostranslate.package``, with every folder argos uses under ``models_dir/argos``.

    argostranslate's settings module computes its folders (and creates them) at import, from
    XDG_* and ARGOS_PACKAGES_DIR. The environment is set for the import only, then restored,
    so no other library sees claimwatch's folders; a later call with another ``models_dir``
    (tests, a second store) repoints the already imported settings.
    """
    root = Path(models_dir).resolve() / "argos"
    folders = {"data": root / "data", "cache": root / "cache", "config": root / "config", "packages": root / "packages"}
    with _argos_lock:
        try:
            for folder in folders.values():
                folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ModelError(f"cannot create the models folder {root} ({exc.strerror}); set CLAIMWATCH_MODELS_DIR to a writable folder") from None
        if "argostranslate.settings" not in sys.modules:
            saved = {name: os.environ.get(name) for name in _XDG}
            os.environ.update(XDG_DATA_HOME=str(folders["data"]), XDG_CACHE_HOME=str(folders["cache"]),
                              XDG_CONFIG_HOME=str(folders["config"]), ARGOS_PACKAGES_DIR=str(folders["packages"]))
            try:
                importlib.import_module("argostranslate.package")  # reads the folders above
            finally:
                for name, value in saved.items():
                    if value is None:
                        os.environ.pop(name, None)
                    else:
                        os.environ[name] = value
        import argostranslate.package as package
        import argostranslate.settings as settings

        settings.data_dir = folders["data"] / "argos-translate"
        settings.config_dir = folders["config"] / "argos-translate"
        settings.cache_dir = folders["cache"] / "argos-translate"
        settings.downloads_dir = settings.cache_dir / "downloads"
        settings.settings_file = settings.config_dir / "settings.json"
        settings.local_package_index = settings.data_dir / "index.json"
        settings.package_data_dir = folders["packages"]
        settings.package_dirs = [folders["packages"]]
        for folder in (settings.data_dir, settings.config_dir, settings.downloads_dir):
            folder.mkdir(parents=True, exist_ok=True)
        return package


@dataclass(frozen=True, slots=True)
class ModelInfo:
    """One installed Argos package."""

    name: str  # argospm name: translate-de_en
    from_code: str
    to_code: str
    version: str
    path: Path
    from_name: str = ""
    to_name: str = ""

    @property
    def model_id(self) -> str:
        """What the store records as the model of a translation: ``argos:translate-de_en@1.9``."""
        return f"argos:{self.name}@{self.version or '0'}"


def _info(pkg: Any) -> ModelInfo:
    return ModelInfo(name=f"{pkg.type or 'translate'}-{pkg.from_code}_{pkg.to_code}", from_code=pkg.from_code, to_code=pkg.to_code,
                     version=str(pkg.package_version or ""), path=Path(pkg.package_path), from_name=pkg.from_name or "", to_name=pkg.to_name or "")


def installed_models(settings: Settings) -> tuple[list[ModelInfo], list[str]]:
    """Installed translation packages, and a line for each package folder that cannot be read."""
    argos(settings.resolved_models_dir)
    from argostranslate.package import Package

    root = settings.resolved_models_dir / "argos" / "packages"
    found, broken = [], []
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        try:
            pkg = Package(folder)
        except Exception as exc:  # argos raises FileNotFoundError, JSONDecodeError, KeyError ...
            broken.append(f"{folder}: {one_line(exc)}")
            continue
        if (pkg.type or "translate") != "translate" or not pkg.from_code or not pkg.to_code:
            broken.append(f"{folder}: not a translation package (type {pkg.type!r})")
            continue
        if getattr(pkg, "tokenizer", None) is None or not (folder / "model").is_dir():
            broken.append(f"{folder}: no model/ folder or tokenizer (sentencepiece.model or bpe.model)")
            continue
        found.append(_info(pkg))
    return found, broken


def _check_package_file(path: Path) -> dict[str, Any]:
    """The metadata of a valid .argosmodel, or a ModelError that says what is wrong with it."""
    if not path.is_file():
        raise ModelError(f"{path}: no such file; give the path of a downloaded .argosmodel file")
    if not zipfile.is_zipfile(path):
        raise ModelError(f"{path}: not an Argos package (an .argosmodel is a zip archive); download it again")
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        if sum(i.file_size for i in archive.infolist()) > MAX_PACKAGE_BYTES:
            raise ModelError(f"{path}: the archive expands to more than {MAX_PACKAGE_BYTES // 1024**3} GB; it is not a language package")
        tops = {name.split("/", 1)[0] for name in names}
        if len(tops) != 1 or not any("/" in name for name in names):
            raise ModelError(f"{path}: an Argos package holds exactly one folder; this one holds {sorted(tops)[:5]}")
        top = tops.pop()
        if top in ("", ".", "..") or top.startswith("/"):
            raise ModelError(f"{path}: unsafe folder name {top!r} in the archive")
        try:
            metadata = json.loads(archive.read(f"{top}/metadata.json"))
        except KeyError:
            raise ModelError(f"{path}: no {top}/metadata.json; not an Argos package") from None
        except ValueError as exc:
            raise ModelError(f"{path}: metadata.json is not valid JSON ({one_line(exc)})") from None
        if not isinstance(metadata, dict) or not metadata.get("from_code") or not metadata.get("to_code"):
            raise ModelError(f"{path}: metadata.json lacks from_code and to_code")
        if metadata.get("type", "translate") != "translate":
            raise ModelError(f"{path}: a {metadata.get('type')!r} package; claimwatch needs a translation package")
        if f"{top}/model/model.bin" not in names:
            raise ModelError(f"{path}: no {top}/model/model.bin (a CTranslate2 model); not a translation package")
        if f"{top}/sentencepiece.model" not in names and f"{top}/bpe.model" not in names:
            raise ModelError(f"{path}: no sentencepiece.model or bpe.model in {top}/; the package cannot tokenize")
    metadata["_folder"] = top
    return metadata


def install_from_file(path: Path, settings: Settings) -> ModelInfo:
    """Install a local .argosmodel file (checked first) into the models folder.

    The archive is unpacked beside the installed packages, read back as a package, and only
    then moved into place, so a damaged file never costs the package already installed.
    (argos's own ``install_from_path`` unpacks straight into place, and imports its whole
    translation stack, onnxruntime included, which writes under the user's home.)
    """
    path = Path(path).expanduser()
    metadata = _check_package_file(path)
    argos(settings.resolved_models_dir)
    from argostranslate.package import Package

    packages = settings.resolved_models_dir / "argos" / "packages"
    target = packages / metadata["_folder"]
    staging = Path(tempfile.mkdtemp(prefix=".installing-", dir=packages))
    try:
        try:
            with zipfile.ZipFile(path) as archive:
                archive.extractall(staging)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
            raise ModelError(f"cannot unpack {path} ({one_line(exc)}); the file is damaged or the disk is full: download it again") from None
        unpacked = staging / metadata["_folder"]
        try:
            info = _info(Package(unpacked))
        except Exception as exc:  # argos raises assorted errors on a malformed package
            raise ModelError(f"{path} unpacks but cannot be read as a package ({one_line(exc)})") from None
        with _argos_lock:
            if target.exists():
                shutil.rmtree(target)  # a reinstall or an upgrade of the same package
            os.replace(unpacked, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    _reset_engines()
    return replace(info, path=target)


def install_from_index(codes: Sequence[str], settings: Settings, *, client: httpx.Client | None = None) -> list[ModelInfo]:
    """Download and install ``code -> target`` packages for each code from the Argos package index."""
    argos(settings.resolved_models_dir)
    import argostranslate.settings as argos_settings

    own = client is None
    client = client or httpx.Client(timeout=INDEX_TIMEOUT, follow_redirects=True, headers={"User-Agent": settings.user_agent})
    offline_fix = ("on a machine that is online, download the package (https://www.argosopentech.com/argospm/index/) "
                   "and install it with: claimwatch models install --from-file FILE.argosmodel")
    try:
        try:
            response = client.get(argos_settings.remote_package_index)
            response.raise_for_status()
            index = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise ModelError(f"cannot read the Argos package index at {argos_settings.remote_package_index} ({one_line(exc)}); {offline_fix}") from None
        if not isinstance(index, list):
            raise ModelError(f"the Argos package index at {argos_settings.remote_package_index} is not a list of packages; {offline_fix}")
        argos_settings.local_package_index.write_text(json.dumps(index))
        available = {(p.get("from_code"), p.get("to_code")): p for p in index if isinstance(p, dict) and p.get("type", "translate") == "translate"}
        missing = [c for c in codes if (c, settings.target_language) not in available]
        if missing:
            have = sorted({f for f, t in available if t == settings.target_language})
            raise ModelError(f"the Argos index has no {', '.join(f'{c}->{settings.target_language}' for c in missing)} package; "
                             f"it has these into {settings.target_language}: {' '.join(have)}")
        installed = []
        for code in codes:
            entry = available[(code, settings.target_language)]
            links = [link for link in entry.get("links", []) if str(link).startswith(("https://", "http://"))]
            if not links:
                raise ModelError(f"the index entry for {code}->{settings.target_language} has no download link")
            with tempfile.TemporaryDirectory(dir=argos_settings.downloads_dir) as tmp:
                file = Path(tmp) / f"translate-{code}_{settings.target_language}.argosmodel"
                _download(client, links, file, offline_fix)
                installed.append(install_from_file(file, settings))
        return installed
    finally:
        if own:
            client.close()


def _download(client: httpx.Client, links: list[str], file: Path, offline_fix: str) -> None:
    errors = []
    for link in links:
        try:
            with client.stream("GET", link) as response, file.open("wb") as out:
                response.raise_for_status()
                written = 0
                for chunk in response.iter_bytes(1 << 20):
                    written += len(chunk)
                    if written > MAX_PACKAGE_BYTES:
                        raise ModelError(f"{link} is larger than {MAX_PACKAGE_BYTES // 1024**3} GB; not a language package")
                    out.write(chunk)
            return
        except httpx.HTTPError as exc:
            errors.append(f"{link}: {one_line(exc)}")
        except OSError as exc:
            raise ModelError(f"cannot save the package to {file} ({one_line(exc)}); free some disk space or set CLAIMWATCH_MODELS_DIR") from None
    raise ModelError(f"cannot download the package ({'; '.join(errors)}); {offline_fix}")


# ---- sentences -----------------------------------------------------------------------------------

# Blank spaCy pipelines that need nothing beyond spaCy itself; their tokenizers know the
# language's abbreviations ("Dr.", "z. B.", "M."), which the multilingual one splits after.
_BLANK_OK = {"ar", "ca", "cs", "da", "de", "el", "en", "es", "fi", "fr", "he", "hi", "hu", "id", "it", "nb", "nl",
             "pl", "pt", "ro", "ru", "sv", "tr", "uk"}


@functools.lru_cache(maxsize=32)
def _sentencizer(language: str) -> Any:
    import spacy

    if language in ("zh", "ja"):
        # Chinese's blank pipeline splits into characters, which is what finding 。！？ inside an
        # unspaced run needs; Japanese's own needs SudachiPy, and shares the punctuation.
        nlp = spacy.blank("zh")
    elif language in _BLANK_OK:
        nlp = spacy.blank(language)
    else:
        nlp = spacy.blank("xx")
    nlp.add_pipe("sentencizer")
    # spaCy refuses texts over 1M characters (a memory guard meant for parsers); a blank
    # pipeline with a sentencizer needs little per character, and PDFs can be that long.
    nlp.max_length = 50_000_000
    return nlp


def split_chunks(text: str, language: str, max_chars: int = 400) -> list[tuple[int, int]]:
    """Sentence spans of ``text`` (start, end), none longer than ``max_chars``, whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    for sent in _sentencizer(language)(text).sents:
        start, end = sent.start_char, sent.end_char
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        while end - start > max_chars:
            cut = text.rfind(" ", start + max_chars // 2, start + max_chars)
            cut = cut if cut > start else start + max_chars
            spans.append((start, cut))
            start = cut
            while start < end and text[start].isspace():
                start += 1
        if end > start:
            spans.append((start, end))
    return spans


def cache_key(model_id: str, text: str) -> str:
    """The translation cache's key for one sentence: sha256 of model and text."""
    return hashlib.sha256(f"{model_id}\n{text}".encode("utf-8", "surrogatepass")).hexdigest()


# ---- the translator ---------------------------------------------------------------------------------


class _Engine:
    """One package's CTranslate2 model and tokenizer, loaded once."""

    def __init__(self, info: ModelInfo) -> None:
        import ctranslate2
        import argostranslate.settings as argos_settings
        from argostranslate.package import Package

        self.info = info
        self.package = Package(info.path)
        self.beam_size = argos_settings.beam_size
        self.batch_size = argos_settings.batch_size
        try:
            self.model = ctranslate2.Translator(str(info.path / "model"), device=argos_settings.device,
                                                inter_threads=argos_settings.inter_threads, intra_threads=argos_settings.intra_threads,
                                                compute_type=argos_settings.compute_type)
        except (RuntimeError, ValueError, OSError) as exc:
            raise ModelError(f"cannot load {info.model_id} from {info.path} ({one_line(exc)}); reinstall it with claimwatch models install") from None

    def translate(self, sentences: list[str]) -> list[str]:
        tokens = [self.package.tokenizer.encode(s) for s in sentences]
        prefix = self.package.target_prefix
        results = self.model.translate_batch(
            tokens, target_prefix=[[prefix]] * len(tokens) if prefix else None, replace_unknowns=True,
            max_batch_size=self.batch_size, batch_type="examples", beam_size=self.beam_size, num_hypotheses=1, length_penalty=0.2,
        )
        out = []
        for result in results:
            value = self.package.tokenizer.decode(result.hypotheses[0])
            if prefix and value.startswith(prefix):
                value = value[len(prefix):]
            out.append(" ".join(value.split()))
        return out


_engines: dict[Path, _Engine] = {}
_engines_lock = threading.Lock()


def _reset_engines() -> None:
    with _engines_lock:
        _engines.clear()


def _engine(info: ModelInfo) -> _Engine:
    with _engines_lock:
        engine = _engines.get(info.path)
        if engine is None or engine.info != info:
            engine = _engines[info.path] = _Engine(info)
        return engine


def _version_key(info: ModelInfo) -> tuple[int, Any]:
    try:
        return 1, packaging.version.Version(info.version)
    except packaging.version.InvalidVersion:
        return 0, info.version


Lookup = Callable[[Sequence[str]], Mapping[str, str]]


class Translator:
    """``translate(segments, target="en")`` -> one :class:`TranslatedSegment` per segment, in order.

    ``lookup`` reads the translation cache (the store's); sentences it does not know go to
    the model. Which sentences were new is in each alignment's ``cached`` flag, so the caller
    writes them to the cache in the same transaction as the segments.
    """

    def __init__(self, settings: Settings, *, lookup: Lookup | None = None) -> None:
        self.settings = settings
        self.lookup = lookup
        self._models: dict[tuple[str, str], ModelInfo] | None = None

    def models(self) -> dict[tuple[str, str], ModelInfo]:
        """Installed packages by (from, to); read once per Translator."""
        if self._models is None:
            found, broken = installed_models(self.settings)
            for line in broken:
                log.warning("skipping an unreadable translation package: %s", line)
            self._models = {}
            for info in sorted(found, key=_version_key):  # the newest version of a pair wins
                self._models[(info.from_code, info.to_code)] = info
        return self._models

    def translate(self, segments: Sequence[SegmentLike], target: str = "en") -> list[TranslatedSegment]:
        out: list[TranslatedSegment | None] = [None] * len(segments)
        # Sentences to translate, grouped by model: (segment index, span, text).
        work: dict[ModelInfo, list[tuple[int, tuple[int, int], str]]] = {}
        for i, segment in enumerate(segments):
            language = segment.language or UNDETERMINED
            if language in (target, UNDETERMINED) or not segment.text.strip():
                span = (0, len(segment.text))
                out[i] = TranslatedSegment(segment.position, language, target, "not-needed", segment.text,
                                           alignment=(Alignment(*span, *span),), segment_start=segment.start)
                continue
            info = self.models().get((language, target))
            if info is None:
                out[i] = TranslatedSegment(segment.position, language, target, "missing-model", None, segment_start=segment.start)
                continue
            for span in split_chunks(segment.text, language, self.settings.max_chunk_chars):
                work.setdefault(info, []).append((i, span, segment.text[span[0]:span[1]]))
        for info, items in work.items():
            model_id = info.model_id
            keys = {text: cache_key(model_id, text) for _, _, text in items}
            known = dict(self.lookup(list(set(keys.values())))) if self.lookup else {}
            todo = sorted({text for text in keys if keys[text] not in known})
            failure = None
            fresh: dict[str, str] = {}
            if todo:
                try:
                    fresh = dict(zip(todo, _engine(info).translate(todo)))
                except ModelError as exc:
                    failure = str(exc)
                except Exception:  # CTranslate2 raises RuntimeError on bad input or memory
                    # One bad sentence must not fail the batch: retry one sentence at a time,
                    # and only the sentences that fail again fail their segments.
                    log.warning("batch translation with %s failed; retrying sentence by sentence", model_id, exc_info=True)
                    for text in todo:
                        try:
                            fresh[text] = _engine(info).translate([text])[0]
                        except Exception as exc:
                            failure = f"{model_id} failed: {one_line(exc)}"
            by_segment: dict[int, list[tuple[tuple[int, int], str]]] = {}
            for i, span, text in items:
                by_segment.setdefault(i, []).append((span, text))
            for i, chunks in by_segment.items():
                segment = segments[i]
                if failure and any(keys[text] not in known and text not in fresh for _, text in chunks):
                    out[i] = TranslatedSegment(segment.position, info.from_code, target, "failed", None, model_id, detail=failure,
                                               segment_start=segment.start)
                    continue
                parts: list[str] = []
                alignment: list[Alignment] = []
                offset = 0
                for (src_start, src_end), text in chunks:
                    cached = keys[text] in known
                    value = known[keys[text]] if cached else fresh[text]
                    if parts:
                        offset += 1
                    alignment.append(Alignment(src_start, src_end, offset, offset + len(value), cached))
                    parts.append(value)
                    offset += len(value)
                out[i] = TranslatedSegment(segment.position, info.from_code, target, "translated", " ".join(parts), model_id,
                                           tuple(alignment), segment_start=segment.start)
        return [t for t in out if t is not None]


def translate(segments: Sequence[SegmentLike], *, settings: Settings, translator: Translator | None = None) -> list[TranslatedSegment]:
    """The translate stage: ``segments`` in ``settings.target_language``, aligned to their originals."""
    translator = translator or Translator(settings)
    return translator.translate(segments, target=settings.target_language)


def new_cache_entries(translations: Iterable[TranslatedSegment], originals: Mapping[int, str]) -> list[dict[str, str]]:
    """Cache rows for the sentences a model translated (not those that came from the cache).

    ``originals`` maps a segment's position to its original text.
    """
    rows: dict[str, dict[str, str]] = {}
    for t in translations:
        if t.status != "translated" or t.model is None or t.text is None:
            continue
        source = originals[t.position]
        for a in t.alignment:
            if a.cached:
                continue
            text = source[a.src_start:a.src_end]
            key = cache_key(t.model, text)
            rows[key] = dict(key=key, model=t.model, source_language=t.source_language, target_language=t.target_language,
                             source_text=text, translation=t.text[a.dst_start:a.dst_end])
    return list(rows.values())
