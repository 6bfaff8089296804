from django.contrib import admin
from django.http import HttpRequest

from vetrina.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    # Staff see who holds which token and may revoke one (set "revoked"); the secret is never stored.
    list_display = ["name", "user", "scope", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["scope"]
    search_fields = ["name", "user__email", "prefix"]
    readonly_fields = ["user", "name", "scope", "prefix", "token_hash", "created_at", "last_used_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # made by their owners (settings page, `vetrina token create`), shown once
