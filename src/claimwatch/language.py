"""Language of every segment and of the whole document: langdetect, script rules and fallbacks.

langdetect is good on a sentence or more of alphabetic text and unreliable below that (it
calls "Update:" Romanian and a kanji-only Japanese heading Korean). So each segment is
first sorted by script: kana means Japanese, Hangul Korean, Han without either Chinese
(langdetect then only tells simplified from traditional). Alphabetic segments long enough
to trust go to langdetect; short ones take the document's dominant language unless
langdetect is sure of another, and the document's dominant language comes from its long
segments, else from the page's or the source's language hint.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, replace

import regex
from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
from langdetect.lang_detect_exception import LangDetectException

from .models import UNDETERMINED, Document, Segment

__all__ = ["LanguageGuess", "detect", "identify", "identify_document", "identify_segments", "normalize_code", "UNDETERMINED"]


#: Fewer letters than this and langdetect's answer is a prior, not a verdict. On the project's
#: labelled segments (tests/eval/fixtures/langid.yaml) read alone, 185 of 187 with 25+ letters
#: come out right, and 39 of 48 shorter ones ("Timeline" is Finnish to langdetect).
MIN_LETTERS = 25
#: A short segment keeps langdetect's answer over the document's language only when this sure.
SHORT_SURE = 0.995
#: A CJK character carries about as much as three Latin letters: a segment whose letters,
#: weighted so, are at least this share CJK is read as Chinese, Japanese or Korean even when it
#: is full of English names ("文中提到的机构：NIST、UK AI Security Institute、METR").
CJK_SHARE = 0.3
CJK_WEIGHT = 3
#: A segment this short whose langdetect verdict is unsure is read in its page's context.
CONTEXT_LETTERS = 80
CONTEXT_SURE = 0.95
#: Han characters are enough for a verdict from this many on.
MIN_CJK = 4

_SCRIPTS = {
    "Han": regex.compile(r"\p{Han}"),
    "Kana": regex.compile(r"[\p{Hiragana}\p{Katakana}]"),
    "Hangul": regex.compile(r"\p{Hangul}"),
    "Latin": regex.compile(r"\p{Latin}"),
    "Cyrillic": regex.compile(r"\p{Cyrillic}"),
    "Arabic": regex.compile(r"\p{Arabic}"),
    "Greek": regex.compile(r"\p{Greek}"),
    "Hebrew": regex.compile(r"\p{Hebrew}"),
    "Devanagari": regex.compile(r"\p{Devanagari}"),
    "Thai": regex.compile(r"\p{Thai}"),
}
_LETTER = regex.compile(r"\p{L}")
# ISO 15924 codes as stored; Han's simplified/traditional split comes from langdetect's zh-cn/zh-tw.
_SCRIPT_CODES = {"Latin": "Latn", "Cyrillic": "Cyrl", "Arabic": "Arab", "Greek": "Grek", "Hebrew": "Hebr",
                 "Devanagari": "Deva", "Thai": "Thai", "Hangul": "Kore", "Kana": "Jpan"}
_TRADITIONAL_REGIONS = {"tw", "hk", "mo"}


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    """A segment's language: ISO 639-1 code (or ``und``), how sure, its script, and how it was told."""

    language: str
    probability: float
    script: str | None = None  # ISO 15924: Latn, Hans, Hant, Jpan, Kore, Cyrl, ...
    method: str = "langdetect"  # langdetect, script, document, hint, none


def normalize_code(code: str | None) -> tuple[str | None, str | None]:
    """``(language, script)`` from a BCP 47-ish tag: ``zh-TW`` -> ``("zh", "Hant")``, ``de_DE`` -> ``("de", None)``.

    Returns ``(None, None)`` for an empty or unusable tag.
    """
    if not code:
        return None, None
    parts = [p for p in code.strip().replace("_", "-").lower().split("-") if p]
    if not parts or not parts[0].isalpha() or not 2 <= len(parts[0]) <= 3:
        return None, None
    language, script = parts[0], None
    for part in parts[1:]:
        if part in ("hans", "hant"):
            script = part.title()
        elif part in _TRADITIONAL_REGIONS and language == "zh":
            script = script or "Hant"
        elif part in ("cn", "sg") and language == "zh":
            script = script or "Hans"
    if language == "zh" and script is None:
        script = "Hans"
    return language, script


_factory: DetectorFactory | None = None
_factory_lock = threading.Lock()


def _detector_factory() -> DetectorFactory:
    """langdetect's profiles, loaded once (about 1 s), with a fixed seed: unseeded, short texts flip."""
    global _factory
    with _factory_lock:
        if _factory is None:
            factory = DetectorFactory()
            factory.load_profile(PROFILES_DIRECTORY)
            factory.seed = 0
            _factory = factory
    return _factory


def _langdetect(text: str) -> list[tuple[str, float]]:
    detector = _detector_factory().create()
    detector.append(text)
    try:
        return [(p.lang, p.prob) for p in detector.get_probabilities()]
    except LangDetectException:  # no features in the text (digits and punctuation only)
        return []


