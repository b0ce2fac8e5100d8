"""Multilingual normalisation of dates and money amounts, on original or machine-translated text.

Two families of helpers, each with a ``parse_*`` (the first value in a text) and a ``find_*``
(every value, with its character span):

* :func:`parse_date` / :func:`find_dates` return :class:`DateValue`: a year, month or day, with
  its precision kept. "März 2026" is the month of March 2026, never 1 March 2026.
* :func:`parse_money` / :func:`find_money` return :class:`Money`: a fully scaled
  :class:`~decimal.Decimal` amount and an ISO 4217 currency code.

How dates are read. dateparser reads a date expression well but cannot be trusted to find one
in a sentence (its search takes German "Die" for Tuesday) nor to keep precision (it fills the
current day and month, and reads "2023年" as the year 3). So a scanner built from dateparser's
own locale data (month, weekday and relative-date vocabulary of each language) finds candidate
expressions and knows which parts each one gives; dateparser then reads the expressions that
need language knowledge (month names, locale day/month order, relative phrases), and the parts
the text did not give are dropped. Forms whose parts the scanner has already captured (ISO
``2026-02-24``, ``2026年2月24日``, ``令和7年``, a year after "in") are built directly, and
weekdays by calendar arithmetic (dateparser knows no "letzten Dienstag" or "上周二").
Dates that need an anchor (relative phrases, weekdays, dates without a year) resolve against
``relative_base`` and are skipped without one. Scanners and DateDataParser objects are built
once per language set (and anchor) and cached, as are dateparser's readings.

How money is read. No maintained library reads scale words across languages, so the tables
below (scale words, currency words and symbols, per language) drive one scanner. Number
separators follow the language: given, else inferred from the scale and currency words
("3,5 Mrd." is German, so 3.5). babel's ``parse_decimal`` is not used: it reads German "3.5"
as 35, where machine-translated text means 3.5.

Both scanners work on a same-length copy of the text in which full-width characters,
exotic spaces and curly apostrophes are mapped to plain ones, so spans index the original.
"""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from dateparser.data.languages_info import language_order as _DATEPARSER_LANGUAGES
from dateparser.date import DateDataParser
from dateparser.languages.loader import default_loader

__all__ = [
    "DEFAULT_LANGUAGES",
    "DateValue",
    "Money",
    "find_dates",
    "find_money",
    "parse_date",
    "parse_money",
]

# =============================================================================================
# Tables: dates
# =============================================================================================

#: Languages searched when the caller names none, in the order ambiguous text is tried.
DEFAULT_LANGUAGES: tuple[str, ...] = ("en", "de", "fr", "es", "it", "pt", "zh", "ja", "ko")

#: Years outside this range are not dates for claimwatch (and guard against stray numbers).
MIN_YEAR, MAX_YEAR = 1900, 2100

#: Words that introduce a bare year: "in 2023", "im Jahr 2023", "fin 2025", "mid-2025".
#: Matched case-insensitively as whole words; a phrase ending in "-" (and "FY") may join the
#: year directly ("mid-2025", "FY2025").
#: A bare year without one of these is not taken as a date (it may be a count or a model name).
YEAR_INTRODUCERS: dict[str, tuple[str, ...]] = {
    "en": ("in", "since", "until", "till", "through", "throughout", "during", "by", "before", "after",
           "from", "early", "mid", "mid-", "late", "the year", "year", "fiscal", "fiscal year",
           "end of", "start of", "beginning of", "middle of", "half of", "quarter of",
           "spring", "summer", "autumn", "fall", "winter", "between", "Q1", "Q2", "Q3", "Q4", "H1", "H2",
           "FY"),
    "de": ("im Jahr", "im Jahre", "Jahr", "Jahres", "seit", "bis", "ab", "vor", "nach", "Anfang",
           "Mitte", "Ende", "Frühjahr", "Sommer", "Herbst", "Winter", "zwischen", "Geschäftsjahr"),
    "fr": ("en", "depuis", "d'ici", "dès", "avant", "après", "jusqu'en", "début", "fin", "mi-",
           "courant", "l'année", "année", "printemps", "été", "automne", "hiver", "entre"),
    "es": ("en", "desde", "hasta", "para", "antes de", "después de", "el año", "del año", "año",
           "principios de", "finales de", "fines de", "mediados de", "primavera de", "verano de",
           "otoño de", "invierno de", "entre"),
    "it": ("nel", "dal", "entro il", "entro", "fino al", "inizio", "fine", "metà", "anno", "tra", "fra"),
    "pt": ("em", "desde", "até", "no ano de", "início de", "final de", "fim de", "meados de", "entre"),
}

#: Words that introduce a month without a year ("in March", "Anfang März"): a relative date.
MONTH_INTRODUCERS: dict[str, tuple[str, ...]] = {
    "en": ("in", "since", "until", "by", "during", "early", "mid", "mid-", "late", "end of",
           "start of", "beginning of", "last", "from", "through", "as of", "before", "after"),
    "de": ("im", "seit", "bis", "ab", "Anfang", "Mitte", "Ende", "bis Ende"),
    "fr": ("en", "depuis", "début", "fin", "mi-", "courant", "d'ici"),
    "es": ("en", "desde", "hasta", "principios de", "finales de", "mediados de"),
    "it": ("a", "in", "da", "entro", "inizio", "fine"),
    "pt": ("em", "desde", "até", "início de", "final de", "meados de"),
}

#: Words joining the two days of a range ("10 et 11 février"); the date is the first day.
DAY_RANGE_WORDS: tuple[str, ...] = ("and", "to", "und", "bis", "et", "au", "y", "al", "e")

#: Japanese era names and the Gregorian year of their first year (令和7年 is 2025; 元年 is year 1).
JAPANESE_ERAS: dict[str, int] = {"令和": 2019, "平成": 1989, "昭和": 1926}

#: Month names and abbreviations (from any default language) that are also common words:
#: unless a day comes first ("3 may 2026"), they count only capitalised or with an
#: abbreviation's dot ("May 2026", "set. 2026"; not "the lab may 2026", "set 10 goals",
#: "rolled out 3 models", "gen 2026").
AMBIGUOUS_MONTH_WORDS = frozenset({"may", "march", "mar", "set", "out", "ago", "gen", "mag"})

#: Words around a weekday and what they do. "past": the latest such day before the anchor;
#: "next": the first after it; "prev_week"/"this_week"/"next_week": that day in the calendar
#: week before, of, or after the anchor's; None: the latest such day on or before the anchor
#: (news reports "on Tuesday" after the fact).
WEEKDAY_MODIFIERS: dict[str, dict[str, tuple[tuple[str, str | None], ...]]] = {
    "en": {"before": (("last", "past"), ("past", "past"), ("next", "next"), ("coming", "next"),
                      ("this", "this_week"), ("on", None))},
    "de": {"before": (("letzten", "past"), ("vergangenen", "past"), ("vorigen", "past"),
                      ("nächsten", "next"), ("kommenden", "next"), ("diesen", "this_week"),
                      ("am", None))},
    "fr": {"before": (("ce", "this_week"), ("le", None)),
           "after": (("dernier", "past"), ("passé", "past"), ("prochain", "next"))},
    "es": {"before": (("el pasado", "past"), ("el próximo", "next"), ("este", "this_week"), ("el", None)),
           "after": (("pasado", "past"), ("próximo", "next"), ("que viene", "next"))},
    "it": {"before": (("lo scorso", "past"), ("il prossimo", "next"), ("questo", "this_week")),
           "after": (("scorso", "past"), ("prossimo", "next"))},
    "pt": {"before": (("na última", "past"), ("no último", "past"), ("na próxima", "next"),
                      ("no próximo", "next"), ("na", None), ("no", None)),
           "after": (("passada", "past"), ("passado", "past"), ("próxima", "next"), ("próximo", "next"))},
    "zh": {"before": (("上个", "prev_week"), ("上", "prev_week"), ("下个", "next_week"), ("下", "next_week"),
                      ("本", "this_week"), ("这个", "this_week"), ("这", "this_week"), ("這", "this_week"))},
    "ja": {"before": (("先週の", "prev_week"), ("先週", "prev_week"), ("来週の", "next_week"),
                      ("来週", "next_week"), ("今週の", "this_week"), ("今週", "this_week"))},
    "ko": {"before": (("지난주", "prev_week"), ("다음주", "next_week"), ("이번주", "this_week"),
                      ("지난", "past"), ("다음", "next"))},
}

