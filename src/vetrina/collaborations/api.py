"""POST /collaborations (contact creators), GET /collaborations (the organisation's requests),
GET /collaborations/{id} (one request with its timeline, videos and payments), and every brand-side step
of a campaign (docs/campaigns.md): withdraw, answer a counter-offer, review a video's draft, record a
payment and its payment day. The same rules and services as the pages."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status

from vetrina.accounts.access import may_follow_campaigns
from vetrina.api.errors import ERRORS
from vetrina.collaborations.deliverables import deliverable_draft_review
from vetrina.collaborations.models import CollaborationRequest, Deliverable, Payment, RequestEvent
from vetrina.collaborations.payments import payment_mark_paid, payment_record
from vetrina.collaborations.selectors import (
    contact_recipients,
    deliverables_of,
    get_sent_request_for,
    payments_of,
    request_timeline,
    requests_sent_by,
)
from vetrina.collaborations.services import (
    collaboration_request_counter_answer,
    collaboration_request_withdraw,
    collaboration_requests_send,
)
from vetrina.collaborations.terms import MAX_DELIVERABLES, MESSAGE_MAX_LENGTH, OfferTerms, PaymentTerms

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
    "/{request_id}/withdraw",
    response={200: RequestOut, **ERRORS},
    summary="Withdraw a request still in talks (pending, or its counter-offer unanswered)",
)
def withdraw(request: HttpRequest, request_id: int = Path(..., ge=1, le=MAX_ID)) -> dict[str, Any]:
    _organisation_member_or_staff(request)
    collaboration = get_sent_request_for(request.user, request_id)  # type: ignore[arg-type]
    collaboration = collaboration_request_withdraw(request=collaboration, withdrawn_by=request.user)  # type: ignore[arg-type]
    return _request_out(collaboration)


# --- One request, and the brand's steps (docs/campaigns.md) -------------------------------------------------

EventKindName = Literal[
    "sent",
    "accepted",
    "declined",
    "countered",
    "counter_accepted",
    "counter_declined",
    "withdrawn",
    "expired",
    "draft_submitted",
    "changes_requested",
    "draft_approved",
    "draft_auto_approved",
    "posted",
    "payment_due",
    "paid",
]
VideoStateName = Literal["to_do", "submitted", "changes_requested", "approved", "posted"]


class EventOut(Schema):
    kind: EventKindName
    side: Literal["brand", "creator", "system"]
    at: datetime
    message: str
    amount: str | None
    currency: str
    # The video the step is about (its number in the offer), if any.
    video: int | None


class DraftOut(Schema):
    id: int
    link: str
    # A file's name as uploaded; the file itself is on the request's page.
    file_name: str
    file_size: int | None
    note: str
    submitted_at: datetime
    review: Literal["", "approved", "changes_requested", "auto_approved"]
    review_comment: str
    reviewed_at: datetime | None


class CampaignVideoOut(Schema):
    number: int
    brief: str
    due_date: date
    state: VideoStateName
    submitted_at: datetime | None
    approved_at: datetime | None
    auto_approved: bool
    posted_at: datetime | None
    video_id: str
    drafts: list[DraftOut]


class PaymentOut(Schema):
    id: int
    amount: str
    currency: str
    due_date: date
    paid_on: date | None
    # Paid after its due date, or unpaid past it.
    late: bool


class RequestDetailOut(RequestOut):
    timeline: list[EventOut]
    videos: list[CampaignVideoOut]
    payments: list[PaymentOut]


class CounterAnswerIn(Schema):
    answer: Literal["accept", "decline"]
    message: str = Field("", max_length=MESSAGE_MAX_LENGTH)


class ReviewIn(Schema):
    decision: Literal["approve", "changes"]
    comment: str = Field("", max_length=MESSAGE_MAX_LENGTH, description="Required to ask for changes.")


class PaidIn(Schema):
    paid_on: date = Field(description="The day the brand paid: today or earlier.")


def _event_out(event: RequestEvent, numbers: dict[int, int]) -> dict[str, Any]:
    return {
        "kind": event.kind,
        "side": event.side,
        "at": event.at,
        "message": event.message,
        "amount": _decimal(event.amount),
        "currency": event.currency,
        "video": numbers.get(event.deliverable_id) if event.deliverable_id else None,
    }


def _video_out(deliverable: Deliverable) -> dict[str, Any]:
    return {
        "number": deliverable.position,
        "brief": deliverable.terms.brief,
        "due_date": deliverable.terms.due_date,
        "state": deliverable.state,
        "submitted_at": deliverable.submitted_at,
        "approved_at": deliverable.approved_at,
        "auto_approved": deliverable.auto_approved,
        "posted_at": deliverable.posted_at,
        "video_id": deliverable.video_id,
        "drafts": [
            {
                "id": draft.pk,
                "link": draft.link,
                "file_name": draft.file_name,
                "file_size": draft.file_size,
                "note": draft.note,
                "submitted_at": draft.submitted_at,
                "review": draft.review,
                "review_comment": draft.review_comment,
                "reviewed_at": draft.reviewed_at,
            }
            for draft in deliverable.drafts.all()
        ],
    }


def _payment_out(payment: Payment) -> dict[str, Any]:
    return {
        "id": payment.pk,
        "amount": f"{payment.amount:.2f}",
        "currency": payment.currency,
        "due_date": payment.due_date,
        "paid_on": payment.paid_on,
        "late": payment.is_late,
    }


def _request_detail_out(collaboration: CollaborationRequest) -> dict[str, Any]:
    videos = list(deliverables_of(collaboration))
    numbers = {video.pk: video.position for video in videos}
    return {
        **_request_out(collaboration),
        "timeline": [_event_out(event, numbers) for event in request_timeline(collaboration)],
        "videos": [_video_out(video) for video in videos],
        "payments": [_payment_out(payment) for payment in payments_of(collaboration)],
    }


def _sent_request(request: HttpRequest, request_id: int) -> CollaborationRequest:
    _organisation_member_or_staff(request)
    return get_sent_request_for(request.user, request_id)  # type: ignore[arg-type]


@router.get(
    "/{request_id}",
    response={200: RequestDetailOut, **ERRORS},
    summary="One request: its terms, the creator's answer or counter-offer, its timeline, videos and payments",
)
def request_detail(request: HttpRequest, request_id: int = Path(..., ge=1, le=MAX_ID)) -> dict[str, Any]:
    return _request_detail_out(_sent_request(request, request_id))


@router.post(
    "/{request_id}/counter",
    response={200: RequestDetailOut, **ERRORS},
    summary="Accept the creator's counter-offer (its price binds) or decline it (the request ends)",
)
def counter_answer(
    request: HttpRequest, body: CounterAnswerIn, request_id: int = Path(..., ge=1, le=MAX_ID)
) -> dict[str, Any]:
    collaboration = collaboration_request_counter_answer(
        request=_sent_request(request, request_id),
        accept=body.answer == "accept",
        answered_by=request.user,  # type: ignore[arg-type]
        message=body.message,
    )
    return _request_detail_out(collaboration)


@router.post(
    "/{request_id}/videos/{number}/review",
    response={200: RequestDetailOut, **ERRORS},
    summary="Approve a video's draft, or ask for changes with a comment",
)
def review(
    request: HttpRequest,
    body: ReviewIn,
    request_id: int = Path(..., ge=1, le=MAX_ID),
    number: int = Path(..., ge=1, le=MAX_DELIVERABLES),
) -> dict[str, Any]:
    collaboration = _sent_request(request, request_id)
    deliverable = get_object_or_404(collaboration.deliverables.all(), position=number)
    deliverable_draft_review(
        deliverable=deliverable,
        approve=body.decision == "approve",
        reviewed_by=request.user,  # type: ignore[arg-type]
        comment=body.comment,
    )
    return _request_detail_out(collaboration)


@router.post(
    "/{request_id}/payments",
    response={201: PaymentOut, **ERRORS},
    summary="Record a payment due for an accepted request",
)
def record_payment(
    request: HttpRequest, body: PaymentTerms, request_id: int = Path(..., ge=1, le=MAX_ID)
) -> Status[dict[str, Any]]:
    payment = payment_record(
        request=_sent_request(request, request_id),
        terms=body,
        recorded_by=request.user,  # type: ignore[arg-type]
    )
    return Status(201, _payment_out(payment))


@router.post(
    "/{request_id}/payments/{payment_id}/paid",
    response={200: PaymentOut, **ERRORS},
    summary="Record the day a payment was made; after its due date it is late",
)
def payment_paid(
    request: HttpRequest,
    body: PaidIn,
    request_id: int = Path(..., ge=1, le=MAX_ID),
    payment_id: int = Path(..., ge=1, le=MAX_ID),
) -> dict[str, Any]:
    collaboration = _sent_request(request, request_id)
    payment = get_object_or_404(collaboration.payments.all(), pk=payment_id)
    payment = payment_mark_paid(
        payment=payment,
        paid_on=body.paid_on,
        recorded_by=request.user,  # type: ignore[arg-type]
    )
    return _payment_out(payment)
