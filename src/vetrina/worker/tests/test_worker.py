"""Delivery through `vetrina worker` to a real mail server: nothing lost, nothing sent twice."""

import re
import signal
import time
from collections.abc import Callable
from email.message import EmailMessage

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from vetrina.accounts.models import Application, User
from vetrina.accounts.services import application_approve
from vetrina.accounts.tests.factories import ApplicationFactory
from vetrina.conftest import Inbox
from vetrina.lib.tests.locking import write_lock_held
from vetrina.mail.models import OutboxMessage
from vetrina.worker.tests.conftest import WorkerProcess

State = OutboxMessage.State


def wait_until(
    condition: Callable[[], bool], *, what: str, worker: WorkerProcess, timeout: float = 30
) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"Waited {timeout}s for {what}. The worker's log:\n{worker.log()}")
        time.sleep(0.1)


def text_of(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    return body.get_content()


def the_message() -> OutboxMessage:
    return OutboxMessage.objects.get()


@pytest.fixture
def sending(
    worker: Callable[..., WorkerProcess], mail_server: Callable[[], Inbox], staff_user
) -> tuple[WorkerProcess, Inbox]:
    """A worker in the middle of sending an invitation: the mail server has its DATA and sits on it."""
    inbox = mail_server()
    inbox.hold_next()
    application_approve(application=ApplicationFactory.create(), reviewed_by=staff_user)
    running = worker()
    wait_until(inbox.holding.is_set, what="the message's DATA at the server", worker=running)
    return running, inbox


def test_an_invitation_arrives_over_smtp_and_its_link_opens_the_account(
    worker: Callable[..., WorkerProcess], mail_server: Callable[[], Inbox], staff_user, settings
):
    # given a mail server, and an application that staff approve
    inbox = mail_server()
    settings.VETRINA_BASE_URL = "http://testserver"
    application = ApplicationFactory.create(company_name="Acme", contact_email="anna@acme.test")
    application_approve(application=application, reviewed_by=staff_user)
    assert the_message().state == State.QUEUED
    # when the worker runs what is queued
    run = worker("--once")
    assert run.process.wait(60) == 0, run.log()
    # then the invitation arrived over SMTP, in text and HTML, with the outbox's Message-ID
    [message] = inbox.messages
    assert (message["To"], message["Subject"]) == ("anna@acme.test", "Your invitation to Vetrina")
    assert message.get_body(preferencelist=("html",)) is not None
    assert message["Message-ID"] == the_message().message_id
    assert the_message().state == State.SENT
    # and its link lets the applicant choose a password and open the account
    link = re.search(r"http://testserver(/invitation/[\w-]+/)", text_of(message))
    assert link is not None
    client = Client()
    assert "Choose your password" in client.get(link.group(1)).content.decode()
    response = client.post(
        link.group(1), {"password1": "velvet-harbour-42", "password2": "velvet-harbour-42"}
    )
    assert response.status_code == 302
    assert User.objects.filter(email="anna@acme.test", organisation__name="Acme").exists()


def test_a_message_waits_while_the_mail_server_is_down_and_arrives_once_when_it_is_back(
    worker: Callable[..., WorkerProcess], mail_server: Callable[[], Inbox]
):
    # given no mail server, and someone applying
    Client().post(
        "/apply/",
        {
            "company_name": "Acme Cosmetics",
            "applicant_type": "brand",
            "country": "GB",
            "region": "London",
            "phone": "+44 20 7946 0958",
            "contact_name": "Anna Rossi",
            "contact_email": "anna@acme.test",
        },
    )
    # when the worker tries to send the confirmation
    running = worker()
    wait_until(lambda: the_message().state == State.RETRYING, what="a failed attempt", worker=running)
    # then the application stands and the message waits in the outbox, with the reason
    assert Application.objects.filter(contact_email="anna@acme.test").exists()
    assert "refused" in the_message().last_error.lower()
    # when the mail server comes back
    inbox = mail_server()
    # then the message arrives, once, though the worker keeps looking for due messages
    wait_until(lambda: the_message().state == State.SENT, what="the message sent", worker=running)
    time.sleep(2)
    assert [message["Subject"] for message in inbox.messages] == ["We received your application to Vetrina"]
    assert the_message().attempts >= 2
    # and SIGTERM stops the worker cleanly
    assert running.stop() == 0, running.log()


def test_killing_the_worker_in_the_middle_of_sending_loses_nothing(
    worker: Callable[..., WorkerProcess], sending: tuple[WorkerProcess, Inbox]
):
    # given a worker in the middle of sending
    first, inbox = sending
    assert the_message().state == State.SENDING
    # when it is killed while the server has the message but has not accepted it
    assert first.kill() == -signal.SIGKILL
    # then the message is still in the outbox, and another worker sends it once its lease has run out
    second = worker()
    wait_until(lambda: the_message().state == State.SENT, what="the message sent", worker=second)
    time.sleep(2)
    [message] = inbox.messages
    assert message["Message-ID"] == the_message().message_id
    assert the_message().attempts == 2
    assert "stopped while sending" in the_message().last_error
    assert second.stop() == 0, second.log()


def test_sigterm_lets_the_worker_finish_the_message_in_hand(sending: tuple[WorkerProcess, Inbox]):
    # given a worker in the middle of sending
    running, inbox = sending
    # when it is told to stop
    running.process.send_signal(signal.SIGTERM)
    time.sleep(1)
    # then it waits for the message in hand, and stops once the server accepted it
    assert running.running()
    inbox.release()
    assert running.process.wait(30) == 0, running.log()
    assert len(inbox.messages) == 1
    assert (the_message().state, the_message().attempts) == (State.SENT, 1)


def test_a_second_sigterm_hands_the_message_in_hand_back_to_the_queue(
    worker: Callable[..., WorkerProcess], sending: tuple[WorkerProcess, Inbox]
):
    # given a worker in the middle of sending, told to stop
    running, inbox = sending
    running.process.send_signal(signal.SIGTERM)
    time.sleep(0.5)
    # when told again
    assert running.stop() == 1, running.log()
    # then the message went back to the queue, its attempt not counted, and nothing arrived
    assert (the_message().state, the_message().attempts) == (State.QUEUED, 0)
    assert inbox.messages == []
    # and the next worker sends it, once
    second = worker()
    wait_until(lambda: the_message().state == State.SENT, what="the message sent", worker=second)
    time.sleep(1)
    assert len(inbox.messages) == 1
    assert second.stop() == 0, second.log()


def test_the_worker_refuses_to_start_when_tasks_run_elsewhere():
    # given the tests' setting: tasks run at once, in process
    # when / then
    with pytest.raises(CommandError, match="queued in the database"):
        call_command("worker", "--once")


def test_a_message_whose_sent_record_waits_for_a_held_lock_is_sent_once(
    worker: Callable[..., WorkerProcess], mail_server: Callable[[], Inbox], staff_user
):
    # given a worker in the middle of sending (the server sits on the message), and a second worker idle
    inbox = mail_server()
    inbox.hold_next()
    application_approve(application=ApplicationFactory.create(), reviewed_by=staff_user)
    first = worker(lock_timeout=1)
    wait_until(inbox.holding.is_set, what="the message's DATA at the server", worker=first)
    second = worker(lock_timeout=1)
    wait_until(lambda: "started" in second.log(), what="the second worker started", worker=second)
    # when the server accepts the message while another writer holds the database's write lock, for
    # longer than the first worker waits to record "sent" and than the message's lease
    with write_lock_held():
        inbox.release()
        wait_until(lambda: len(inbox.messages) == 1, what="the message accepted", worker=first)
        wait_until(
            lambda: "cannot use the database" in first.log() or not first.running(),
            what="the first worker to fail to record the message sent",
            worker=first,
        )
        wait_until(
            lambda: (the_message().claimed_until or timezone.now()) < timezone.now(),
            what="the message's lease to run out",
            worker=first,
        )
    # then, once the lock is free, the message is recorded sent by the worker that sent it: one delivery
    wait_until(lambda: the_message().state == State.SENT, what="the message recorded sent", worker=first)
    for running in (first, second):
        if running.running():
            assert running.stop() == 0, running.log()
    assert len(inbox.messages) == 1, second.log()
    assert the_message().attempts == 1
