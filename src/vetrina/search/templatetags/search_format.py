"""The search page's own template helpers; its cards' numbers are written by
search.presentation.card_figures_attach."""

import unicodedata

from django import template
from django.template.defaultfilters import stringfilter, truncatechars
from django.utils.safestring import SafeString

from vetrina.search.presentation import caption_marked

register = template.Library()


@register.filter
def split_words(text: str) -> list[str]:
    return text.split()


@register.filter(is_safe=True)
@stringfilter
def truncate_chars(text: str, length: int) -> str:
    """Django's truncatechars, with nothing to do for a text that is short enough already (most bios):
    truncatechars counts such a text character by character and looks up its ellipsis in the catalogue,
    some 20 us a card."""
    normalized = unicodedata.normalize("NFC", text)
    if len(normalized) <= length:
        return normalized  # what truncatechars gives it back
    return truncatechars(text, length)


@register.filter
def marked_caption(caption: str, q: str) -> SafeString:
    """The caption that matched, escaped, the words and tags of the search `q` marked."""
    return caption_marked(caption, q)
