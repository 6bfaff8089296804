"""Currencies (ISO 4217): the ones an offer may name. Amounts are formatted by lib.formatting.money."""

from datetime import date
from functools import cache

from babel.core import get_global
from babel.numbers import get_currency_name, get_territory_currencies
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