#: dateparser relative words left out: they more often mean something else in news text.
RELATIVE_EXCLUDED: dict[str, frozenset[str]] = {
    "de": frozenset({"morgen"}),       # also "Morgen", the morning
    "es": frozenset({"mañana"}),       # also "la mañana", the morning
    "en": frozenset({"till date"}),
}
#: Relative words used only when the caller names their language: French "hier" (yesterday)
#: is German and Dutch for "here".
RELATIVE_NEEDS_LANGUAGE: frozenset[str] = frozenset({"hier"})

_MONTH_KEYS = ("january", "february", "march", "april", "may", "june", "july", "august",
               "september", "october", "november", "december")
_WEEKDAY_KEYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
#: dateparser relative phrases kept: whole days, weeks, months and years (a week is no precision a
#: DateValue has: it resolves to the month it lies in, and to None when it spans two months).
_RELATIVE_KEY = re.compile(r"^(?:in )?(?:\\1|\d+) (day|week|month|year)(?: ago)?$")
_DATEPARSER_NUMBER = r"(\d++[.,]?\d*+)"

# =============================================================================================
# Tables: money
# =============================================================================================

#: Scale words that may stand without a currency ("a valuation of 380 billion."), per language:
#: word (lower case) -> power of ten. A word in several languages takes the reading of the
#: text's language; when that is unknown, of the first language listed here (so "billion" is
#: 10^9, as in English, unless the text is French or German, where it is 10^12).
SCALE_WORDS: dict[str, dict[str, int]] = {
    # "300 hundred-million US dollars": how machine translation renders Chinese 亿 (10^8)
    "en": {"thousand": 3, "million": 6, "billion": 9, "trillion": 12, "hundred million": 8, "hundred-million": 8},
    "de": {"tausend": 3, "million": 6, "millionen": 6, "milliarde": 9, "milliarden": 9,
           "billion": 12, "billionen": 12},
    "fr": {"mille": 3, "million": 6, "millions": 6, "milliard": 9, "milliards": 9,
           "billion": 12, "billions": 12},
    "es": {"mil": 3, "millón": 6, "millon": 6, "millones": 6, "mil millones": 9,
           "millardo": 9, "millardos": 9, "billón": 12, "billon": 12, "billones": 12},
    "it": {"mila": 3, "mille": 3, "milione": 6, "milioni": 6, "miliardo": 9, "miliardi": 9},
    "pt": {"mil": 3, "milhão": 6, "milhao": 6, "milhões": 6, "milhoes": 6, "mil milhões": 9,
           "bilhão": 9, "bilhao": 9, "bilhões": 9, "bilhoes": 9, "bilião": 12, "biliões": 12,
           "trilhão": 12, "trilhões": 12},
}

#: Abbreviated scales: they count only next to a currency ("$30bn", "3,5 Mrd. €"), since alone
#: they are model sizes ("70B"), companies ("3M") and units. A trailing dot is optional.
SCALE_ABBREVIATIONS: dict[str, dict[str, int]] = {
    "en": {"k": 3, "m": 6, "mn": 6, "mln": 6, "b": 9, "bn": 9, "bln": 9, "tn": 12, "trn": 12},
    "de": {"tsd": 3, "mio": 6, "mrd": 9, "bio": 12},
    "fr": {"k": 3, "m": 6, "md": 9, "mds": 9, "mrd": 9, "mrds": 9},
    "es": {"mill": 6, "mm": 6, "m": 6},
    "it": {"mln": 6, "mld": 9, "mrd": 9},
    "pt": {"mi": 6, "bi": 9, "tri": 12},
}

#: Han and Hangul number units. 十/百/千 scale within a group of four digits; 万, 亿, 兆 (and
#: their Korean readings) scale whole groups, and compound ("万亿" = 10^12).
CJK_SMALL_UNITS: dict[str, int] = {"十": 1, "拾": 1, "百": 2, "佰": 2, "千": 3, "仟": 3, "십": 1, "백": 2, "천": 3}
CJK_BIG_UNITS: dict[str, int] = {"万": 4, "萬": 4, "만": 4, "亿": 8, "億": 8, "억": 8, "兆": 12, "조": 12}
CJK_DIGITS: dict[str, int] = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4,
                              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}

#: Currency symbols and prefixed abbreviations, any language. "$" alone is the US dollar, as in
#: international news; "¥" is the yuan in Chinese text and the yen otherwise (see _yen_or_yuan).
CURRENCY_SYMBOLS: dict[str, str | None] = {
    "US$": "USD", "U.S.$": "USD", "$": "USD", "€": "EUR", "£": "GBP", "¥": None,
    "CN¥": "CNY", "JP¥": "JPY", "C$": "CAD", "CA$": "CAD", "A$": "AUD", "AU$": "AUD",
    "HK$": "HKD", "NT$": "TWD", "S$": "SGD", "R$": "BRL", "₹": "INR", "₩": "KRW", "₽": "RUB",
}
#: ISO 4217 codes recognised before or after a number (upper case only), and aliases.
CURRENCY_CODES: dict[str, str] = {code: code for code in (
    "USD", "EUR", "GBP", "CNY", "JPY", "KRW", "CHF", "CAD", "AUD", "HKD", "TWD", "SGD", "INR",
    "BRL", "RUB")} | {"RMB": "CNY"}

#: Currency names written after the amount, per language (lower case; "de"/"d'" included
#: where the language puts one between scale and currency). Longest match wins.
CURRENCY_WORDS: dict[str, dict[str, str]] = {
    "en": {"dollars": "USD", "dollar": "USD", "us dollars": "USD", "u.s. dollars": "USD",
           "american dollars": "USD", "canadian dollars": "CAD", "australian dollars": "AUD",
           "hong kong dollars": "HKD", "euros": "EUR", "pounds": "GBP",
           "pounds sterling": "GBP", "sterling": "GBP", "yuan": "CNY", "renminbi": "CNY",
           "yen": "JPY", "won": "KRW", "swiss francs": "CHF", "rupees": "INR"},
    "de": {"dollar": "USD", "us-dollar": "USD", "euro": "EUR", "pfund": "GBP", "britische pfund": "GBP",
           "yuan": "CNY", "renminbi": "CNY", "yen": "JPY", "franken": "CHF", "schweizer franken": "CHF"},
    "fr": {"dollars": "USD", "de dollars": "USD", "dollars américains": "USD",
           "de dollars américains": "USD", "euros": "EUR", "d'euros": "EUR", "livres": "GBP",
           "de livres": "GBP", "livres sterling": "GBP", "de livres sterling": "GBP",
           "yuans": "CNY", "de yuans": "CNY", "yens": "JPY", "de yens": "JPY",
           "francs suisses": "CHF", "de francs suisses": "CHF"},
    "es": {"dólares": "USD", "de dólares": "USD", "dolares": "USD", "de dolares": "USD",
           "dólares estadounidenses": "USD", "de dólares estadounidenses": "USD",
           "euros": "EUR", "de euros": "EUR", "libras": "GBP", "de libras": "GBP",
           "yuanes": "CNY", "de yuanes": "CNY", "yenes": "JPY", "de yenes": "JPY"},
    "it": {"dollari": "USD", "di dollari": "USD", "euro": "EUR", "di euro": "EUR",
           "sterline": "GBP", "di sterline": "GBP"},
    "pt": {"dólares": "USD", "de dólares": "USD", "euros": "EUR", "de euros": "EUR",
           "reais": "BRL", "de reais": "BRL", "libras": "GBP", "de libras": "GBP"},
    "zh": {"美元": "USD", "美金": "USD", "欧元": "EUR", "歐元": "EUR", "英镑": "GBP", "英鎊": "GBP",
           "人民币": "CNY", "人民幣": "CNY", "元": "CNY", "日元": "JPY", "日圆": "JPY", "韩元": "KRW",
           "韓元": "KRW", "港元": "HKD", "港币": "HKD", "新台币": "TWD", "新台幣": "TWD",
           "加元": "CAD", "澳元": "AUD", "瑞郎": "CHF"},
    "ja": {"ドル": "USD", "米ドル": "USD", "円": "JPY", "ユーロ": "EUR", "ポンド": "GBP",
           "人民元": "CNY", "元": "CNY", "ウォン": "KRW"},
    "ko": {"달러": "USD", "원": "KRW", "유로": "EUR", "엔": "JPY", "위안": "CNY", "파운드": "GBP"},
}
#: Currency names that may also stand before the amount ("人民币300亿元").
CURRENCY_PREFIX_WORDS: dict[str, str] = {"人民币": "CNY", "人民幣": "CNY", "美元": "USD"}

