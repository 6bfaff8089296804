"""Who a generated creator is: a name from the market's pools, and the display name, handle, bio and
manager's address made from it. The words are in `vocabulary.py`."""

import random
from collections.abc import Sequence
from dataclasses import dataclass

from vetrina.demo import profiles as p
from vetrina.demo import vocabulary as words


@dataclass(frozen=True, slots=True)
class Person:
    first: str  # as displayed
    last: str
    first_slug: str  # as in a handle
    last_slug: str
    chinese: str  # the name in characters (Taiwan), else ""


_SLUGS = {
    name: words.ascii_slug(name)
    for pool in (*words.FIRST_NAMES.values(), *words.LAST_NAMES.values(), words.TW_ENGLISH_NAMES)
    for name in pool
} | {
    latin: words.ascii_slug(latin) for pool in (words.TW_SURNAMES, words.TW_GIVEN_NAMES) for _, latin in pool
}


def _pick[T](rng: random.Random, values: Sequence[T]) -> T:
    return values[int(rng.random() * len(values))]


def person(rng: random.Random, market: str) -> Person:
    if market == "TW":
        surname, surname_latin = _pick(rng, words.TW_SURNAMES)
        given, given_latin = _pick(rng, words.TW_GIVEN_NAMES)
        first = _pick(rng, words.TW_ENGLISH_NAMES) if rng.random() < 0.5 else given_latin
        return Person(first, surname_latin, _SLUGS[first], _SLUGS[surname_latin], surname + given)
    first = _pick(rng, words.FIRST_NAMES[market])
    last = _pick(rng, words.LAST_NAMES[market])
    return Person(first, last, _SLUGS[first], _SLUGS[last], "")


def display_name(rng: random.Random, person: Person, category: str) -> str:
    roll = rng.random()
    topic = words.CATEGORY_WORDS[category]
    if person.chinese:
        if roll < 0.35:
            return person.chinese  # 陳怡君
        if roll < 0.6:
            return f"{person.first} {person.last}"  # Vivian Chen
        if roll < 0.8:
            return f"{person.chinese} {person.first}"  # 陳怡君 Vivian
        return f"{person.chinese}｜{topic.chinese}"  # 陳怡君｜美食
    if roll < 0.7:
        return f"{person.first} {person.last}"
    if roll < 0.82:
        return person.first
    if roll < 0.92:
        return f"{person.first} {person.last} {topic.emoji}"
    return f"{person.first} {_pick(rng, topic.handle_words).title()}"  # Priya Cooks


def bio(rng: random.Random, market: str, category: str) -> str:
    if rng.random() < p.NO_BIO_SHARE:
        return ""
    topic = words.CATEGORY_WORDS[category]
    return _pick(rng, words.BIO_PATTERNS[market]).format(
        line=_pick(rng, topic.bio_lines),
        emoji=topic.emoji,
        city=_pick(rng, words.CITIES[market]),
        chinese=topic.chinese,
        german=topic.german,
    )


def handle_base(rng: random.Random, person: Person, market: str, category: str) -> str:
    first, last = person.first_slug, person.last_slug
    word = _pick(rng, words.CATEGORY_WORDS[category].handle_words)
    # A birth year's last two digits, or any number.
    digits = f"{rng.randint(85, 105) % 100:02d}" if rng.random() < 0.5 else str(rng.randint(1, 999))
    match p.HANDLE_SHAPES.pick(rng):
        case "first.last":
            return f"{first}.{last}"
        case "first_last":
            return f"{first}_{last}"
        case "firstlast":
            return f"{first}{last}"
        case "first.word":
            return f"{first}.{word}"
        case "firstword":
            return f"{first}{word}"
        case "first+digits":
            return f"{first}{digits}"
        case "first.initial":
            return f"{first}.{last[0]}"
        case "its+firstlast":
            return f"its{first}{last}"
        case "the+firstlast":
            return f"the{first}{last}"
        case "first.tag":
            return f"{first}.{_pick(rng, words.MARKET_TAGS[market])}"
        case "_first.last":
            return f"_{first}.{last}"
        case _:
            return f"{first}{last}{digits}"


def claim(rng: random.Random, base: str, taken: set[str]) -> str:
    """The handle, or when it is taken a variant with a number, as people do (priya.cooks_23)."""
    base = base[:56]  # room for the number within the 64 characters a handle may have
    handle = base
    limit = 99
    while handle in taken:
        handle = f"{base}{_pick(rng, ('', '_', '.'))}{rng.randint(1, limit)}"
        limit = min(limit * 10, 9_999_999)
    taken.add(handle)
    return handle


def manager_email(rng: random.Random, handle: str) -> str:
    name = words.ascii_slug(handle)
    if rng.random() < 0.6:
        return f"{_pick(rng, words.MANAGER_MAILBOXES)}@{name}.example"
    return f"{name}@{_pick(rng, words.AGENCIES)}.example"
