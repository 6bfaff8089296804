"""Template filters over vetrina.lib.formatting, and `{% figure %}`: a short number with its exact
value in a tooltip. `{% load formatting %}`."""

from datetime import date, datetime

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from vetrina.lib import formatting

register = template.Library()

register.filter("compact", formatting.compact_number)
register.filter("exact", formatting.exact_number)
register.filter("percent", formatting.percent)
register.filter("exact_percent", formatting.exact_percent)
register.filter("whole", formatting.whole_number)
register.filter("country_name", formatting.country_name)
register.filter("category_label", formatting.category_label)
register.filter("category_labels", formatting.category_labels)
register.filter("initials", formatting.initials)
register.filter("day", formatting.day)
register.filter("language_name", formatting.language_name)


@register.filter
def signed_compact(value: float | None) -> str:
    return formatting.signed_compact_number(value)


@register.filter
def signed_percent(value: float | None) -> str:
    return formatting.percent(value, signed=True)


@register.simple_tag
def figure(value: float | None, kind: str = "number") -> SafeString:
    """<span title="1,234,567">1.2M</span>; kind "percent" for fractions, "signed" for a change."""
    if kind == "percent":
        short, exact = formatting.percent(value), formatting.exact_percent(value)
    elif kind == "signed":
        short, exact = formatting.signed_compact_number(value), formatting.exact_number(value)
    else:
        short, exact = formatting.compact_number(value), formatting.exact_number(value)
    return format_html('<span class="figure" title="{}">{}</span>', exact, short)


@register.filter
def iso_day(value: date | datetime | None) -> str:
    """2026-11-12, for <time datetime>."""
    if value is None:
        return ""
    return (value.date() if isinstance(value, datetime) else value).isoformat()
