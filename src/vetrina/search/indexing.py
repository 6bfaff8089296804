"""The columns search reads instead of the profile itself: the words of a creator's handle, name and bio,
and the creator's categories as bits. Written by the import (ingest.columns) and `vetrina recompute`.

Text is matched word by word (docs/api.md): every word of the query must start a word of the
handle, name or bio, ignoring case. A word is a run of letters and digits, so "anna.styles" and
"anna_styles" both have the words "anna" and "styles". `search_text` keeps those words case-folded,
each after a space, so "starts a word" is `LIKE '% word%'` on either database, and a text index can
serve it.
"""

import re
from collections.abc import Iterable

from vetrina.lib.categories import CATEGORIES

WORD = re.compile(r"[^\W_]+")

# One bit per category, in the vocabulary's order. A new category must be added at the end of
# CATEGORIES' bits (or `vetrina recompute` run) so that stored masks keep their meaning.
CATEGORY_BITS: dict[str, int] = {category: 1 << index for index, category in enumerate(CATEGORIES)}


def words(text: str) -> list[str]:
    return WORD.findall(text.casefold())


def search_text(*, handle: str, display_name: str, bio: str) -> str:
    found = [*words(handle), *words(display_name), *words(bio)]
    return " " + " ".join(found) + " " if found else ""


def category_mask(categories: Iterable[str]) -> int:
    mask = 0
    for category in categories:
        mask |= CATEGORY_BITS.get(category, 0)
    return mask


def search_columns(
    *, handle: str, display_name: str, bio: str, categories: Iterable[str]
) -> dict[str, object]:
    """The Creator fields search reads, from the profile fields they stand for."""
    return {
        "search_text": search_text(handle=handle, display_name=display_name, bio=bio),
        "category_mask": category_mask(categories),
    }
