from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    """One e-mail, written in the same transaction as the change that causes it and sent by a task.

    The row is the message's only record until it is sent: whatever happens to a worker or to the mail
    server, a message that is not `sent` is still here, and the worker's periodic job hands it out again.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        RETRYING = "retrying", _("Failed, retrying")
        GIVEN_UP = "given_up", _("Given up")

    recipient = models.EmailField(_("recipient"))
    subject = models.CharField(_("subject"), max_length=255)
    text = models.TextField(_("plain text"))
    html = models.TextField(_("HTML"), blank=True)
    # The parts of the text and HTML that are secrets (a password-reset or invitation link): the row
    # needs them until the message is sent, and replaces them by a placeholder once it is, so that the
    # outbox, which every staff member reads, holds no working link (mail.services._attempt_succeeded).
    secret_parts = models.JSONField(_("secret parts"), default=list, blank=True)
    language = models.CharField(_("language"), max_length=16)
    reason = models.CharField(
        _("reason"), max_length=64, help_text=_("The e-mail's template, which says why it was sent.")
    )
    # Stable across attempts, so that a receiver can drop the copy that a crash between the server's
    # acceptance and our record of it would send again.
    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    # While `sending`: the earliest time another worker may take it over, and only once the worker that
    # claimed it (its process, named as its heartbeat is: WorkerHeartbeat) has stopped beating.
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    claimed_by = models.CharField(_("claimed by"), max_length=64, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="mail_outbox_due_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(state="sent", sent_at__isnull=False)
                | (~Q(state="sent") & Q(sent_at__isnull=True)),
                name="mail_outbox_sent_at_iff_sent",
            ),
            models.CheckConstraint(
                condition=~Q(state="sending") | Q(claimed_until__isnull=False),
                name="mail_outbox_sending_is_claimed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.recipient}"


class WorkerHeartbeat(models.Model):
    """A running `vetrina worker`, as it last said so.

    Each worker writes its row every few seconds from a thread of its own, whatever the task in hand
    is doing. Work a worker claimed (an e-mail it is sending) goes to another only once the row has
    gone quiet: the worker died, not merely took long or waited for the database.
    """

    worker_id = models.CharField(_("worker"), max_length=64, primary_key=True)
    beat_at = models.DateTimeField(_("last heartbeat"))
    # Since when the heartbeats came without a gap. A worker that could not write for a while (the
    # database locked or gone) saw nobody's heartbeats either, so it does not judge others dead until
    # they have had as long as the lease to write theirs again.
    steady_since = models.DateTimeField(_("beating steadily since"))

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return self.worker_id
