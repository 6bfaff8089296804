"""The per-token rate limit: VETRINA_API_RATE_LIMIT requests a minute, then 429 with Retry-After."""

import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.test import Client

from vetrina.api.models import ApiToken
from vetrina.api.services import api_token_create, api_token_request_count
from vetrina.creators.tests.factories import CreatorFactory

URL = "/api/v1/creators/anna.styles"


@pytest.fixture
def limit_of_three(settings) -> None:
    settings.VETRINA_API_RATE_LIMIT = 3


@pytest.fixture(autouse=True)
def creator(db):
    return CreatorFactory.create(handle="anna.styles", verified=True)


def token_of(user) -> dict[str, str]:
    _row, token = api_token_create(user=user, name="Script", scope=ApiToken.Scope.READ)
    return {"Authorization": f"Bearer {token}"}


def test_it_answers_429_with_retry_after_past_the_limit(limit_of_three, brand_member):
    headers = token_of(brand_member)
    statuses = [Client().get(URL, headers=headers).status_code for _ in range(3)]
    assert statuses == [200, 200, 200]

    response = Client().get(URL, headers=headers)

    assert response.status_code == 429
    assert response.json() == {
        "detail": "Too many requests for this token; wait and try again.",
        "errors": [],
    }
    # Integer seconds (RFC 9110), at most the one-minute window.
    assert 1 <= int(response["Retry-After"]) <= 60


def test_each_token_has_its_own_limit(limit_of_three, brand_member, agency_member):
    first, second = token_of(brand_member), token_of(agency_member)
    for _ in range(3):
        Client().get(URL, headers=first)
    assert Client().get(URL, headers=first).status_code == 429
    assert Client().get(URL, headers=second).status_code == 200


def test_signed_in_pages_are_not_limited(limit_of_three, brand_member):
    client = Client()
    client.force_login(brand_member)
    assert [client.get(URL).status_code for _ in range(5)] == [200] * 5


def test_the_default_limit_is_120_a_minute(settings):
    assert settings.VETRINA_API_RATE_LIMIT == 120


@pytest.mark.django_db(transaction=True)
def test_the_limit_holds_for_requests_arriving_at_once(settings, live_server, brand_member):
    # given the default limit and one token, served by a real server that answers requests in parallel
    settings.VETRINA_API_RATE_LIMIT = 120
    headers = token_of(brand_member)

    def call(_: int) -> tuple[int, str | None]:
        request = urllib.request.Request(f"{live_server.url}{URL}", headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, response.headers.get("Retry-After")
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Retry-After")

    # when 8 callers send 300 requests between them, well within a minute
    with ThreadPoolExecutor(max_workers=8) as callers:
        answers = list(callers.map(call, range(300)))
    # then exactly the limit got through, and every other request was told when to come back
    statuses = Counter(status for status, _retry_after in answers)
    assert statuses == {200: 120, 429: 180}
    assert all(1 <= int(retry_after or 0) <= 60 for status, retry_after in answers if status == 429)


def test_a_tokens_minute_starts_with_its_first_request_and_counts_afresh_after_it(brand_member):
    row, _token = api_token_create(user=brand_member, name="Script", scope=ApiToken.Scope.READ)
    # given two requests in the minute that started at t=1000
    assert api_token_request_count(token=row, now=1000.0, window_seconds=60) == (1, 1000.0)
    assert api_token_request_count(token=row, now=1059.5, window_seconds=60) == (2, 1000.0)
    # when the next one comes once that minute is over
    # then it is the first of a new minute
    assert api_token_request_count(token=row, now=1060.0, window_seconds=60) == (1, 1060.0)
