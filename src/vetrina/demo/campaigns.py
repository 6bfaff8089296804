"""The demo's campaigns: the demo brand's requests at every stage of docs/campaigns.md (pending, a
counter-offer waiting, declined, withdrawn, expired; accepted with videos to do, in review, sent back,
approved, posted; payments open, paid on time, paid late), so that a new user sees the whole flow at once.
Made once, through the same services as the pages, so that timelines, notifications and e-mails are as
real ones."""

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from vetrina.accounts.models import User
from vetrina.collaborations.deliverables import (
    deliverable_draft_review,
    deliverable_draft_submit,
    deliverable_post,
)
from vetrina.collaborations.models import Campaign, CollaborationRequest, Deliverable
from vetrina.collaborations.payments import payment_mark_paid, payment_record
from vetrina.collaborations.services import (
    collaboration_request_answer,
    collaboration_request_counter,
    collaboration_request_counter_answer,
    collaboration_request_withdraw,
    collaboration_requests_expire,
    collaboration_requests_send,
)
from vetrina.collaborations.terms import CounterTerms, OfferTerms, PaymentTerms
from vetrina.creators.models import Creator

SPRING = "Spring glow"
HOLIDAY = "Holiday gift guide"
# The stages of each campaign, one creator each, in the order the creators are taken.
SPRING_STAGES = [
    "posted_paid",
    "pending",
    "countered",
    "declined",
    "counter_declined",
    "withdrawn",
    "expired",
    "to_do",
    "in_review",
    "changes_requested",
    "approved",
]
HOLIDAY_STAGES = ["posted_payment_open", "posted_paid_late", "countered_accepted_in_review"]
VIDEO_ID = 7300000000000000000


def _terms(name: str, *, per_video: bool, videos: int) -> OfferTerms:
    today = timezone.localdate()
    return OfferTerms.model_validate(
        {
            "campaign_name": name,
            "description": (
                "Short videos with our new serum in your morning routine: honest, bright, natural light."
                if not per_video
                else "Our gift box in your holiday picks: unboxing, and one tip for each product."
            ),
            "payment_option": "per_video" if per_video else "fixed_fee",
            "payment_amount": Decimal(400) if per_video else Decimal(1500),
            "payment_currency": "EUR" if per_video else "USD",
            "deliverables": [
                {
                    "brief": f"Video {n}: the product on camera, and how you use it.",
                    "due_date": today + timedelta(days=14 * n),
                }
                for n in range(1, videos + 1)
            ],
            "usage_rights_days": 30,
            "contact_name": "Anna Brand",
            "contact_email": "brand@acme.localhost",
        }
    )


def demo_campaigns_ensure(*, brand: User) -> int:
    """The brand's demo campaigns, made once; returns how many requests were made (0 when they exist, or
    when there are too few verified creators with a manager e-mail)."""
    assert brand.organisation_id is not None
    if Campaign.objects.filter(organisation_id=brand.organisation_id, name__in=[SPRING, HOLIDAY]).exists():
        return 0
    stages = SPRING_STAGES + HOLIDAY_STAGES
    creators = list(
        Creator.objects.filter(verified=True)
        .exclude(manager_email="")
        .order_by(F("reach").desc(nulls_last=True), "handle")[: len(stages)]
    )
    if len(creators) < len(stages):
        return 0
    with transaction.atomic():
        spring = collaboration_requests_send(
            sent_by=brand,
            creators=creators[: len(SPRING_STAGES)],
            terms=_terms(SPRING, per_video=False, videos=2),
        )
        holiday = collaboration_requests_send(
            sent_by=brand,
            creators=creators[len(SPRING_STAGES) :],
            terms=_terms(HOLIDAY, per_video=True, videos=1),
        )
        requests = {request.creator_id: request for request in spring.sent + holiday.sent}
        for index, (stage, creator) in enumerate(zip(stages, creators, strict=True)):
            _advance(requests[creator.pk], stage, brand=brand, video_id=str(VIDEO_ID + index))
    return len(stages)


def _advance(request: CollaborationRequest, stage: str, *, brand: User, video_id: str) -> None:
    if stage == "pending":
        return
    if stage == "declined":
        collaboration_request_answer(
            request=request, accept=False, message="Fully booked until spring, sorry."
        )
        return
    if stage == "withdrawn":
        collaboration_request_withdraw(request=request, withdrawn_by=brand)
        return
    if stage == "expired":
        past = timezone.now() - timedelta(days=1)
        CollaborationRequest.objects.filter(pk=request.pk).update(
            sent_at=past - timedelta(days=7), expires_at=past
        )
        collaboration_requests_expire()
        return
    if stage.startswith("counter"):
        counter = CounterTerms(
            amount=Decimal(2200), currency="USD", message="Two videos in natural light take a day."
        )
        if stage == "countered_accepted_in_review":
            counter = CounterTerms(
                amount=Decimal(550), currency="EUR", message="Per video, with a second tip."
            )
        collaboration_request_counter(request=request, counter=counter)
        if stage == "countered":
            return
        collaboration_request_counter_answer(
            request=request,
            accept=stage != "counter_declined",
            answered_by=brand,
            message="Thanks for the offer.",
        )
        if stage == "counter_declined":
            return
    else:
        collaboration_request_answer(
            request=request, accept=True, message="Happy to! Morning light works best."
        )
    videos = list(Deliverable.objects.filter(request=request).order_by("position"))
    first = videos[0]
    if stage == "to_do":
        return
    deliverable_draft_submit(
        deliverable=first, link="https://drive.example.com/demo/first-cut", note="First cut."
    )
    if stage in ("in_review", "countered_accepted_in_review"):
        return
    if stage == "changes_requested":
        deliverable_draft_review(
            deliverable=first, approve=False, reviewed_by=brand, comment="Show the label, please."
        )
        return
    deliverable_draft_review(deliverable=first, approve=True, reviewed_by=brand, comment="Lovely.")
    if stage == "approved":
        return
    deliverable_post(deliverable=first, video=video_id)
    request.refresh_from_db()
    amount = request.agreed_amount or Decimal(1)
    today = timezone.localdate()
    late = stage in ("posted_paid_late", "posted_payment_open")
    payment = payment_record(
        request=request,
        terms=PaymentTerms(
            amount=amount,
            currency=request.agreed_currency or "USD",
            due_date=today - timedelta(days=5 if late else 0),
        ),
        recorded_by=brand,
    )
    if stage != "posted_payment_open":
        payment_mark_paid(payment=payment, paid_on=today, recorded_by=brand)
