"""POST /collaborations (contact creators), GET /collaborations (the organisation's requests),
POST /collaborations/{id}/withdraw. The same rules and services as the pages."""

from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from vetrina.accounts.models import Role
from vetrina.collaborations.models import CollaborationRequest
from vetrina.collaborations.selectors import contact_recipients, get_sent_request_for, requests_sent_by
from vetrina.collaborations.services import (
    OfferTerms,
    collaboration_request_withdraw,
    collaboration_requests_send,
)

router = Router(tags=["collaborations"])

PaymentOptionName = Literal["fixed_fee", "per_video", "free_product", "affiliate", "open"]
StateName = Literal["pending", "accepted", "declined", "withdrawn", "expired"]


class ContactIn(Schema):
    campaign_name: str = Field(description="The same name again adds creators to that campaign.")
    creators: list[str] = Field(default_factory=list, description="Handles of the creators to contact.")
    description: str
    payment_option: PaymentOptionName
    payment_amount: Decimal | None = Field(None, description="For fixed_fee and per_video.")
    payment_currency: str = Field("", description="ISO 4217, for fixed_fee and per_video.")
    commission_percent: Decimal | None = Field(None, description="For affiliate: 0-100.")
    contact_name: str
    contact_email: str
    contact_phone: str = Field("", description="E.164, e.g. +442079460958.")


class CampaignOut(Schema):
    id: int
    name: str


class OfferOut(Schema):
    description: str
    payment_option: str
    payment_amount: Decimal | None
    payment_currency: str
    commission_percent: Decimal | None
    contact_name: str
    contact_email: str
    contact_phone: str


class RequestOut(Schema):
    id: int
    campaign: CampaignOut
    creator: str
    state: StateName
    sent_at: datetime
    expires_at: datetime
    answered_at: datetime | None
    withdrawn_at: datetime | None
    message: str
    offer: OfferOut


class ContactOut(Schema):
    campaign: CampaignOut
    sent: list[RequestOut]
    already_contacted: list[str]


class RequestList(Schema):
    count: int
    results: list[RequestOut]


class ListFilters(Schema):
    campaign: int | None = None
    state: StateName | None = None
    page: int = Field(1, ge=1)
    page_size: int = Field(50, ge=1, le=100)


def _request_out(collaboration: CollaborationRequest) -> dict[str, Any]:
    offer = collaboration.offer
    return {
        "id": collaboration.pk,
        "campaign": {"id": collaboration.campaign_id, "name": collaboration.campaign.name},
        "creator": collaboration.creator.handle,
        # As the pages show it: past its date, a pending request is expired.
        "state": collaboration.current_state,
        "sent_at": collaboration.sent_at,
        "expires_at": collaboration.expires_at,
        "answered_at": collaboration.answered_at,
        "withdrawn_at": collaboration.withdrawn_at,
        "message": collaboration.message,
        "offer": {
            "description": offer.description,
            "payment_option": offer.payment_option,
            "payment_amount": offer.payment_amount,
            "payment_currency": offer.payment_currency,
            "commission_percent": offer.commission_percent,
            "contact_name": offer.contact_name,
            "contact_email": offer.contact_email,
            "contact_phone": str(offer.contact_phone or ""),
        },
    }


def _organisation_member_or_staff(request: HttpRequest) -> None:
    user = request.user
    if not (user.is_staff or getattr(user, "role", "") in (Role.BRAND, Role.AGENCY)):
        raise PermissionDenied(_("Only brand and agency members keep campaigns."))


@router.post(
    "", response={201: ContactOut}, summary="Contact creators: one request each in the named campaign"
)
def contact(request: HttpRequest, body: ContactIn) -> Status[dict[str, Any]]:
    _organisation_member_or_staff(request)
    recipients = contact_recipients(request.user, handles=body.creators)
    if recipients.unknown:
        handles = ", ".join(recipients.unknown)
        raise ValidationError({"creators": [_("No creator you can contact has the handle %s.") % handles]})
    result = collaboration_requests_send(
        sent_by=request.user,  # type: ignore[arg-type]
        creators=recipients.creators,
        campaign_name=body.campaign_name,
        terms=OfferTerms(
            description=body.description,
            payment_option=body.payment_option,
            payment_amount=body.payment_amount,
            payment_currency=body.payment_currency.upper(),
            commission_percent=body.commission_percent,
            contact_name=body.contact_name,
            contact_email=body.contact_email,
            contact_phone=body.contact_phone,
        ),
    )
    for collaboration in result.sent:
        collaboration.campaign = result.campaign
    body_out = {
        "campaign": {"id": result.campaign.pk, "name": result.campaign.name},
        "sent": [_request_out(collaboration) for collaboration in result.sent],
        "already_contacted": [creator.handle for creator in result.already_contacted],
    }
    return Status(201, body_out)


@router.get("", response=RequestList, summary="The organisation's requests, newest first")
def list_requests(request: HttpRequest, filters: Query[ListFilters]) -> dict[str, Any]:
    _organisation_member_or_staff(request)
    requests = requests_sent_by(request.user)  # type: ignore[arg-type]
    if filters.campaign is not None:
        requests = requests.filter(campaign_id=filters.campaign)
    if filters.state is not None:
        requests = requests.filter(state=filters.state)
    start = (filters.page - 1) * filters.page_size
    return {
        "count": requests.count(),
        "results": [_request_out(item) for item in requests[start : start + filters.page_size]],
    }


@router.post("/{request_id}/withdraw", response=RequestOut, summary="Withdraw a pending request")
def withdraw(request: HttpRequest, request_id: int) -> dict[str, Any]:
    _organisation_member_or_staff(request)
    collaboration = get_sent_request_for(request.user, request_id)  # type: ignore[arg-type]
    collaboration = collaboration_request_withdraw(request=collaboration, withdrawn_by=request.user)  # type: ignore[arg-type]
    return _request_out(collaboration)
