"""Numbers and dates for people, in the viewer's language: 1.2M, 45.3K, 4.8 %, "12 Nov 2026".

Each short form has an exact twin for the `title` tooltip. An undefined number (None) is "—" in both,
never 0 (docs/numbers.md). Babel knows each locale's digits, separators and compact suffixes.
"""

import math
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import cache, lru_cache
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import (
    NumberPattern,
    format_currency,
    get_currency_precision,
    get_decimal_precision,
    get_decimal_symbol,
    get_group_symbol,
    parse_pattern,
)
from django.utils import translation
from django_countries import countries

from vetrina.lib.categories import CATEGORIES

UNDEFINED = "—"
# One pattern for every language: the day first, the month's short name, the year.
DATE_PATTERN = "d MMM y"
DAY_MONTH_PATTERN = "d MMM"


def current_locale() -> str:
    """Babel's name for the active language (en, it, pt_BR…)."""
    return _to_locale(translation.get_language() or "en")


@cache
def _to_locale(language: str) -> str:
    return translation.to_locale(language)


@cache
def _locale(name: str) -> Locale:
    return Locale.parse(name)


@cache
def _pattern(pattern: str) -> NumberPattern:
    # Parsed once: a page formats a few hundred numbers.
    return parse_pattern(pattern)


# --- Babel's number patterns, applied with the locale's symbols looked up once ----------------------
#
# NumberPattern.apply looks up the locale's group and decimal symbols for every number it writes (through
# Babel's locale data, several dictionaries deep) and runs a regular expression over the result; the
# compact format parses its pattern again for every number. A search page writes some 170 numbers and a
# metrics page some 400, so that was a tenth of their time. `_apply` is apply's own algorithm for the
# plain patterns Vetrina uses (no exponent, significant digits, currency or quoted text), with the same
# Decimal rounding; any other pattern goes to Babel. lib/tests/test_formatting.py holds both to the same
# output over many numbers and languages.


@dataclass(frozen=True, slots=True)
class _Symbols:
    group: str
    decimal: str


@cache
def _symbols(locale: str) -> _Symbols:
    babel_locale = _locale(locale)
    return _Symbols(group=get_group_symbol(babel_locale), decimal=get_decimal_symbol(babel_locale))


@cache
def _plain(pattern: NumberPattern) -> bool:
    """Whether `_apply` writes this pattern as Babel does."""
    affixes = "".join(pattern.prefix + pattern.suffix)
    return not pattern.exp_prec and "@" not in pattern.pattern and not any(c in affixes for c in "'¤")


@cache
def _quantum(places: int) -> Decimal:
    return Decimal(10) ** -places


def _apply(pattern: NumberPattern, value: float | Decimal, locale: str, *, quantize: bool = True) -> str:
    """pattern.apply(value, locale, decimal_quantization=quantize), faster (see above)."""
    if not _plain(pattern):
        return pattern.apply(value, _locale(locale), decimal_quantization=quantize)
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    number = number.scaleb(pattern.scale)
    negative = int(number.is_signed())
    number = abs(number).normalize()
    if not number.is_finite():
        return pattern.apply(value, _locale(locale), decimal_quantization=quantize)
    least, most = pattern.frac_prec
    if not quantize:
        most = max(most, get_decimal_precision(number))
    whole, _point, fraction = f"{number.quantize(_quantum(most)):f}".partition(".")
    symbols = _symbols(locale)
    whole = whole.rjust(pattern.int_prec[0], "0")
    size, grouped = pattern.grouping[0], ""
    while len(whole) > size:
        grouped = symbols.group + whole[-size:] + grouped
        whole = whole[:-size]
        size = pattern.grouping[1]
    fraction = (fraction or "0").ljust(least, "0")
    if most == 0 or (least == 0 and int(fraction) == 0):
        fraction = ""
    else:
        fraction = symbols.decimal + (fraction[:least] + fraction[least:].rstrip("0"))
    number_text = whole + grouped + fraction if pattern.number_pattern != "" else ""
    return pattern.prefix[negative] + number_text + pattern.suffix[negative]


@dataclass(frozen=True, slots=True)
class _CompactFormats:
    """A locale's short compact formats as plain dictionaries: {plural form: {magnitude: pattern}}."""

    by_form: dict[str, dict[str, NumberPattern]]
    magnitudes: tuple[int, ...]  # largest first
    plural_form: Any  # the locale's plural rule