def _script_counts(text: str) -> Counter[str]:
    return Counter({name: len(pattern.findall(text)) for name, pattern in _SCRIPTS.items()})


def _from_langdetect(code: str, prob: float, method: str = "langdetect", text: str = "") -> LanguageGuess:
    language, script = normalize_code(code)
    assert language is not None
    if language in _LATIN_LANGUAGES:
        script = "Latn"
    elif text:
        script = _dominant_script(_script_counts(text)) or script
    return LanguageGuess(language, round(prob, 4), script, method)


# langdetect's languages written in Latin script, to record the script without another pass.
_LATIN_LANGUAGES = {
    "af", "ca", "cs", "cy", "da", "de", "en", "es", "et", "fi", "fr", "hr", "hu", "id", "it", "lt", "lv",
    "nl", "no", "pl", "pt", "ro", "sk", "sl", "so", "sq", "sv", "sw", "tl", "tr", "vi",
}


def _cjk_share(scripts: Counter[str], letters: int) -> float:
    cjk = scripts["Han"] + scripts["Kana"] + scripts["Hangul"]
    weighted = CJK_WEIGHT * cjk
    return weighted / (weighted + letters - cjk) if cjk else 0.0


def detect(text: str, *, fallback: str | None = None, fallback_method: str = "document", hint: str | None = None,
           min_letters: int = MIN_LETTERS) -> LanguageGuess:
    """The language of one segment.

    ``fallback`` is the language to give a segment too short to tell on its own (the
    document's dominant language); ``hint`` is the page's declared language, which a short
    segment may take instead when langdetect agrees with it (a German "Zeitleiste" heading on
    a page declared German over an English body). Without either, a short segment gets
    langdetect's best guess at a low probability, or ``und``.
    """
    letters = len(_LETTER.findall(text))
    if letters == 0:
        return LanguageGuess(UNDETERMINED, 0.0, None, "none")
    scripts = _script_counts(text)
    if _cjk_share(scripts, letters) >= CJK_SHARE:
        return _detect_cjk(scripts, text, letters, fallback, fallback_method)
    ranked = _langdetect(text)
    if not ranked:
        return _fallback(fallback, fallback_method)
    top, prob = ranked[0]
    if letters >= min_letters:
        return _from_langdetect(top, prob, text=text)
    # Short: langdetect's answer is a prior. The document's language wins when langdetect gives
    # it any weight; the page's declared language when langdetect puts it first.
    fallback_language = normalize_code(fallback)[0]
    hint_language = normalize_code(hint)[0]
    if fallback_language and fallback_language != UNDETERMINED:
        for code, p in ranked:
            if normalize_code(code)[0] == fallback_language:
                return _from_langdetect(code, p, "langdetect" if code == top else fallback_method, text)
        if hint_language and normalize_code(top)[0] == hint_language and letters >= 6:
            return _from_langdetect(top, prob, "hint", text)
        return _fallback(fallback, fallback_method)
    if letters < 4:
        return LanguageGuess(UNDETERMINED, 0.0, _dominant_script(scripts), "none")
    return _from_langdetect(top, min(prob, 0.5), text=text)


def _dominant_script(scripts: Counter[str]) -> str | None:
    if not scripts or max(scripts.values()) == 0:
        return None
    return _SCRIPT_CODES.get(scripts.most_common(1)[0][0])


def _fallback(fallback: str | None, method: str) -> LanguageGuess:
    if not fallback or fallback == UNDETERMINED:
        return LanguageGuess(UNDETERMINED, 0.0, None, "none")
    language, script = normalize_code(fallback)
    return LanguageGuess(language or UNDETERMINED, 0.0, script or ("Latn" if language in _LATIN_LANGUAGES else None), method)


def _detect_cjk(scripts: Counter[str], text: str, letters: int, fallback: str | None, fallback_method: str) -> LanguageGuess:
    cjk = scripts["Han"] + scripts["Kana"] + scripts["Hangul"]
    share = round(_cjk_share(scripts, letters), 4)  # the probability reported for a verdict by script
    if scripts["Hangul"] and (scripts["Hangul"] >= max(2, cjk * 0.3) or not scripts["Han"] + scripts["Kana"]):
        return LanguageGuess("ko", share, "Kore", "script")
    if scripts["Kana"] >= max(1, cjk * 0.05):
        return LanguageGuess("ja", share, "Jpan", "script")
    # Han only. Japanese-only kanji forms (関, 価, 検) settle it, unless traditional forms swamp
    # them (Japanese shares most traditional forms: 連, 記); else a Japanese document claims
    # a short kanji heading, and otherwise it is Chinese.
    forms = _han_forms(text)
    if forms["japanese"] and forms["traditional"] <= 4 * forms["japanese"]:
        return LanguageGuess("ja", share, "Jpan", "script")
    if normalize_code(fallback)[0] == "ja" and scripts["Han"] < 12:
        return LanguageGuess("ja", 0.0, "Jpan", fallback_method)
    script = "Hant" if forms["traditional"] >= max(1, scripts["Han"] * 0.1) else "Hans"
    # A few Han characters alone (事件概要) read the same in Chinese and Japanese.
    return LanguageGuess("zh", share if scripts["Han"] >= 8 else min(share, 0.5), script, "script")