#: Languages writing a decimal comma (and a dot, space or apostrophe between thousands);
#: every other language is read with a decimal point and comma thousands.
DECIMAL_COMMA_LANGUAGES = frozenset({"de", "fr", "es", "it", "pt", "nl", "ru", "pl", "cs", "sv",
                                     "da", "nb", "fi", "tr", "id", "vi", "uk", "ro", "hu"})

#: Words that may follow a currency-less amount ("raised 30 billion in ..."); any other word
#: makes it a count ("1.2 million users", "30 Milliarden Parameter"). German verb particles
#: are here because they close a clause ("sammelte 2 Milliarden ein").
AMOUNT_FOLLOWERS = frozenset({
    "in", "and", "or", "from", "to", "at", "by", "after", "before", "last", "this", "per", "as",
    "post", "pre",  # "at 380 billion post-money"
    "und", "oder", "im", "bis", "nach", "ein", "an", "aus", "auf", "zu", "bereit",
    "et", "ou", "en", "y", "o", "desde", "hasta", "e", "nel", "em"})

# =============================================================================================
# Shared text handling
# =============================================================================================


def _char_map() -> dict[int, str]:
    """One character for one: full-width ASCII, exotic spaces and curly quotes to plain ones."""
    table = {code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}
    for space in "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t":
        table[ord(space)] = " "
    for quote in "\u2018\u2019\u02bc\u2032":
        table[ord(quote)] = "'"
    table.update({0xFFE5: "¥", 0xFFE1: "£", 0x2212: "-"})
    return table


_CHAR_MAP = _char_map()
_LETTER = r"[^\W\d_]"
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_HAS_CJK = re.compile(f"[{_CJK}]")
_KANA = re.compile("[\u3040-\u30ff]")
#: A letter of a script that separates words with spaces (word boundaries apply to it).
_ALPHABETIC = re.compile(rf"(?![{_CJK}]){_LETTER}")


def _clean(text: str) -> str:
    """``text`` with the same length, full-width and space variants mapped to ASCII."""
    return text.translate(_CHAR_MAP)


def _literal(words: str) -> str:
    """A regex for a literal phrase, any run of spaces between its words."""
    return r"\s+".join(re.escape(part) for part in words.split())


def _phrase(words: str) -> str:
    """A literal phrase that starts and ends at word boundaries (in scripts that have them)."""
    body = _literal(words)
    if _ALPHABETIC.match(words):
        body = rf"(?<!{_LETTER}){body}"
    if _ALPHABETIC.match(words[-1]) or words[-1] == ".":
        body = rf"{body}(?!{_LETTER})"
    return body


def _alternation(words: Iterable[str], make: Callable[[str], str] = _phrase) -> str:
    """Longest first, so that "mil millones" wins over "mil" and "US$" over "$".

    Phrases that begin and end with a letter share one pair of boundary checks, which keeps
    the scan fast (a check per word would run at every position of the text).
    """
    unique = sorted(set(words), key=lambda w: (-len(w), w))
    parts: list[str] = []
    if make is _phrase:
        bounded = [w for w in unique if _ALPHABETIC.match(w) and _ALPHABETIC.match(w[-1])]
        if bounded:
            parts.append(rf"(?<!{_LETTER})(?:{'|'.join(map(_literal, bounded))})(?!{_LETTER})")
        unique = [w for w in unique if w not in set(bounded)]
    parts.extend(make(w) for w in unique)
    return "(?:" + "|".join(parts) + ")" if parts else "(?!)"


# =============================================================================================
# Dates
# =============================================================================================


@dataclass(frozen=True, slots=True)
class DateValue:
    """A calendar date at the precision the text gave: a day, a month or a year.

    ``precision`` is derived from the fields when not given and checked when given:
    ``DateValue(2026, 3)`` is March 2026, ``DateValue(2026, 3, 24)`` the day,
    ``DateValue(2026)`` the year. ``str()`` is :attr:`iso`.
    """

    year: int
    month: int | None = None
    day: int | None = None
    precision: str = ""

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise ValueError("a DateValue with a day needs a month")
        derived = "day" if self.day is not None else "month" if self.month is not None else "year"
        if self.precision and self.precision != derived:
            raise ValueError(f"precision {self.precision!r} does not match the fields given ({derived})")
        object.__setattr__(self, "precision", derived)
        date(self.year, self.month or 1, self.day or 1)  # raises ValueError for impossible dates

    @classmethod
    def from_iso(cls, text: str) -> DateValue:
        """Read ``2026-03-24``, ``2026-03`` or ``2026``; the precision follows the length."""
        match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text.strip())
        if not match:
            raise ValueError(f"not an ISO date, month or year: {text!r}")
        year, month, day = match.groups()
        return cls(int(year), int(month) if month else None, int(day) if day else None)

    @property
    def iso(self) -> str:
        """``2026-03-24``, ``2026-03`` or ``2026``."""
        if self.precision == "day":
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.precision == "month":
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    @property
    def start(self) -> date:
        """The first day of the period."""
        return date(self.year, self.month or 1, self.day or 1)

    @property
    def end(self) -> date:
        """The last day of the period."""
        if self.precision == "day":
            return self.start
        month = self.month or 12
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    def __str__(self) -> str:
        return self.iso


def _date_value(year: int, month: int | None = None, day: int | None = None) -> DateValue | None:
    """A DateValue, or None for an impossible date or a year out of range."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return DateValue(year, month, day)
    except ValueError:
        return None


@functools.lru_cache(maxsize=128)
def _date_parser(languages: tuple[str, ...], base: datetime | None, date_order: str | None) -> DateDataParser:
    """One DateDataParser per language set, anchor and date order, built once and reused."""
    settings: dict[str, object] = {
        # Missing parts become the first day/month, not today's: they are dropped anyway, and
        # this keeps "2026-02" from turning into an impossible 2026-02-30 on the 30th.
        "PREFER_DAY_OF_MONTH": "first",
        "PREFER_MONTH_OF_YEAR": "first",
        # No Unix timestamps ("1584000000") and no digit runs read as dates ("20260224").
        "PARSERS": ["relative-time", "custom-formats", "absolute-time"],
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    if base is not None:
        settings["RELATIVE_BASE"] = base
    if date_order is not None:
        settings["DATE_ORDER"] = date_order
    return DateDataParser(languages=list(languages), settings=settings)


@functools.lru_cache(maxsize=4096)
def _dateparse(query: str, languages: tuple[str, ...], base: datetime | None = None,
               date_order: str | None = None) -> tuple[datetime, str] | None:
    """``(datetime, period)`` from dateparser, or None when it cannot read ``query``."""
    try:
        data = _date_parser(languages, base, date_order).get_date_data(query)
    except (ValueError, OverflowError):
        return None
    if data.date_obj is None:
        return None
    return data.date_obj, data.period


def _dateparser_languages(languages: Iterable[str] | None) -> tuple[tuple[str, ...], bool]:
    """dateparser language codes from BCP 47-ish tags, and whether the caller named any.

    ``zh-CN`` and ``de_AT`` become ``zh`` and ``de``; ``und`` and codes dateparser does not know
    are dropped. No usable code means :data:`DEFAULT_LANGUAGES`.
    """
    if languages is None:
        return DEFAULT_LANGUAGES, False
    if isinstance(languages, str):
        languages = [languages]
    known = _known_languages()
    codes: list[str] = []
    for tag in languages:
        code = (tag or "").strip().replace("_", "-").split("-")[0].lower()
        if code in known and code not in codes:
            codes.append(code)
    return (tuple(codes), True) if codes else (DEFAULT_LANGUAGES, False)


@functools.cache
def _known_languages() -> frozenset[str]:
    return frozenset(code for code in _DATEPARSER_LANGUAGES if "-" not in code)


# -- CJK numbers in dates ---------------------------------------------------------------------

_CJK_YEAR = r"\d{4}|[〇零一二三四五六七八九]{4}"
_CJK_MONTH = r"1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九]"
_CJK_DAY = r"3[01]|[12]\d|0?[1-9]|三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九]"


def _small_int(text: str) -> int:
    """1..31 or a year from Arabic digits or Chinese numerals ("二十四", "二〇二六")."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (CJK_DIGITS[tens] if tens else 1) * 10 + (CJK_DIGITS[ones] if ones else 0)
    return int("".join(str(CJK_DIGITS[ch]) for ch in text))


