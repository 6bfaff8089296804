import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from vetrina.accounts.models import Invitation, OrganisationKind, Role, User
from vetrina.accounts.selectors import InvitationInvalid
from vetrina.accounts.services import application_approve, invitation_accept, invitation_send_again
from vetrina.accounts.tests.factories import ApplicationFactory

PASSWORD = "velvet-harbour-42"


@pytest.fixture
def invited(staff_user, mailoutbox, django_capture_on_commit_callbacks):
    """An approved agency application, and the path of the link its e-mail carries."""
    application = ApplicationFactory.create(
        company_name="Northstar", applicant_type=OrganisationKind.AGENCY, contact_email="nina@northstar.test"
    )
    with django_capture_on_commit_callbacks(execute=True):
        application_approve(application=application, reviewed_by=staff_user)
    path = re.search(r"/invitation/[\w-]+/", mailoutbox[-1].body).group(0)  # type: ignore[union-attr]
    return application, path


def token_of(path: str) -> str:
    return path.rstrip("/").rsplit("/", 1)[1]


def test_following_the_link_makes_a_member_of_the_organisation_and_signs_in(client: Client, invited):
    application, path = invited
    # when
    assert client.get(path).status_code == 200
    response = client.post(path, {"password1": PASSWORD, "password2": PASSWORD})
    # then
    assert response["Location"] == "/"
    user = User.objects.get(email="nina@northstar.test")
    assert user.role == Role.AGENCY
    assert user.organisation is not None
    assert (user.organisation.name, user.organisation.kind) == ("Northstar", OrganisationKind.AGENCY)
    assert str(user.organisation.phone) == "+442079460958"
    assert user.check_password(PASSWORD)
    application.refresh_from_db()
    assert application.organisation == user.organisation
    # and the new member is signed in, on the home page of their role
    home = client.get("/").content.decode()
    assert "My Activity" in home
    assert "Shortlist" in home


def test_a_short_or_common_password_is_refused_with_the_rule_stated(client: Client, invited):
    _, path = invited
    assert "At least 12 characters, not a common password" in client.get(path).content.decode()
    response = client.post(path, {"password1": "gerd1234", "password2": "gerd1234"})
    text = response.content.decode()
    assert "This password is too short. It must contain at least 12 characters." in text
    # and a long but common one is refused too
    response = client.post(path, {"password1": "password1234", "password2": "password1234"})
    assert "This password is too common." in response.content.decode()
    assert not User.objects.filter(email="nina@northstar.test").exists()


def test_a_used_link_says_so(client: Client, invited):
    _, path = invited
    invitation_accept(token=token_of(path), password=PASSWORD)
    response = client.get(path)
    assert response.status_code == 410
    assert "It was used already" in response.content.decode()


def test_an_expired_link_says_so(client: Client, invited):
    _, path = invited
    Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.get(path)
    assert response.status_code == 410
    assert "It has expired" in response.content.decode()
    with pytest.raises(InvitationInvalid):
        invitation_accept(token=token_of(path), password=PASSWORD)
    assert not User.objects.filter(email="nina@northstar.test").exists()


def test_an_altered_link_says_so(client: Client, invited):
    _, path = invited
    response = client.get(path[:-3] + "xx/")
    assert response.status_code == 404
    assert "not one we sent" in response.content.decode()


def test_a_fresh_link_replaces_the_old_one(
    client: Client, invited, staff_user, mailoutbox, django_capture_on_commit_callbacks
):
    application, old_path = invited
    Invitation.objects.update(expires_at=timezone.now() - timedelta(days=1))
    # when staff send a fresh one
    with django_capture_on_commit_callbacks(execute=True):
        invitation_send_again(application=application, sent_by=staff_user)
    new_path = re.search(r"/invitation/[\w-]+/", mailoutbox[-1].body).group(0)  # type: ignore[union-attr]
    # then only the fresh one works
    assert client.get(new_path).status_code == 200
    assert "newer invitation" in client.get(old_path).content.decode()


def test_staff_send_a_fresh_link_from_the_queue(
    staff_client: Client, invited, mailoutbox, django_capture_on_commit_callbacks
):
    application, _ = invited
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            f"/review/{application.pk}/invite-again/", {"next": "/review/"}, follow=True
        )
    assert "Sent a fresh invitation to nina@northstar.test" in response.content.decode()
    assert len(mailoutbox) == 2


def test_it_refuses_a_password_django_refuses_and_keeps_the_link_usable(client: Client, invited):
    _, path = invited
    # when
    response = client.post(path, {"password1": "12345678", "password2": "12345678"})
    # then
    assert response.status_code == 200
    assert "This password is entirely numeric." in response.content.decode()
    assert not User.objects.filter(email="nina@northstar.test").exists()
    assert client.get(path).status_code == 200


def test_it_refuses_two_different_passwords(client: Client, invited):
    _, path = invited
    response = client.post(path, {"password1": PASSWORD, "password2": PASSWORD + "x"})
    assert "The two passwords differ." in response.content.decode()


def test_it_refuses_an_invitation_for_an_address_that_got_an_account_meanwhile(invited):
    _, path = invited
    User.objects.create_user(username="nina", email="Nina@Northstar.test", password="pw")
    with pytest.raises(ValidationError, match="exists already"):
        invitation_accept(token=token_of(path), password=PASSWORD)


def test_there_is_no_other_sign_up(client: Client, db):
    for path in ["/signup/", "/register/", "/accounts/signup/"]:
        assert client.get(path).status_code == 404
