"""Campaigns with posted videos, made straight in the database: the results read what the campaign's
steps left behind, so the tests build that state at once."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from vetrina.collaborations.models import (
    Campaign,
    CollaborationRequest,
    Deliverable,
    DeliverableState,
    OfferDeliverable,
    RequestState,
)
from vetrina.collaborations.tests.factories import CollaborationRequestFactory, OfferFactory
from vetrina.creators.models import Creator, Video

START = datetime(2026, 9, 1, 12, tzinfo=UTC)


def accepted_request(
    *,
    campaign: Campaign,
    creator: Creator,
    option: str = "fixed_fee",
    amount: str | None = "1000",
    currency: str = "USD",
    agreed: str | None = None,
    agreed_currency: str | None = None,
    videos: list[str | None],
) -> CollaborationRequest:
    """An accepted request whose offer asked for len(videos) videos: each given id is posted (on the day
    after the last), None a video not posted yet. `agreed` defaults to the offer's amount."""
    paid = option in ("fixed_fee", "per_video")
    offer = OfferFactory.create(
        campaign=campaign,
        payment_option=option,
        payment_amount=Decimal(amount) if paid and amount else None,
        payment_currency=currency if paid else "",
        commission_percent=Decimal(10) if option == "affiliate" else None,
    )
    agreed_amount = agreed if agreed is not None else (amount if paid else None)
    request = CollaborationRequestFactory.create(
        campaign=campaign,
        offer=offer,
        creator=creator,
        state=RequestState.ACCEPTED,
        answered_at=timezone.now(),
        agreed_amount=Decimal(agreed_amount) if agreed_amount is not None else None,
        agreed_currency=(agreed_currency or currency) if agreed_amount is not None else "",
    )
    for position, video_id in enumerate(videos, start=1):
        terms = OfferDeliverable.objects.create(
            offer=offer, position=position, brief=f"Video {position}", due_date="2026-12-01"
        )
        posted = video_id is not None
        Deliverable.objects.create(
            request=request,
            terms=terms,
            position=position,
            state=DeliverableState.POSTED if posted else DeliverableState.TO_DO,
            approved_at=START if posted else None,
            posted_at=START + timedelta(days=position) if posted else None,
            video_id=video_id or "",
        )
    return request


def videos_of(creator: Creator, views: list[int], *, first_id: int, start: datetime = START) -> list[Video]:
    """The creator's videos, one a day from `start`, oldest first, with the given views."""
    return Video.objects.bulk_create(
        Video(
            id=first_id + n,
            creator=creator,
            posted_at=start + timedelta(days=n),
            views=count,
            likes=count // 10,
            comments=count // 100,
            shares=count // 200,
        )
        for n, count in enumerate(views)
    )