# -- The scanner ------------------------------------------------------------------------------


#: A day of a month the text does not name, as translations from Japanese and Chinese write it: "announced on the 22nd",
#: "Bloomberg's report of the 21st", "on 7th of this month", "on the 31st of the same month".
_DAY_OF_MONTH = re.compile(r"\b(?:on|of|since|from|by|until|dated)\s+((?:the\s+)?(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th))\b"
                           r"(?P<month>\s+of\s+(?:this|the same|the present|the current)\s+month)?"
                           r"(?=\s*(?:[,.;:)—–]|$|(?:that|when|at|to|with|for|the|a|an|it|which|as|but|he|she|they|"
                           r"was|were|is|had|has)\b))", re.IGNORECASE)


def _day_of_month(match: re.Match[str], base: datetime | None) -> DateValue | None:
    """That day in the anchor's month; a later day than the anchor's (without "this month") is last month's."""
    if base is None or (match.group("month") and "same" in match.group("month").lower()):
        return None  # "of the same month": the month named before, which this reading does not know
    day, year, month = int(match.group("day")), base.year, base.month
    if day > base.day and not (match.group("month") and "this" in match.group("month").lower()):
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return _date_value(year, month, day)


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    resolve: Callable[[datetime | None], DateValue | None]


class _DateScanner:
    """Finds date expressions for one set of languages; built once per set (see _scanner)."""

    def __init__(self, languages: tuple[str, ...], named: bool) -> None:
        self.languages = languages
        self.month_langs: dict[str, list[str]] = {}
        self.weekday_index: dict[str, int] = {}
        month_full: set[str] = set()
        weekday_all: set[str] = set()
        weekday_full: set[str] = set()
        relative_words: dict[str, list[str]] = {}      # "yesterday" -> languages
        relative_patterns: dict[tuple[str, bool], list[str]] = {}   # (regex, is CJK) -> languages
        cjk_year_words: dict[str, list[str]] = {}
        for lang in languages:
            info = default_loader.get_locale(lang).info
            for key in _MONTH_KEYS:
                names = [n.lower() for n in info.get(key, []) if not re.search(rf"[\d{_CJK}]", n)]
                for name in names:
                    self.month_langs.setdefault(name, [])
                    if lang not in self.month_langs[name]:
                        self.month_langs[name].append(lang)
                    if len(name) >= 3 and not any(o != name and o.startswith(name) for o in names):
                        month_full.add(name)
            for index, key in enumerate(_WEEKDAY_KEYS):
                names = [n.lower() for n in info.get(key, []) if "(" not in n]
                for name in names:
                    cjk = bool(_HAS_CJK.search(name))
                    if len(name) >= (2 if cjk else 3):
                        weekday_all.add(name)
                        self.weekday_index[name] = index
                    if (len(name) >= (2 if cjk else 4)
                            and not any(o != name and o.startswith(name) for o in names)):
                        weekday_full.add(name)
            excluded = RELATIVE_EXCLUDED.get(lang, frozenset())
            for key, phrases in info.get("relative-type", {}).items():
                if not _RELATIVE_KEY.match(key):
                    continue
                for phrase in phrases:
                    phrase = phrase.lower()
                    if phrase in excluded or (phrase in RELATIVE_NEEDS_LANGUAGE and not named):
                        continue
                    if "year" in key and _HAS_CJK.search(phrase):
                        cjk_year_words.setdefault(phrase, []).append(lang)
                    relative_words.setdefault(phrase, []).append(lang)
            numbers = [w for simple in info.get("simplifications", []) for w, v in simple.items()
                       if str(v).isdigit() and re.fullmatch(rf"{_LETTER}+", w)]
            number = "(?:" + "|".join([r"\d+", *map(re.escape, numbers)]) + ")"
            for key, patterns in info.get("relative-type-regex", {}).items():
                if not _RELATIVE_KEY.match(key):
                    continue
                for pattern in patterns:
                    body = pattern.replace(_DATEPARSER_NUMBER, number).replace(" ", r"\s+")
                    if re.search(_LETTER + r"\??$", pattern) and not _HAS_CJK.search(pattern[-1]):
                        body += rf"(?!{_LETTER})"
                    relative_patterns.setdefault((body, bool(_HAS_CJK.search(pattern))), []).append(lang)

        months = _alternation(self.month_langs)
        full_months = _alternation(month_full)
        weekdays_any = _alternation(weekday_all)
        day = r"(?<![\d.,])(?P<day>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th|er|º)?\.?"
        # the first day of a range: "1-2 November", "10 et 11 février", "February 24-26"
        to = rf"(?:\s*[-–]\s*|\s+{_alternation(DAY_RANGE_WORDS)}\s+)"
        day2 = rf"(?:{to}(?P<day2>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th|er|º)?\.?)?"
        year = r"(?P<year>\d{4})(?![\d])"
        weekday_prefix = rf"(?:{weekdays_any}\.?,?\s+)?"
        of = r"(?:(?:of|de|del|di)\s+)?"
        flags = re.IGNORECASE
        self.patterns: list[tuple[re.Pattern[str], Callable[[re.Match[str], datetime | None], DateValue | None]]] = [
            # 24 February 2026, 24. Februar 2026, le 24 février 2026, 24 de febrero de 2026, 24 May
            (re.compile(rf"{weekday_prefix}{day}{day2}[\s\-/]*{of}(?P<mon>{months})\.?"
                        rf"(?:,?[\s\-/]*{of}{year})?", flags), self._textual),
            # February 24, 2026; Feb. 24; Tuesday, February 24
            (re.compile(rf"{weekday_prefix}(?P<mon>{months})\.?\s+(?P<day>3[01]|[12]\d|0?[1-9])"
                        rf"(?:st|nd|rd|th)?(?![\d.,:]\d|\d){day2}(?:,?\s+{year})?", flags), self._textual),
            # March 2026, März 2026, mars 2026, marzo de 2026, Feb. 2026
            (re.compile(rf"(?P<mon>{months})\.?,?\s*{of}(?<!\d){year}", flags), self._textual),
            # 2026-02-24, 2026/02/24, 2026.02.24
            (re.compile(r"(?<![\d.,/-])(?P<year>\d{4})([-/.])(?P<month>1[0-2]|0?[1-9])\2"
                        r"(?P<day>3[01]|[12]\d|0?[1-9])(?![\d])"), self._numeric_ymd),
            # 2026-03, 2026/03
            (re.compile(r"(?<![\d.,/-])(?P<year>\d{4})([-/])(?P<month>1[0-2]|0[1-9])(?![\d/-])"), self._numeric_ymd),
            # 24.02.2026, 24/02/2026, 02/24/2026 (order from the language)
            (re.compile(r"(?<![\d.,/-])(?P<a>3[01]|[12]\d|0?[1-9])([./-])(?P<b>3[01]|[12]\d|0?[1-9])\2"
                        r"(?P<year>\d{4})(?![\d])"), self._numeric_dmy),
            # 2026年3月24日, 2026年3月, 2026年, 二〇二六年三月, 2026년 3월 24일
            (re.compile(rf"(?<![\d.,])(?P<year>{_CJK_YEAR})\s*[年년](?:\s*(?P<month>{_CJK_MONTH})\s*[月월]"
                        rf"(?:\s*(?P<day>{_CJK_DAY})\s*[日号號일])?)?"), self._cjk),
            # 令和7年, 令和7年3月24日, 平成元年
            (re.compile(rf"(?P<era>{_alternation(JAPANESE_ERAS, re.escape)})\s*(?P<eyear>\d{{1,2}}|元|{_CJK_DAY})\s*年"
                        rf"(?:\s*(?P<month>{_CJK_MONTH})\s*月(?:\s*(?P<day>{_CJK_DAY})\s*日)?)?"), self._cjk),
            # 3月24日, 3月, 3월 24일 (no year: relative)
            (re.compile(rf"(?<![\d.,年년〇零一二三四五六七八九十])(?P<month>{_CJK_MONTH})\s*[月월](?![曜요])"
                        rf"(?:\s*(?P<day>{_CJK_DAY})\s*[日号號일])?"), self._cjk),
            # bare weekdays and their modifiers: last Tuesday, am Dienstag, mardi dernier, 上周二
            (self._weekday_pattern(weekday_full, months), self._weekday),
        ]
        if cjk_year_words:
            # 去年3月, 今年2月24日, 작년 3월: the year word is read by dateparser
            self.cjk_year_langs = cjk_year_words
            self.patterns.append((re.compile(
                rf"(?P<rel>{_alternation(cjk_year_words, re.escape)})\s*(?P<month>{_CJK_MONTH})\s*[月월]"
                rf"(?:\s*(?P<day>{_CJK_DAY})\s*[日号號일])?"), self._cjk))
        year_intros = [w for lang in languages for w in YEAR_INTRODUCERS.get(lang, ())]
        if year_intros:
            # in 2023, im Jahr 2023, fin 2025, mid-2025 (the span is the year)
            self.patterns.append((re.compile(
                rf"{_alternation(year_intros)}(?:\s+|(?<=-)|(?<=fy))(?P<year>\d{{4}})(?![\d])", flags), self._intro_year))
        month_intros = [w for lang in languages for w in MONTH_INTRODUCERS.get(lang, ())]
        if month_intros:
            # in March, Anfang März, début mars (no year: relative; the span is the month)
            self.patterns.append((re.compile(
                rf"{_alternation(month_intros)}(?:\s+|(?<=-))(?P<mon>{full_months})(?!\.?,?\s*\d)", flags),
                self._intro_month))
        # One regex per set of languages a phrase belongs to (dateparser reads it in those).
        # Every phrase ends at a word boundary (or in CJK), so the first alternative that
        # matches is the whole phrase.
        words_by: dict[tuple[str, ...], list[str]] = {}
        patterns_by: dict[tuple[tuple[str, ...], bool], list[str]] = {}
        for word, langs in relative_words.items():
            words_by.setdefault(tuple(langs), []).append(word)
        for (body, cjk), langs in relative_patterns.items():
            patterns_by.setdefault((tuple(langs), cjk), []).append(body)
        relative: dict[tuple[str, ...], list[str]] = {langs: [_alternation(words)] for langs, words in words_by.items()}
        for (langs, cjk), bodies in patterns_by.items():
            start = r"(?<![\d.,])" if cjk else r"(?<![\w.,])"
            relative.setdefault(langs, []).append(f"{start}(?:{'|'.join(sorted(bodies, key=len, reverse=True))})")
        self.relative = [(re.compile("|".join(parts), flags), langs) for langs, parts in relative.items()]

    def _weekday_pattern(self, weekday_full: set[str], months: str) -> re.Pattern[str]:
        self.modifiers: dict[str, str | None] = {}
        before: list[str] = []
        after: list[str] = []
        for lang in self.languages:
            for position, pairs in WEEKDAY_MODIFIERS.get(lang, {}).items():
                for words, direction in pairs:
                    self.modifiers[words.lower()] = direction
                    (before if position == "before" else after).append(words.lower())
        return re.compile(
            rf"(?:(?P<before>{_alternation(before)})\s*)?(?P<wd>{_alternation(weekday_full)})"
            rf"(?:\s+(?P<after>{_alternation(after)}))?(?!,?\s*(?:\d|{months}))",
            re.IGNORECASE)

    # -- scanning -----------------------------------------------------------------------------

    def candidates(self, text: str) -> list[_Candidate]:
        """Every candidate in ``text`` (already cleaned), in text order, longest first."""
        found: list[_Candidate] = []
        for pattern, handler in self.patterns:
            for match in pattern.finditer(text):
                span = match.span("year") if handler == self._intro_year else (
                    match.span("mon") if handler == self._intro_month else match.span())
                if handler == self._intro_year and _unit_follows(text, match.end()):
                    continue
                found.append(_Candidate(*span, functools.partial(handler, match)))
        for pattern, langs in self.relative:
            for match in pattern.finditer(text):
                found.append(_Candidate(*match.span(), functools.partial(self._relative, match, langs)))
        if "en" in self.languages:
            for match in _DAY_OF_MONTH.finditer(text):
                found.append(_Candidate(match.start(1), match.end(), functools.partial(_day_of_month, match)))
        bare = text.strip(" .,;:()[]")
        if re.fullmatch(r"\d{4}", bare):
            start = text.index(bare)
            found.append(_Candidate(start, start + 4, lambda base, y=int(bare): _date_value(y)))
        found.sort(key=lambda c: (c.start, -c.end))
        return found

    # -- handlers: each returns a DateValue or None -------------------------------------------

    def _month_languages(self, name: str) -> tuple[str, ...]:
        return tuple(self.month_langs.get(name.lower().rstrip("."), ())) or self.languages

    def _textual(self, match: re.Match[str], base: datetime | None) -> DateValue | None:
        groups = match.groupdict()
        day, month_name, year = groups.get("day"), groups["mon"], groups.get("year")
        if year is None and base is None:
            return None
        if not (day and match.start("day") < match.start("mon")) and _ambiguous_month(match):
            return None
        query = " ".join(part for part in (day, month_name.rstrip("."), year) if part)
        parsed = _dateparse(query, self._month_languages(month_name), None if year else base)
        if parsed is None:
            return None
        value = parsed[0]
        if day is not None and value.day != int(day):
            return None
        return _date_value(value.year, value.month, value.day if day else None)

    def _numeric_ymd(self, match: re.Match[str], base: datetime | None) -> DateValue | None:
        groups = match.groupdict()
        day = groups.get("day")
        return _date_value(int(groups["year"]), int(groups["month"]), int(day) if day else None)

    def _numeric_dmy(self, match: re.Match[str], base: datetime | None) -> DateValue | None:
        # Dotted dates are day-first wherever they are written; slashes follow the language.
        order = "DMY" if match.group(2) == "." else None
        parsed = _dateparse(match.group(0), self.languages, None, order)
        if parsed is None:
            return None
        value = parsed[0]
        if {value.day, value.month} != {int(match.group("a")), int(match.group("b"))}:
            return None
        return _date_value(value.year, value.month, value.day)

    def _cjk(self, match: re.Match[str], base: datetime | None) -> DateValue | None:
        groups = match.groupdict()
        month = _small_int(groups["month"]) if groups.get("month") else None
        day = _small_int(groups["day"]) if groups.get("day") else None
        if groups.get("year"):
            year = _small_int(groups["year"])
        elif groups.get("era"):
            year = JAPANESE_ERAS[groups["era"]] - 1 + (1 if groups["eyear"] == "元" else _small_int(groups["eyear"]))
        elif base is None:
            return None
        elif groups.get("rel"):
            parsed = _dateparse(groups["rel"], tuple(self.cjk_year_langs[groups["rel"].lower()]), base)
            if parsed is None:
                return None
            year = parsed[0].year
        else:
            year = base.year  # like dateparser: a date without a year is in the anchor's year
        return _date_value(year, month, day)

    def _intro_year(self, match: re.Match[str], base: datetime | None) -> DateValue | None:
        return _date_value(int(match.group("year")))

    def _intro_month(self, match: re.Match[str], base: datetime | None) -> DateValue | None:
        name = match.group("mon")
        if base is None or _ambiguous_month(match):
            return None
        parsed = _dateparse(name, self._month_languages(name), base)
        if parsed is None:
            return None
        year, month = parsed[0].year, parsed[0].month
        if match.group(0).lower().startswith("last") and (year, month) >= (base.year, base.month):
            year -= 1  # "last November", read in April 2026, is November 2025
        return _date_value(year, month)

    def _weekday(self, match: re.Match[str], base: datetime | None) -> DateValue | None:
        if base is None:
            return None
        index = self.weekday_index[match.group("wd").lower()]
        modifier = match.group("before") or match.group("after")
        direction = self.modifiers.get(modifier.lower()) if modifier else None
        today = base.date()
        monday = today - timedelta(days=today.weekday())
        if direction == "past":
            day = today - timedelta(days=(today.weekday() - index) % 7 or 7)
        elif direction == "next":
            day = today + timedelta(days=(index - today.weekday()) % 7 or 7)
        elif direction in ("prev_week", "this_week", "next_week"):
            weeks = {"prev_week": -1, "this_week": 0, "next_week": 1}[direction]
            day = monday + timedelta(days=7 * weeks + index)
        else:
            day = today - timedelta(days=(today.weekday() - index) % 7)
        return _date_value(day.year, day.month, day.day)

    def _relative(self, match: re.Match[str], langs: tuple[str, ...], base: datetime | None) -> DateValue | None:
        if base is None:
            return None
        parsed = _dateparse(match.group(0), langs, base)
        if parsed is None:
            return None
        value, period = parsed
        if period == "day":
            return _date_value(value.year, value.month, value.day)
        if period == "month":
            return _date_value(value.year, value.month)
        if period == "year":
            return _date_value(value.year)
        if period == "week":
            # a week is no DateValue precision: it is read as the month it lies in, and as nothing when it spans two
            monday = value.date() - timedelta(days=value.weekday())
            sunday = monday + timedelta(days=6)
            return _date_value(monday.year, monday.month) if (monday.year, monday.month) == (sunday.year, sunday.month) else None
        return None