def _han_forms(text: str) -> Counter[str]:
    """Han characters by the character sets that hold them, which tell the writing systems apart.

    GB 2312 is the simplified set; a character outside it but in Big5 is a traditional form;
    one in JIS X 0208 (Shift JIS) but in neither is a Japanese form (関, 価). langdetect
    cannot be asked: on Han characters alone it answers Korean as often as zh-tw.
    """
    forms: Counter[str] = Counter()
    for ch in _SCRIPTS["Han"].findall(text):
        if _encodes(ch, "gb2312"):
            continue
        if _encodes(ch, "big5"):
            forms["traditional"] += 1
        elif _encodes(ch, "shift_jis"):
            forms["japanese"] += 1
    return forms


def _encodes(ch: str, codec: str) -> bool:
    try:
        ch.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def _weight(segment: Segment) -> int:
    # CJK text says in one character what Latin text says in about three.
    text = segment.text
    scripts = _script_counts(text)
    cjk = scripts["Han"] + scripts["Kana"] + scripts["Hangul"]
    return len(_LETTER.findall(text)) + 2 * cjk


def identify_document(segments: tuple[Segment, ...] | list[Segment], *, hint: str | None = None) -> tuple[list[LanguageGuess], list[tuple[str, float]]]:
    """Guesses for each segment, and the document's languages with their shares, dominant first.

    Two passes: segments long enough to tell on their own set the dominant language, which
    short segments then fall back to. With no long segment, the hint decides, else the whole
    text read as one.
    """
    guesses: list[LanguageGuess | None] = []
    for segment in segments:
        letters = len(_LETTER.findall(segment.text))
        scripts = _script_counts(segment.text)
        cjk = scripts["Han"] + scripts["Kana"] + scripts["Hangul"]
        telling = letters >= MIN_LETTERS or (cjk >= MIN_CJK * 2 and _cjk_share(scripts, letters) >= CJK_SHARE) or scripts["Kana"] or scripts["Hangul"] >= 2
        guesses.append(detect(segment.text) if telling else None)
    shares = Counter()
    for segment, guess in zip(segments, guesses):
        if guess is not None and guess.language != UNDETERMINED:
            shares[guess.language] += _weight(segment)
    hint_language = normalize_code(hint)[0]
    if shares:
        dominant = shares.most_common(1)[0][0]
        method = "document"
    elif hint_language:
        dominant, method = hint_language, "hint"
    else:
        whole = detect(" ".join(s.text for s in segments))
        dominant, method = whole.language, "document"
    final: list[LanguageGuess] = []
    for segment, guess in zip(segments, guesses):
        if guess is None:
            guess = detect(segment.text, fallback=dominant, fallback_method=method, hint=hint)
        elif (guess.language != dominant and guess.method == "langdetect" and guess.probability < CONTEXT_SURE
              and len(_LETTER.findall(segment.text)) < CONTEXT_LETTERS):
            # langdetect confuses near languages (pt/it, nl/af) on a sentence; the page decides
            # when langdetect gives its language any weight (else the sentence keeps its verdict).
            again = detect(segment.text, fallback=dominant, fallback_method=method, hint=hint, min_letters=CONTEXT_LETTERS)
            if again.probability > 0:
                guess = again
        final.append(guess)
    # The page's languages from the final verdicts, every segment counted once.
    shares = Counter()
    for segment, guess in zip(segments, final):
        if guess.language != UNDETERMINED:
            shares[guess.language] += _weight(segment)
    total = sum(shares.values())
    languages = [(code, round(n / total, 3)) for code, n in shares.most_common()] if total else []
    return final, languages


def identify(document: Document) -> Document:
    """``document`` with a language on every segment, its dominant language and the languages it holds.

    Discarded documents come back unchanged.
    """
    if document.status != "ok" or not document.segments:
        return document
    segments, dominant, languages = identify_segments(document.segments, hint=document.language_hint)
    return replace(document, segments=segments, language=dominant, languages=tuple(languages))


def identify_segments(segments: tuple[Segment, ...] | list[Segment], *, hint: str | None = None) -> tuple[tuple[Segment, ...], str, list[tuple[str, float]]]:
    """``segments`` with their languages set, the dominant language (or ``und``), and the languages with their shares."""
    guesses, languages = identify_document(segments, hint=hint)
    labelled = tuple(replace(s, language=g.language, language_prob=g.probability, script=g.script, language_method=g.method)
                     for s, g in zip(segments, guesses))
    return labelled, languages[0][0] if languages else UNDETERMINED, languages
