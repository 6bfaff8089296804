import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from vetrina.accounts.models import Role, User
from vetrina.creators.services import creator_verify_and_invite
from vetrina.creators.tests.factories import CreatorFactory

PASSWORD = "velvet-harbour-42"


def test_staff_verify_a_creator_and_its_manager_gets_an_account_tied_to_every_creator_it_manages(
    staff_client: Client, mailoutbox, django_capture_on_commit_callbacks
):
    # given two creators with one manager, and one with another
    anna = CreatorFactory.create(handle="anna.styles", verified=False, manager_email="Team@Anna.example")
    CreatorFactory.create(handle="anna.cooks", verified=True, manager_email="team@anna.example")
    CreatorFactory.create(handle="rohan", manager_email="rohan@elsewhere.example")
    # when staff verify and invite from the creators page
    assert "anna.styles" in staff_client.get("/review/creators/?q=anna").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post("/review/creators/anna.styles/invite/", follow=True)
    # then
    assert "Verified @anna.styles and invited" in response.content.decode()
    anna.refresh_from_db()
    assert anna.verified
    [message] = mailoutbox
    assert message.to == ["team@anna.example"]
    path = re.search(r"/invitation/[\w-]+/", message.body).group(0)  # type: ignore[union-attr]
    # when the manager follows the link
    manager = Client()
    manager.post(path, {"password1": PASSWORD, "password2": PASSWORD})
    # then the creator-side account sees both of its creators and the Requests section
    user = User.objects.get(email="team@anna.example")
    assert (user.role, user.organisation) == (Role.CREATOR, None)
    home = manager.get("/").content.decode()
    assert "@anna.styles" in home
    assert "@anna.cooks" in home
    assert "rohan" not in home
    assert "Requests" in home
    assert "Creator Search" not in home


def test_verifying_another_creator_of_an_existing_manager_sends_nothing(
    staff_user, creator_account, mailoutbox, django_capture_on_commit_callbacks
):
    creator = CreatorFactory.create(verified=False, manager_email=creator_account.email)
    with django_capture_on_commit_callbacks(execute=True):
        assert creator_verify_and_invite(creator=creator, invited_by=staff_user) is None
    creator.refresh_from_db()
    assert creator.verified
    assert mailoutbox == []


def test_it_refuses_a_manager_e_mail_that_belongs_to_a_member(staff_user, brand_member):
    creator = CreatorFactory.create(verified=False, manager_email=brand_member.email)
    with pytest.raises(ValidationError, match="not creator-side"):
        creator_verify_and_invite(creator=creator, invited_by=staff_user)
    creator.refresh_from_db()
    assert not creator.verified


def test_it_refuses_a_creator_without_a_manager_e_mail(staff_user):
    with pytest.raises(ValidationError, match="no manager e-mail"):
        creator_verify_and_invite(creator=CreatorFactory.create(manager_email=""), invited_by=staff_user)


def test_the_review_offers_a_verified_creator_an_invitation_not_a_verification(
    staff_client: Client, django_capture_on_commit_callbacks
):
    # given a verified creator whose manager has no account and no invitation, and an unverified one
    CreatorFactory.create(handle="anna.travels", verified=True, manager_email="anna@travels.example")
    CreatorFactory.create(handle="rohan", verified=False, manager_email="rohan@elsewhere.example")

    # when staff look each one up
    verified_row = staff_client.get("/review/creators/?q=anna.travels").content.decode()
    unverified_row = staff_client.get("/review/creators/?q=rohan").content.decode()

    # then the verified one is offered an invitation only
    assert "Verify and invite" not in verified_row
    assert re.search(r">\s*Invite\s*</button>", verified_row)
    assert "Verify and invite" in unverified_row
    # and inviting says what happened
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post("/review/creators/anna.travels/invite/", follow=True)
    text = response.content.decode()
    assert "Invited anna@travels.example to a creator account; @anna.travels was verified already." in text
    # and once invited, the row offers to invite again, still not to verify
    assert re.search(r">\s*Invite again\s*</button>", text)
    assert "Verify and invite" not in text
