"""The outbox: every e-mail is a row first, then a send task (docs/architecture.md).

A message is written in the caller's transaction, so it exists exactly when the change that causes it
does, and a task is queued once that transaction commits. Sending claims the row first (queued → sending,
with a lease, naming the worker), so two workers never send one message. A failed attempt is tried again
after each of VETRINA_MAIL_RETRY_DELAYS in turn, then given up and shown to staff.

A claimed message goes to another worker only when the one that claimed it died: its lease ran out and
its worker's heartbeat (vetrina.worker) stopped too. A worker that is merely slow, or waits for the
database to record what it did, keeps the message; once the server has it, the worker tries to record
it until it can.

At least once, not exactly once: SMTP gives no way to make the server's acceptance and our record of it
one step. If a worker dies after the server said "250 OK" and before the row says `sent`, the message is
sent again. That window is kept to one UPDATE (the connection is closed only after it), and every attempt
carries the row's Message-ID, so a receiver can tell the copies apart.
"""

import logging
import time
import uuid
from collections.abc import Callable, Sequence
from contextlib import suppress
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from vetrina.lib.database_busy import is_database_unavailable
from vetrina.lib.workers import Backoff, process_name
from vetrina.mail.models import OutboxMessage, WorkerHeartbeat

logger = logging.getLogger(__name__)

State = OutboxMessage.State

# The periodic job looks at this many due messages at a time; the next run takes the rest.
_DUE_BATCH = 500

# Between two tries at recording an attempt's outcome while the database is locked or gone.
_RECORD_RETRY_FIRST_SECONDS = 0.5
_RECORD_RETRY_CAP_SECONDS = 10.0


def outbox_message_queue(
    *,
    to: str,
    subject: str,
    text: str,
    html: str,
    language: str,
    reason: str,
    secret_parts: Sequence[str] = (),
) -> OutboxMessage:
    """Writes a message to the outbox, to be sent once the caller's transaction commits.

    `secret_parts` are strings of the text and HTML (a link that opens an account) that the row keeps
    only until the message is sent; then they are replaced by a placeholder.
    """
    message = OutboxMessage.objects.create(
        recipient=to,
        subject=subject,
        text=text,
        html=html,
        language=language,
        reason=reason,
        secret_parts=[part for part in secret_parts if part],
        message_id=_message_id_new(),
    )
    _send_on_commit(message.pk)
    return message


def _message_id_new() -> str:
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].rstrip(">").strip() or "vetrina.invalid"
    return f"<{uuid.uuid4().hex}@{domain}>"


def _send_on_commit(message_id: int) -> None:
    from vetrina.mail.tasks import send_outbox_message  # the task module imports this one

    # Robust: a queue that cannot take the task must not undo the committed change; the periodic job
    # finds the message and queues it again.
    transaction.on_commit(partial(send_outbox_message.enqueue, message_id=message_id), robust=True)


def outbox_message_send(*, message_id: int) -> bool:
    """Sends one queued message. False when it is not this call's to send (already sent, being sent by
    another worker, waiting for its next try) or when the attempt failed."""
    message = _claim(message_id)
    if message is None:
        return False
    mailer: BaseEmailBackend | None = None
    try:
        mailer = mailers.default
        mailer.open()
        mailer.send_messages([_email_for(message)])
    except Exception as error:
        _drop(mailer)
        _until_recorded(message, partial(_attempt_failed, error=error))
        return False
    except BaseException:
        # The worker is stopped at once (a second Ctrl-C): the message goes back to the queue.
        _drop(mailer)
        _claim_release(message)
        raise
    # The server has the message. Record that before anything else, closing the connection included:
    # the time in which a crash would send the message twice is this one UPDATE.
    _until_recorded(message, _attempt_succeeded)
    _close_quietly(mailer)
    return True


@transaction.atomic
def _claim(message_id: int) -> OutboxMessage | None:
    # One conditional UPDATE: on SQLite writers take turns, on PostgreSQL a second claimer waits for the
    # first and then finds the row no longer queued. Either way exactly one claim succeeds. Read back in
    # the same transaction: a claim this worker did not see would be nobody's while the worker lives.
    lease = timedelta(seconds=settings.VETRINA_MAIL_LEASE_SECONDS)
    claimed = OutboxMessage.objects.filter(pk=message_id, state=State.QUEUED).update(
        state=State.SENDING,
        attempts=F("attempts") + 1,
        claimed_until=timezone.now() + lease,
        claimed_by=process_name(),
    )
    if not claimed:
        return None
    return OutboxMessage.objects.get(pk=message_id)


