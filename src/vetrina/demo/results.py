"""The demo's finished campaigns, so that a new user opens a full results report at once: every video
posted, its numbers arrived (the creators' own videos in the demo data), a history of several points,
and every payment made. "Autumn serum launch" is a fixed fee in US dollars; "Summer SPF" pays euros per
video, and one creator in free product (no cost figures), so the report shows a second currency apart.
Made once, through the same services as the pages; only the dates are moved back to when the videos
were posted, and the earlier points of their history written, as the imports of those days would have."""

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
from vetrina.collaborations.services import collaboration_request_answer, collaboration_requests_send
from vetrina.collaborations.terms import OfferTerms, PaymentTerms
from vetrina.creators.models import Creator, Video, VideoPoint
from vetrina.demo.campaigns import HOLIDAY_STAGES, SPRING_STAGES

AUTUMN = "Autumn serum launch"
SUMMER = "Summer SPF"
# (campaign, payment option, amount, currency, videos per creator, creators)
FINISHED = [
    (AUTUMN, "fixed_fee", Decimal(1800), "USD", 2, 4),
    (SUMMER, "per_video", Decimal(450), "EUR", 1, 3),
    (SUMMER, "free_product", None, "", 1, 1),
]
# The history of each video: the share of its views (and reactions) a day after posting, two days, …
HISTORY = [(1, 0.35), (2, 0.6), (4, 0.8), (7, 0.92)]
# Creators the other demo campaigns took are left to them.
TAKEN = len(SPRING_STAGES) + len(HOLIDAY_STAGES)
# A creator needs this many videos: its posted ones and earlier ones to hold them against (lift).
MIN_VIDEOS = 12


def _terms(name: str, option: str, amount: Decimal | None, currency: str, videos: int) -> OfferTerms:
    today = timezone.localdate()
    payment = {"payment_amount": amount, "payment_currency": currency} if amount is not None else {}
    return OfferTerms.model_validate(
        {
            "campaign_name": name,
            "description": "Our new product in your routine: honest, bright, natural light.",
            "payment_option": option,
            **payment,
            "deliverables": [
                {"brief": f"Video {n}: the product on camera.", "due_date": today + timedelta(days=7 * n)}
                for n in range(1, videos + 1)
            ],
            "usage_rights_days": 30,
            "contact_name": "Anna Brand",
            "contact_email": "brand@acme.localhost",
        }
    )


def demo_results_ensure(*, brand: User) -> int:
    """The brand's finished demo campaigns, made once; returns how many videos were posted (0 when they
    exist, or when the demo data has too few creators with videos)."""
    assert brand.organisation_id is not None
    if Campaign.objects.filter(organisation_id=brand.organisation_id, name__in=[AUTUMN, SUMMER]).exists():
        return 0
    needed = sum(entry[-1] for entry in FINISHED)
    creators = list(
        Creator.objects.filter(verified=True, video_count__gte=MIN_VIDEOS)
        .exclude(manager_email="")
        .order_by(F("reach").desc(nulls_last=True), "handle")[TAKEN : TAKEN + needed]
    )
    if len(creators) < needed:
        return 0
    posted = 0
    with transaction.atomic():
        for name, option, amount, currency, videos, count in FINISHED:
            chosen, creators = creators[:count], creators[count:]
            sent = collaboration_requests_send(
                sent_by=brand, creators=chosen, terms=_terms(name, option, amount, currency, videos)
            )
            for request in sent.sent:
                posted += _finish(request, brand=brand)
    return posted


def _finish(request: CollaborationRequest, *, brand: User) -> int:
    """Accepted, each video approved and posted as one of the creator's latest, and paid on time."""
    collaboration_request_answer(request=request, accept=True, message="Happy to!")
    deliverables = list(Deliverable.objects.filter(request=request).order_by("position"))
    # The creator's latest videos, oldest first: video 1 is the earlier one.
    latest = list(
        Video.objects.filter(creator=request.creator).order_by("-posted_at", "-id")[: len(deliverables)]
    )
    for deliverable, video in zip(deliverables, reversed(latest), strict=True):
        deliverable_draft_submit(
            deliverable=deliverable, link="https://drive.example.com/demo/cut", note="Final cut."
        )
        deliverable_draft_review(deliverable=deliverable, approve=True, reviewed_by=brand, comment="Lovely.")
        deliverable_post(deliverable=deliverable, video=str(video.pk))
        Deliverable.objects.filter(pk=deliverable.pk).update(posted_at=video.posted_at)
        _history(video)
    request.refresh_from_db()
    if request.agreed_amount is not None:
        payment = payment_record(
            request=request,
            terms=PaymentTerms(
                amount=request.agreed_amount
                * (len(deliverables) if request.offer.payment_option == "per_video" else 1),
                currency=request.agreed_currency,
                due_date=timezone.localdate(),
            ),
            recorded_by=brand,
        )
        payment_mark_paid(payment=payment, paid_on=timezone.localdate(), recorded_by=brand)
    return len(deliverables)


def _history(video: Video) -> None:
    """The points the imports after the video's posting would have recorded: its counts growing to what
    they are now (posting recorded the latest point)."""
    now = timezone.now()
    VideoPoint.objects.bulk_create(
        VideoPoint(
            video=video,
            at=video.posted_at + timedelta(days=days),
            views=int(video.views * share),
            likes=int(video.likes * share),
            comments=int(video.comments * share),
            shares=int(video.shares * share),
        )
        for days, share in HISTORY
        if video.posted_at + timedelta(days=days) < now - timedelta(hours=1)
    )
