"""Numbers for people on the search page (UI.md): 1.2M, 4.8 %, "—" for undefined."""

from functools import lru_cache
from typing import Any

from babel import Locale
from babel.numbers import format_compact_decimal, format_decimal, format_percent
from django import template
from django.utils.translation import get_language, to_locale
from django_countries import countries

from vetrina.creators.categories import CATEGORIES

register = template.Library()

UNDEFINED = "—"


def _locale() -> Locale:
    return _parsed(get_language() or "en")


@lru_cache(maxsize=32)
def _parsed(language: str) -> Locale:
    # Babel parses a locale name on every call it is given one; a page formats some 150 numbers.
    return Locale.parse(to_locale(language))


@register.filter
def compact(value: Any) -> str:
    """45.3K, 1.2M."""
    if value is None:
        return UNDEFINED
    return format_compact_decimal(value, locale=_locale(), fraction_digits=1)


@register.filter
def exact(value: Any) -> str:
    """The whole value, for a tooltip: 1,234,567.5."""
    if value is None:
        return UNDEFINED
    return format_decimal(value, locale=_locale(), decimal_quantization=False)


@register.filter
def percent(value: Any) -> str:
    """A fraction as a percentage with one decimal: 0.048 -> 4.8 %."""
    if value is None:
        return UNDEFINED
    return format_percent(value, format="#,##0.0 %", locale=_locale())


@register.filter
def whole(value: Any) -> str:
    """A score, rounded: 92."""
    if value is None:
        return UNDEFINED
    return format_decimal(round(value), locale=_locale())


@register.filter
def country_name(code: str) -> str:
    return str(countries.name(code)) or code


@register.filter
def category_label(category: str) -> str:
    return str(CATEGORIES.get(category, category))


@register.filter
def exact_percent(value: Any) -> str:
    """A fraction as a percentage with every decimal that matters, for a tooltip."""
    if value is None:
        return UNDEFINED
    return format_percent(value, format="#,##0.######## %", locale=_locale())


@register.filter
def initials(name: str) -> str:
    """AS for Asha Sharma: the avatar of a card."""
    letters = [word[0] for word in name.split() if word[:1].isalnum()]
    return "".join(letters[:2]).upper() or "?"


@register.filter
def split_words(text: str) -> list[str]:
    return text.split()
