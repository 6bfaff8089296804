"""The search against a plain-Python reading of docs/api.md, over the same raw data.

The creators are generated with few distinct values, so that filters land exactly on bounds, numbers
are often undefined and sorts often tie. The expected result is computed here from the raw rows, never
by the code under test.
"""

import random
import re
from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vetrina.creators.tests.factories import AudienceCountryFactory, CreatorFactory
from vetrina.search import selectors
from vetrina.search.tests import reading_whole_up_to

WORDS = ["anna", "annie", "bo", "bob", "style", "styles", "über", "tech", "fit", "food", "travel", "daily"]
COUNTRIES = ["US", "GB", "IN", "TW", "DE"]
CATEGORIES = ["fashion", "beauty", "tech", "food", "travel", "fitness"]
# Their names as the pages show them, in English and in Italian: a word of the query starting a word of
# a name finds the category's creators (docs/api.md).
CATEGORY_NAMES = {
    "fashion": ["Fashion", "Moda"],
    "beauty": ["Beauty"],
    "tech": ["Tech", "Tecnologia"],
    "food": ["Food & drink"],
    "travel": ["Travel", "Viaggi"],
    "fitness": ["Fitness"],
}
AUDIENCE_COUNTRIES = ["US", "IN", "GB", "BR"]
REACH = [None, 0, 999, 1000, 50_000, 120_000, 1_000_000]
AVG_VIEWS = [None, 0.0, 500.5, 1000.0, 25_000.0]
RATES = [None, 0.0, 0.03, 0.035, 0.05, 0.12]
GROWTH = [None, -0.1, 0.0, 0.02, 0.2]
AUTHENTICITY = [None, 0.0, 49.5, 50.0, 88.0]
SHARES = [None, 0.0, 0.1, 0.3, 0.5, 0.75]
AGE_COLUMNS = {"13-17": "audience_age_13_17", "18-24": "audience_age_18_24", "25-34": "audience_age_25_34"}
GENDER_COLUMNS = {"female": "audience_gender_female", "male": "audience_gender_male"}
DEVICE_COLUMNS = {"ios": "audience_device_ios", "android": "audience_device_android"}
SORTS = {
    "followers": "reach",
    "avg_views": "avg_views",
    "engagement_rate": "engagement_rate",
    "growth": "follower_growth_rate_30d",
    "authenticity": "authenticity_score",
}


