"""The API tokens page: create (shown once), list with last use, revoke; one's own tokens only."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client

from vetrina.api.models import ApiToken
from vetrina.api.services import api_token_create
from vetrina.creators.tests.factories import CreatorFactory

PAGE = "/settings/api-tokens/"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_new_token_is_shown_once_and_works(brand_member, db):
    CreatorFactory.create(handle="anna.styles", verified=True)
    client = signed_in(brand_member)

    response = client.post(PAGE, {"name": "Agency dashboard", "scope": "read"}, follow=True)

    page = response.content.decode()
    found = re.search(r'id="new-token">(vtr_[\w-]+)<', page)
    assert found is not None
    token = found.group(1)
    assert "Agency dashboard" in page
    assert (
        Client().get("/api/v1/creators/anna.styles", headers={"Authorization": f"Bearer {token}"}).status_code
        == 200
    )
    # Never again: the next visit lists the token by its first characters only.
    again = client.get(PAGE).content.decode()
    assert token not in again
    assert token[:8] in again


def test_it_says_what_is_wrong_with_a_new_token(brand_member):
    client = signed_in(brand_member)
    response = client.post(PAGE, {"name": "", "scope": "admin"})
    assert response.status_code == 200
    assert ApiToken.objects.count() == 0
    page = response.content.decode()
    assert "This field is required." in page
    assert "Select a valid choice." in page


def test_revoking_stops_the_token(brand_member, db):
    CreatorFactory.create(handle="anna.styles", verified=True)
    row, token = api_token_create(user=brand_member, name="Old", scope=ApiToken.Scope.READ)

    response = signed_in(brand_member).post(f"{PAGE}{row.pk}/revoke/", follow=True)

    assert "Token “Old” revoked" in response.content.decode()
    row.refresh_from_db()
    assert row.revoked_at is not None
    assert (
        Client().get("/api/v1/creators/anna.styles", headers={"Authorization": f"Bearer {token}"}).status_code
        == 401
    )


def test_another_accounts_token_is_a_404_and_stays_live(brand_member, agency_member):
    row, _token = api_token_create(user=brand_member, name="Theirs", scope=ApiToken.Scope.READ)

    assert signed_in(agency_member).post(f"{PAGE}{row.pk}/revoke/").status_code == 404
    assert "Theirs" not in signed_in(agency_member).get(PAGE).content.decode()

    row.refresh_from_db()
    assert row.revoked_at is None


def test_the_shell_command_creates_a_working_token(brand_member, db, capsys):
    CreatorFactory.create(handle="anna.styles", verified=True)
    call_command("token", "create", "--user", brand_member.email, "--name", "Nightly export")
    token = capsys.readouterr().out.strip()

    row = ApiToken.objects.get(user=brand_member)
    assert (row.name, row.scope, row.prefix) == ("Nightly export", "read", token[:8])
    assert (
        Client().get("/api/v1/creators/anna.styles", headers={"Authorization": f"Bearer {token}"}).status_code
        == 200
    )


def test_the_shell_command_makes_read_write_tokens_and_revokes(brand_member, capsys):
    call_command("token", "create", "--user", brand_member.email, "--name", "Sync", "--read-write")
    assert ApiToken.objects.get().scope == "read_write"
    call_command("token", "revoke", "--user", brand_member.email, "--name", "Sync")
    assert ApiToken.objects.get().revoked_at is not None


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--user", "nobody@nowhere.test", "--name", "x"], "No single account"),
        (["--user", "team@anna.example", "--name", "x"], "This account cannot use the API."),
    ],
)
def test_the_shell_command_explains_a_refusal(arguments, message, creator_account):
    creator_account.email = "team@anna.example"
    creator_account.save()
    with pytest.raises(CommandError, match=message):
        call_command("token", "create", *arguments)


def test_a_visitor_is_offered_read_only_tokens_and_a_read_write_one_is_refused(visitor):
    client = signed_in(visitor)

    page = client.get(PAGE).content.decode()
    assert 'value="read"' in page
    assert 'value="read_write"' not in page
    assert "Read and write" not in page
    assert "so its tokens read only" in page

    # a read-write token asked for anyway (a crafted form, or the service called) is refused, none made
    response = client.post(PAGE, {"name": "Sync", "scope": "read_write"})
    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
    with pytest.raises(ValidationError, match="its tokens read only"):
        api_token_create(user=visitor, name="Sync", scope=ApiToken.Scope.READ_WRITE)
    assert not ApiToken.objects.exists()


def test_staff_who_act_for_nobody_get_read_only_tokens(staff_client, staff_user):
    page = staff_client.get(PAGE).content.decode()
    assert 'value="read_write"' not in page
    with pytest.raises(ValidationError, match="its tokens read only"):
        api_token_create(user=staff_user, name="Sync", scope=ApiToken.Scope.READ_WRITE)


def test_a_brand_member_is_offered_read_and_write(brand_member):
    client = signed_in(brand_member)
    assert 'value="read_write"' in client.get(PAGE).content.decode()
    client.post(PAGE, {"name": "Sync", "scope": "read_write"})
    assert ApiToken.objects.get(user=brand_member).scope == ApiToken.Scope.READ_WRITE


def test_the_shell_command_refuses_a_visitor_a_read_write_token(visitor):
    visitor.email = "visitor@curious.test"
    visitor.save()
    with pytest.raises(CommandError, match="its tokens read only"):
        call_command("token", "create", "--user", visitor.email, "--name", "Sync", "--read-write")
    assert not ApiToken.objects.exists()