def _until_recorded(message: OutboxMessage, record: Callable[[OutboxMessage], None]) -> None:
    """Records an attempt's outcome, trying again while the database is locked or out of reach.

    Giving up would leave the message claimed by a live worker, which nobody takes over, or (once the
    server has it) send it again; so the worker waits for the database as long as it takes.
    """
    backoff = Backoff(first=_RECORD_RETRY_FIRST_SECONDS, cap=_RECORD_RETRY_CAP_SECONDS)
    while True:
        try:
            record(message)
            return
        except Exception as error:
            if not is_database_unavailable(error) or transaction.get_connection().in_atomic_block:
                raise
            delay = backoff.next()
            logger.warning(
                "E-mail %s: the worker cannot use the database to record the attempt (%s); "
                "trying again in %.1f s.",
                message.pk,
                error,
                delay,
            )
            transaction.get_connection().close()
            time.sleep(delay)


def _email_for(message: OutboxMessage) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.text,
        to=[message.recipient],
        headers={"Message-ID": message.message_id},
    )
    if message.html:
        email.attach_alternative(message.html, "text/html")
    return email


def _close_quietly(mailer: BaseEmailBackend) -> None:
    # Closing is politeness (QUIT); the message's fate is decided already.
    with suppress(Exception):
        mailer.close()


def _drop(mailer: BaseEmailBackend | None) -> None:
    # After a failure, no QUIT: a server that timed out or sits on the message would hold us up again.
    # Closing the socket mid-message makes the server discard it.
    smtp_connection = getattr(mailer, "connection", None)
    with suppress(Exception):
        if smtp_connection is not None:
            smtp_connection.close()
    with suppress(Exception):
        if mailer is not None:
            mailer.close()


def _still_claimed(message: OutboxMessage) -> QuerySet[OutboxMessage]:
    # The claim this worker holds; gone if the lease ran out and another worker took the message over.
    return OutboxMessage.objects.filter(pk=message.pk, state=State.SENDING, attempts=message.attempts)


def _attempt_succeeded(message: OutboxMessage) -> None:
    # The same UPDATE takes the secrets out of the stored copy: sent means no working link at rest.
    recorded = _still_claimed(message).update(
        state=State.SENT,
        sent_at=timezone.now(),
        claimed_until=None,
        **_without_secrets(message),
    )
    if recorded:
        logger.info("E-mail %s (%s) sent to %s.", message.pk, message.reason, message.recipient)
    else:
        logger.warning(
            "E-mail %s was sent after another worker took it over, taking this one for dead (its "
            "heartbeat was silent for VETRINA_MAIL_LEASE_SECONDS); the other may have sent it too.",
            message.pk,
        )


def _without_secrets(message: OutboxMessage) -> dict[str, object]:
    """The text and HTML with every secret part replaced by a placeholder in the message's language;
    nothing when the message has none."""
    if not message.secret_parts:
        return {}
    with translation.override(message.language):
        placeholder = str(_("[link removed after sending]"))
    text, html = message.text, message.html
    # Longest first, so that a secret inside another (a token inside its link) leaves no remnant.
    for part in sorted(message.secret_parts, key=len, reverse=True):
        text = text.replace(part, placeholder)
        # The HTML holds the part escaped wherever the template escaped it (an & in an href).
        html = html.replace(part, placeholder).replace(escape(part), escape(placeholder))
    return {"text": text, "html": html, "secret_parts": []}


def _attempt_failed(message: OutboxMessage, *, error: Exception) -> None:
    delays = settings.VETRINA_MAIL_RETRY_DELAYS
    error_text = f"{type(error).__name__}: {error}"[:2000]
    if message.attempts > len(delays):
        _still_claimed(message).update(state=State.GIVEN_UP, claimed_until=None, last_error=error_text)
        logger.error(
            "Gave up on e-mail %s to %s after %s attempts: %s",
            message.pk,
            message.recipient,
            message.attempts,
            error_text,
        )
        return
    delay = delays[message.attempts - 1]
    _still_claimed(message).update(
        state=State.RETRYING,
        claimed_until=None,
        next_attempt_at=timezone.now() + timedelta(seconds=delay),
        last_error=error_text,
    )
    logger.warning(
        "E-mail %s to %s not sent (attempt %s), trying again in %s s: %s",
        message.pk,
        message.recipient,
        message.attempts,
        delay,
        error_text,
    )


