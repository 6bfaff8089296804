"""search.indexing's hashtags and mentions read as they did when its pattern started with a lookbehind:
the faster pattern (led by the "#" or "@") and the one-casefold-a-term caption_tags must give exactly what
the earlier ones gave, for any text, since the stored columns and the search's matches depend on them."""

import re
import sys
import unicodedata
from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

from vetrina.search import indexing
from vetrina.search.indexing import (
    QueryTerms,
    caption_tags,
    caption_terms,
    query_terms,
    search_columns,
    term_spans,
    terms_held,
    word_set,
    words,
)


@cache
def earlier_pattern() -> re.Pattern[str]:
    marks = "".join(
        re.escape(chr(point))
        for point in range(min(sys.maxunicode, 0xFFFF) + 1)
        if unicodedata.category(chr(point)).startswith("M")
    )
    return re.compile(rf"(?<![\w{marks}#@])(?:#[\w{marks}]+|@[\w.]*\w)")


def earlier_caption_terms(text: str) -> list[str]:
    return [term.casefold() for term in earlier_pattern().findall(text)]


def earlier_caption_tags(captions: list[str]) -> str:
    found = sorted(set(earlier_caption_terms("\n".join(captions))))
    return " " + " ".join(found) + " " if found else ""


def earlier_query_terms(q: str) -> QueryTerms:
    pattern = earlier_pattern()
    return QueryTerms(
        words=indexing.words(pattern.sub(" ", q)),
        tags=list(dict.fromkeys(term.casefold() for term in pattern.findall(q))),
    )


# The characters around which hashtags and mentions start, end or may not start: signs, letters of several
# scripts and their combining marks, digits, "_", ".", spaces and line breaks, letters whose case-folding
# is longer ("ß", "ﬁ", "İ"), and a letter SQLite takes for a separator.
PIECES = [
    "#",
    "@",
    "##",
    "@@",
    ".",
    "_",
    " ",
    "\n",
    "a",
    "Z",
    "7",
    "é",
    "e\u0301",
    "\u093e",
    "भारत",
    "台灣",
    "ß",
    "ﬁ",
    "İ",
    "Σ",
    "\u19b0",
    "\u200d",
    "٣",
    "x@y.z",
    "#OOTD",
    "@Anna.Styles.",
    "🔥",
    ",",
    "(",
]
texts = st.one_of(
    st.lists(st.sampled_from(PIECES), max_size=24).map("".join),
    st.text(max_size=40),
)


@settings(max_examples=400, deadline=None)
@given(text=texts)
def test_caption_terms_and_their_places_are_those_the_earlier_pattern_found(text):
    assert caption_terms(text) == earlier_caption_terms(text)
    assert [(start, end) for start, end, _term in term_spans(text)] == [
        match.span() for match in earlier_pattern().finditer(text)
    ]
    assert query_terms(text) == earlier_query_terms(text)


@settings(max_examples=300, deadline=None)
@given(captions=st.lists(texts, max_size=6), asked=texts)
def test_caption_tags_search_columns_and_terms_held_are_as_before(captions, asked):
    assert caption_tags(captions) == earlier_caption_tags(captions)
    columns = search_columns(
        handle="anna.styles", display_name="Anna", bio="", categories=[], captions=captions
    )
    assert columns["caption_tags"] == earlier_caption_tags([caption for caption in captions if caption])
    for caption in captions:
        asked_terms = earlier_query_terms(asked)
        tagged = set(earlier_caption_terms(caption))
        folded = caption.casefold()
        said = indexing.words(caption)
        expected = sum(
            1 for word in asked_terms.words if word in folded and any(w.startswith(word) for w in said)
        )
        expected += sum(1 for tag in asked_terms.tags if tag in folded and tag in tagged)
        assert terms_held(caption, query_terms(asked)) == expected


@settings(max_examples=400, deadline=None)
@given(text=st.one_of(texts, st.lists(texts, max_size=6).map("\n".join)))
def test_the_word_set_holds_the_words_found_one_by_one(text):
    assert word_set(text) == set(words(text))


def test_the_word_set_splits_where_words_end_in_any_script():
    text = (
        "Café crème_brûlée—straße İstanbul x²y ①② ٣٤ naïve e\u0301 你好,世界 #Tag @men.tion 😀word😀 A_B__c"
    )
    assert word_set(text) == set(words(text))
    assert {"café", "crème", "brûlée", "strasse", "word", "a", "b", "c", "tag", "men", "tion"} <= word_set(
        text
    )
    assert word_set("a \ud800b\udfff") == set(words("a \ud800b\udfff")) == {"a", "b"}
