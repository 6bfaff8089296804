from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from vetrina.accounts.models import Application, Invitation, Organisation, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "email", "role", "organisation", "is_staff", "is_active", "last_login"]
    list_filter = ["role", "is_staff", "is_active"]
    list_select_related = ["organisation"]
    raw_id_fields = ["organisation"]
    fieldsets = [
        *(DjangoUserAdmin.fieldsets or []),
        (_("Vetrina"), {"fields": ["role", "organisation", "is_owner"]}),
    ]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country", "region", "created_at"]
    list_filter = ["kind", "country"]
    search_fields = ["name"]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    # Reviewing happens on Vetrina's own review page, where approving sends the invitation.
    list_display = ["company_name", "applicant_type", "country", "contact_email", "state", "created_at"]
    list_filter = ["state", "applicant_type"]
    search_fields = ["company_name", "contact_email", "contact_name"]
    readonly_fields = [
        "state",
        "reviewed_at",
        "reviewed_by",
        "organisation",
        "strategy_requested_at",
        "strategy_answered_at",
    ]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "role", "created_at", "expires_at", "used_at", "revoked_at"]
    list_filter = ["role"]
    search_fields = ["email"]
    readonly_fields = ["token_hash", "application", "user", "created_by"]
