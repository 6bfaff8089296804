"""Bearer tokens on the API: who they stand for, what they may do, and how often."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.utils import timezone

from vetrina.api.auth import TokenAuth
from vetrina.api.models import ApiToken
from vetrina.api.services import api_token_create, api_token_hash, api_token_revoke
from vetrina.creators.tests.factories import CreatorFactory

URL = "/api/v1/creators/{}"


@pytest.fixture
def creator(db):
    return CreatorFactory.create(handle="anna.styles", verified=True)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_it_keeps_only_the_hash_of_a_new_token(brand_member):
    row, token = api_token_create(user=brand_member, name="Dashboard", scope=ApiToken.Scope.READ)
    assert token.startswith("vtr_")
    assert len(token) > 40
    stored = ApiToken.objects.get(pk=row.pk)
    assert token not in {stored.token_hash, stored.prefix, stored.name}
    assert stored.prefix == token[:8]


def test_a_token_reads_the_api_as_its_owner_and_records_its_use(brand_member, creator):
    row, token = api_token_create(user=brand_member, name="Dashboard", scope=ApiToken.Scope.READ)
    assert row.last_used_at is None

    response = Client().get(URL.format(creator.handle), headers=bearer(token))

    assert response.status_code == 200
    assert response.json()["handle"] == "anna.styles"
    row.refresh_from_db()
    assert row.last_used_at is not None
    assert timezone.now() - row.last_used_at < timedelta(minutes=1)


def test_a_token_sees_only_what_its_owner_sees(visitor, creator):
    # A visitor's token finds verified creators only, as the visitor's session does.
    creator.verified = False
    creator.save()
    _row, visitor_token = api_token_create(user=visitor, name="Look", scope=ApiToken.Scope.READ)
    assert Client().get(URL.format(creator.handle), headers=bearer(visitor_token)).status_code == 404


WRONG_TOKEN = (
    "This API token is not valid: it is mistyped, revoked, or its account is closed. "
    "Make a new one on the API tokens page."
)


@pytest.mark.parametrize("token", ["vtr_unknown", "not-even-a-token"])
def test_an_unknown_token_is_a_401_that_says_the_token_is_wrong(token, creator):
    response = Client().get(URL.format(creator.handle), headers=bearer(token))
    assert response.status_code == 401
    assert response.json() == {"detail": WRONG_TOKEN, "errors": []}


def test_no_token_is_a_401_that_says_to_sign_in_or_send_one(creator):
    response = Client().get(URL.format(creator.handle))
    assert response.status_code == 401
    assert response.json() == {"detail": "Sign in or send an API token.", "errors": []}


@pytest.mark.parametrize("header", ["Bearer ", "Basic dXNlcjpwYXNz", "vtr_pasted_without_a_scheme"])
def test_a_header_that_is_no_bearer_token_is_a_401_that_shows_the_form(header, creator):
    response = Client().get(URL.format(creator.handle), headers={"Authorization": header})
    assert response.status_code == 401
    assert response.json() == {
        "detail": "Send the API token as “Authorization: Bearer <token>”.",
        "errors": [],
    }


@pytest.mark.parametrize("path", ["/api/v1/openapi.json", "/api/v1/no/such/thing"])
def test_the_docs_and_unknown_paths_tell_a_wrong_token_from_none(path, db):
    assert Client().get(path).json()["detail"] == "Sign in or send an API token."
    assert Client().get(path, headers=bearer("vtr_unknown")).json()["detail"] == WRONG_TOKEN


def test_a_revoked_token_is_a_401(brand_member, creator):
    row, token = api_token_create(user=brand_member, name="Old script", scope=ApiToken.Scope.READ_WRITE)
    assert Client().get(URL.format(creator.handle), headers=bearer(token)).status_code == 200

    api_token_revoke(token=row)

    response = Client().get(URL.format(creator.handle), headers=bearer(token))
    assert response.status_code == 401
    assert response.json()["detail"] == WRONG_TOKEN


def test_the_token_of_a_deactivated_account_is_a_401(brand_member, creator):
    _row, token = api_token_create(user=brand_member, name="Dashboard", scope=ApiToken.Scope.READ)
    brand_member.is_active = False
    brand_member.save()
    assert Client().get(URL.format(creator.handle), headers=bearer(token)).status_code == 401


@pytest.mark.parametrize("method", ["post", "patch", "put", "delete"])
def test_a_read_only_token_may_not_write(brand_member, method):
    _row, token = api_token_create(user=brand_member, name="Reader", scope=ApiToken.Scope.READ)
    request = getattr(RequestFactory(), method)("/api/v1/shortlists")
    with pytest.raises(PermissionDenied, match="read only"):
        TokenAuth().authenticate(request, token)


def test_a_read_write_token_may_write(brand_member):
    row, token = api_token_create(user=brand_member, name="Writer", scope=ApiToken.Scope.READ_WRITE)
    request = RequestFactory().post("/api/v1/shortlists")
    assert TokenAuth().authenticate(request, token) == row
    assert request.user == brand_member


def test_the_schema_answers_a_token_too(brand_member, client: Client):
    _row, token = api_token_create(user=brand_member, name="Schemathesis", scope=ApiToken.Scope.READ)
    assert client.get("/api/v1/openapi.json").status_code == 401
    schema = client.get("/api/v1/openapi.json", headers=bearer(token)).json()
    assert "/api/v1/creators/{handle}" in schema["paths"]
    # Both ways in are described.
    assert set(schema["components"]["securitySchemes"]) == {"TokenAuth", "SessionAuth"}


@pytest.mark.parametrize(
    ("role", "reason"),
    [("creator_account", "This account cannot use the API.")],
)
def test_only_accounts_that_may_use_the_api_get_tokens(role, reason, request, db):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match=reason):
        api_token_create(user=request.getfixturevalue(role), name="x", scope=ApiToken.Scope.READ)


def test_names_are_unique_among_a_users_live_tokens(brand_member):
    from django.core.exceptions import ValidationError

    row, _token = api_token_create(user=brand_member, name="Dashboard", scope=ApiToken.Scope.READ)
    with pytest.raises(ValidationError, match="already have a token named Dashboard"):
        api_token_create(user=brand_member, name=" Dashboard ", scope=ApiToken.Scope.READ)
    api_token_revoke(token=row)
    api_token_create(user=brand_member, name="Dashboard", scope=ApiToken.Scope.READ)


def test_a_visitors_token_searches_but_cannot_contact(visitor, creator):
    # Even a read-write one (made before the account became a visitor's): the role decides.
    token = "vtr_made-when-the-account-could-write"
    ApiToken.objects.create(
        user=visitor, name="Look", scope=ApiToken.Scope.READ_WRITE, token_hash=api_token_hash(token)
    )
    client = Client()

    search = client.get("/api/v1/creators", headers=bearer(token))
    contact = client.post(
        "/api/v1/collaborations",
        {
            "campaign_name": "Launch",
            "creators": [creator.handle],
            "description": "Three videos.",
            "payment_option": "open",
            "contact_name": "Vera",
            "contact_email": "vera@curious.test",
        },
        content_type="application/json",
        headers=bearer(token),
    )

    assert search.status_code == 200
    assert [card["handle"] for card in search.json()["results"]] == ["anna.styles"]
    assert contact.status_code == 403
    assert set(contact.json()) == {"detail", "errors"}


def test_a_read_only_token_gets_403_on_every_write(brand_member, creator):
    _row, token = api_token_create(user=brand_member, name="Reader", scope=ApiToken.Scope.READ)
    client = Client()
    writes = [
        client.post(
            "/api/v1/shortlists", {"name": "Q4"}, content_type="application/json", headers=bearer(token)
        ),
        client.post(
            "/api/v1/collaborations",
            {"campaign_name": "Launch", "creators": [creator.handle]},
            content_type="application/json",
            headers=bearer(token),
        ),
    ]
    assert [response.status_code for response in writes] == [403, 403]
    assert all(response.json()["detail"] == "This token is read only." for response in writes)
    # Reading still works.
    assert client.get("/api/v1/shortlists", headers=bearer(token)).status_code == 200
