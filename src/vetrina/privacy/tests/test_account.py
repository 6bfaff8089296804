"""A member downloads what Vetrina holds about them and deletes their own account (docs/privacy.md)."""

import json

import pytest
from axes.models import AccessLog
from django.contrib.sessions.models import Session
from django.test import Client

from vetrina.accounts.models import Invitation, Organisation, Role, User
from vetrina.accounts.tests.factories import ApplicationFactory, UserFactory
from vetrina.api.models import ApiToken
from vetrina.api.services import api_token_create
from vetrina.collaborations.models import CollaborationRequest
from vetrina.collaborations.tests.factories import CollaborationRequestFactory
from vetrina.conftest import client_for
from vetrina.mail.models import OutboxMessage
from vetrina.notifications.models import Notification
from vetrina.shortlists.models import Shortlist
from vetrina.shortlists.tests.factories import ShortlistEntryFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-pass-phrase"  # the factories' password


@pytest.fixture
def owner(brand_member: User) -> User:
    brand_member.is_owner = True
    brand_member.save(update_fields=["is_owner"])
    return brand_member


@pytest.fixture
def colleague(owner: User) -> User:
    return UserFactory.create(
        username="colleague@acme.test", role=Role.BRAND, organisation=owner.organisation
    )


def test_a_member_downloads_what_vetrina_holds_about_them(colleague):
    # given a list and a request the member made, a notification, a token and a log-in record
    entry = ShortlistEntryFactory.create(
        shortlist__organisation=colleague.organisation,
        shortlist__created_by=colleague,
        shortlist__name="Spring",
    )
    request = CollaborationRequestFactory.create(
        campaign__organisation=colleague.organisation, offer__sent_by=colleague
    )
    Notification.objects.create(user=colleague, kind=Notification.Kind.REQUEST_ANSWERED, request=request)
    _, secret = api_token_create(user=colleague, name="My script", scope=ApiToken.Scope.READ)
    AccessLog.objects.create(username=colleague.username, ip_address="192.0.2.1", user_agent="Firefox")
    # and someone else's list, which is not theirs
    Shortlist.objects.create(organisation=colleague.organisation, name="Not mine")

    # when they download their data
    response = client_for(colleague).get("/account/export.json")

    # then it is a JSON file with all of it, and no secret
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["account"]["email"] == "colleague@acme.test"
    assert data["organisation"]["name"] == "Acme Cosmetics"
    assert [shortlist["name"] for shortlist in data["lists_made"]] == ["Spring"]
    assert data["lists_made"][0]["creators"] == [entry.creator.handle]
    assert [sent["creator"] for sent in data["requests_sent"]] == [request.creator.handle]
    assert len(data["notifications"]) == 1
    assert [token["name"] for token in data["api_tokens"]] == ["My script"]
    assert [record["ip_address"] for record in data["login_records"]] == ["192.0.2.1"]
    assert secret not in response.content.decode()
    assert ApiToken.objects.get().token_hash not in response.content.decode()


def test_a_member_deletes_their_account_with_their_password(colleague):
    # given a member with an open session, a token, a notification and a request they sent
    client = client_for(colleague)
    other_device = client_for(colleague)
    api_token_create(user=colleague, name="My script", scope=ApiToken.Scope.READ)
    request = CollaborationRequestFactory.create(
        campaign__organisation=colleague.organisation, offer__sent_by=colleague
    )
    Notification.objects.create(user=colleague, kind=Notification.Kind.REQUEST_ANSWERED, request=request)
    AccessLog.objects.create(username=colleague.username, ip_address="192.0.2.1", user_agent="Firefox")
    OutboxMessage.objects.create(
        recipient=colleague.email,
        subject="Hi",
        text="Hi",
        language="en",
        reason="t",
        message_id="<1@t>",
        state="sent",
        sent_at=request.sent_at,
    )
    Invitation.objects.create(
        email=colleague.email,
        role=Role.BRAND,
        organisation=colleague.organisation,
        token_hash="0" * 64,
        expires_at=request.sent_at,
        used_at=request.sent_at,
        user=colleague,
    )
    # a wrong password changes nothing
    response = client.post("/account/delete/", {"password": "wrong-password-1"})
    assert response.status_code == 400
    assert User.objects.filter(pk=colleague.pk).exists()

    # when they confirm with their password
    response = client.post("/account/delete/", {"password": PASSWORD})

    # then the account and what was theirs alone are gone, every session ended
    assert response.status_code == 302
    assert not User.objects.filter(pk=colleague.pk).exists()
    assert not ApiToken.objects.exists()
    assert not Notification.objects.exists()
    assert not AccessLog.objects.exists()
    assert not OutboxMessage.objects.exists()
    assert not Invitation.objects.exists()
    assert other_device.get("/search/").status_code == 302
    # and the request they sent stays with the organisation, sent by a former member
    request = CollaborationRequest.objects.select_related("offer").get(pk=request.pk)
    assert request.offer.sent_by is None
    assert Organisation.objects.filter(pk=colleague.organisation_id).exists()


def test_an_owner_with_colleagues_hands_the_organisation_on_first(owner, colleague):
    client = client_for(owner)
    page = client.get("/account/")
    assert "Team" in page.content.decode()
    assert page.context["blocker"]
    response = client.post("/account/delete/", {"password": PASSWORD})
    assert response.status_code == 403
    assert User.objects.filter(pk=owner.pk).exists()
    # once a colleague owns it, the former owner may go
    client.post(f"/team/members/{colleague.pk}/make-owner/")
    assert client.post("/account/delete/", {"password": PASSWORD}).status_code == 302
    assert not User.objects.filter(pk=owner.pk).exists()
    colleague.refresh_from_db()
    assert colleague.is_owner


def test_the_last_member_takes_the_organisation_along(owner):
    CollaborationRequestFactory.create(campaign__organisation=owner.organisation)
    organisation_id = owner.organisation_id
    assert client_for(owner).post("/account/delete/", {"password": PASSWORD}).status_code == 302
    assert not Organisation.objects.filter(pk=organisation_id).exists()
    assert not CollaborationRequest.objects.exists()


def test_deleting_an_account_erases_the_application_it_came_from(owner):
    application = ApplicationFactory.create(
        contact_email=owner.email, state="approved", organisation=owner.organisation
    )
    client_for(owner).post("/account/delete/", {"password": PASSWORD})
    application.refresh_from_db()
    assert application.erased_at is not None
    assert application.contact_email == ""


def test_staff_download_their_data_but_close_no_account_of_their_own_here(staff_user):
    staff_user.set_password(PASSWORD)
    staff_user.save()
    client = client_for(staff_user)
    assert client.get("/account/export.json").status_code == 200
    assert client.post("/account/delete/", {"password": PASSWORD}).status_code == 403
    assert User.objects.filter(pk=staff_user.pk).exists()


def test_the_sessions_of_a_deleted_account_are_gone(colleague):
    client = client_for(colleague)
    client.post("/account/delete/", {"password": PASSWORD})
    assert all(
        str(colleague.pk) != session.get_decoded().get("_auth_user_id") for session in Session.objects.all()
    )
    assert Client().get("/account/").status_code == 302
