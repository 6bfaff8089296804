import re

import pytest
from django.test import Client

from vetrina.accounts.models import Role, User
from vetrina.joining.models import CreatorApplication
from vetrina.joining.tests.helpers import APPLY_FORM as FORM

pytestmark = pytest.mark.django_db

PASSWORDS = {"password1": "a-long-pass-phrase", "password2": "a-long-pass-phrase"}


def confirm_path(mailoutbox) -> str:
    found = re.search(r"/join/confirm/[\w:-]+/", mailoutbox[-1].body)
    assert found is not None
    return found.group(0)


def test_the_link_confirms_the_e_mail_and_makes_a_creator_side_account(post, mailoutbox):
    post(Client(), "/join/", FORM)
    client = Client()
    assert client.get(confirm_path(mailoutbox)).status_code == 200
    response = client.post(confirm_path(mailoutbox), PASSWORDS)
    assert response["Location"] == "/my-creator/"
    user = User.objects.get(email="nina@bakes.test")
    assert user.role == Role.CREATOR
    assert user.organisation is None
    application = CreatorApplication.objects.get()
    assert application.user == user
    assert application.state == CreatorApplication.State.JOINED
    assert application.confirmed_at is not None
    # and the account is signed in
    assert client.get("/my-creator/").status_code == 200


def test_the_link_works_once(post, mailoutbox):
    post(Client(), "/join/", FORM)
    path = confirm_path(mailoutbox)
    post(Client(), path, PASSWORDS)
    response = post(Client(), path, PASSWORDS)
    assert response.status_code == 410
    assert User.objects.count() == 1


def test_an_altered_link_does_not_work(post, mailoutbox):
    post(Client(), "/join/", FORM)
    response = Client().get(confirm_path(mailoutbox).replace("/join/confirm/", "/join/confirm/x"))
    assert response.status_code == 404


def test_a_weak_password_is_refused_and_nothing_is_made(post, mailoutbox):
    post(Client(), "/join/", FORM)
    response = post(Client(), confirm_path(mailoutbox), {"password1": "123", "password2": "123"})
    assert response.status_code == 200
    assert not User.objects.exists()
    assert CreatorApplication.objects.get().state == CreatorApplication.State.UNCONFIRMED
