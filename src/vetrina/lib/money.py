"""Currencies (ISO 4217) and amounts of money, formatted for the viewer's language with Babel."""

from datetime import date
from decimal import Decimal
from functools import cache

from babel.core import get_global
from babel.numbers import format_currency, format_decimal, get_currency_name, get_territory_currencies
from django.utils.translation import get_language, to_locale


def _locale() -> str:
    return to_locale(get_language() or "en")


@cache
def currency_codes() -> tuple[str, ...]:
    """Every currency that is legal tender somewhere today (Babel's historic ones left out)."""
    codes: set[str] = set()
    today = date.today()
    for territory in get_global("territory_currencies"):
        codes.update(get_territory_currencies(territory, today, tender=True))
    return tuple(sorted(codes))


def currency_choices() -> list[tuple[str, str]]:
    locale = _locale()
    return [(code, f"{code} · {get_currency_name(code, locale=locale)}") for code in currency_codes()]


def money(amount: Decimal, currency: str) -> str:
    return format_currency(amount, currency, locale=_locale())


def percent(value: Decimal) -> str:
    return f"{format_decimal(value, locale=_locale())} %"
