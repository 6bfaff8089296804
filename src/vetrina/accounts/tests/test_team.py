"""Teams (docs/roles.md): the first member of an organisation owns it, invites colleagues into it
and removes them; every member sees the organisation's lists and campaigns; visitors have no team."""

import importlib
import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.test import Client
from django.utils import timezone

from vetrina.accounts.models import Invitation, OrganisationKind, Role, User
from vetrina.accounts.services import application_approve, invitation_accept
from vetrina.accounts.tests.factories import ApplicationFactory, OrganisationFactory, UserFactory
from vetrina.api.models import ApiToken
from vetrina.api.services import api_token_create
from vetrina.collaborations.tests.factories import CollaborationRequestFactory
from vetrina.conftest import client_for
from vetrina.shortlists.tests.factories import ShortlistFactory

pytestmark = pytest.mark.django_db

PASSWORD = "velvet-harbour-42"


@pytest.fixture
def owner(brand_member: User) -> User:
    brand_member.is_owner = True
    brand_member.save(update_fields=["is_owner"])
    return brand_member


def invite(client: Client, email: str, mailoutbox, capture) -> str:
    """Posts the invite form; returns the path of the link the e-mail carries."""
    with capture(execute=True):
        response = client.post("/team/invite/", {"email": email})
    assert response.status_code == 302
    match = re.search(r"/invitation/[\w-]+/", mailoutbox[-1].body)
    assert match is not None
    return match.group(0)


def test_the_first_member_of_an_organisation_is_its_owner(
    staff_user, mailoutbox, django_capture_on_commit_callbacks
):
    application = ApplicationFactory.create(company_name="Acme", applicant_type=OrganisationKind.BRAND)
    with django_capture_on_commit_callbacks(execute=True):
        application_approve(application=application, reviewed_by=staff_user)
    token = re.search(r"/invitation/([\w-]+)/", mailoutbox[-1].body).group(1)  # type: ignore[union-attr]
    user = invitation_accept(token=token, password=PASSWORD)
    assert user.is_owner


def test_the_owner_invites_a_colleague_who_joins_with_the_same_role_and_organisation(
    owner, mailoutbox, django_capture_on_commit_callbacks
):
    # when the owner invites a colleague, and the colleague follows the link
    path = invite(client_for(owner), "Colleague@Acme.test", mailoutbox, django_capture_on_commit_callbacks)
    assert mailoutbox[-1].to == ["colleague@acme.test"]
    assert "invites you to join Acme Cosmetics" in mailoutbox[-1].body
    page = Client().get(path)
    assert "Your account joins your colleagues at <strong>Acme Cosmetics</strong>" in page.text
    response = Client().post(path, {"password1": PASSWORD, "password2": PASSWORD})
    # then the colleague is a member of the owner's organisation, with the owner's role, not its owner
    assert response.status_code == 302
    colleague = User.objects.get(email="colleague@acme.test")
    assert (colleague.role, colleague.organisation, colleague.is_owner) == (
        Role.BRAND,
        owner.organisation,
        False,
    )
    # and the link worked once
    assert Client().get(path).status_code == 410
    # and the team page lists both, the owner first
    team = client_for(owner).get("/team/").text
    assert team.index("brand@acme.test") < team.index("colleague@acme.test")


def test_the_invitation_expires_like_an_applicants(owner, mailoutbox, django_capture_on_commit_callbacks):
    invite(client_for(owner), "colleague@acme.test", mailoutbox, django_capture_on_commit_callbacks)
    invitation = Invitation.objects.get(email="colleague@acme.test")
    assert invitation.organisation == owner.organisation
    assert invitation.expires_at - invitation.created_at == timedelta(days=7)


def test_an_address_with_an_account_cannot_be_invited(owner, agency_member, mailoutbox):
    response = client_for(owner).post("/team/invite/", {"email": agency_member.email})
    assert response.status_code == 400
    assert "already has a Vetrina account" in response.text
    assert not Invitation.objects.filter(email=agency_member.email).exists()
    assert mailoutbox == []


def test_a_member_who_is_not_the_owner_sees_the_team_but_does_not_manage_it(owner, mailoutbox):
    colleague = UserFactory.create(role=Role.BRAND, organisation=owner.organisation)
    client = client_for(colleague)
    page = client.get("/team/")
    assert page.status_code == 200
    assert "brand@acme.test" in page.text
    assert "Invite a colleague" not in page.text
    assert client.post("/team/invite/", {"email": "someone@acme.test"}).status_code == 403
    assert client.post(f"/team/members/{owner.pk}/remove/").status_code == 403
    assert mailoutbox == []
    assert User.objects.get(pk=owner.pk).is_active


def test_visitors_and_staff_have_no_team(visitor, staff_user, creator_account):
    for user in (visitor, staff_user, creator_account):
        assert client_for(user).get("/team/").status_code == 403


def test_removing_a_colleague_ends_their_sessions_and_revokes_their_tokens(owner):
    # given a colleague, signed in, with an API token
    colleague = UserFactory.create(
        username="colleague@acme.test", role=Role.BRAND, organisation=owner.organisation
    )
    _, token = api_token_create(user=colleague, name="script", scope="read")
    colleague_client = client_for(colleague)
    assert colleague_client.get("/shortlists/").status_code == 200
    api = Client(headers={"Authorization": f"Bearer {token}"})
    assert api.get("/api/v1/creators").status_code == 200
    # when the owner removes them
    response = client_for(owner).post(f"/team/members/{colleague.pk}/remove/", follow=True)
    # then the team no longer lists them, their session is over, their token refused, their log-in too
    assert "Removed colleague@acme.test from your team." in response.text
    assert "colleague@acme.test</td>" not in response.text
    assert colleague_client.get("/shortlists/")["Location"].startswith("/login/")
    assert api.get("/api/v1/creators").status_code == 401
    assert not ApiToken.objects.filter(user=colleague, revoked_at__isnull=True).exists()
    assert (
        Client().post("/login/", {"username": colleague.email, "password": "a-long-pass-phrase"}).status_code
        == 200
    )
    colleague.refresh_from_db()
    assert (colleague.is_active, colleague.organisation) == (False, None)