def _ambiguous_month(match: re.Match[str]) -> bool:
    """Whether the month word is one of AMBIGUOUS_MONTH_WORDS written as the common word."""
    name = match.group("mon")
    dotted = match.string.startswith(".", match.end("mon"))
    return name.lower() in AMBIGUOUS_MONTH_WORDS and name[0].islower() and not dotted


@functools.lru_cache(maxsize=64)
def _scanner(languages: tuple[str, ...], named: bool) -> _DateScanner:
    return _DateScanner(languages, named)


def _anchor(relative_base: datetime | date | None) -> datetime | None:
    """A naive datetime for dateparser: aware ones keep their wall-clock time, dates get midnight."""
    if relative_base is None:
        return None
    if not isinstance(relative_base, datetime):
        return datetime(relative_base.year, relative_base.month, relative_base.day)
    return relative_base.replace(tzinfo=None)


def find_dates(text: str, languages: Iterable[str] | None = None, *,
               relative_base: datetime | date | None = None) -> list[tuple[int, int, DateValue]]:
    """Every date in ``text`` as ``(start, end, DateValue)``, in text order.

    Arguments are those of :func:`parse_date`. Overlapping readings are settled by taking
    the earliest, then the longest, that resolves: "March 2026" is one month, not also a
    March and a year.
    """
    codes, named = _dateparser_languages(languages)
    return list(_resolved(_scanner(codes, named).candidates(_clean(text)), _anchor(relative_base)))


