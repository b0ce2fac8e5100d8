"""Multilingual date and money normalisation (claimwatch.normalize).

The tables here are the unit tests' own; tests/eval/fixtures holds separate labelled sentences
that measure accuracy.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from claimwatch import normalize
from claimwatch.normalize import DateValue, Money, find_dates, find_money, parse_date, parse_money

# A Wednesday: relative dates in these tests resolve against it.
BASE = datetime(2026, 3, 11, 9, 30)

# --------------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------------

# (text, language, ISO date at the expected precision)
DATES = [
    # English
    ("March 2026", "en", "2026-03"),
    ("Feb. 24, 2026", "en", "2026-02-24"),
    ("2026-02-24", "en", "2026-02-24"),
    ("2026/02/24", "en", "2026-02-24"),
    ("2026-03", "en", "2026-03"),
    ("2023", "en", "2023"),
    ("The revised policy took effect on 15 May 2025 after a board review.", "en", "2025-05-15"),
    ("Tue, 24 Feb 2026 10:00:00 +0000", "en", "2026-02-24"),
    ("The company expects to announce the next model in early 2026.", "en", "2026"),
    ("Its valuation tripled by mid-2025.", "en", "2025"),
    ("The incident happened in Q3 2024, the filing says.", "en", "2024"),
    ("A staffer said the memo was dated November 3rd, 2025.", "en", "2025-11-03"),
    ("The hearings ran from 4 to 6 June 2025.", "en", "2025-06-04"),
    # German
    ("März 2026", "de", "2026-03"),
    ("24. Februar 2026", "de", "2026-02-24"),
    ("im Jahr 2023", "de", "2023"),
    ("Am 7.4.2025 teilte die Behörde mit, dass sie ermittelt.", "de", "2025-04-07"),
    ("Anfang März 2026 wurde das Modell zurückgezogen.", "de", "2026-03"),
    ("Die Konferenz fand vom 3. bis 5. März 2026 statt.", "de", "2026-03-03"),
    ("Jänner 2026", "de", "2026-01"),
    # French
    ("mars 2026", "fr", "2026-03"),
    ("le 24 février 2026", "fr", "2026-02-24"),
    ("Le rapport a été publié le 1er mars 2026.", "fr", "2026-03-01"),
    ("Le laboratoire prévoit une nouvelle levée fin 2025.", "fr", "2025"),
    ("févr. 2026", "fr", "2026-02"),
    # Spanish
    ("marzo de 2026", "es", "2026-03"),
    ("24 de febrero de 2026", "es", "2026-02-24"),
    ("La norma se aprobó a mediados de 2024.", "es", "2024"),
    ("El comunicado del 05/04/2025 no menciona la filtración.", "es", "2025-04-05"),
    # Chinese
    ("2026年3月", "zh", "2026-03"),
    ("2026年2月24日", "zh", "2026-02-24"),
    ("2023年", "zh", "2023"),
    ("二〇二六年三月", "zh", "2026-03"),
    ("该模型于２０２６年３月２４日下线。", "zh", "2026-03-24"),
    ("公司在2024年8月发布了报告。", "zh", "2024-08"),
    # Japanese
    ("2026年3月", "ja", "2026-03"),
    ("同社は令和7年4月に指針を改定した。", "ja", "2025-04"),
    ("平成元年", "ja", "1989"),
    ("2026年2月24日（火）に発表", "ja", "2026-02-24"),
    # Korean
    ("2026년 3월", "ko", "2026-03"),
    ("2026년 3월 24일", "ko", "2026-03-24"),
    # Italian, Portuguese
    ("24 febbraio 2026", "it", "2026-02-24"),
    ("março de 2026", "pt", "2026-03"),
]


@pytest.mark.parametrize(("text", "lang", "expected"), DATES)
def test_parse_date_with_language(text: str, lang: str, expected: str) -> None:
    value = parse_date(text, [lang])
    assert value is not None, text
    assert value.iso == expected
    assert value.precision == {4: "year", 7: "month", 10: "day"}[len(expected)]


@pytest.mark.parametrize(("text", "lang", "expected"), [case for case in DATES if "/20" not in case[0]])
def test_parse_date_without_language(text: str, lang: str, expected: str) -> None:
    value = parse_date(text)
    assert value is not None and value.iso == expected


@pytest.mark.parametrize(("text", "languages", "expected"), [
    ("05/04/2025", ["es"], "2025-04-05"),
    ("05/04/2025", ["en"], "2025-05-04"),
    ("05/04/2025", None, "2025-05-04"),     # unknown language: month first, as in English
    ("24/02/2026", None, "2026-02-24"),     # ... unless that is impossible
    ("05.04.2025", None, "2025-04-05"),     # dotted dates are day-first everywhere
])
def test_numeric_day_month_order(text: str, languages: list[str] | None, expected: str) -> None:
    value = parse_date(text, languages)
    assert value is not None and value.iso == expected


def test_month_only_dates_stay_month_precise() -> None:
    for text in ("März 2026", "2026年3月", "2026-03", "March 2026", "mars 2026", "marzo de 2026", "2026년 3월"):
        value = parse_date(text)
        assert value == DateValue(2026, 3), text
        assert (value.day, value.precision) == (None, "month")


def test_year_only_dates_stay_year_precise() -> None:
    for text in ("2023", "im Jahr 2023", "2023年", "en 2023", "in 2023"):
        assert parse_date(text) == DateValue(2023), text


# (text, language, ISO date with BASE as anchor; None: the anchor does not make it a date)
RELATIVE = [
    ("yesterday", "en", "2026-03-10"),
    ("gestern", "de", "2026-03-10"),
    ("hier", "fr", "2026-03-10"),
    ("ayer", "es", "2026-03-10"),
    ("昨天", "zh", "2026-03-10"),
    ("昨日", "ja", "2026-03-10"),
    ("어제", "ko", "2026-03-10"),
    ("last Tuesday", "en", "2026-03-10"),
    ("last Wednesday", "en", "2026-03-04"),
    ("next Friday", "en", "2026-03-13"),
    ("The lab confirmed on Monday that the weights had leaked.", "en", "2026-03-09"),
    ("letzten Dienstag", "de", "2026-03-10"),
    ("mardi dernier", "fr", "2026-03-10"),
    ("el martes pasado", "es", "2026-03-10"),
    ("上周二", "zh", "2026-03-03"),
    ("先週の火曜日", "ja", "2026-03-03"),
    ("vor 3 Tagen", "de", "2026-03-08"),
    ("il y a deux jours", "fr", "2026-03-09"),
    ("3天前", "zh", "2026-03-08"),
    ("el mes pasado", "es", "2026-02"),
    ("last month", "en", "2026-02"),
    ("last year", "en", "2025"),
    ("去年", "zh", "2025"),
    ("去年3月", "zh", "2025-03"),
    ("今年2月24日", "zh", "2026-02-24"),
    ("3月24日", "zh", "2026-03-24"),
    ("24 February", "en", "2026-02-24"),
    ("am 2. März", "de", "2026-03-02"),
    ("in May", "en", "2026-05"),
    ("Anfang März", "de", "2026-03"),
    ("The company announced on the 9th that it would pause.", "en", "2026-03-09"),  # a day of the anchor's month
    ("according to a report of the 28th", "en", "2026-02-28"),  # a later day than the anchor's: last month's
    ("the model was released on 7th of this month", "en", "2026-03-07"),
    ("last week", "en", "2026-03"),  # a week is no DateValue precision: the month it lies in (2-8 March)
    ("vor zwei Wochen", "de", None),  # 23 February to 1 March: two months, so no month
    ("diese Woche", "de", "2026-03"),
]


@pytest.mark.parametrize(("text", "lang", "expected"), RELATIVE)
def test_relative_dates_resolve_against_the_anchor(text: str, lang: str, expected: str | None) -> None:
    value = parse_date(text, [lang], relative_base=BASE)
    assert (value.iso if value else None) == expected


@pytest.mark.parametrize(("text", "lang"), [(text, lang) for text, lang, _ in RELATIVE])
def test_relative_dates_without_anchor_are_none(text: str, lang: str) -> None:
    assert parse_date(text, [lang]) is None


def test_anchor_may_be_aware_or_a_date() -> None:
    aware = datetime(2026, 3, 11, 23, 30, tzinfo=timezone(timedelta(hours=-5)))
    assert parse_date("yesterday", ["en"], relative_base=aware) == DateValue(2026, 3, 10)
    assert parse_date("gestern", ["de"], relative_base=date(2026, 3, 11)) == DateValue(2026, 3, 10)


def test_absolute_date_comes_before_a_later_relative_one() -> None:
    text = "The policy dated 2 March 2026 was withdrawn yesterday."
    assert parse_date(text, ["en"]) == DateValue(2026, 3, 2)
    assert [v.iso for _, _, v in find_dates(text, ["en"], relative_base=BASE)] == ["2026-03-02", "2026-03-10"]


def test_a_month_named_without_its_year_before_a_comma() -> None:
    # "in February, when ...": the month is read against the anchor, as "in February when" always was
    text = "Britain made a similar move in February, when its institute was renamed, and the model shipped in April, too."
    assert [v.iso for _, _, v in find_dates(text, ["en"], relative_base=BASE)] == ["2026-02", "2026-04"]
    # a year after the comma still belongs to the month
    assert [v.iso for _, _, v in find_dates("It shipped in February, 2025.", ["en"], relative_base=BASE)] == ["2025-02"]


def test_last_month_name_is_the_latest_one_before_the_anchor() -> None:
    assert [v.iso for _, _, v in find_dates("Nvidia pledged up to $10 billion last November.", ["en"],
                                            relative_base=BASE)] == ["2025-11"]
    assert [v.iso for _, _, v in find_dates("The round closed last February.", ["en"], relative_base=BASE)] == ["2026-02"]


NOT_DATES = [
    "",
    "   ",
    "380",
    "3.5",
    "Claude 3.5 Sonnet",
    "ASL-3 safeguards",
    "version 2.2",
    "22 sentences were removed",
    "The company has 2000 employees.",
    "Its 2023 transparency report was criticised.",
    "The paper was cited 2024 times.",
    "1899",
    "2101",
    "in 1850",
    "in 2150",
    "2026-02-30",
    "31 April 2026",
    "The lab may 2026 change course.",
    "The lab set 2026 as its deadline.",   # Portuguese/Spanish "set" (September) is a word here
    "It rolled out 3 models.",              # ... and so is Portuguese "out" (October)
    "in 2000 dollars",
    "Regulation (EU) 2024/1689",
    "Executive Order 14110",
    "GPT-4o and o3 were evaluated.",
    "Hier ist der Bericht.",        # German "here", not French "yesterday"
    "No date is given anywhere in this sentence.",
    "The lab's office is on the 3rd floor.",
    "a policy fit for the 21st century",
    "one of the 2nd-tier labs",
    "rules of the 20th and 21st centuries",
    "It was signed on the 3rd of the same month.",  # the month named before: not known here
]


@pytest.mark.parametrize("text", NOT_DATES)
def test_not_dates(text: str) -> None:
    assert parse_date(text) is None
    assert parse_date(text, relative_base=BASE) is None


def test_find_dates_spans_index_the_original_text() -> None:
    text = "Version 1 appeared in September 2023, version 3 on 24\u00a0February 2026 and the Japanese text on ２０２６年３月２４日."
    found = find_dates(text)
    assert [(text[start:end], value.iso) for start, end, value in found] == [
        ("September 2023", "2023-09"),
        ("24\u00a0February 2026", "2026-02-24"),
        ("２０２６年３月２４日", "2026-03-24"),
    ]


def test_language_tags_are_reduced_and_unknown_ones_ignored() -> None:
    assert parse_date("2026年3月24日", "zh-CN") == DateValue(2026, 3, 24)
    assert parse_date("24. Februar 2026", ["de_AT"]) == DateValue(2026, 2, 24)
    assert parse_date("24 février 2026", ["und", "xx"]) == DateValue(2026, 2, 24)


def test_languages_limit_month_names() -> None:
    assert parse_date("24. Februar 2026", ["ja"]) is None
    assert parse_date("24. Februar 2026", ["de", "en"]) == DateValue(2026, 2, 24)


def test_dateparser_objects_are_built_once_per_language_set() -> None:
    parse_date("24. Februar 2026", ["de"])
    normalize._dateparse.cache_clear()
    before = normalize._date_parser.cache_info()
    for _ in range(3):
        assert parse_date("Am 24. Februar 2026 und am 3. März 2026", ["de"]) == DateValue(2026, 2, 24)
    after = normalize._date_parser.cache_info()
    assert after.misses == before.misses


class TestDateValue:
    def test_iso_bounds_and_str(self) -> None:
        assert str(DateValue(2026, 3, 24)) == "2026-03-24"
        month = DateValue(2024, 2)
        assert (month.iso, month.precision, month.start, month.end) == ("2024-02", "month", date(2024, 2, 1), date(2024, 2, 29))
        year = DateValue(2023)
        assert (year.iso, year.precision, year.start, year.end) == ("2023", "year", date(2023, 1, 1), date(2023, 12, 31))
        day = DateValue(2026, 3, 24, "day")
        assert day.start == day.end == date(2026, 3, 24)

    def test_from_iso_round_trips(self) -> None:
        for text in ("2026-03-24", "2026-03", "2026"):
            assert DateValue.from_iso(text).iso == text
        with pytest.raises(ValueError):
            DateValue.from_iso("March 2026")

    def test_inconsistent_or_impossible_values_are_refused(self) -> None:
        with pytest.raises(ValueError):
            DateValue(2026, 3, None, "day")
        with pytest.raises(ValueError):
            DateValue(2026, None, 5)
        with pytest.raises(ValueError):
            DateValue(2026, 2, 30)
        with pytest.raises(dataclasses.FrozenInstanceError):
            DateValue(2026).year = 2025  # type: ignore[misc]


# --------------------------------------------------------------------------------------------
# Money
# --------------------------------------------------------------------------------------------

# (text, language, amount, currency). Every case is also run with language=None.
MONEY = [
    # English
    ("$30 billion", "en", "30000000000", "USD"),
    ("$30bn", "en", "30000000000", "USD"),
    ("US$30 billion", "en", "30000000000", "USD"),
    ("30 billion dollars", "en", "30000000000", "USD"),
    ("a round of 30,000 million of dollars", "en", "30000000000", "USD"),  # English translated from Spanish
    ("3 billion of euros", "en", "3000000000", "EUR"),
    ("€3.5bn", "en", "3500000000", "EUR"),
    ("£1.2 million", "en", "1200000", "GBP"),
    ("The seed round raised $500k from angel investors.", "en", "500000", "USD"),
    ("It agreed to pay USD 2.5 billion over four years.", "en", "2500000000", "USD"),
    ("a $1.125 billion settlement", "en", "1125000000", "USD"),
    ("$1,234.56", "en", "1234.56", "USD"),
    ("The fund holds 30,000 dollars.", "en", "30000", "USD"),
    ("HK$1.2bn", "en", "1200000000", "HKD"),
    # German
    ("30 Milliarden Dollar", "de", "30000000000", "USD"),
    ("3,5 Mrd. €", "de", "3500000000", "EUR"),
    ("3,5 Mrd. Euro", "de", "3500000000", "EUR"),
    ("1,2 Mio. US-Dollar", "de", "1200000", "USD"),
    ("380 Mrd. USD", "de", "380000000000", "USD"),
    ("eine 380-Milliarden-Dollar-Bewertung", "de", "380000000000", "USD"),
    ("1,5 Billionen Euro", "de", "1500000000000", "EUR"),
    ("CHF 50 Mio.", "de", "50000000", "CHF"),
    # French
    ("30 milliards de dollars", "fr", "30000000000", "USD"),
    ("3,5 milliards d'euros", "fr", "3500000000", "EUR"),
    ("1,2 million de dollars", "fr", "1200000", "USD"),
    ("3 000 millions d'euros", "fr", "3000000000", "EUR"),
    ("3\u202f000 millions d\u2019euros", "fr", "3000000000", "EUR"),
    ("Le projet coûte 4,5 M€.", "fr", "4500000", "EUR"),
    # Spanish
    ("30.000 millones de dólares", "es", "30000000000", "USD"),
    ("3,5 mil millones de euros", "es", "3500000000", "EUR"),
    ("La beca es de 30 mil dólares.", "es", "30000", "USD"),
    # Chinese
    ("300亿美元", "zh", "30000000000", "USD"),
    ("3.5亿元", "zh", "350000000", "CNY"),
    ("1.2万亿日元", "zh", "1200000000000", "JPY"),
    ("三百亿美元", "zh", "30000000000", "USD"),
    ("30億美元", "zh", "3000000000", "USD"),
    ("人民币300亿元", "zh", "30000000000", "CNY"),
    ("该项目获得¥500万资助。", "zh", "5000000", "CNY"),
    # Japanese
    ("300億ドル", "ja", "30000000000", "USD"),
    ("3兆円", "ja", "3000000000000", "JPY"),
    ("1兆2000億円", "ja", "1200000000000", "JPY"),
    ("３００億ドル", "ja", "30000000000", "USD"),
    ("参加費は¥5,000です。", "ja", "5000", "JPY"),
    # Korean
    ("300억 달러", "ko", "30000000000", "USD"),
    ("1조 2000억 원", "ko", "1200000000000", "KRW"),
    # Italian, Portuguese
    ("1,5 miliardi di euro", "it", "1500000000", "EUR"),
    ("R$ 3 bilhões", "pt", "3000000000", "BRL"),
]


@pytest.mark.parametrize(("text", "lang", "amount", "currency"), MONEY)
@pytest.mark.parametrize("given", [True, False], ids=["language", "no-language"])
def test_parse_money(text: str, lang: str, amount: str, currency: str, given: bool) -> None:
    money = parse_money(text, lang if given else None)
    assert money == Money(Decimal(amount), currency), text


@pytest.mark.parametrize(("text", "lang", "amount"), [
    ("The company is reportedly seeking a valuation of 300 billion.", "en", "300000000000"),
    ("Sie sammelte 2 Milliarden ein.", "de", "2000000000"),
    ("估值达到3000亿。", "zh", "300000000000"),
])
def test_amount_without_currency(text: str, lang: str, amount: str) -> None:
    assert parse_money(text, lang) == Money(Decimal(amount), None)


@pytest.mark.parametrize(("text", "lang", "amount", "currency"), [
    ("2 billions d'euros", "fr", "2000000000000", "EUR"),      # French billion = 10^12
    ("2 billion euros", "en", "2000000000", "EUR"),
    ("3.500 Millionen Euro", "de", "3500000000", "EUR"),       # dot groups thousands
    ("$3.500 billion", "en", "3500000000", "USD"),             # dot is the decimal mark
    ("1,200 million dollars", "en", "1200000000", "USD"),
    ("1,200 millions de dollars", "fr", "1200000", "USD"),
    ("€1.000", None, "1000", "EUR"),                           # unknown: three digits group
    ("¥500", "zh", "500", "CNY"),
    ("¥500", "ja", "500", "JPY"),
])
def test_language_decides_ambiguous_readings(text: str, lang: str | None, amount: str, currency: str) -> None:
    assert parse_money(text, lang) == Money(Decimal(amount), currency)


NOT_MONEY = [
    "",
    "Claude 3.5",
    "ASL-3",
    "version 2.2",
    "22 sentences",
    "2023",
    "in 2023",
    "in 2023 dollars",
    "a model with 175 billion parameters",
    "1.2 million users signed up",
    "30 Milliarden Parameter",
    "a 70B model",
    "3M said it would comply",
    "up 20% from last year",
    "3,5 Mrd",                      # an abbreviation alone could be anything
    "该模型拥有700亿个参数。",
    "数十亿美元",                      # "several billion": no amount
    "모델의 매개변수는 700억 개다.",
    "제1조 원칙",
    "deux milliards de dollars",    # number words are not read
]


@pytest.mark.parametrize("text", NOT_MONEY)
def test_not_money(text: str) -> None:
    assert parse_money(text) is None
    assert find_money(text) == []


def test_find_money_gives_every_amount_with_its_span() -> None:
    text = "Valued at $380bn, up from $61.5bn in March; Mistral raised 1,7 milliard d\u2019euros."
    found = find_money(text)
    assert [(text[start:end], str(money)) for start, end, money in found] == [
        ("$380bn", "USD 380,000,000,000"),
        ("$61.5bn", "USD 61,500,000,000"),
        ("1,7 milliard d\u2019euros", "EUR 1,700,000,000"),
    ]


def test_ranges_give_both_ends() -> None:
    assert [m for _, _, m in find_money("$30–40 billion")] == [
        Money(Decimal("30000000000"), "USD"), Money(Decimal("40000000000"), "USD")]
    assert [m for _, _, m in find_money("300亿至400亿美元")] == [
        Money(Decimal("30000000000"), "USD"), Money(Decimal("40000000000"), "USD")]


class TestMoney:
    def test_str(self) -> None:
        assert str(Money(Decimal("30000000000"), "USD")) == "USD 30,000,000,000"
        assert str(Money(Decimal("1.50"), "EUR")) == "EUR 1.5"
        assert str(Money(Decimal("300000000000"))) == "300,000,000,000"

    def test_amount_is_a_plain_decimal(self) -> None:
        money = parse_money("€3.5bn")
        assert money is not None
        assert str(money.amount) == "3500000000"
        assert Money(30, "USD").amount == Decimal(30)           # type: ignore[arg-type]
        assert Money("3.5E+9", "EUR") == Money(Decimal("3500000000"), "EUR")  # type: ignore[arg-type]

    def test_frozen(self) -> None:
        with pytest.raises(dataclasses.FrozenInstanceError):
            Money(Decimal(1), "USD").currency = "EUR"  # type: ignore[misc]


def test_of_joins_a_scale_to_a_currency_word_not_to_the_next_amount() -> None:
    assert [(m.amount, m.currency) for _, _, m in find_money("It raised 2 billion of $5 billion it sought.", "en")] == \
        [(Decimal("5000000000"), "USD")]


@pytest.mark.parametrize(("text", "expected", "written"), [
    ("With a run-rate of fourteen billion.", Decimal("14000000000"), "fourteen billion"),
    ("It is valued at three hundred and eighty billion post-money.", Decimal("380000000000"), "three hundred and eighty billion"),
    ("Thirty billion dollars went into the round.", Decimal("30000000000"), "Thirty billion dollars"),
    ("She said twenty-five million dollars went missing.", Decimal("25000000"), "twenty-five million dollars"),
    # how machine translation renders Chinese 亿 (10^8)
    ("the company completed 300 hundred-million US dollars of financing", Decimal("30000000000"), "300 hundred-million US dollars"),
])
def test_amounts_written_in_words_keep_their_offsets(text: str, expected: Decimal, written: str) -> None:
    [(start, end, money)] = find_money(text, "en")
    assert money.amount == expected
    assert text[start:end] == written


def test_numbers_in_words_without_a_scale_are_no_amounts() -> None:
    assert find_money("Two of them said one in three staff had left.", "en") == []
