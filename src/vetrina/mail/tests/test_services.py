from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from vetrina.accounts.models import OrganisationKind
from vetrina.accounts.services import application_submit
from vetrina.config.env import email_settings
from vetrina.conftest import Inbox
from vetrina.lib.workers import process_name
from vetrina.mail.emails import email_queue
from vetrina.mail.models import OutboxMessage, WorkerHeartbeat
from vetrina.mail.services import outbox_due_requeue, outbox_message_send

State = OutboxMessage.State


def apply() -> None:
    application_submit(
        company_name="Acme",
        applicant_type=OrganisationKind.BRAND,
        country="GB",
        region="London",
        phone="+442079460958",
        contact_name="Anna Rossi",
        contact_email="anna@acme.test",
    )


def the_message() -> OutboxMessage:
    return OutboxMessage.objects.get()


@pytest.fixture
def smtp_mailer(settings, smtp_port: int, tmp_path) -> None:
    """E-mail sent over SMTP to `mail_server`, as EMAIL_URL=smtp://… configures it."""
    settings.MAILERS = email_settings(f"smtp://127.0.0.1:{smtp_port}", data_dir=tmp_path)


def test_a_message_is_written_with_the_change_and_sent_once_it_commits(
    db, mailoutbox, django_capture_on_commit_callbacks
):
    # when
    with django_capture_on_commit_callbacks() as on_commit:
        apply()
        # then the message is in the outbox with the application, not sent yet
        assert (the_message().state, the_message().reason) == (State.QUEUED, "application_received")
        assert mailoutbox == []
    # when the transaction commits
    for callback in on_commit:
        callback()
    # then it was sent, with the outbox's Message-ID, and marked so
    [sent] = mailoutbox
    assert sent.to == ["anna@acme.test"]
    assert sent.extra_headers["Message-ID"] == the_message().message_id
    assert (the_message().state, the_message().attempts) == (State.SENT, 1)
    assert the_message().sent_at is not None


@transaction.atomic
def a_change_that_fails() -> None:
    email_queue(to="anna@acme.test", subject="Hello", template="application_again", context={})
    raise RuntimeError("the change failed")


def test_a_change_rolled_back_leaves_no_message(db, mailoutbox, django_capture_on_commit_callbacks):
    # when the transaction that queued a message fails
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        a_change_that_fails()
    # then there is nothing to send
    assert not OutboxMessage.objects.exists()
    assert mailoutbox == []


def test_a_message_is_sent_once_however_often_its_task_runs(
    db, mailoutbox, django_capture_on_commit_callbacks
):
    # given a sent message
    with django_capture_on_commit_callbacks(execute=True):
        apply()
    # when its task runs again, as a duplicate in the queue would
    sent_again = outbox_message_send(message_id=the_message().pk)
    # then nothing more is sent
    assert sent_again is False
    assert len(mailoutbox) == 1
    assert the_message().attempts == 1


