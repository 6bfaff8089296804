"""Nothing under /api/v1/ answers with HTML: every 4xx has the one error shape, 404 and 405 included."""

import pytest
from django.test import Client

from vetrina.creators.tests.factories import CreatorFactory


@pytest.fixture
def signed_in(brand_member) -> Client:
    client = Client()
    client.force_login(brand_member)
    return client


def test_a_method_the_path_does_not_take_is_a_json_405(signed_in: Client, db):
    CreatorFactory.create(handle="anna.styles", verified=True)
    response = signed_in.delete("/api/v1/creators/anna.styles")
    assert response.status_code == 405
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Method Not Allowed", "errors": []}
    assert "GET" in response["Allow"]


def test_an_unknown_path_is_a_json_404(signed_in: Client):
    response = signed_in.get("/api/v1/no/such/thing")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "errors": []}


def test_a_session_write_without_csrf_is_a_json_403_not_a_page(brand_member, db):
    client = Client(enforce_csrf_checks=True)
    client.force_login(brand_member)
    response = client.post("/api/v1/no/such/thing", data="{}", content_type="application/json")
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"detail", "errors"}
