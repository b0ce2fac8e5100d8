"""Language of every segment: langdetect with script rules, short-segment fallbacks and hints."""

from __future__ import annotations

from datetime import datetime, timezone
from hashlib import sha256

import pytest

from claimwatch.config import Settings
from claimwatch.extract import extract
from claimwatch.language import UNDETERMINED, detect, identify, identify_document, normalize_code
from claimwatch.models import FetchResult, Outcome, Segment

from conftest import FIXTURES


def page(name: str, settings: Settings, *, source_language: str | None = None):
    body = (FIXTURES / "pages" / name).read_bytes()
    result = FetchResult(source_id="s", url=f"http://127.0.0.1/{name}", role="document", outcome=Outcome.FETCHED,
                         fetched_at=datetime.now(timezone.utc), content=body, content_hash=sha256(body).hexdigest(),
                         content_type="text/html; charset=utf-8")
    return extract(result, settings=settings)


def segments(*texts: str) -> list[Segment]:
    out, offset = [], 0
    for i, text in enumerate(texts):
        out.append(Segment(i, "paragraph", offset, offset + len(text), text))
        offset += len(text) + 1
    return out


@pytest.mark.parametrize(("text", "language", "script"), [
    ("Anthropic has rewritten its Responsible Scaling Policy and dropped the unconditional pause pledge.", "en", "Latn"),
    ("Anthropic hat seine Richtlinie für verantwortungsvolle Skalierung grundlegend überarbeitet.", "de", "Latn"),
    ("Le laboratoire a confirmé qu'un groupe non autorisé avait accédé au modèle via un prestataire.", "fr", "Latn"),
    ("La empresa confirmó que un grupo no autorizado accedió al modelo a través de un proveedor externo.", "es", "Latn"),
    ("该公司证实，一个未经授权的小团体通过第三方供应商的环境访问了这一模型。", "zh", "Hans"),
    ("該公司證實，一個未經授權的小團體通過第三方供應商的環境訪問了這一模型。", "zh", "Hant"),
    ("同社は、未公開モデルに関する下書きが誤って公開されていたことを認めた。", "ja", "Jpan"),
    ("회사는 승인되지 않은 그룹이 외부 업체를 통해 모델에 접근했다고 밝혔다.", "ko", "Kore"),
    ("Компания подтвердила, что посторонние получили доступ к модели через подрядчика.", "ru", "Cyrl"),
])
def test_detect_long_segments(text: str, language: str, script: str) -> None:
    guess = detect(text)
    assert (guess.language, guess.script) == (language, script)
    assert guess.probability > 0.5


def test_chinese_sentence_full_of_english_names_is_chinese() -> None:
    guess = detect("Claude Mythos Preview遭未授权使用：Discord小圈子经第三方供应商环境接入")
    assert guess.language == "zh" and guess.method == "script"


def test_detection_is_deterministic() -> None:
    text = "Leck bei Anthropic"  # short enough that an unseeded langdetect flips between answers
    assert len({detect(text) for _ in range(20)}) == 1


def test_short_segments_take_the_document_language() -> None:
    # langdetect alone calls "Update:" Romanian and "Key takeaways" Swahili
    assert detect("Update:", fallback="en").language == "en"
    assert detect("Key takeaways", fallback="en").language == "en"
    assert detect("Key takeaways", fallback="en").method in ("document", "langdetect")
    assert detect("Version 2.2 (2025-05-14): Scope revisions", fallback="en").language == "en"  # langdetect: Italian


def test_short_segment_in_the_declared_language_keeps_it() -> None:
    # A German heading on a page declared German over an English body.
    assert detect("Zeitleiste", fallback="en", hint="de").language == "de"
    assert detect("Zeitleiste", fallback="en", hint="de").method == "hint"


def test_no_letters_is_undetermined() -> None:
    assert detect("2026-02-24 | 3.0 | 30").language == UNDETERMINED
    assert detect("").language == UNDETERMINED


def test_kanji_only_heading_in_a_japanese_document() -> None:
    guesses, languages = identify_document(segments(
        "安全性評価",
        "同社は、未公開モデルに関する下書きが誤って公開されていたことを認め、設定の誤りが原因だと説明した。",
    ))
    assert [g.language for g in guesses] == ["ja", "ja"]
    assert languages[0][0] == "ja"


def test_document_of_short_segments_falls_back_to_the_hint() -> None:
    guesses, languages = identify_document(segments("Update:", "Timeline"), hint="de-DE")
    assert {g.language for g in guesses} == {"de"}
    assert {g.method for g in guesses} == {"hint"}


@pytest.mark.parametrize(("code", "expected"), [
    ("zh-cn", ("zh", "Hans")), ("zh-TW", ("zh", "Hant")), ("zh_HK", ("zh", "Hant")), ("zh-Hant-CN", ("zh", "Hant")),
    ("zh", ("zh", "Hans")), ("de-DE", ("de", None)), ("EN_us", ("en", None)), ("", (None, None)), ("12", (None, None)),
])
def test_normalize_code(code: str, expected: tuple[str | None, str | None]) -> None:
    assert normalize_code(code) == expected


def test_mixed_page_german_title_english_body_chinese_faq(settings: Settings) -> None:
    doc = identify(page("mixed_de_en_zh.html", settings))
    assert doc.language_hint == "de"  # from <html lang>
    by_text = {s.text: s for s in doc.segments}
    title = doc.segments[0]
    assert title.kind == "title" and title.language == "de"
    body = [s for s in doc.segments if s.kind == "paragraph" and s.text.startswith(("A draft", "People", "Outside"))]
    assert len(body) == 3 and {s.language for s in body} == {"en"}
    assert by_text["Zeitleiste"].language == "de"
    assert {s.language for s in doc.segments if s.kind == "list-item"} == {"en"}
    faq = [s for s in doc.segments if any("\u4e00" <= ch <= "\u9fff" for ch in s.text)]
    assert len(faq) == 5 and {(s.language, s.script) for s in faq} == {("zh", "Hans")}
    assert doc.language == "en"
    assert [code for code, _ in doc.languages] == ["en", "zh", "de"]
    assert abs(sum(share for _, share in doc.languages) - 1) < 0.01


def test_sections_point_at_their_headings(settings: Settings) -> None:
    doc = page("mixed_de_en_zh.html", settings)
    by_text = {s.text: s for s in doc.segments}
    faq = by_text["常见问题"]
    question = by_text["公司如何回应？"]
    answer = next(s for s in doc.segments if s.text.startswith("公司表示"))
    assert answer.section == question.position
    assert question.section == faq.position  # a heading points at the heading before it
    assert by_text["2023-09-19: first version of the scaling policy published"].section == by_text["Zeitleiste"].position
    assert doc.segments[0].section is None


def test_discarded_documents_pass_through(settings: Settings) -> None:
    doc = page("mixed_de_en_zh.html", settings)
    from dataclasses import replace

    discarded = replace(doc, status="discarded", segments=())
    assert identify(discarded) is discarded
