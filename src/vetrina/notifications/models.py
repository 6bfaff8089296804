from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vetrina.accounts.models import User


class Notification(models.Model):
    """Something an account should see in Vetrina: a creator's answer to a request, or another step of a
    collaboration (its `event`), for a member of the brand's organisation or a creator-side account.

    One row per account, so that each reads (and marks read) their own.
    """

    class Kind(models.TextChoices):
        REQUEST_ANSWERED = "request_answered", _("A creator answered")
        # Any other step of a collaboration: what happened is the event's.
        REQUEST_STEP = "request_step", _("A step of a collaboration")
        SAVED_SEARCH_MATCHES = "saved_search_matches", _("New creators match a saved search")

    user = models.ForeignKey(
        User, verbose_name=_("account"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    # Named, not imported: collaborations sits above notifications and calls it when a creator answers.
    request = models.ForeignKey(
        "collaborations.CollaborationRequest",
        verbose_name=_("collaboration request"),
        on_delete=models.CASCADE,
        related_name="notifications",
        null=True,
        blank=True,
    )
    # The step it tells about (REQUEST_STEP); named, as the request is.
    event = models.ForeignKey(
        "collaborations.RequestEvent",
        verbose_name=_("step"),
        on_delete=models.CASCADE,
        related_name="notifications",
        null=True,
        blank=True,
    )
    # The saved search with new matches (SAVED_SEARCH_MATCHES), and how many; named, as the request is.
    saved_search = models.ForeignKey(
        "saved_searches.SavedSearch",
        verbose_name=_("saved search"),
        on_delete=models.CASCADE,
        related_name="notifications",
        null=True,
        blank=True,
    )
    match_count = models.PositiveIntegerField(_("new matches"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The bell counts a member's unread ones on every page.
            models.Index(fields=["user"], condition=Q(read_at__isnull=True), name="notification_unread"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.user}"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None