def _resolved(candidates: list[_Candidate], base: datetime | None) -> Iterator[tuple[int, int, DateValue]]:
    """Resolve candidates in text order; each one tried claims its span, resolved or not.

    So an impossible "31 April 2026" is no date at all rather than April 2026, and a relative
    "Friday, Jan. 16" without an anchor does not fall back to a piece of itself.
    """
    claimed_until = -1
    for candidate in candidates:
        if candidate.start < claimed_until:
            continue
        claimed_until = candidate.end
        value = candidate.resolve(base)
        if value is not None:
            yield candidate.start, candidate.end, value


def parse_date(text: str, languages: Iterable[str] | None = None, *,
               relative_base: datetime | date | None = None) -> DateValue | None:
    """The first date in ``text`` at the precision the text gives, or None.

    ``text`` may be a date expression ("24. Februar 2026", "2026年3月") or a sentence that
    contains one. The result is day-, month- or year-precise as written: "März 2026" is
    ``2026-03``, "im Jahr 2023" and "2023年" are ``2023``; no day or month is invented.

    ``languages``: dateparser language codes, or one code (BCP 47 tags such as ``zh-CN`` are
    reduced to ``zh``; ``und`` and unknown codes are ignored) to read month names, day/month
    order and relative phrases in; None means :data:`DEFAULT_LANGUAGES` (en, de, fr, es, it,
    pt, zh, ja, ko). ISO and CJK numeric dates are read in any case. Slashed numeric dates
    follow the first language's order (English: month first), dotted ones are day-first.

    ``relative_base``: the anchor for dates that need one ("yesterday", "gestern",
    "last Tuesday", "vor 3 Tagen", "24 February", "3月", "in May"), typically the article's
    publication time; an aware datetime counts in its own wall-clock time, a date at midnight.
    A date without a year is taken in the anchor's year; a bare weekday is the latest such day
    on or before the anchor. Without an anchor these are skipped, since a claim needs a fixed
    date. Weeks ("last week") resolve to None: a week is no DateValue precision.

    Returns None when the text holds no date; plain numbers ("380", "3.5"), a bare year
    without a word that introduces it ("its 2023 report"), and years outside
    :data:`MIN_YEAR`..:data:`MAX_YEAR` are not dates.
    """
    codes, named = _dateparser_languages(languages)
    candidates = _scanner(codes, named).candidates(_clean(text))
    for _start, _end, value in _resolved(candidates, _anchor(relative_base)):
        return value
    return None


# =============================================================================================
# Money
# =============================================================================================


_V = TypeVar("_V")


@dataclass(frozen=True, slots=True)
class Money:
    """An amount of money: a fully scaled Decimal and an ISO 4217 code (None if not given).

    ``str()`` is ``"USD 30,000,000,000"`` (just the number when the currency is unknown).
    """

    amount: Decimal
    currency: str | None = None

    def __post_init__(self) -> None:
        amount = self.amount if isinstance(self.amount, Decimal) else Decimal(str(self.amount))
        if amount == amount.to_integral_value():
            amount = amount.quantize(Decimal(1))
        else:
            amount = amount.normalize()
        object.__setattr__(self, "amount", amount)

    def __str__(self) -> str:
        number = f"{self.amount:,}"
        return f"{self.currency} {number}" if self.currency else number


def _index(tables: dict[str, dict[str, _V]]) -> dict[str, dict[str, _V]]:
    """word -> {language: value}, languages in table order."""
    index: dict[str, dict[str, _V]] = {}
    for lang, words in tables.items():
        for word, value in words.items():
            index.setdefault(word.lower(), {})[lang] = value
    return index


_SCALE_INDEX = _index(SCALE_WORDS)
_ABBREVIATION_INDEX = _index(SCALE_ABBREVIATIONS)
_CURRENCY_INDEX = _index(CURRENCY_WORDS)


def _abbreviation(word: str) -> str:
    return rf"(?<!{_LETTER}){re.escape(word)}\.?(?!{_LETTER})"


def _currency_word(word: str) -> str:
    return re.escape(word).replace(r"\ ", r"\s+") if _HAS_CJK.search(word) else _phrase(word)


