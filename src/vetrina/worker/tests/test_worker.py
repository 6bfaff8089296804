"""Delivery through `vetrina worker` to a real mail server: nothing lost, nothing sent twice."""

import re
import signal
import uuid
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
from vetrina.worker.tests.conftest import WorkerProcess, wait_until

State = OutboxMessage.State


def text_of(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    return body.get_content()


def the_message() -> OutboxMessage:
    return OutboxMessage.objects.exclude(reason=MARKER).get()


MARKER = "test-marker"


def after_another_round(inbox: Inbox, *, worker: WorkerProcess) -> list[str]:
    """The subjects the server accepted, once the worker has been round its loop again.

    Instead of sleeping and hoping the worker looked: a marker message, written as a failed attempt that
    is due, reaches the server only through the periodic job that hands due messages out again and then
    the tasks it queued, the very route by which a message could go out twice. Once it arrived, the
    worker has looked at every message again since the test wrote it.
    """
    OutboxMessage.objects.create(
        recipient="marker@vetrina.test",
        subject="Marker",
        text="The worker went round its loop again.",
        language="en",
        reason=MARKER,
        message_id=f"<{uuid.uuid4().hex}@vetrina.test>",
        state=State.RETRYING,
        next_attempt_at=timezone.now(),
    )
    wait_until(
        lambda: any(message["Subject"] == "Marker" for message in inbox.messages),
        what="the marker message",
        worker=worker,
    )
    return [message["Subject"] for message in inbox.messages]


def told_to_stop(worker: WorkerProcess) -> bool:
    # The worker's SIGTERM handler logs this line once it has taken the signal in.
    return "stopping after the task in hand" in worker.log()


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
    assert after_another_round(inbox, worker=running) == ["We received your application to Vetrina", "Marker"]
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
    assert after_another_round(inbox, worker=second) == ["Your invitation to Vetrina", "Marker"]
    assert inbox.messages[0]["Message-ID"] == the_message().message_id
    assert the_message().attempts == 2
    assert "stopped while sending" in the_message().last_error
    assert second.stop() == 0, second.log()


def test_sigterm_lets_the_worker_finish_the_message_in_hand(sending: tuple[WorkerProcess, Inbox]):
    # given a worker in the middle of sending
    running, inbox = sending
    # when it is told to stop
    running.process.send_signal(signal.SIGTERM)
    wait_until(lambda: told_to_stop(running), what="the worker to take SIGTERM in", worker=running)
    # then it waits for the message in hand (the server delivers only what a connected sender sent), and
    # stops once the server accepted it
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
    wait_until(lambda: told_to_stop(running), what="the worker to take the first SIGTERM in", worker=running)
    # when told again
    assert running.stop() == 1, running.log()
    # then the message went back to the queue, its attempt not counted, and nothing arrived
    assert (the_message().state, the_message().attempts) == (State.QUEUED, 0)
    assert inbox.messages == []
    # and the next worker sends it, once
    second = worker()
    wait_until(lambda: the_message().state == State.SENT, what="the message sent", worker=second)
    assert after_another_round(inbox, worker=second) == ["Your invitation to Vetrina", "Marker"]
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