def _claim_release(message: OutboxMessage) -> None:
    # The attempt did not happen, so it does not count.
    released = _still_claimed(message).update(
        state=State.QUEUED, attempts=F("attempts") - 1, claimed_until=None, next_attempt_at=timezone.now()
    )
    if released:
        _send_on_commit(message.pk)


def outbox_due_requeue() -> int:
    """The worker's periodic job: hands out again every message that is due for another try.

    That is a failed message whose delay is over, a message whose worker died while sending it (its
    lease ran out and the worker's heartbeat stopped), and a queued message whose task never ran (the
    queue was down when it was queued, or its worker died). Returns how many it queued.
    """
    now = timezone.now()
    lease = timedelta(seconds=settings.VETRINA_MAIL_LEASE_SECONDS)
    due_now = Q(state=State.RETRYING, next_attempt_at__lte=now) | Q(
        state=State.QUEUED, next_attempt_at__lte=now - lease
    )
    if _may_judge_workers(now=now, lease=lease):
        alive = WorkerHeartbeat.objects.filter(worker_id=OuterRef("claimed_by"), beat_at__gte=now - lease)
        due_now |= Q(state=State.SENDING, claimed_until__lt=now) & ~Q(Exists(alive))
    due = OutboxMessage.objects.filter(due_now).order_by("next_attempt_at").values_list("pk", flat=True)
    return sum(_requeue(pk=pk, due_now=due_now) for pk in due[:_DUE_BATCH])


def _may_judge_workers(*, now: datetime, lease: timedelta) -> bool:
    """Whether this process may take another worker's silence for death.

    A worker that could not write for a while (the database locked or gone) could not tell whether the
    others could: it waits until its own heartbeat has been steady for a lease, giving them as long to
    beat again. A process with no heartbeat (a one-off call, the tests) judges by the lease alone.
    """
    own = WorkerHeartbeat.objects.filter(worker_id=process_name()).first()
    return own is None or own.steady_since <= now - lease


def _requeue(*, pk: int, due_now: Q) -> int:
    with transaction.atomic():
        # Locked and checked again, so that two workers' periodic jobs queue a message once.
        message = OutboxMessage.objects.select_for_update(skip_locked=True).filter(due_now, pk=pk).first()
        if message is None:
            return 0
        if message.state == State.SENDING:
            if message.attempts > len(settings.VETRINA_MAIL_RETRY_DELAYS):
                message.state = State.GIVEN_UP
                message.claimed_until = None
                message.last_error = "A worker stopped while sending it, on its last attempt."
                message.save(update_fields=["state", "claimed_until", "last_error"])
                logger.error("Gave up on e-mail %s: %s", pk, message.last_error)
                return 0
            message.last_error = "A worker stopped while sending it; it is sent again."
        message.state = State.QUEUED
        message.claimed_until = None
        message.next_attempt_at = timezone.now()
        message.save(update_fields=["state", "claimed_until", "next_attempt_at", "last_error"])
        _send_on_commit(pk)
    return 1


@transaction.atomic
def outbox_messages_retry_now(*, message_ids: list[int]) -> int:
    """Staff's "retry now": failed messages are queued at once. A given-up message starts its schedule
    of retries afresh, since staff retry it once they have fixed what stopped it (the server's address,
    say). Returns how many were queued."""
    failed = OutboxMessage.objects.select_for_update().filter(
        pk__in=message_ids, state__in=[State.RETRYING, State.GIVEN_UP]
    )
    retried = dict(failed.values_list("pk", "state"))
    now = timezone.now()
    OutboxMessage.objects.filter(pk__in=retried).update(state=State.QUEUED, next_attempt_at=now)
    OutboxMessage.objects.filter(
        pk__in=[pk for pk, state in retried.items() if state == State.GIVEN_UP]
    ).update(attempts=0)
    for pk in retried:
        _send_on_commit(pk)
    return len(retried)


def outbox_recipient_forget(*, email: str) -> int:
    """Deletes the e-mails sent (or given up) to an address whose owner was erased; one still being sent or
    due is left to go out. Returns how many were deleted."""
    finished = [OutboxMessage.State.SENT, OutboxMessage.State.GIVEN_UP]
    return OutboxMessage.objects.filter(recipient__iexact=email, state__in=finished).delete()[0]