def test_the_owner_removes_nobody_outside_the_team_nor_themselves(owner, agency_member):
    client = client_for(owner)
    assert client.post(f"/team/members/{agency_member.pk}/remove/").status_code == 404
    response = client.post(f"/team/members/{owner.pk}/remove/", follow=True)
    assert "The owner cannot remove themselves" in response.text
    agency_member.refresh_from_db()
    owner.refresh_from_db()
    assert (agency_member.is_active, owner.is_active, owner.is_owner) == (True, True, True)


def test_every_member_sees_the_organisations_lists_and_campaigns(owner):
    colleague = UserFactory.create(role=Role.BRAND, organisation=owner.organisation)
    shortlist = ShortlistFactory.create(organisation=owner.organisation, name="Made by the owner")
    request = CollaborationRequestFactory.create(
        campaign__organisation=owner.organisation, campaign__name="Owner's launch"
    )
    client = client_for(colleague)
    assert "Made by the owner" in client.get("/shortlists/").text
    assert client.get(f"/shortlists/{shortlist.pk}/").status_code == 200
    assert "Owner&#x27;s launch" in client.get("/activity/").text
    assert client.get(request.campaign.get_absolute_url()).status_code == 200


def test_the_migration_makes_the_earliest_member_of_each_organisation_its_owner():
    # given two organisations of members with no owner, joined at different times
    acme, north = OrganisationFactory.create_batch(2)
    now = timezone.now()
    late = UserFactory.create(organisation=acme, date_joined=now)
    early = UserFactory.create(organisation=acme, date_joined=now - timedelta(days=3))
    only = UserFactory.create(organisation=north, date_joined=now)
    # when the migration's data step runs
    migration = importlib.import_module(
        "vetrina.accounts.migrations.0003_teams_owner_and_colleague_invitations"
    )
    migration.mark_first_members_owners(apps, None)
    # then the earliest of each is the owner, and nobody else
    owners = set(User.objects.filter(is_owner=True).values_list("pk", flat=True))
    assert owners == {early.pk, only.pk}
    assert late.pk not in owners


def test_the_owner_cancels_a_pending_invitation_and_its_link_then_says_so(
    owner, mailoutbox, django_capture_on_commit_callbacks
):
    # given an invitation the owner sent
    client = client_for(owner)
    path = invite(client, "colleague@acme.test", mailoutbox, django_capture_on_commit_callbacks)
    invitation = Invitation.objects.get(email="colleague@acme.test")
    # when the owner cancels it
    response = client.post(f"/team/invitations/{invitation.pk}/cancel/")
    # then it leaves the team page, and its link shows why it no longer works
    assert response.status_code == 302
    assert list(client.get("/team/").context["invitations"]) == []
    page = Client().get(path)
    assert page.status_code == 410
    assert "cancelled" in page.content.decode()
    assert Client().post(path, {"password1": PASSWORD, "password2": PASSWORD}).status_code == 410
    assert not User.objects.filter(email="colleague@acme.test").exists()


def test_only_the_owner_cancels_and_only_their_organisations_invitations(
    owner, agency_member, mailoutbox, django_capture_on_commit_callbacks
):
    invite(client_for(owner), "colleague@acme.test", mailoutbox, django_capture_on_commit_callbacks)
    invitation = Invitation.objects.get(email="colleague@acme.test")
    colleague = UserFactory.create(username="c2@acme.test", role=Role.BRAND, organisation=owner.organisation)
    assert client_for(colleague).post(f"/team/invitations/{invitation.pk}/cancel/").status_code == 403
    agency_member.is_owner = True
    agency_member.save(update_fields=["is_owner"])
    assert client_for(agency_member).post(f"/team/invitations/{invitation.pk}/cancel/").status_code == 404
    invitation.refresh_from_db()
    assert invitation.cancelled_at is None


def test_the_owner_hands_the_organisation_on_to_a_colleague(owner):
    colleague = UserFactory.create(username="c2@acme.test", role=Role.BRAND, organisation=owner.organisation)
    response = client_for(owner).post(f"/team/members/{colleague.pk}/make-owner/")
    assert response.status_code == 302
    owner.refresh_from_db()
    colleague.refresh_from_db()
    assert (owner.is_owner, colleague.is_owner) == (False, True)
    # the former owner no longer manages the team; the new one does
    assert client_for(owner).post(f"/team/members/{colleague.pk}/make-owner/").status_code == 403
    assert client_for(colleague).get("/team/").context["may_manage"]


def test_handing_the_organisation_on_asks_first_and_says_what_follows(owner):
    colleague = UserFactory.create(username="c2@acme.test", role=Role.BRAND, organisation=owner.organisation)

    page = client_for(owner).get("/team/").content.decode()

    # The button opens the note and the button that does it; nothing is sent by the first click.
    start = page.index('<details class="confirm">')
    confirm = page[start : page.index("</details>", start)]
    assert "<summary" in confirm
    assert "Make owner" in confirm
    assert f'action="/team/members/{colleague.pk}/make-owner/"' in confirm
    assert f"{colleague.email} will own your organisation" in confirm
    assert "Hand on ownership" in confirm


def test_ownership_goes_to_no_one_outside_the_team(owner, agency_member):
    assert client_for(owner).post(f"/team/members/{agency_member.pk}/make-owner/").status_code == 404
    owner.refresh_from_db()
    assert owner.is_owner
