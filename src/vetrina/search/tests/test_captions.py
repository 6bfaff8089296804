"""Search inside the videos (docs/api.md): `q`'s words against the captions, its hashtags and mentions
against theirs exactly, and the caption each card shows, against a plain-Python reading over the raw
captions."""

import random
import re
import unicodedata
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vetrina.creators.models import Creator
from vetrina.creators.tests.factories import CreatorFactory, VideoFactory
from vetrina.search import selectors
from vetrina.search.indexing import search_text
from vetrina.search.services import search_columns_refresh
from vetrina.search.tests import reading_whole_up_to

PROFILE_WORDS = ["anna", "bo", "style", "tech", "daily"]
# "\u19b0" is a letter (New Tai Lue) that SQLite's Unicode tables take for a separator, and the vowel
# sign in "#भारत" a mark: a text index that split "techᦰhaul" or "#भारत" there would find "haul", "#tech"
# or "#भ" in them, and the search uses its indexes' matches unchecked (search.indexes).
CAPTION_WORDS = [
    "blazer",
    "blazers",
    "thrift",
    "Über",
    "haul",
    "cat",
    "Cats",
    "día",
    "part",
    "tech\u19b0haul",
    # PostgreSQL's text parser split these where search's words do not: "1e5" is a number to it, "²"
    # no letter, so "abc" and "y" seemed to start a word.
    "1e5abc",
    "x²y",
]
TAGS = [
    "#cat",
    "#catlover",
    "#Cat",
    "#CATS",
    "#ootd",
    "#fürdich",
    "#台灣",
    "#snake_case",
    "#भारत",
    "#tech\u19b0haul",
]
MENTIONS = ["@anna", "@anna.styles", "@Bo_x", "@bo"]
GLUE = [" ", ", ", "! ", " (", ") ", "…", "\n", "#", "@", "a@"]
START = datetime(2026, 10, 1, 12, tzinfo=UTC)


