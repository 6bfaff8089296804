from django.contrib import admin

from vetrina.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "kind", "request", "read_at"]
    list_filter = ["kind"]
    list_select_related = ["user", "request__campaign", "request__creator"]
    readonly_fields = ["user", "kind", "request", "created_at", "read_at"]

    def has_add_permission(self, request: object) -> bool:
        return False