def test_a_message_the_server_refuses_is_retried_after_each_delay_then_given_up(
    db, settings, smtp_mailer, mail_server: Callable[[], Inbox], django_capture_on_commit_callbacks
):
    # given a mail server that refuses for now, and two retries allowed
    inbox = mail_server()
    inbox.refusal = "451 4.3.0 Mailbox busy, try again later"
    settings.VETRINA_MAIL_RETRY_DELAYS = [60, 300]
    # when a message is queued
    with django_capture_on_commit_callbacks(execute=True):
        apply()
    # then it waits for its first retry, a minute away, with the server's answer
    message = the_message()
    assert (message.state, message.attempts) == (State.RETRYING, 1)
    assert "Mailbox busy" in message.last_error
    assert timedelta(seconds=55) < message.next_attempt_at - timezone.now() <= timedelta(seconds=60)
    # and the periodic job leaves it alone until then
    assert outbox_due_requeue() == 0
    # when the minute is over
    OutboxMessage.objects.update(next_attempt_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_due_requeue() == 1
    # then it was tried again, and waits five minutes
    message = the_message()
    assert (message.state, message.attempts) == (State.RETRYING, 2)
    assert timedelta(seconds=295) < message.next_attempt_at - timezone.now() <= timedelta(seconds=300)
    # when those are over too, and the last try fails
    OutboxMessage.objects.update(next_attempt_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        outbox_due_requeue()
    # then it is given up, and never tried again
    assert (the_message().state, the_message().attempts) == (State.GIVEN_UP, 3)
    OutboxMessage.objects.update(next_attempt_at=timezone.now() - timedelta(days=1))
    assert outbox_due_requeue() == 0
    assert inbox.messages == []


def test_a_message_being_sent_is_left_to_its_worker_until_the_lease_runs_out(
    db, mailoutbox, django_capture_on_commit_callbacks
):
    # given a message that a worker claimed a moment ago
    with django_capture_on_commit_callbacks():
        apply()
    OutboxMessage.objects.update(
        state=State.SENDING, attempts=1, claimed_until=timezone.now() + timedelta(minutes=5)
    )
    # then nobody else sends it
    assert outbox_message_send(message_id=the_message().pk) is False
    assert outbox_due_requeue() == 0
    # when its worker is taken for dead
    OutboxMessage.objects.update(claimed_until=timezone.now() - timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_due_requeue() == 1
    # then it is sent by another, once
    assert len(mailoutbox) == 1
    assert (the_message().state, the_message().attempts) == (State.SENT, 2)


def test_a_message_whose_worker_still_beats_is_left_to_it_though_its_lease_ran_out(
    db, settings, mailoutbox, django_capture_on_commit_callbacks
):
    # given a message whose lease ran out, claimed by a worker whose heartbeat is fresh (it is slow, or
    # waited for the database to record the message sent)
    lease = timedelta(seconds=settings.VETRINA_MAIL_LEASE_SECONDS)
    with django_capture_on_commit_callbacks():
        apply()
    now = timezone.now()
    OutboxMessage.objects.update(
        state=State.SENDING, attempts=1, claimed_until=now - timedelta(seconds=1), claimed_by="host-1"
    )
    WorkerHeartbeat.objects.create(worker_id="host-1", beat_at=now, steady_since=now - lease)
    # then nobody takes it over
    assert outbox_due_requeue() == 0
    # when the worker's heartbeat has been quiet for a lease (it died)
    WorkerHeartbeat.objects.update(beat_at=now - lease - timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_due_requeue() == 1
    # then it is sent again, once
    assert len(mailoutbox) == 1
    assert (the_message().state, the_message().attempts) == (State.SENT, 2)


def test_a_worker_that_could_not_beat_for_a_while_takes_no_message_over_until_it_beat_for_a_lease(
    db, settings, django_capture_on_commit_callbacks
):
    # given a message whose worker went quiet, and this worker, whose own heartbeat has just come back
    # after the database was locked (it could not see whether the other worker beat meanwhile)
    lease = timedelta(seconds=settings.VETRINA_MAIL_LEASE_SECONDS)
    with django_capture_on_commit_callbacks():
        apply()
    now = timezone.now()
    OutboxMessage.objects.update(
        state=State.SENDING, attempts=1, claimed_until=now - timedelta(seconds=1), claimed_by="host-1"
    )
    WorkerHeartbeat.objects.create(
        worker_id="host-1", beat_at=now - lease - timedelta(seconds=1), steady_since=now - lease * 2
    )
    WorkerHeartbeat.objects.create(
        worker_id=process_name(), beat_at=now, steady_since=now - timedelta(seconds=1)
    )
    # then it waits
    assert outbox_due_requeue() == 0
    # when its own heartbeat has been steady for a lease
    WorkerHeartbeat.objects.filter(worker_id=process_name()).update(steady_since=now - lease)
    # then it takes the message over
    with django_capture_on_commit_callbacks():
        assert outbox_due_requeue() == 1
    assert the_message().state == State.QUEUED


def test_a_queued_message_whose_task_was_lost_is_queued_again(
    db, settings, mailoutbox, django_capture_on_commit_callbacks
):
    # given a message whose task never ran (the queue was down when its change committed)
    with django_capture_on_commit_callbacks():
        apply()
    lease = timedelta(seconds=settings.VETRINA_MAIL_LEASE_SECONDS)
    # when the periodic job runs while the task may still be on its way, and then after a lease
    assert outbox_due_requeue() == 0
    OutboxMessage.objects.update(next_attempt_at=timezone.now() - lease)
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_due_requeue() == 1
    # then the message was sent
    assert len(mailoutbox) == 1
    assert the_message().state == State.SENT


def test_a_secret_part_is_sent_and_then_removed_from_the_stored_copy(
    db, settings, smtp_mailer, mail_server: Callable[[], Inbox], django_capture_on_commit_callbacks
):
    # given a message with a secret link (an & in it, which the HTML escapes), and a server busy at first
    inbox = mail_server()
    inbox.refusal = "451 4.3.0 Mailbox busy, try again later"
    link = "https://vetrina.example/invitation/s3cret/?a=1&b=2"
    with django_capture_on_commit_callbacks(execute=True):
        email_queue(
            to="anna@acme.test",
            subject="Your invitation",
            template="invitation",
            context={"link": link, "invitation": None},
            secret_parts=[link],
        )
    # then a message not sent yet keeps the link it has to carry
    message = the_message()
    assert message.state == State.RETRYING
    assert link in message.text
    assert "s3cret/?a=1&amp;b=2" in message.html
    # when it is sent
    inbox.refusal = None
    OutboxMessage.objects.update(next_attempt_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        outbox_due_requeue()
    # then the recipient got the link, and the outbox still says what was sent, to whom and when
    [sent] = inbox.messages
    plain = sent.get_body(preferencelist=("plain",))
    assert plain is not None
    assert link in plain.get_content()
    message = the_message()
    assert (message.state, message.recipient, message.reason) == (State.SENT, "anna@acme.test", "invitation")
    assert message.sent_at is not None
    # but no longer the link, in either part
    assert "s3cret" not in message.text + message.html
    assert "[link removed after sending]" in message.text
    assert "[link removed after sending]" in message.html
    assert message.secret_parts == []
