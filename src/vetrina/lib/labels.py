"""Words a page writes many times, such as the twenty cards of a search page: translated once per
language rather than by {% translate %} in each card, and sentences filled as {% blocktranslate %}
fills them."""

from typing import Any

from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from vetrina.lib.stencils import escaped


class Labels:
    """Lazily translated words, read in the active language; each language is looked up once."""

    def __init__(self, **words: Promise) -> None:
        self._words = words
        self._in: dict[str | None, dict[str, str]] = {}

    def now(self) -> dict[str, str]:
        language = get_language()
        found = self._in.get(language)
        if found is None:
            found = self._in[language] = {key: str(word) for key, word in self._words.items()}
        return found


def filled(sentence: str, **values: Any) -> SafeString:
    """As {% blocktranslate %} fills a sentence: the values escaped, the translated words as they are."""
    return mark_safe(sentence % {name: escaped(value) for name, value in values.items()})