def generated(count: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    creators = []
    for index in range(count):
        captions = []
        for _ in range(rng.randint(0, 4)):
            pieces = rng.choices(CAPTION_WORDS + TAGS + MENTIONS + PROFILE_WORDS, k=rng.randint(0, 5))
            captions.append("".join(piece + rng.choice(GLUE) for piece in pieces).strip())
        creators.append(
            {
                "handle": f"{rng.choice(PROFILE_WORDS)}.{index}",
                "bio": " ".join(rng.sample(PROFILE_WORDS, rng.randint(0, 2))),
                "reach": rng.choice([None, 10, 20, 30]),
                "verified": rng.random() < 0.9,
                # Newest first; two videos may share a moment (then the higher id is the newer).
                "videos": [(START - timedelta(hours=rng.randint(0, 3)), caption) for caption in captions],
            }
        )
    return creators


def stored(creators: list[dict[str, Any]]) -> None:
    for creator in creators:
        row = CreatorFactory.create(
            handle=creator["handle"],
            display_name=creator["handle"].split(".")[0].title(),
            bio=creator["bio"],
            categories=["tech"],
            reach=creator["reach"],
            verified=creator["verified"],
        )
        for posted_at, caption in creator["videos"]:
            VideoFactory.create(creator=row, posted_at=posted_at, caption=caption)
    # The factories write the profile's columns; the captions' come as `vetrina recompute` writes them.
    search_columns_refresh()


# The expected search, read from docs/api.md --------------------------------------------------------


def word_list(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text.casefold())


def tags_of(text: str) -> set[str]:
    # Written out here, not taken from the code under test: "#" then letters (with their marks), digits
    # and "_"; "@" then letters, digits, "_" and ".", not ending with "."; never right after a letter,
    # a digit, "_", "#" or "@".
    found = set()
    for start, sigil in enumerate(text):
        before = text[start - 1] if start else " "
        if sigil not in "#@" or before.isalnum() or before in "_#@" or _is_mark(before):
            continue
        body = ""
        for char in text[start + 1 :]:
            if not (
                char.isalnum()
                or char == "_"
                or (sigil == "#" and _is_mark(char))
                or (sigil == "@" and char == ".")
            ):
                break
            body += char
        body = body.rstrip(".") if sigil == "@" else body
        if body:
            found.add((sigil + body).casefold())
    return found


def _is_mark(char: str) -> bool:
    return unicodedata.category(char).startswith("M")


def query_parts(q: str) -> tuple[list[str], list[str]]:
    tags = sorted(tags_of(q))
    rest = q
    for tag in sorted(tags_of(q), key=len, reverse=True):
        rest = re.sub(re.escape(tag), " ", rest, flags=re.IGNORECASE)
    return word_list(rest), tags


def holds(caption: str, word: str | None = None, tag: str | None = None) -> bool:
    if word is not None:
        return any(said.startswith(word) for said in word_list(caption))
    return tag in tags_of(caption)


def matches(creator: dict[str, Any], q: str) -> bool:
    if not creator["verified"]:
        return False
    query_words, tags = query_parts(q)
    captions = [caption for _, caption in creator["videos"]]
    profile = word_list(f"{creator['handle']} {creator['handle'].split('.')[0]} {creator['bio']}")
    # Every creator is in Tech ("Tecnologia" in Italian): a word of three letters or more names it.
    category = ["tech", "tecnologia"]
    for word in query_words:
        said = profile + [w for c in captions for w in word_list(c)]
        if not any(w.startswith(word) for w in said + (category if len(word) >= 3 else [])):
            return False
    return all(any(holds(c, tag=tag) for c in captions) for tag in tags)


def matched_caption(creator: dict[str, Any], q: str) -> str | None:
    query_words, tags = query_parts(q)
    best, best_held = None, 0
    # Newest first: the latest moment, then the video made last.
    for _, caption in sorted(
        enumerate(creator["videos"]), key=lambda item: (item[1][0], item[0]), reverse=True
    ):
        held = sum(holds(caption[1], word=w) for w in query_words) + sum(
            holds(caption[1], tag=t) for t in tags
        )
        if held > best_held:
            best, best_held = caption[1], held
    return best


def in_order(found: list[dict[str, Any]], *, ascending: bool) -> list[str]:
    # By reach, undefined last either way, ties by handle (a stable sort of the handle order).
    by_handle = sorted(found, key=lambda creator: creator["handle"])
    defined = sorted(
        (c for c in by_handle if c["reach"] is not None), key=lambda c: c["reach"], reverse=not ascending
    )
    return [creator["handle"] for creator in defined + [c for c in by_handle if c["reach"] is None]]


# Random searches ----------------------------------------------------------------------------------


def a_term() -> st.SearchStrategy[str]:
    prefixes = st.sampled_from(CAPTION_WORDS + PROFILE_WORDS).flatmap(
        lambda word: st.integers(1, len(word)).map(lambda n: word[:n])
    ) | st.sampled_from(["abc", "y", "e5", "X²"])
    tags = st.sampled_from(
        TAGS + MENTIONS + ["#ca", "#cat_", "@ann", "@anna.", "#", "@", "#zz", "@BO", "#भ", "#tech", "#snake"]
    )
    return st.one_of(prefixes, tags, tags)


@pytest.fixture
def creators(db) -> list[dict[str, Any]]:
    data = generated(70, seed=25)
    stored(data)
    return data


@pytest.mark.parametrize("few", [selectors.FEW, 3])
def test_words_hashtags_and_mentions_find_exactly_the_creators_whose_captions_hold_them(
    creators, brand_member, few, monkeypatch
):
    reading_whole_up_to(monkeypatch, few)
    client = Client()
    client.force_login(brand_member)
    runs = []

    @settings(max_examples=150, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(
        st.lists(a_term(), min_size=1, max_size=3).map(" ".join), st.sampled_from(["followers", "-followers"])
    )
    def search_agrees(q: str, sort: str) -> None:
        body = client.get("/api/v1/creators", {"q": q, "sort": sort, "page_size": "100"}).json()
        found = [creator for creator in creators if matches(creator, q)]
        assert body["count"] == len(found)
        assert [card["handle"] for card in body["results"]] == in_order(found, ascending=sort.startswith("-"))
        by_handle = {creator["handle"]: creator for creator in found}
        for card in body["results"]:
            assert card["matched_caption"] == matched_caption(by_handle[card["handle"]], q), card["handle"]
        runs.append(len(found))

    search_agrees()
    # The searches did reach both ends: some found nobody, some many.
    assert 0 in runs
    assert max(runs) > 10


def found(client: Client, q: str) -> list[str]:
    return sorted(card["handle"] for card in client.get("/api/v1/creators", {"q": q}).json()["results"])


def test_a_hashtag_or_a_mention_never_finds_a_longer_one(brand_member):
    for handle, caption in [
        ("cat.lover", "Sunday nap #catlover"),
        ("cat.only", "Sunday nap #CAT!"),
        ("anna.fan", "Duet with @anna.styles."),
        ("anna.friend", "Duet with @Anna, again"),
        ("mailer", "Write to me@anna.com #cats"),
    ]:
        VideoFactory.create(creator=CreatorFactory.create(handle=handle), caption=caption)
    search_columns_refresh()
    client = Client()
    client.force_login(brand_member)

    assert found(client, "#cat") == ["cat.only"]
    assert found(client, "#CatLover") == ["cat.lover"]
    assert found(client, "#cats") == ["mailer"]
    assert found(client, "@anna") == ["anna.friend"]
    assert found(client, "@anna.styles") == ["anna.fan"]
    # A word still finds the start of a caption's words, tags and mentions among them.
    assert found(client, "cat") == ["cat.lover", "cat.only", "mailer"]


def test_the_card_says_which_caption_matched(brand_member):
    creator = CreatorFactory.create(handle="asha.fits", bio="")
    VideoFactory.create(creator=creator, posted_at=START, caption="Leg day #gym")
    VideoFactory.create(creator=creator, posted_at=START - timedelta(days=1), caption="Thrift haul #ootd")
    VideoFactory.create(creator=creator, posted_at=START - timedelta(days=2), caption="Old thrift haul")
    search_columns_refresh()
    client = Client()
    client.force_login(brand_member)

    def card(q: str) -> dict[str, Any]:
        return client.get("/api/v1/creators", {"q": q}).json()["results"][0]

    assert card("thrift")["matched_caption"] == "Thrift haul #ootd"  # the newest holding it
    assert card("#OOTD")["matched_caption"] == "Thrift haul #ootd"
    assert card("asha")["matched_caption"] is None  # found by its handle, in no caption
    assert client.get("/api/v1/creators").json()["results"][0]["matched_caption"] is None


# Any text, any query word ---------------------------------------------------------------------------

# Letters and digits a database may read otherwise than search's words do (search.indexing): numbers
# ("1e5" is scientific notation to PostgreSQL's parser), digits and letters it takes for neither ("²",
# "①", "٣", "𝒜"), case that folds to more than lower case ("ß", "ſ", final "ς", "ǅ", Cherokee, whose
# case-folded form is its capital), Turkish "ı" and "İ" (an "i" and a mark), combining marks, and the
# characters between words.
ALPHABET = "aAbeE159 ²①٣𝒜ßſςσΣǅǆᎠꭰıİiIé\u0301\u093eभ_.-#"
LONG_WORDS = [
    "a" * 300,  # longer than PostgreSQL's index keeps of a word (search.indexes.WORD_PREFIX_CHARS)
    "é" * 260 + "b",
    "𝒜" * 600,  # longer than a lexeme's 2047 bytes
    "1e5" + "a" * 2100,
]


@st.composite
def text_and_query(draw: st.DrawFn) -> tuple[str, list[str]]:
    pieces = st.one_of(st.text(ALPHABET, max_size=12), st.sampled_from(LONG_WORDS))
    text = " ".join(draw(st.lists(pieces, max_size=6)))
    said = word_list(text)
    prefix = st.sampled_from(said).flatmap(lambda w: st.integers(1, len(w)).map(lambda n: w[:n]))
    asked = st.one_of(st.text(ALPHABET, min_size=1, max_size=6), *([prefix, prefix] if said else []))
    return text, word_list(" ".join(draw(st.lists(asked, min_size=1, max_size=3))))


def test_a_word_matches_exactly_the_texts_with_a_word_starting_with_it(db):
    """The match of words (selectors._text_has) against the rule read from the raw text, for texts and
    query words of any letters and digits: on PostgreSQL and SQLite, each reads its index alone."""
    creator = CreatorFactory.create(handle="any", display_name="", bio="", categories=[])
    # The index holds verified creators alone, as a search reads them (selectors._findable).
    verified = Creator.objects.filter(verified=True)
    if connection.vendor == "postgresql":
        # The index's own match (its entries' prefixes), not only its expression computed on the row.
        with connection.cursor() as cursor:
            cursor.execute("SET enable_seqscan = off")
            # Nor through another index finding the verified, read whole, which a table this small makes
            # cheaper: those go for this test (its transaction is rolled back, and they with it).
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'creators_creator' "
                "AND indexname <> 'search_words' AND indexdef LIKE '%verified%'"
            )
            for (name,) in cursor.fetchall():
                cursor.execute(f"DROP INDEX {name}")
        assert "search_words" in verified.filter(selectors._text_has(["a"])).order_by().explain()
    seen = []

    @settings(max_examples=400, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(text_and_query())
    def match_agrees(case: tuple[str, list[str]]) -> None:
        text, query_words = case
        Creator.objects.filter(pk=creator.pk).update(
            search_text=search_text(handle="", display_name="", bio=text)
        )
        said = word_list(text)
        expected = all(any(w.startswith(word) for w in said) for word in query_words)
        matched = verified.filter(selectors._text_has(query_words)).exists()
        assert matched == expected, (text, query_words)
        seen.append(expected)

    match_agrees()
    # Both answers came up: the texts were not all matched, nor all missed.
    assert True in seen
    assert False in seen
