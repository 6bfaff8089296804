"""The per-token rate limit: VETRINA_API_RATE_LIMIT requests a minute, then 429 with Retry-After."""

import pytest
from django.test import Client

from vetrina.api.models import ApiToken
from vetrina.api.services import api_token_create
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