def _symbol(symbol: str) -> str:
    return rf"(?<![A-Za-z]){re.escape(symbol)}" if symbol[0].isalpha() else re.escape(symbol)


_SCALE_RE = "(?i:" + _alternation(_SCALE_INDEX) + "|" + _alternation(_ABBREVIATION_INDEX, _abbreviation) + ")"
_CODES_RE = "(?-i:" + _alternation(CURRENCY_CODES, lambda c: rf"(?<![A-Za-z]){c}(?![A-Za-z])") + ")"
_SYMBOLS_RE = _alternation(CURRENCY_SYMBOLS, _symbol)
_PREFIX_RE = f"(?:{_SYMBOLS_RE}|{_CODES_RE}|{_alternation(CURRENCY_PREFIX_WORDS, re.escape)})"
_SUFFIX_RE = f"(?:{_SYMBOLS_RE}|{_CODES_RE}|(?i:{_alternation(_CURRENCY_INDEX, _currency_word)}))"

_CJK_NUMERAL = "".join(CJK_DIGITS) + "".join(CJK_SMALL_UNITS)
_CJK_UNIT = "".join(CJK_SMALL_UNITS) + "".join(CJK_BIG_UNITS)
_CJK_PIECE = rf"(?:\d[\d,]*(?:\.\d+)?|[{_CJK_NUMERAL}]+)"
#: 300亿, 1.2万亿, 三百亿, 1兆2000億, 3万5000, 1조 2000억: groups that end in a unit.
_NUM_CJK = (rf"(?<![0-9A-Za-z.,数數几幾多余餘第제]){_CJK_PIECE}[{_CJK_UNIT}]+"
            rf"(?:\s?{_CJK_PIECE}[{_CJK_UNIT}]+)*(?:\d+(?![\d.,]))?")


def _latin_number(space_groups: bool) -> str:
    groups = [r"(?:,\d{3})+", r"(?:\.\d{3})+", r"(?:'\d{3})+"] + ([r"(?: \d{3})+"] if space_groups else [])
    after_code = "|".join(rf"(?<={code})" for code in CURRENCY_CODES)   # "USD30bn"
    return (rf"(?<![0-9.,])(?:(?<![A-Za-z\u00c0-\u024f])|{after_code})(?:\d{{1,3}}(?:{'|'.join(groups)})(?:[.,]\d+)?|\d+(?:[.,]\d+)?)"
            r"(?![0-9]|[.,][0-9])")


def _money_pattern(space_groups: bool) -> re.Pattern[str]:
    number = f"(?:{_NUM_CJK}|{_latin_number(space_groups)})"
    range_word = rf"(?:[-–—~〜]|至|到|{_alternation(('to', 'bis', 'à', 'a', 'al', 'au', 'hasta'))})"
    return re.compile(
        rf"(?P<pre>{_PREFIX_RE})?\s?(?P<num>{number})"
        rf"(?:\s?{range_word}\s?(?:{_PREFIX_RE})?\s?(?P<num2>{number}))?"
        rf"(?:\s?-?\s?(?P<scale>{_SCALE_RE}))?"
        rf"(?:\s?-?\s?(?(scale)(?:of\s+(?=[A-Za-z]))?)(?P<cur>{_SUFFIX_RE}))?")  # "30,000 million of dollars" (translated Spanish)


#: Space-grouped thousands ("3 000 millions") are read for languages that write them.
_MONEY = {True: _money_pattern(True), False: _money_pattern(False)}
_UNIT_AFTER = re.compile(rf"\s?(?:[%‰]|[.,]\d|-?\s?(?:{_SCALE_RE}|{_SUFFIX_RE}))")
_PUNCTUATION_AFTER = re.compile(r"\s*(?:$|[.,;:!?)\]\"'»”、。，；：！？）」』])")
_WORD_AFTER = re.compile(rf"\s+({_LETTER}+)")


def _unit_follows(text: str, pos: int) -> bool:
    """Whether a percent sign, decimal part, scale or currency follows ``pos``: not a year then."""
    return _UNIT_AFTER.match(text, pos) is not None


def _language_code(language: str | None) -> str | None:
    if not language:
        return None
    code = language.strip().replace("_", "-").split("-")[0].lower()
    return None if code in ("", "und") else code


def _to_decimal(number: str, decimal_comma: bool | None) -> Decimal | None:
    """A Latin-script number with its separators read; ``decimal_comma`` None means unknown.

    Unambiguous first: spaces and apostrophes only group thousands; with both "," and "." the
    last is the decimal mark; a separator used twice groups thousands; one not followed by
    exactly three digits is a decimal mark ("3,5", "3.5"). Left is one separator before three
    digits ("30,000", "3.500"). With a known language it is read as that language writes it;
    with none (``decimal_comma`` None) it groups thousands, since an amount is rarely written
    to three decimals.
    """
    digits = number.replace(" ", "").replace("'", "")
    if "," in digits and "." in digits:
        mark = "," if digits.rfind(",") > digits.rfind(".") else "."
        digits = digits.replace("." if mark == "," else ",", "").replace(mark, ".")
    elif "," in digits or "." in digits:
        sep = "," if "," in digits else "."
        parts = digits.split(sep)
        if len(parts) > 2:
            digits = "".join(parts)
        else:
            grouping = len(parts[1]) == 3 and len(parts[0]) <= 3 and parts[0] not in ("", "0")
            if grouping and decimal_comma is not None:
                grouping = decimal_comma == (sep == ".")
            digits = "".join(parts) if grouping else f"{parts[0]}.{parts[1]}"
    try:
        return Decimal(digits)
    except InvalidOperation:
        return None


def _cjk_amount(text: str) -> tuple[Decimal, int] | None:
    """``(value, power of the last unit)`` of a Han/Hangul number ("1.2万亿" -> 1.2e12, 12)."""
    text = text.replace(" ", "")
    if not re.search(rf"[\d{_CJK_NUMERAL}]", text):
        return None
    if not re.search(r"\d", text) and not re.search(f"[{_CJK_UNIT}]", text):
        return None
    total = section = Decimal(0)
    number: Decimal | None = None
    last_chunk: Decimal | None = None
    last_power = 0
    previous_digit = False
    for token in re.findall(rf"\d[\d,]*(?:\.\d+)?|[{''.join(CJK_DIGITS)}]|[{_CJK_UNIT}]", text):
        if token[0].isdigit():
            number, previous_digit = Decimal(token.replace(",", "")), False
        elif token in CJK_DIGITS:
            digit = CJK_DIGITS[token]
            number = number * 10 + digit if previous_digit and number is not None else Decimal(digit)
            previous_digit = True
        elif token in CJK_SMALL_UNITS:
            section += (number if number is not None else 1) * 10 ** CJK_SMALL_UNITS[token]
            number, previous_digit, last_power = None, False, CJK_SMALL_UNITS[token]
        else:
            power = CJK_BIG_UNITS[token]
            chunk = section + (number or 0)
            if chunk == 0 and last_chunk is not None:   # 万亿: scale the group just closed
                total -= last_chunk
                last_chunk *= Decimal(10) ** power
            else:
                last_chunk = chunk * Decimal(10) ** power
            total += last_chunk
            section, number, previous_digit, last_power = Decimal(0), None, False, power
    total += section + (number or 0)
    return (total, last_power) if total > 0 else None


def _yen_or_yuan(language: str | None, text: str) -> str:
    """"¥" is the yuan in Chinese and the yen in Japanese; unknown: kana or no Han means yen."""
    if language == "zh":
        return "CNY"
    if language == "ja" or _KANA.search(text) or not _HAS_CJK.search(text):
        return "JPY"
    return "CNY"


