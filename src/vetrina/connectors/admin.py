from django.contrib import admin
from django.http import HttpRequest

from vetrina.connectors.models import TikTokConnection


@admin.register(TikTokConnection)
class TikTokConnectionAdmin(admin.ModelAdmin):
    """Staff see who connected TikTok and how the syncs go; the tokens stay out of sight, even encrypted."""

    list_display = (
        "user",
        "username",
        "state",
        "is_business_account",
        "last_synced_at",
        "refresh_expires_at",
    )
    list_filter = ("state", "is_business_account")
    search_fields = ("username", "user__email")
    fields = (
        "user",
        "username",
        "open_id",
        "state",
        "scopes",
        "is_business_account",
        "connected_at",
        "last_synced_at",
        "last_error",
        "access_expires_at",
        "refresh_expires_at",
    )
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        # A connection is made by the creator through TikTok's consent page, never by hand.
        return False
