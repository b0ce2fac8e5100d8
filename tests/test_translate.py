"""Translation with a real (tiny) Argos package: install, translate, align, cache, missing models."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import httpx
import pytest

from argos_package import PAIRS
from claimwatch.config import Settings
from claimwatch.errors import ModelError
from claimwatch.models import Segment
from claimwatch.translate import (Translator, cache_key, install_from_file, install_from_index, installed_models,
                                  new_cache_entries, split_chunks, translate)

GERMAN = dict(PAIRS)


def seg(position: int, text: str, language: str, start: int = 0) -> Segment:
    return Segment(position, "paragraph", start, start + len(text), text, language=language)


@pytest.fixture
def installed(argos_package: Path, settings: Settings) -> Settings:
    install_from_file(argos_package, settings)
    return settings


def test_install_from_file_and_list(argos_package: Path, settings: Settings) -> None:
    assert installed_models(settings) == ([], [])
    info = install_from_file(argos_package, settings)
    assert (info.from_code, info.to_code, info.version) == ("de", "en", "0.1.0")
    assert info.model_id == "argos:translate-de_en@0.1.0"
    assert info.path.parent == settings.resolved_models_dir / "argos" / "packages"
    found, broken = installed_models(settings)
    assert found == [info] and broken == []
    # installing again replaces the package rather than failing or duplicating it
    install_from_file(argos_package, settings)
    assert len(installed_models(settings)[0]) == 1


def test_german_segment_comes_back_as_the_memorised_english_with_provenance(installed: Settings) -> None:
    first, second = PAIRS[1][0], PAIRS[2][0]
    text = f"{first} {second}"
    segment = seg(3, text, "de", start=120)
    [result] = translate([segment], settings=installed)
    assert result.status == "translated" and result.label == "translated"
    assert result.model == "argos:translate-de_en@0.1.0"
    assert result.text == f"{GERMAN[first]} {GERMAN[second]}"
    assert result.position == 3 and result.source_language == "de" and result.target_language == "en"
    # a span found in the translation leads back to the German sentence it came from
    where = result.text.index("pause pledge")
    lo, hi = result.original_span(where, where + len("pause pledge"))
    assert text[lo:hi] == second
    doc_lo, doc_hi = result.document_span(where, where + len("pause pledge"))
    assert (doc_lo, doc_hi) == (120 + lo, 120 + hi)
    lo, hi = result.original_span(0, 5)
    assert text[lo:hi] == first


def test_english_and_language_neutral_segments_are_not_translated(installed: Settings) -> None:
    results = translate([seg(0, "The company confirmed it.", "en"), seg(1, "2026-02-24 | 3.0", "und")], settings=installed)
    assert [r.status for r in results] == ["not-needed", "not-needed"]
    assert [r.text for r in results] == ["The company confirmed it.", "2026-02-24 | 3.0"]


def test_missing_model_is_marked_not_pretended(settings: Settings) -> None:
    results = translate([seg(0, PAIRS[0][0], "de"), seg(1, "该公司证实了这一事件。", "zh")], settings=settings)
    assert [r.status for r in results] == ["missing-model", "missing-model"]
    assert [r.label for r in results] == ["missing-model (de->en)", "missing-model (zh->en)"]
    assert all(r.text is None for r in results)


def test_cache_means_a_sentence_is_never_translated_twice(installed: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    cache: dict[str, str] = {}
    translator = Translator(installed, lookup=lambda keys: {k: cache[k] for k in keys if k in cache})
    segments = [seg(0, f"{PAIRS[0][0]} {PAIRS[5][0]}", "de"), seg(1, PAIRS[0][0], "de")]
    first = translator.translate(segments)
    # the sentence shared by both segments went to the model once, and nothing came from the cache
    rows = new_cache_entries(first, {s.position: s.text for s in segments})
    assert sorted(r["source_text"] for r in rows) == sorted([PAIRS[0][0], PAIRS[5][0]])
    assert not any(a.cached for r in first for a in r.alignment)
    cache.update({r["key"]: r["translation"] for r in rows})

    import claimwatch.translate as module

    def no_model(info):  # a second pass must not load or call the model at all
        raise AssertionError("the model was called for cached sentences")

    monkeypatch.setattr(module, "_engine", no_model)
    again = translator.translate(segments)
    assert [r.text for r in again] == [r.text for r in first]
    assert all(a.cached for r in again for a in r.alignment)
    assert new_cache_entries(again, {s.position: s.text for s in segments}) == []
    assert cache_key("argos:translate-de_en@0.1.0", PAIRS[0][0]) in cache


@pytest.mark.parametrize(("language", "text", "expected"), [
    ("de", "Dr. Müller sagte am 3. März: „Das ist neu.“ Der Konzern bestätigte das.", ["Dr. Müller sagte am 3. März: „Das ist neu.“", "Der Konzern bestätigte das."]),
    ("zh", "第一句话。第二句话！Anthropic表示“没有”。", ["第一句话。", "第二句话！", "Anthropic表示“没有”。"]),
    ("ja", "これは最初の文です。これは二番目の文です。", ["これは最初の文です。", "これは二番目の文です。"]),
    ("fr", "M. Dupont a confirmé la fuite.  Puis il est parti.", ["M. Dupont a confirmé la fuite.", "Puis il est parti."]),
])
def test_split_chunks_into_sentences_with_offsets(language: str, text: str, expected: list[str]) -> None:
    spans = split_chunks(text, language)
    assert [text[a:b] for a, b in spans] == expected


def test_split_chunks_cuts_long_sentences_at_a_space() -> None:
    text = "wort " * 200  # 1000 characters, no sentence end
    spans = split_chunks(text.strip(), "de", max_chars=120)
    assert all(b - a <= 120 for a, b in spans)
    assert " ".join(text.strip()[a:b] for a, b in spans).split() == text.split()


def _zip(path: Path, files: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    return path


@pytest.mark.parametrize(("files", "message"), [
    (None, "not an Argos package (an .argosmodel is a zip archive)"),
    ({"a/metadata.json": b"{}", "b/x": b""}, "exactly one folder"),
    ({"p/model/model.bin": b"", "p/sentencepiece.model": b""}, "no p/metadata.json"),
    ({"p/metadata.json": b"{not json", "p/model/model.bin": b""}, "not valid JSON"),
    ({"p/metadata.json": json.dumps({"from_code": "de"}).encode()}, "lacks from_code and to_code"),
    ({"p/metadata.json": json.dumps({"from_code": "de", "to_code": "en", "type": "sbd"}).encode()}, "'sbd' package"),
    ({"p/metadata.json": json.dumps({"from_code": "de", "to_code": "en"}).encode(), "p/sentencepiece.model": b""}, "no p/model/model.bin"),
    ({"p/metadata.json": json.dumps({"from_code": "de", "to_code": "en"}).encode(), "p/model/model.bin": b""}, "cannot tokenize"),
])
def test_bad_package_files_are_refused_with_the_reason(tmp_path: Path, settings: Settings, files, message: str) -> None:
    path = tmp_path / "bad.argosmodel"
    if files is None:
        path.write_bytes(b"this is not a zip")
    else:
        _zip(path, files)
    with pytest.raises(ModelError, match="bad.argosmodel") as error:
        install_from_file(path, settings)
    assert message in str(error.value)
    assert installed_models(settings) == ([], [])


def test_missing_file_is_a_clear_error(tmp_path: Path, settings: Settings) -> None:
    with pytest.raises(ModelError, match="no such file"):
        install_from_file(tmp_path / "nope.argosmodel", settings)


def test_unreadable_installed_package_is_listed_not_fatal(installed: Settings) -> None:
    (installed.resolved_models_dir / "argos" / "packages" / "half-copied").mkdir()
    found, broken = installed_models(installed)
    assert len(found) == 1 and len(broken) == 1 and "half-copied" in broken[0]
    assert translate([seg(0, PAIRS[0][0], "de")], settings=installed)[0].text == PAIRS[0][1]


def test_install_from_index_downloads_and_installs(argos_package: Path, settings: Settings) -> None:
    package_bytes = argos_package.read_bytes()
    requests: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request.url.path)
        if request.url.path.endswith("index.json"):
            return httpx.Response(200, json=[
                {"type": "translate", "from_code": "de", "to_code": "en", "package_version": "0.1.0", "links": ["https://models.example/de_en.argosmodel"]},
                {"type": "translate", "from_code": "en", "to_code": "de", "package_version": "1.0", "links": ["https://models.example/en_de.argosmodel"]},
            ])
        return httpx.Response(200, content=package_bytes)

    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        [info] = install_from_index(["de"], settings, client=client)
        assert info.from_code == "de"
        with pytest.raises(ModelError, match="no zh->en package; it has these into en: de"):
            install_from_index(["zh"], settings, client=client)
    assert requests[-1].endswith("index.json") and "/de_en.argosmodel" in requests
    assert translate([seg(0, PAIRS[3][0], "de")], settings=settings)[0].text == PAIRS[3][1]


def test_install_from_index_offline_says_how_to_install_from_a_file(settings: Settings) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno -3] Temporary failure in name resolution", request=request)

    with httpx.Client(transport=httpx.MockTransport(handler)) as client, pytest.raises(ModelError) as error:
        install_from_index(["de"], settings, client=client)
    assert "cannot read the Argos package index" in str(error.value)
    assert "claimwatch models install --from-file" in str(error.value)


def test_a_damaged_package_file_leaves_the_installed_one_working(installed: Settings, argos_package: Path, tmp_path: Path) -> None:
    data = bytearray(argos_package.read_bytes())
    middle = len(data) // 2
    data[middle:middle + 64] = bytes(64)  # a bad CRC inside model.bin
    damaged = tmp_path / "damaged.argosmodel"
    damaged.write_bytes(bytes(data))
    with pytest.raises(ModelError, match="damaged"):
        install_from_file(damaged, installed)
    found, broken = installed_models(installed)
    assert len(found) == 1 and broken == []
    assert translate([seg(0, PAIRS[0][0], "de")], settings=installed)[0].text == PAIRS[0][1]


def test_one_bad_sentence_fails_only_its_segment(installed: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    import claimwatch.translate as module

    real = module._engine

    class Poisoned:
        def __init__(self, engine):
            self.engine = engine

        def translate(self, sentences):
            if any("vergiftet" in s for s in sentences):
                raise RuntimeError("bad input")
            return self.engine.translate(sentences)

    monkeypatch.setattr(module, "_engine", lambda info: Poisoned(real(info)))
    results = translate([seg(0, PAIRS[0][0], "de"), seg(1, "Ein vergiftet Satz.", "de"), seg(2, PAIRS[1][0], "de")], settings=installed)
    assert [r.status for r in results] == ["translated", "failed", "translated"]
    assert "bad input" in results[1].detail


def test_newest_version_of_a_pair_wins(installed: Settings) -> None:
    from claimwatch.translate import _version_key, ModelInfo

    versions = ["1.9", "1.10", "1.2"]
    infos = [ModelInfo("translate-de_en", "de", "en", v, Path(v)) for v in versions]
    assert max(infos, key=_version_key).version == "1.10"


def test_very_long_segments_are_chunked_not_refused() -> None:
    text = ("Das Unternehmen hat den Vorfall bestätigt. " * 30_000).strip()  # 1.3 million characters
    spans = split_chunks(text, "de")
    assert len(spans) == 30_000 and text[spans[-1][0]:spans[-1][1]] == "Das Unternehmen hat den Vorfall bestätigt."
