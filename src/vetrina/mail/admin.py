from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from vetrina.mail.models import OutboxMessage
from vetrina.mail.services import outbox_messages_retry_now


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """Read-only: what was sent, what waits, and what was given up. Only the worker writes here."""

    list_display = [
        "created_at",
        "recipient",
        "subject",
        "reason",
        "state",
        "attempts",
        "next_attempt_at",
        "sent_at",
    ]
    list_filter = ["state", "reason", "language"]
    search_fields = ["recipient", "subject", "message_id"]
    date_hierarchy = "created_at"
    actions = ["retry_now"]
    fields = [
        "recipient",
        "subject",
        "reason",
        "language",
        "state",
        "attempts",
        "next_attempt_at",
        "claimed_until",
        "claimed_by",
        "last_error",
        "sent_at",
        "created_at",
        "message_id",
        "text",
        "html",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: OutboxMessage | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: OutboxMessage | None = None) -> bool:
        return False

    def has_retry_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    @admin.action(description=_("Retry now"), permissions=["retry"])
    def retry_now(self, request: HttpRequest, queryset: QuerySet[OutboxMessage]) -> None:
        count = outbox_messages_retry_now(message_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(
            request,
            ngettext(
                "%(count)d failed message queued again.", "%(count)d failed messages queued again.", count
            )
            % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )
