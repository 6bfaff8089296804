"""The search page's own template helper; its cards use vetrina.lib's `formatting` filters."""

from django import template

register = template.Library()


@register.filter
def split_words(text: str) -> list[str]:
    return text.split()
