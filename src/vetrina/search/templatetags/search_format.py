"""The search page's own template helper; its cards use vetrina.lib's `formatting` filters."""

from django import template
from django.utils.safestring import SafeString

from vetrina.metrics.authenticity import is_suspicious
from vetrina.search.presentation import caption_marked

register = template.Library()


@register.filter
def split_words(text: str) -> list[str]:
    return text.split()


@register.filter
def suspicious(score: float | None) -> bool:
    """An authenticity score under the threshold the metrics page calls suspicious (docs/numbers.md)."""
    return bool(is_suspicious(score))


@register.filter
def marked_caption(caption: str, q: str) -> SafeString:
    """The caption that matched, escaped, the words and tags of the search `q` marked."""
    return caption_marked(caption, q)
