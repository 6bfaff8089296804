"""Creators who joined, for the tests: applied, confirmed, and synced through the import as a TikTok
sync would (one import-format line: joining.services.creator_records_import)."""

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.test import Client
from django.utils import timezone

from vetrina.collaborations.models import PaymentOption
from vetrina.collaborations.services import collaboration_requests_send
from vetrina.collaborations.terms import OfferTerms
from vetrina.collaborations.tests.factories import deliverables, due_in
from vetrina.joining.models import CreatorApplication
from vetrina.joining.services import (
    creator_application_confirm,
    creator_application_submit,
    creator_records_import,
    sync_profile,
)

PASSWORD = "a-long-pass-phrase"


def joined(
    *, handle: str = "nina.bakes", email: str = "nina@bakes.test", born: date = date(1998, 4, 2)
) -> CreatorApplication:
    """An application whose e-mail was confirmed: the creator-side account exists."""
    application = creator_application_submit(
        handle=handle,
        email=email,
        country="GB",
        categories=["food", "lifestyle"],
        languages=["en"],
        date_of_birth=born,
        rate_per_video=Decimal("250.00"),
        rate_currency="GBP",
        language="en",
    )
    assert application is not None
    creator_application_confirm(application=application, password=PASSWORD)
    application.refresh_from_db()
    return application


def tiktok_line(
    application: CreatorApplication,
    *,
    followers: int = 24_100,
    videos: list[tuple[int, int]] | None = None,
    on: date | None = None,
    first_video_id: int = 7_400_000_000_000_000_000,
) -> dict[str, Any]:
    """One import-format line as the TikTok connector makes it: the profile Vetrina holds, one follower
    snapshot dated `on` (today), and videos given as (days before `on`, views)."""
    on = on or timezone.localdate()
    videos = [(1, 900), (10, 400), (20, 300)] if videos is None else videos
    return {
        **sync_profile(application),
        "followers": [{"date": on.isoformat(), "count": followers}],
        "videos": [
            {
                "id": str(first_video_id + index),
                "posted_at": datetime.combine(on - timedelta(days=days_before), time(12), tzinfo=UTC)
                .isoformat()
                .replace("+00:00", "Z"),
                "views": views,
                "likes": views // 10,
                "comments": 2,
                "shares": 1,
                "duration_s": 30,
                "caption": "",
            }
            for index, (days_before, views) in enumerate(videos)
        ],
    }


def synced(application: CreatorApplication, **line: Any) -> CreatorApplication:
    creator_records_import(records=[(application, tiktok_line(application, **line))])
    application.refresh_from_db()
    return application


# A brand's offer, as the contact service, its form and the API take it.
TERMS: dict[str, Any] = {
    "description": "One video with our flour.",
    "payment_option": PaymentOption.FIXED_FEE,
    "payment_amount": Decimal(300),
    "payment_currency": "GBP",
    "contact_name": "Anna Rossi",
    "contact_email": "anna@acme.test",
    "deliverables": deliverables(1),
}
API_BODY = {
    "campaign_name": "Autumn bakes",
    "description": "One video with our flour.",
    "payment_option": "affiliate",
    "commission_percent": "12.5",
    "contact_name": "Anna Rossi",
    "contact_email": "anna@acme.test",
    "deliverables": deliverables(1),
}
CONTACT_FORM = {
    "campaign_name": "Autumn bakes",
    "description": "One video with our flour.",
    "payment_option": "per_video",
    "payment_amount": "300",
    "payment_currency": "GBP",
    "contact_name": "Anna Rossi",
    "contact_email": "anna@acme.test",
    "contact_phone": "+44 20 7946 0958",
    "deliverable_brief": "A loaf from start to finish.",
    "deliverable_due_date": due_in(30).isoformat(),
    "usage_rights_days": "30",
}


def request_send(user: Any, creators: list[Any]) -> Any:
    return collaboration_requests_send(
        sent_by=user, creators=creators, terms=OfferTerms(campaign_name="Autumn bakes", **TERMS)
    )


# The form to join, filled in as a creator would.
APPLY_FORM = {
    "handle": "nina.bakes",
    "email": "Nina@Bakes.test",
    "country": "GB",
    "main_category": "food",
    "other_categories": ["lifestyle"],
    "languages": ["en"],
    "date_of_birth": "1998-04-02",
    "rate_per_video": "250",
    "rate_currency": "GBP",
}


def client_of(application: CreatorApplication) -> Client:
    """A browser logged in as the creator who applied."""
    assert application.user is not None
    client = Client()
    client.force_login(application.user)
    return client
