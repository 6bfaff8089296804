"""Text helpers of the search page's cards; its numbers use vetrina.lib's `formatting` filters."""

from django import template

register = template.Library()


@register.filter
def initials(name: str) -> str:
    """AS for Asha Sharma: the avatar of a card."""
    letters = [word[0] for word in name.split() if word[:1].isalnum()]
    return "".join(letters[:2]).upper() or "?"


@register.filter
def split_words(text: str) -> list[str]:
    return text.split()
