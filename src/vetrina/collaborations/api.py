"""POST /collaborations (contact creators), GET /collaborations (the organisation's requests),
POST /collaborations/{id}/withdraw. The same rules and services as the pages."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status

from vetrina.accounts.access import may_follow_campaigns
from vetrina.api.errors import ERRORS
from vetrina.collaborations.models import CollaborationRequest
from vetrina.collaborations.selectors import contact_recipients, get_sent_request_for, requests_sent_by
from vetrina.collaborations.services import collaboration_request_withdraw, collaboration_requests_send
from vetrina.collaborations.terms import OfferTerms

router = Router(tags=["collaborations"])

PaymentOptionName = Literal["fixed_fee", "per_video", "free_product", "affiliate", "open"]
StateName = Literal[
    "pending", "countered", "accepted", "declined", "counter_declined", "withdrawn", "expired"
]
# Ids are 64-bit: a larger number names nothing, and must not reach the database.
MAX_ID = 2**63 - 1


Handle = Annotated[str, Field(pattern=r"^[A-Za-z0-9._]{1,64}$")]


class ContactIn(OfferTerms):
    """The terms (`collaborations.terms`, as on the contact form) and whom to send them to."""

    creators: list[Handle] = Field(
        default_factory=list,
        max_length=1000,
        description="Handles of the creators to contact; with `shortlist`, those of the list (none: all).",
    )
    shortlist: int | None = Field(
        None, ge=1, le=MAX_ID, description="One of the organisation's shortlists to contact from."
    )


class CampaignOut(Schema):
    id: int
    name: str


class DeliverableOut(Schema):
    number: int
    brief: str
    due_date: date


class OfferOut(Schema):
    description: str
    payment_option: PaymentOptionName
    # Decimal strings, exact: "1500.00".
    payment_amount: str | None
    payment_currency: str
    commission_percent: str | None
    deliverables: list[DeliverableOut]
    usage_rights_days: int
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
    # The creator's counter-offer, if any (decimal strings), and the price that binds once accepted.
    counter_amount: str | None
    counter_currency: str
    agreed_amount: str | None
    agreed_currency: str
    offer: OfferOut


class ContactOut(Schema):
    campaign: CampaignOut
    sent: list[RequestOut]
    already_contacted: list[str]


class RequestList(Schema):
    count: int
    results: list[RequestOut]


class ListFilters(Schema):
    campaign: int | None = Field(None, ge=1, le=MAX_ID)
    state: StateName | None = None
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(50, ge=1, le=100)


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


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
        "counter_amount": _decimal(collaboration.counter_amount),
        "counter_currency": collaboration.counter_currency,
        "agreed_amount": _decimal(collaboration.agreed_amount),
        "agreed_currency": collaboration.agreed_currency,
        "offer": {
            "description": offer.description,
            "payment_option": offer.payment_option,
            "payment_amount": _decimal(offer.payment_amount),
            "payment_currency": offer.payment_currency,
            "commission_percent": _decimal(offer.commission_percent),
            "deliverables": [
                {"number": item.position, "brief": item.brief, "due_date": item.due_date}
                for item in offer.deliverables.all()
            ],
            "usage_rights_days": offer.usage_rights_days,
            "contact_name": offer.contact_name,
            "contact_email": offer.contact_email,
            "contact_phone": str(offer.contact_phone or ""),
        },
    }


def _organisation_member_or_staff(request: HttpRequest) -> None:
    if not may_follow_campaigns(request.user):
        raise PermissionDenied(_("Only brand and agency members keep campaigns."))


@router.post(
    "",
    response={201: ContactOut, **ERRORS},
    summary="Contact creators: one request each in the named campaign",
)
def contact(request: HttpRequest, body: ContactIn) -> Status[dict[str, Any]]:
    _organisation_member_or_staff(request)
    recipients = contact_recipients(
        request.user,
        handles=body.creators,
        shortlist_id=body.shortlist,
        whole_list=body.shortlist is not None and not body.creators,
    )
    if recipients.unknown:
        handles = ", ".join(recipients.unknown)
        if recipients.shortlist is not None:
            message = _("These handles are not on the list: %s.") % handles
        else:
            message = _("No creator you can contact has the handle %s.") % handles
        raise ValidationError({"creators": [message]})
    result = collaboration_requests_send(
        sent_by=request.user,  # type: ignore[arg-type]
        creators=recipients.creators,
        terms=body,
    )
    for collaboration in result.sent:
        collaboration.campaign = result.campaign
    body_out = {
        "campaign": {"id": result.campaign.pk, "name": result.campaign.name},
        "sent": [_request_out(collaboration) for collaboration in result.sent],
        "already_contacted": [creator.handle for creator in result.already_contacted],
    }
    return Status(201, body_out)


@router.get("", response={200: RequestList, **ERRORS}, summary="The organisation's requests, newest first")
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


@router.post(
    "/{request_id}/withdraw", response={200: RequestOut, **ERRORS}, summary="Withdraw a pending request"
)
def withdraw(request: HttpRequest, request_id: int = Path(..., ge=1, le=MAX_ID)) -> dict[str, Any]:
    _organisation_member_or_staff(request)
    collaboration = get_sent_request_for(request.user, request_id)  # type: ignore[arg-type]
    collaboration = collaboration_request_withdraw(request=collaboration, withdrawn_by=request.user)  # type: ignore[arg-type]
    return _request_out(collaboration)