def _currency(token: str | None, language: str | None, text: str) -> tuple[str | None, list[str]]:
    """ISO code and the languages the currency word belongs to (empty for symbols and codes)."""
    if not token:
        return None, []
    token = re.sub(r"\s+", " ", token)
    if token in CURRENCY_CODES:
        return CURRENCY_CODES[token], []
    if token in CURRENCY_SYMBOLS:
        return CURRENCY_SYMBOLS[token] or _yen_or_yuan(language, text), []
    if token in CURRENCY_PREFIX_WORDS:
        return CURRENCY_PREFIX_WORDS[token], []
    entry = _CURRENCY_INDEX[token.lower()]
    return entry[language] if language in entry else next(iter(entry.values())), list(entry)


def _scale(token: str | None) -> tuple[dict[str, int], bool]:
    """``({language: power of ten}, stands alone)`` for a Latin scale word; ({}, False) for none."""
    if not token:
        return {}, False
    key = re.sub(r"\s+", " ", token.lower()).rstrip(".")
    if key in _SCALE_INDEX:
        return _SCALE_INDEX[key], True
    return _ABBREVIATION_INDEX[key], False


def _reading_language(language: str | None, scale_langs: list[str], currency_langs: list[str]) -> str | None:
    """The language whose conventions read an amount: given, else the words' shared language.

    The scale word decides first ("Mrd." is German; "billion" is English unless the currency
    word is French or German too), then the currency word ("Euro" is German or Italian).
    Symbols and codes tell nothing: None.
    """
    if language:
        return language
    shared = [lang for lang in scale_langs if lang in currency_langs]
    for langs in (shared, scale_langs, currency_langs):
        if langs:
            return langs[0]
    return None


def _may_stand_alone(text: str, end: int, cjk: bool) -> bool:
    """A currency-less amount counts only at a clause end or before a connective word."""
    if _PUNCTUATION_AFTER.match(text, end):
        return True
    if cjk:
        return False
    word = _WORD_AFTER.match(text, end)
    return word is not None and word.group(1).lower() in AMOUNT_FOLLOWERS


def find_money(text: str, language: str | None = None) -> list[tuple[int, int, Money]]:
    """Every amount of money in ``text`` as ``(start, end, Money)``, in text order.

    An amount is a number with a currency (symbol, ISO code or name: "$30bn", "380 Mrd. USD",
    "300亿美元", "3兆円"), or with a full scale word at a clause end ("raised 30 billion.",
    currency None). Scale words and abbreviations multiply ("3,5 mil millones" = 3.5e9);
    Han and Hangul numbers are read with their units ("1.2万亿" = 1.2e12, "三百亿" = 3e10). A
    range ("$30–40 billion") gives one Money per end. Numbers with neither currency nor scale
    ("Claude 3.5", "ASL-3", "22 sentences", "2023") and counts ("1.2 million users",
    "70B model") are not money.

    ``language`` (ISO 639-1, or a tag such as ``de-AT``) sets how "," and "." are read and
    which reading an ambiguous word takes (French and German "billion" is 10^12). Without it,
    the scale and currency words decide ("3,5 Mrd." is German), and a separator they leave
    ambiguous is read as in English ("30,000" is thirty thousand).
    """
    language = _language_code(language)
    clean, origin = _digits_for_words(_clean(text)) if language in (None, "en") else (_clean(text), None)
    space_groups = language is None or language in DECIMAL_COMMA_LANGUAGES
    results: list[tuple[int, int, Money]] = []
    for match in _MONEY[space_groups].finditer(clean):
        found = _read_money(match, language, clean)
        if origin is not None:  # offsets back into the text as written
            found = [(origin[start], origin[end - 1] + 1, money) for start, end, money in found]
        results.extend((start, end, money) for start, end, money in found)
    return results


_NUMBER_WORD = (r"(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
                r"seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)")
#: a number written in words right before a scale or currency word: "fourteen billion", "three hundred and
#: eighty billion", "Thirty billion dollars" (spoken figures, transcripts); not "two of them"
_SPELLED = re.compile(rf"(?i)(?<![\w-]){_NUMBER_WORD}(?:(?:\s+and\s+|[\s-]+){_NUMBER_WORD})*(?=[\s-]+(?:thousand|million|billion|"
                      r"trillion|dollars?|euros?|pounds?)\b)")


def _digits_for_words(text: str) -> tuple[str, list[int] | None]:
    """``text`` with English numbers written in words before a scale or currency word put in digits, and for
    each character of the result the offset of the character it came from (None when nothing was rewritten).
    The words are read by text2num."""
    if not _SPELLED.search(text):
        return text, None
    from text_to_num import text2num

    parts: list[str] = []
    origin: list[int] = []
    at = 0
    for match in _SPELLED.finditer(text):
        if re.search(r"\d\s*$", text[max(0, match.start() - 3):match.start()]):
            continue  # "300 hundred-million": digits with a scale word, read as they stand
        try:
            value = text2num(re.sub(r"[\s-]+", " ", match.group(0).lower()), "en")
        except ValueError:  # not one number ("one two")
            continue
        parts.append(text[at:match.start()])
        origin.extend(range(at, match.start()))
        digits = str(value)
        parts.append(digits)
        origin.extend([match.start()] * (len(digits) - 1) + [match.end() - 1])
        at = match.end()
    parts.append(text[at:])
    origin.extend(range(at, len(text) + 1))  # one past the end, for a match that ends the text
    return "".join(parts), origin


def _read_money(match: re.Match[str], language: str | None, text: str) -> list[tuple[int, int, Money]]:
    """The Money (one, or two for a range) a scanner match stands for; [] if it is no amount."""
    pre, cur = match.group("pre"), match.group("cur")
    code, pre_langs = _currency(pre, language, text)
    cur_code, cur_langs = _currency(cur, language, text)
    code = code or cur_code   # a prefix wins: "US$30 billion dollars"
    scales, alone = _scale(match.group("scale"))
    reading = _reading_language(language, list(scales), cur_langs or pre_langs)
    power = (scales[reading] if reading in scales else next(iter(scales.values()))) if scales else 0
    # Without a scale word and a given language, an amount is read like a bare number (see
    # _to_decimal): the currency name says little about how the digits were written.
    decimal_comma = None if reading is None or not (scales or language) else reading in DECIMAL_COMMA_LANGUAGES
    numbers = [match.group("num")] + ([match.group("num2")] if match.group("num2") else [])
    values: list[tuple[Decimal, int, bool]] = []   # value, unit power, is CJK
    for number in numbers:
        if re.search(f"[{_CJK_UNIT}]", number):
            cjk = _cjk_amount(number)
            if cjk is None:
                return []
            values.append((cjk[0], cjk[1], True))
        else:
            value = _to_decimal(number, decimal_comma)
            if value is None:
                return []
            values.append((value, 0, False))
    if len(values) == 2 and not values[0][2] and values[1][2]:
        # 3至4亿美元: the first end takes the second's unit
        values[0] = (values[0][0] * Decimal(10) ** values[1][1], values[1][1], True)
    cjk_scaled = any(is_cjk and unit >= 4 for _, unit, is_cjk in values)
    if code is None:
        # No currency: only a full scale word (or a Han/Hangul group unit) at a clause end.
        if match.group("scale") and not alone:
            return []
        if not (alone or cjk_scaled) or not _may_stand_alone(text, match.end(), cjk_scaled and not power):
            return []
    start, end = match.start("pre") if pre else match.start("num"), match.end()
    amounts = [value * Decimal(10) ** power for value, _, _ in values]
    if any(amount <= 0 for amount in amounts):
        return []
    if len(amounts) == 1 and not power and not cjk_scaled and pre is None and re.fullmatch(r"\d{4}", numbers[0]):
        # "in 2023 dollars" (inflation-adjusted) and similar: a year, not an amount
        if re.search(r"(?i)(?<!\w)in\s+$", text[max(0, start - 4):start]):
            return []
    if len(amounts) == 1:
        return [(start, end, Money(amounts[0], code))]
    num2_start = match.start("num2")
    return [(start, match.end("num"), Money(amounts[0], code)), (num2_start, end, Money(amounts[1], code))]


def parse_money(text: str, language: str | None = None) -> Money | None:
    """The first amount of money in ``text`` (see :func:`find_money`), or None."""
    found = find_money(text, language)
    return found[0][2] if found else None