def generated_creators(count: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    creators = []
    for index in range(count):
        first, second = rng.choice(WORDS), rng.choice(WORDS)
        creator: dict[str, Any] = {
            "handle": f"{first.replace('ü', 'u')}{rng.choice(['.', '_', ''])}{second.replace('ü', 'u')}{index}",
            "display_name": f"{first.capitalize()} {rng.choice(WORDS).upper()}",
            "bio": " ".join(
                rng.choice(WORDS) + rng.choice(["", ",", "!", "-x"]) for _ in range(rng.randint(0, 4))
            ),
            "country": rng.choice(COUNTRIES),
            "categories": rng.sample(CATEGORIES, rng.randint(1, 3)),
            "verified": rng.random() < 0.85,
            "reach": rng.choice(REACH),
            "avg_views": rng.choice(AVG_VIEWS),
            "engagement_rate": rng.choice(RATES),
            "follower_growth_rate_30d": rng.choice(GROWTH),
            "authenticity_score": rng.choice(AUTHENTICITY),
            "audience_activity_active": rng.choice(SHARES),
        }
        for columns in (AGE_COLUMNS, GENDER_COLUMNS, DEVICE_COLUMNS):
            for column in columns.values():
                creator[column] = rng.choice(SHARES)
        creator["audience_countries"] = {
            country: rng.choice([0.0, 0.1, 0.3, 0.5, 0.75, 0.8])
            for country in rng.sample(AUDIENCE_COUNTRIES, rng.randint(0, 3))
        }
        creators.append(creator)
    return creators


def stored(creators: list[dict[str, Any]]) -> None:
    for creator in creators:
        fields = {key: value for key, value in creator.items() if key != "audience_countries"}
        row = CreatorFactory.create(**fields)
        for country, share in creator["audience_countries"].items():
            AudienceCountryFactory.create(creator=row, country=country, share=share)


# The expected search, read from docs/api.md ------------------------------------------------


def word_list(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text.lower())


def at_least(value: float | None, bound: Any) -> bool:
    return bound is None or (value is not None and value >= float(bound))


def at_most(value: float | None, bound: Any) -> bool:
    return bound is None or (value is not None and value <= float(bound))


def share_at_least(share: float | None, bound: Any) -> bool:
    # A missing share is a share of 0.
    return bound is None or (share or 0.0) >= float(bound)


def matches(creator: dict[str, Any], params: dict[str, Any]) -> bool:
    if not creator["verified"]:
        return False
    creator_words = word_list(f"{creator['handle']} {creator['display_name']} {creator['bio']}")
    # A category's name counts by its words of three letters or more, and for typed words of three or more.
    named = word_list(" ".join(name for c in creator["categories"] for name in CATEGORY_NAMES[c]))
    category_words = [word for word in named if len(word) >= 3]
    for word in word_list(params.get("q", "")):
        candidates = creator_words + (category_words if len(word) >= 3 else [])
        if not any(candidate.startswith(word) for candidate in candidates):
            return False
    if params.get("country") and creator["country"] not in params["country"]:
        return False
    if params.get("category") and not set(creator["categories"]) & set(params["category"]):
        return False
    checks = [
        at_least(creator["reach"], params.get("followers_min")),
        at_most(creator["reach"], params.get("followers_max")),
        at_least(creator["avg_views"], params.get("avg_views_min")),
        at_most(creator["avg_views"], params.get("avg_views_max")),
        at_least(creator["engagement_rate"], params.get("er_min")),
        at_least(creator["authenticity_score"], params.get("authenticity_min")),
        share_at_least(creator["audience_activity_active"], params.get("audience_active_min")),
    ]
    if "audience_country" in params:
        share = creator["audience_countries"].get(params["audience_country"])
        checks.append(share_at_least(share, params.get("audience_country_min")))
    for name, columns in (("age", AGE_COLUMNS), ("gender", GENDER_COLUMNS), ("device", DEVICE_COLUMNS)):
        if f"audience_{name}" in params:
            share = creator[columns[params[f"audience_{name}"]]]
            checks.append(share_at_least(share, params.get(f"audience_{name}_min")))
    return all(checks)


def expected(creators: list[dict[str, Any]], params: dict[str, Any]) -> list[str]:
    sort = params.get("sort", "followers")
    column = SORTS[sort.removeprefix("-")]
    found = sorted((creator for creator in creators if matches(creator, params)), key=lambda c: c["handle"])
    defined = [creator for creator in found if creator[column] is not None]
    undefined = [creator for creator in found if creator[column] is None]
    # Stable sorts: equal numbers keep the handle order, in either direction.
    defined.sort(key=lambda creator: creator[column], reverse=not sort.startswith("-"))
    return [creator["handle"] for creator in defined + undefined]


# Random searches --------------------------------------------------------------------------------------


def values_or_any(values: list[Any], other: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    # Mostly a value some creator has, exactly on the bound; sometimes any value.
    stored_value = st.sampled_from([value for value in values if value is not None])
    return st.one_of(stored_value, stored_value, stored_value, other)


def prefix_of_a_word() -> st.SearchStrategy[str]:
    return st.sampled_from(WORDS).flatmap(
        lambda word: st.integers(1, len(word)).map(lambda n: word[:n])
    ) | st.sampled_from(["zz", "ANN", "st", "x", "moda", "Tecn", "viag", "drink", "fash", "beauty"])


SHARE = values_or_any(SHARES, st.floats(0, 1))
OPTIONAL = {
    "q": st.lists(prefix_of_a_word(), min_size=1, max_size=3).map(" ".join),
    "country": st.lists(st.sampled_from(COUNTRIES), min_size=1, max_size=3),
    "category": st.lists(st.sampled_from(CATEGORIES), min_size=1, max_size=3),
    "followers_min": values_or_any(REACH, st.integers(0, 2_000_000)),
    "followers_max": values_or_any(REACH, st.integers(0, 2_000_000)),
    "avg_views_min": values_or_any(AVG_VIEWS, st.floats(0, 30_000)),
    "avg_views_max": values_or_any(AVG_VIEWS, st.floats(0, 30_000)),
    "er_min": values_or_any(RATES, st.floats(0, 1)),
    "authenticity_min": values_or_any(AUTHENTICITY, st.floats(0, 100)),
    "audience_country": st.tuples(st.sampled_from(AUDIENCE_COUNTRIES), SHARE),
    "audience_age": st.tuples(st.sampled_from(list(AGE_COLUMNS)), SHARE),
    "audience_gender": st.tuples(st.sampled_from(list(GENDER_COLUMNS)), SHARE),
    "audience_device": st.tuples(st.sampled_from(list(DEVICE_COLUMNS)), SHARE),
    "audience_active_min": SHARE,
}
ALL_SORTS = [direction + sort for sort in SORTS for direction in ("", "-")]


@st.composite
def searches(draw: st.DrawFn) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for name in draw(st.lists(st.sampled_from(list(OPTIONAL)), max_size=4, unique=True)):
        value = draw(OPTIONAL[name])
        if isinstance(value, tuple):
            params[name], params[f"{name}_min"] = value
        else:
            params[name] = value
    params["sort"] = draw(st.sampled_from(ALL_SORTS))
    params["page"] = draw(st.integers(1, 3))
    params["page_size"] = draw(st.integers(1, 100))
    return params


def query(params: dict[str, Any]) -> dict[str, Any]:
    # Floats as their shortest decimal, which reads back as the same float: bounds stay exact.
    return {name: repr(value) if isinstance(value, float) else value for name, value in params.items()}


@pytest.fixture
def creators(db) -> list[dict[str, Any]]:
    data = generated_creators(90, seed=8)
    stored(data)
    return data


# Both ways a search is answered: every match read once and sorted (up to FEW), or the page through the
# indexes with the count beside it (FEW set below most results here).
@pytest.mark.parametrize("few", [selectors.FEW, 3])
def test_it_finds_exactly_what_the_design_says_for_random_searches(creators, brand_member, few, monkeypatch):
    reading_whole_up_to(monkeypatch, few)
    client = Client()
    client.force_login(brand_member)
    runs = []

    @settings(max_examples=220, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(searches())
    def search_agrees(params: dict[str, Any]) -> None:
        response = client.get("/api/v1/creators", query(params))
        assert response.status_code == 200, response.json()
        body = response.json()
        everything = expected(creators, params)
        offset = (params["page"] - 1) * params["page_size"]
        # 90 creators: far below EXACT_COUNT_UP_TO, so every count is exact and says so.
        assert body["count"] == len(everything)
        assert body["count_is_estimate"] is False
        assert [card["handle"] for card in body["results"]] == everything[
            offset : offset + params["page_size"]
        ]
        runs.append(params)

    search_agrees()
    assert len(runs) >= 200
    # The searches did reach both ends: some found nobody, some many.
    assert any(expected(creators, params) == [] for params in runs)
    assert any(len(expected(creators, params)) > 20 for params in runs)


@pytest.mark.parametrize("sort", ALL_SORTS)
def test_every_sort_orders_every_creator_with_undefined_numbers_last(creators, brand_member, sort):
    client = Client()
    client.force_login(brand_member)

    body = client.get("/api/v1/creators", {"sort": sort, "page_size": 100}).json()

    assert [card["handle"] for card in body["results"]] == expected(creators, {"sort": sort})
    column = SORTS[sort.removeprefix("-")]
    assert any(creator[column] is None and creator["verified"] for creator in creators)


def test_a_word_of_one_or_two_letters_does_not_name_a_category(brand_member):
    # "f" starts Fashion, Fitness and Food; "e" is a word of an Italian name ("Cibo e bevande")
    CreatorFactory.create(handle="zed", display_name="Zed", bio="", categories=["fashion"])
    CreatorFactory.create(handle="yan", display_name="Yan", bio="", categories=["food"])
    client = Client()
    client.force_login(brand_member)

    def found(q: str) -> list[str]:
        return sorted(card["handle"] for card in client.get("/api/v1/creators", {"q": q}).json()["results"])

    assert found("f") == []
    assert found("e") == []
    assert found("fa") == []
    assert found("fas") == ["zed"]
    assert found("foo") == ["yan"]
