"""Links that open an account (password reset, invitation, the strategy questions) are secrets: once
their e-mail is sent, the outbox keeps that it was sent, to whom and when, but not a working link."""

import re

import pytest
from django.test import Client

from vetrina.accounts.services import application_approve, application_strategy_ask
from vetrina.accounts.tests.factories import ApplicationFactory
from vetrina.conftest import client_for
from vetrina.mail.models import OutboxMessage

pytestmark = pytest.mark.django_db

REMOVED = "[link removed after sending]"


def _sent(reason: str) -> OutboxMessage:
    message = OutboxMessage.objects.get(reason=reason)
    assert message.state == OutboxMessage.State.SENT
    return message


def test_a_sent_password_reset_keeps_no_working_link(
    client: Client, brand_member, mailoutbox, django_capture_on_commit_callbacks
):
    # when a reset is asked for and its e-mail sent
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/password-reset/", {"email": brand_member.email})
    [email] = mailoutbox
    link = re.search(r"https?://\S+/password-reset/\S+/\S+/", email.body)
    assert link is not None
    # then the recipient got the link, and the stored copy no longer holds it
    stored = _sent("password_reset")
    assert (stored.recipient, stored.sent_at is not None) == (brand_member.email, True)
    token = link.group(0).rstrip("/").rsplit("/", 1)[1]
    for body in (stored.text, stored.html):
        assert token not in body
        assert "/password-reset/" not in body
        assert REMOVED in body
    # and the link still works for the one who got it
    assert client.get(link.group(0), follow=True).status_code == 200


def test_a_sent_team_invitation_keeps_no_working_link(
    brand_member, mailoutbox, django_capture_on_commit_callbacks
):
    brand_member.is_owner = True
    brand_member.save(update_fields=["is_owner"])
    with django_capture_on_commit_callbacks(execute=True):
        client_for(brand_member).post("/team/invite/", {"email": "colleague@acme.test"})
    [email] = mailoutbox
    path = re.search(r"/invitation/[\w-]+/", email.body)
    assert path is not None
    stored = _sent("invitation")
    assert stored.recipient == "colleague@acme.test"
    for body in (stored.text, stored.html):
        assert path.group(0) not in body
        assert REMOVED in body


def test_an_approved_applicants_invitation_and_strategy_link_are_removed_once_sent(
    staff_user, mailoutbox, django_capture_on_commit_callbacks
):
    application = ApplicationFactory.create(language="it")
    with django_capture_on_commit_callbacks(execute=True):
        application_strategy_ask(application=application, asked_by=staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        application_approve(application=application, reviewed_by=staff_user)
    strategy_link = re.search(r"/apply/strategy/\S+/", mailoutbox[0].body)
    invitation_link = re.search(r"/invitation/[\w-]+/", mailoutbox[1].body)
    assert strategy_link is not None
    assert invitation_link is not None
    for reason, link in [("strategy_question", strategy_link), ("invitation", invitation_link)]:
        stored = _sent(reason)
        assert link.group(0) not in stored.text + stored.html
        # written in the recipient's language, like the rest of the message
        assert "[link rimosso dopo l'invio]" in stored.text


def test_a_message_not_yet_sent_keeps_its_link_to_send(brand_member, settings):
    # given the e-mail cannot be sent (the task is not run)
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    brand_member.is_owner = True
    brand_member.save(update_fields=["is_owner"])
    client_for(brand_member).post("/team/invite/", {"email": "colleague@acme.test"})
    # then the queued message still holds the link it has to carry
    stored = OutboxMessage.objects.get(reason="invitation")
    assert stored.state == OutboxMessage.State.QUEUED
    assert re.search(r"/invitation/[\w-]+/", stored.text)
