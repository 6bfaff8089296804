"""A creator who applied by themselves, for the demo: confirmed, TikTok read (an import-format line as a
sync makes it), every condition met, waiting in staff's queue under Review → Creators who applied."""

from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from vetrina.accounts.models import Role, User
from vetrina.creators.models import Creator
from vetrina.joining.models import CreatorApplication
from vetrina.joining.services import creator_records_import, sync_profile

DEMO_APPLICANT = "nina.bakes"
DEMO_APPLICANT_EMAIL = "nina@bakes.demo"


def demo_creator_application_ensure() -> CreatorApplication | None:
    """Makes the demo's pending creator application once; None when it exists (or its handle is taken)."""
    if CreatorApplication.objects.filter(handle=DEMO_APPLICANT).exists():
        return None
    if Creator.objects.filter(handle=DEMO_APPLICANT).exists():
        return None
    now = timezone.now()
    user = User.objects.filter(email__iexact=DEMO_APPLICANT_EMAIL).first()
    if user is None:
        user = User(username=DEMO_APPLICANT_EMAIL, email=DEMO_APPLICANT_EMAIL, role=Role.CREATOR)
        # Nobody logs in as the applicant in the demo: staff review them.
        user.set_unusable_password()
        user.save()
    application = CreatorApplication.objects.create(
        handle=DEMO_APPLICANT,
        email=DEMO_APPLICANT_EMAIL,
        country="GB",
        categories=["food", "lifestyle"],
        languages=["en"],
        date_of_birth=now.date().replace(year=now.year - 27),
        rate_per_video=Decimal("350.00"),
        rate_currency="GBP",
        state=CreatorApplication.State.JOINED,
        created_at=now - timedelta(days=2),
        confirmed_at=now - timedelta(days=2),
        user=user,
    )
    creator_records_import(records=[(application, _line(application))])
    application.refresh_from_db()
    return application


def _line(application: CreatorApplication) -> dict[str, Any]:
    today = timezone.localdate()
    followers = [
        {"date": (today - timedelta(days=days)).isoformat(), "count": 18_400 - 35 * days}
        for days in (60, 30, 0)
    ]
    videos = []
    for index in range(12):
        days_before = 2 + index * 5
        views = 4_000 + 900 * ((index * 7) % 5)
        videos.append(
            {
                "id": str(7_450_000_000_000_000_000 + index),
                "posted_at": datetime.combine(today - timedelta(days=days_before), time(17), tzinfo=UTC)
                .isoformat()
                .replace("+00:00", "Z"),
                "views": views,
                "likes": views // 9,
                "comments": views // 150,
                "shares": views // 300,
                "duration_s": 25 + index,
                "caption": "Sourdough, step by step",
            }
        )
    return {
        **sync_profile(application),
        "display_name": "Nina Baker",
        "bio": "Bread, cakes and the mistakes in between.",
        "followers": followers,
        "videos": videos,
    }
