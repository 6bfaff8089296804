"""The columns search reads instead of the profile and the videos themselves: the words of a creator's
handle, name, bio and captions, the hashtags and mentions of the captions, and the creator's categories
as bits. Written by the import (ingest.columns) and `vetrina recompute`.

Text is matched word by word (docs/api.md): every word of the query must start a word of the
handle, name, bio or a caption, ignoring case. A word is a run of letters and digits, so "anna.styles"
and "anna_styles" both have the words "anna" and "styles". `search_text` keeps those words case-folded,
each after a space (the profile's as they come, then each word of the captions the profile lacks, once),
so "starts a word" is `LIKE '% word%'` on either database, and a text index can serve it.

Hashtags and mentions are matched whole (`caption_terms`): `caption_tags` keeps each one a creator's
captions hold, case-folded with its "#" or "@", once, each between spaces, so "#cat" is
`LIKE '% #cat %'` and never finds "#catlover".
"""

import re
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from vetrina.lib.categories import CATEGORIES

WORD = re.compile(r"[^\W_]+")

# One bit per category, in the vocabulary's order. A new category must be added at the end of
# CATEGORIES' bits (or `vetrina recompute` run) so that stored masks keep their meaning.
CATEGORY_BITS: dict[str, int] = {category: 1 << index for index, category in enumerate(CATEGORIES)}


def words(text: str) -> list[str]:
    return WORD.findall(text.casefold())


# Every ASCII byte but a letter or a digit (each ends a word) made a space; the bytes of other characters
# (0x80 and up) left as they are.
_ASCII_BREAKS = bytes(byte if byte >= 0x80 or chr(byte).isalnum() else 0x20 for byte in range(256))


def word_set(text: str) -> set[str]:
    """The words `words` finds in a text, each once, in no order: for the captions, thousands of
    characters a creator.

    Split at every ASCII character that is not a letter or a digit in C (a byte table and str.split),
    which is where most words end; only the few pieces left with other characters in them go through
    WORD, which ends words at the other scripts' punctuation, emoji and the like. Half the time of
    `words` on the generator's captions (32 against 63 µs a creator)."""
    # surrogatepass: a lone surrogate (which no stored text holds) stays a character, as for `words`.
    folded = text.casefold().encode("utf-8", "surrogatepass").translate(_ASCII_BREAKS)
    pieces = set(folded.decode("utf-8", "surrogatepass").split())
    if text.isascii():
        return pieces
    others = [piece for piece in pieces if not piece.isascii()]
    pieces.difference_update(others)
    for piece in others:
        pieces.update(WORD.findall(piece))
    return pieces


@cache
def _terms_pattern() -> re.Pattern[str]:
    # Python's \w leaves out the combining marks many scripts write their vowels and accents with
    # ("#भारत" would stop after its first letter): a hashtag takes them too. Made once, when first used.
    marks = "".join(
        re.escape(chr(point))
        for point in range(min(sys.maxunicode, 0xFFFF) + 1)
        if unicodedata.category(chr(point)).startswith("M")
    )
    # Each alternative starts with its sign, so that the engine skips from one "#" or "@" to the next;
    # what may not come right before the sign is checked once it is read (a lookbehind of two
    # characters). Led by a lookbehind, the pattern was tried at every character of every caption: a
    # third of the import's time on the search columns.
    before = rf"[\w{marks}#@]"
    return re.compile(rf"#(?<!{before}#)[\w{marks}]+|@(?<!{before}@)[\w.]*\w")


def caption_terms(text: str) -> list[str]:
    """The hashtags and mentions of a text, case-folded, in order: "#OOTD with @anna.styles." gives
    "#ootd" and "@anna.styles".

    A hashtag is "#" and then letters of any script (with their marks), digits and underscores; a
    mention is "@" and then letters, digits, underscores and dots, not ending with a dot. Neither
    starts right after a letter, a digit, "_", "#" or "@": an e-mail address holds no mention, "##cat"
    no hashtag."""
    return [term.casefold() for term in _terms_pattern().findall(text)]


@dataclass(frozen=True)
class QueryTerms:
    """What a search's `q` asks for: words, each the start of a word, and hashtags and mentions, whole."""

    words: list[str]
    tags: list[str]  # hashtags and mentions, with their "#" or "@"


def query_terms(q: str) -> QueryTerms:
    """`q`'s hashtags and mentions (as `caption_terms` reads a caption), and the words of the rest."""
    pattern = _terms_pattern()
    return QueryTerms(
        words=words(pattern.sub(" ", q)),
        tags=list(dict.fromkeys(term.casefold() for term in pattern.findall(q))),
    )


def terms_held(caption: str, terms: QueryTerms) -> int:
    """How many of the words and tags asked for the caption holds: a word of the caption starting with
    the word, the hashtag or mention itself."""
    folded = caption.casefold()
    # Whatever a caption holds is part of its case-folded text: most captions are ruled out here.
    asked_words = [word for word in terms.words if word in folded]
    asked_tags = [tag for tag in terms.tags if tag in folded]
    held = 0
    if asked_words:
        said = words(caption)
        held += sum(1 for word in asked_words if any(w.startswith(word) for w in said))
    if asked_tags:
        tagged = set(caption_terms(caption))
        held += sum(1 for tag in asked_tags if tag in tagged)
    return held


def search_text(*, handle: str, display_name: str, bio: str, captions: Iterable[str] = ()) -> str:
    found = [*words(handle), *words(display_name), *words(bio)]
    known = set(found)
    said = sorted(word_set("\n".join(captions)) - known)
    found += said
    return " " + " ".join(found) + " " if found else ""


def caption_tags(captions: Iterable[str]) -> str:
    """The captions' hashtags and mentions (`caption_terms`), each once, sorted, each between spaces."""
    # One pass over the captions joined: a line break ends a hashtag or mention as a space does. Each
    # term is case-folded once, however many captions hold it.
    found = sorted({term.casefold() for term in set(_terms_pattern().findall("\n".join(captions)))})
    return " " + " ".join(found) + " " if found else ""


def category_mask(categories: Iterable[str]) -> int:
    mask = 0
    for category in categories:
        mask |= CATEGORY_BITS.get(category, 0)
    return mask


def search_columns(
    *, handle: str, display_name: str, bio: str, categories: Iterable[str], captions: Iterable[str] = ()
) -> dict[str, object]:
    """The Creator fields search reads, from the profile fields and the captions they stand for."""
    captions = [caption for caption in captions if caption]
    return {
        "search_text": search_text(handle=handle, display_name=display_name, bio=bio, captions=captions),
        "caption_tags": caption_tags(captions),
        "category_mask": category_mask(categories),
    }


def term_spans(text: str) -> list[tuple[int, int, str]]:
    """Where the hashtags and mentions of a text are, each with its case-folded form."""
    return [
        (match.start(), match.end(), match.group().casefold()) for match in _terms_pattern().finditer(text)
    ]
