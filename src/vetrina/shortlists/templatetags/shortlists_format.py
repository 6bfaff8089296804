"""Numbers and countries as people read them, in the viewer's language (UI.md): 1.2M, 4.8 %, a country's
name. The exact value goes in a title tooltip."""

from babel import Locale, UnknownLocaleError
from babel.numbers import format_compact_decimal, format_decimal, format_percent
from django import template
from django.utils.translation import get_language
from django_countries.fields import Country

register = template.Library()

UNDEFINED = "—"


def _locale() -> Locale:
    try:
        return Locale.parse((get_language() or "en").replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return Locale.parse("en")


@register.filter
def compact(value: float | None) -> str:
    """1234567 → 1.2M; undefined → —."""
    if value is None:
        return UNDEFINED
    return format_compact_decimal(value, format_type="short", fraction_digits=1, locale=_locale())


@register.filter
def exact(value: float | None) -> str:
    """The full number, grouped: 1,234,567 or 0.0483917."""
    if value is None:
        return UNDEFINED
    if isinstance(value, int):
        return format_decimal(value, locale=_locale())
    return format_decimal(value, format="#,##0.##########", locale=_locale())


@register.filter
def percent(value: float | None) -> str:
    """A fraction as a percentage with one decimal: 0.0483 → 4.8%."""
    if value is None:
        return UNDEFINED
    return format_percent(value, format="#,##0.0%", locale=_locale())


@register.filter
def score(value: float | None) -> str:
    """An authenticity score, 0-100, as a whole number."""
    if value is None:
        return UNDEFINED
    return format_decimal(value, format="0", locale=_locale())


@register.filter
def country_name(code: str | None) -> str:
    return Country(code=code).name if code else ""
