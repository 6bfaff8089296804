from django.contrib import admin
from django.http import HttpRequest

from vetrina.collaborations.models import Campaign, CollaborationRequest, Offer, RequestEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    """Staff read campaigns and requests; only the organisations and the creators change them, through
    the services (which write the e-mails and notifications that go with each change)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyAdmin):
    list_display = ["name", "organisation", "created_at"]
    search_fields = ["name", "organisation__name"]
    list_select_related = ["organisation"]


@admin.register(Offer)
class OfferAdmin(ReadOnlyAdmin):
    list_display = ["campaign", "payment_option", "payment_amount", "payment_currency", "sent_at"]
    list_select_related = ["campaign"]


@admin.register(CollaborationRequest)
class CollaborationRequestAdmin(ReadOnlyAdmin):
    list_display = ["campaign", "creator", "state", "sent_at", "expires_at", "answered_at"]
    list_filter = ["state"]
    search_fields = ["campaign__name", "creator__handle", "sent_to"]
    list_select_related = ["campaign", "creator"]
    date_hierarchy = "sent_at"


@admin.register(RequestEvent)
class RequestEventAdmin(ReadOnlyAdmin):
    list_display = ["request", "kind", "side", "actor", "at"]
    list_filter = ["kind", "side"]
    list_select_related = ["request__campaign", "request__creator", "actor"]
