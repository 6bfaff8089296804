"""The count: exact up to EXACT_COUNT_UP_TO, and above it, on PostgreSQL, an estimate that says so."""

import pytest
from django.db import connection
from django.test import Client

from vetrina.creators.tests.factories import CreatorFactory
from vetrina.search import selectors
from vetrina.search.tests import reading_whole_up_to


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def creators(db) -> None:
    for index in range(12):
        CreatorFactory.create(handle=f"in{index}", country="IN", reach=1000 + index)
    for index in range(3):
        CreatorFactory.create(handle=f"us{index}", country="US", reach=index)
    CreatorFactory.create(handle="hidden", country="IN", verified=False)


def test_a_count_up_to_the_threshold_is_exact(creators, brand_member, monkeypatch):
    reading_whole_up_to(monkeypatch, 5)  # counted, not read whole
    monkeypatch.setattr(selectors, "EXACT_COUNT_UP_TO", 12)

    body = client_for(brand_member).get("/api/v1/creators", {"country": "IN"}).json()

    assert (body["count"], body["count_is_estimate"]) == (12, False)


# The first query reads a few matches whole (FEW) or, as PostgreSQL's does, as many as are counted
# exactly: then finding more than that is the whole exact count, and only the estimate is left to make.
@pytest.mark.parametrize("few", [5, 11])
def test_above_the_threshold_postgresql_estimates_and_says_so(creators, brand_member, monkeypatch, few):
    reading_whole_up_to(monkeypatch, few)
    monkeypatch.setattr(selectors, "EXACT_COUNT_UP_TO", 11)
    client = client_for(brand_member)

    body = client.get("/api/v1/creators", {"country": "IN", "page_size": "5"}).json()
    page = client.get("/search/", {"country": "IN", "page_size": "5"})

    assert [card["handle"] for card in body["results"]] == ["in11", "in10", "in9", "in8", "in7"]
    heading = page.content.decode()
    if connection.vendor == "postgresql":
        # A table this small is sampled whole (it was never analyzed): the estimate is the number itself.
        assert (body["count"], body["count_is_estimate"]) == (12, True)
        assert type(page.context["result"].count) is int
        assert "about 12 creators" in heading
        # An estimate knows no last page: the next one only.
        assert page.context["pages"]["next"] is not None
        assert [link["number"] for link in page.context["pages"]["numbers"]] == [1, 2]
    else:
        assert (body["count"], body["count_is_estimate"]) == (12, False)
        assert "about" not in heading
        assert [link["number"] for link in page.context["pages"]["numbers"]] == [1, 2, 3]


@pytest.mark.parametrize("few", [5, 11])
def test_the_estimate_of_a_word_search_counts_the_words_matches(creators, brand_member, monkeypatch, few):
    # The sample checks each row's words itself (the LIKE of a walk), not through the text index.
    reading_whole_up_to(monkeypatch, few)
    monkeypatch.setattr(selectors, "EXACT_COUNT_UP_TO", 11)

    body = client_for(brand_member).get("/api/v1/creators", {"q": "IN", "page_size": "5"}).json()

    expected = (12, True) if connection.vendor == "postgresql" else (12, False)
    assert (body["count"], body["count_is_estimate"]) == expected
    assert [card["handle"] for card in body["results"]] == ["in11", "in10", "in9", "in8", "in7"]


@pytest.mark.parametrize("few", [5, 11])
def test_the_estimate_is_never_below_the_threshold(creators, brand_member, monkeypatch, few):
    # What the count found before it stopped is more than the threshold, whatever a sample says.
    reading_whole_up_to(monkeypatch, few)
    monkeypatch.setattr(selectors, "EXACT_COUNT_UP_TO", 11)
    monkeypatch.setattr(selectors, "_estimate_sql", lambda sql, params: ("SELECT 3", []))

    body = client_for(brand_member).get("/api/v1/creators", {"country": "IN"}).json()

    expected = (12, True) if connection.vendor == "postgresql" else (12, False)
    assert (body["count"], body["count_is_estimate"]) == expected


@pytest.mark.parametrize("few", [5, 1000])
def test_a_few_matches_or_many_give_the_same_page_and_count(creators, brand_member, monkeypatch, few):
    # Up to FEW matches are read once and sorted; more are counted and paged through the indexes.
    reading_whole_up_to(monkeypatch, few)

    body = (
        client_for(brand_member)
        .get("/api/v1/creators", {"country": "IN", "sort": "-followers", "page": "2", "page_size": "5"})
        .json()
    )

    assert body["count"] == 12
    assert [card["handle"] for card in body["results"]] == ["in5", "in6", "in7", "in8", "in9"]


@pytest.mark.parametrize("few", [5, 1000])
def test_a_page_past_the_last_still_says_how_many_match(creators, brand_member, monkeypatch, few):
    reading_whole_up_to(monkeypatch, few)

    body = client_for(brand_member).get("/api/v1/creators", {"country": "IN", "page": "9"}).json()

    assert (body["count"], body["results"]) == (12, [])