@cache
def _compact_formats(locale: str) -> _CompactFormats:
    babel_locale = _locale(locale)
    formats = babel_locale.compact_decimal_formats["short"]
    by_form = {
        form: {magnitude: parse_pattern(formats[form][magnitude]) for magnitude in formats[form]}
        for form in formats
    }
    return _CompactFormats(
        by_form=by_form,
        magnitudes=tuple(sorted((int(magnitude) for magnitude in by_form["other"]), reverse=True)),
        plural_form=babel_locale.plural_form,
    )


def _compact(value: float, locale: str, fraction_digits: int) -> str:
    """babel.numbers.format_compact_decimal(value, format_type="short", …), its formats read once."""
    formats = _compact_formats(locale)
    number = Decimal(str(value))
    chosen: NumberPattern | None = None
    if number.is_finite():
        # Babel's _get_compact_format, step by step.
        for magnitude in formats.magnitudes:
            if abs(number) >= magnitude:
                chosen = formats.by_form["other"][str(magnitude)]
                zeros = chosen.pattern
                if zeros == "0":
                    break
                number = number / (magnitude // (10 ** (zeros.count("0") - 1)))
                rounded = round(number, fraction_digits)
                form = formats.plural_form(abs(number))
                if form not in formats.by_form:
                    form = "other"
                if number == 1 and "1" in formats.by_form:
                    form = "1"
                if str(magnitude) not in formats.by_form[form]:
                    form = "other"
                chosen = formats.by_form[form][str(magnitude)]
                number = rounded
                break
    pattern = chosen if chosen is not None else _decimal_pattern(locale)
    return _apply(pattern, number, locale, quantize=False)


@cache
def _decimal_pattern(locale: str) -> NumberPattern:
    return _locale(locale).decimal_formats[None]


def _decimal(value: float, locale: str) -> str:
    # A whole number (a count, a rounded score) in a language that groups by threes is Python's own
    # grouping with the language's symbols: a tenth of the time, and a search card writes two.
    if (
        0 <= value < 10**15
        and (isinstance(value, int) or (value.is_integer() and math.copysign(1, value) > 0))
        and (symbols := _whole_symbols(locale)) is not None
    ):
        return f"{int(value):,}".translate(symbols)
    return _apply(_decimal_pattern(locale), value, locale)


@cache
def _whole_symbols(locale: str) -> dict[int, str] | None:
    """Python's "," as the language groups whole numbers; None where its decimal pattern is not a plain
    #,##0 of groups of three (Babel then writes every number)."""
    pattern = _decimal_pattern(locale)
    plain = pattern.prefix[0] == pattern.suffix[0] == "" and pattern.int_prec[0] == 1 and not pattern.scale
    if not plain or not _plain(pattern) or pattern.grouping != (3, 3):
        return None
    return {ord(","): _symbols(locale).group}


def _percent(value: float, pattern: str, locale: str) -> str:
    return _apply(_pattern(pattern), value, locale)


def _rounded(value: float) -> float:
    """Three significant digits past a thousand, so that 999,999 reads 1M, not 1000K."""
    if abs(value) < 1000:
        return value
    digits = math.floor(math.log10(abs(value))) + 1
    return round(value, 3 - digits)


def compact_number(value: float | None, locale: str | None = None) -> str:
    """1.2M, 45.3K, 410, 3.4: short, for reading at a glance."""
    if value is None:
        return UNDEFINED
    locale = locale or current_locale()
    if abs(value) < 1000:
        # Below a thousand: whole numbers from 100 up, one decimal under (an average of 3.4 comments).
        return _decimal(round(value) if abs(value) >= 100 else round(value, 1), locale)
    return _compact_text(_rounded(value), locale)


@lru_cache(maxsize=8192, typed=True)
def _compact_text(value: float, locale: str) -> str:
    # A short form holds three significant digits, so a few thousand of them cover every number a page
    # shows: each took some 30 us to write (Decimal arithmetic and the plural rule), two a search card.
    if abs(value) < 1_000_000 and not _abbreviates_thousands(locale):
        # CLDR leaves thousands whole in some languages (Italian: 128000), which is no shorter. Those
        # readers get the K that TikTok's own app shows them (128K, 45,3K), in their digits.
        return _apply(_pattern("#,##0.#"), value / 1000, locale) + "K"
    return _compact(value, locale, fraction_digits=1)


@cache
def _abbreviates_thousands(locale: str) -> bool:
    # Babel's short formats by plural form, then by magnitude: {"other": {"1000": '0K', …}, …}.
    by_form = _locale(locale).compact_decimal_formats["short"]
    return any(
        form[magnitude].pattern.strip("0\xa0 ")
        for form in by_form.values()
        for magnitude in ("1000", "10000", "100000")
        if magnitude in form
    )


def exact_number(value: float | None, locale: str | None = None) -> str:
    """1,234,567 or 410.63: every digit that matters, for the tooltip."""
    if value is None:
        return UNDEFINED
    return _decimal(round(value, 2), locale or current_locale())


def whole_number(value: float | None, locale: str | None = None) -> str:
    """92: a score, rounded to a whole number."""
    if value is None:
        return UNDEFINED
    return _decimal(round(value), locale or current_locale())


def signed_whole_number(value: float | None, locale: str | None = None) -> str:
    """+182,000 or −1,200: a change counted in whole units."""
    if value is None:
        return UNDEFINED
    sign = "+" if value > 0 else "−" if value < 0 else ""
    return sign + whole_number(abs(value), locale)


def fixed_number(value: float | None, decimals: int, locale: str | None = None) -> str:
    """2.0 for decimals=1: always that many decimals, where a sentence compares two such numbers."""
    if value is None:
        return UNDEFINED
    pattern = "#,##0." + "0" * decimals if decimals else "#,##0"
    return _apply(_pattern(pattern), value, locale or current_locale())


def signed_compact_number(value: float | None, locale: str | None = None) -> str:
    """+41K or −1.2K: a change."""
    if value is None:
        return UNDEFINED
    sign = "+" if value >= 0 else "−"
    return sign + compact_number(abs(value), locale)


def percent(
    value: float | None, locale: str | None = None, *, signed: bool = False, decimals: int = 1
) -> str:
    """A fraction as a percentage, with one decimal unless told: 0.0481 is 4.8 %."""
    if value is None:
        return UNDEFINED
    pattern = "#,##0." + "0" * decimals + "%" if decimals else "#,##0%"
    text = _percent(abs(value) if signed else value, pattern, locale or current_locale())
    if signed:
        return ("+" if value >= 0 else "−") + text
    return text


def percentile_share(percentile: float, locale: str | None = None) -> str:
    """A percentile (0-100) as the share of peers below: rounded down to a whole per cent, so that
    nobody reads "higher than 100 %" who is not; one decimal under 1 %, so that nobody reads
    "higher than 0 %" who is higher than some."""
    if 0 < percentile < 1:
        return percent(math.floor(percentile * 10) / 1000, locale, decimals=1)
    return percent(math.floor(percentile) / 100, locale, decimals=0)


def money(amount: Decimal, currency: str, locale: str | None = None) -> str:
    """An amount in its currency, as the reader's language writes it: $1,500.00, 1.500,00 US$."""
    return format_currency(amount, currency, locale=locale or current_locale())


def money_precise(
    value: float | Decimal, currency: str, locale: str | None = None, *, decimals: int | None = None
) -> str:
    """An amount with `decimals` places (None: the currency's own) in the currency's pattern of the
    reader's language: $0.0123 for a cost per view, which the currency's two places would round to
    nothing. Written as Babel writes it, but through a template worked out once per language and
    currency: a page of campaign results writes hundreds of amounts."""
    name = locale or current_locale()
    if decimals is None:
        decimals = get_currency_precision(currency)
    parts = _money_parts(name, currency)
    if parts is None or value < 0:
        amount = value if isinstance(value, Decimal) else Decimal(repr(value))
        pattern = _money_pattern(name, decimals)
        return pattern.apply(amount, _locale(name), currency=currency, currency_digits=False)
    prefix, suffix, symbols = parts
    return prefix + f"{value:,.{decimals}f}".translate(symbols) + suffix


def grouped_whole(value: int | None, locale: str | None = None) -> str:
    """1,234,567: a count with every digit, as exact_number writes a whole number, for tooltips by the
    hundred."""
    if value is None:
        return UNDEFINED
    symbols = _grouping_symbols(locale or current_locale())
    if symbols is None:
        return exact_number(value, locale)
    return f"{value:,}".translate(symbols)


@cache
def _money_pattern(locale: str, decimals: int) -> NumberPattern:
    # The language's own currency pattern (¤#,##0.00, or #,##0.00 ¤ in Italian) with other places.
    pattern = _locale(locale).currency_formats["standard"].pattern.split(";")[0]
    places = "." + "0" * decimals if decimals else ""
    return parse_pattern(re.sub(r"0\.0+|0(?![.0])", "0" + places, pattern, count=1))


@cache
def _grouping_symbols(locale: str) -> dict[int, str] | None:
    """Python's "," and "." as the language writes them; None for a language that does not group by
    threes (Babel then writes its numbers)."""
    babel_locale = _locale(locale)
    if babel_locale.decimal_formats[None].grouping != (3, 3):
        return None
    return {ord(","): get_group_symbol(babel_locale), ord("."): get_decimal_symbol(babel_locale)}


@cache
def _money_parts(locale: str, currency: str) -> tuple[str, str, dict[int, str]] | None:
    """What the language writes before and after an amount of the currency ("$", "" or "", " €"), and its
    symbols; None when a sample Babel writes does not split so (Babel then writes every amount)."""
    symbols = _grouping_symbols(locale)
    if symbols is None or _locale(locale).currency_formats["standard"].grouping != (3, 3):
        return None
    sample = _money_pattern(locale, 2).apply(
        Decimal("1234567.25"), _locale(locale), currency=currency, currency_digits=False
    )
    digits = "1,234,567.25".translate(symbols)
    if sample.count(digits) != 1:
        return None
    prefix, _, suffix = sample.partition(digits)
    return prefix, suffix, symbols


def exact_percent(value: float | None, locale: str | None = None) -> str:
    """A fraction as a percentage with up to four decimals, for the tooltip: 4.8123 %."""
    if value is None:
        return UNDEFINED
    return _percent(value, "#,##0.####%", locale or current_locale())


def day(value: date | datetime | None, locale: str | None = None) -> str:
    """12 Nov 2026."""
    if value is None:
        return UNDEFINED
    if isinstance(value, datetime):
        value = value.date()
    return _day(value, locale or current_locale())


@lru_cache(maxsize=4096)
def _day(value: date, locale: str) -> str:
    # A page writes the same few dozen days many times over.
    return format_date(value, DATE_PATTERN, locale=_locale(locale))


def day_month(value: date | datetime | None, locale: str | None = None) -> str:
    """12 Nov: a day within a series whose year the reader already knows."""
    if value is None:
        return UNDEFINED
    if isinstance(value, datetime):
        value = value.date()
    return _day_month(value, locale or current_locale())


@lru_cache(maxsize=4096)
def _day_month(value: date, locale: str) -> str:
    # The charts' time axes write the same few days on every page.
    return format_date(value, DAY_MONTH_PATTERN, locale=_locale(locale))


def country_name(code: str | None) -> str:
    """India for IN, in the viewer's language (django-countries); the code itself when unknown."""
    if not code:
        return ""
    return _country_name(code, current_locale())


@lru_cache(maxsize=4096)
def _country_name(code: str, locale: str) -> str:
    # Names do not change while the process runs; a page of cards asks for the same few again.
    return str(countries.name(code)) or code


def category_label(category: str) -> str:
    """Fashion for fashion, in the viewer's language."""
    return _category_label(category, current_locale())


def category_labels(categories: list[str]) -> str:
    """Fashion, Beauty: a creator's categories in the viewer's language, in their order. One filter
    rather than a loop in the template: a search page writes twenty cards of them."""
    locale = current_locale()
    return ", ".join(_category_label(category, locale) for category in categories)


@lru_cache(maxsize=1024)
def _category_label(category: str, locale: str) -> str:
    return str(CATEGORIES.get(category, category))


def initials(name: str) -> str:
    """AS for Asha Sharma: the avatar of a creator without a picture."""
    letters = [word[0] for word in name.split() if word[:1].isalnum()]
    return "".join(letters[:2]).upper() or "?"


def language_name(code: str, locale: str | None = None) -> str:
    """The name of a language (ISO 639-1 code) in the viewer's language; the code when Babel has none."""
    try:
        name = _locale(locale or current_locale()).languages.get(code)
    except (ValueError, UnknownLocaleError):
        name = None
    return name or code


def plain_decimal(value: float | None, *, places: int, scale: int = 1) -> str:
    """4.07 for 0.040687… with places=2 and scale=100: for files that programs read (the shortlist CSV),
    so a decimal point and no separators in every language, rounded half up; "" when undefined."""
    if value is None:
        return ""
    # From the float's shortest repr, not its binary value: 0.061 is 6.10 percent, not 6.1000000000000005.
    exact = Decimal(repr(value)) * scale
    return str(exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))
