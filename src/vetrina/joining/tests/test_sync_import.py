"""What a sync reads goes through the import (joining.services.creator_records_import): the tests feed it
import-format lines as the TikTok connector makes them."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from vetrina.creators.models import Creator, FollowerSnapshot
from vetrina.creators.tests.factories import CreatorFactory
from vetrina.joining.models import CreatorApplication
from vetrina.joining.tests.helpers import joined, synced, tiktok_line
from vetrina.metrics.compute import engagement_rate

pytestmark = pytest.mark.django_db


def test_the_first_sync_imports_the_creator_unverified_and_managed_by_the_account():
    application = synced(joined(), followers=24_100)
    creator = Creator.objects.get(handle="nina.bakes")
    assert application.creator == creator
    assert creator.verified is False
    assert application.user is not None
    assert creator.manager_email == application.user.email
    assert creator.country == "GB"
    assert creator.categories == ["food", "lifestyle"]
    assert (creator.rate_per_video, creator.rate_currency) == (Decimal("250.00"), "GBP")
    # and its numbers are the import's: reach from the snapshot, the engagement rate of its videos
    assert creator.reach == 24_100
    videos = list(creator.videos.all())
    assert creator.engagement_rate == pytest.approx(engagement_rate(videos))
    assert creator.engagement_rate == pytest.approx((90 + 40 + 30 + 3 * 3) / (900 + 400 + 300))
    assert application.synced_at is not None
    assert application.sync_problem == ""


def test_an_eligible_creator_goes_to_staffs_queue():
    application = synced(joined())
    assert application.state == CreatorApplication.State.IN_REVIEW
    assert application.submitted_at is not None


def test_a_creator_below_the_bar_stays_out_of_the_queue():
    application = synced(joined(), followers=9_999)
    assert application.state == CreatorApplication.State.JOINED


def test_the_follower_history_grows_one_snapshot_per_sync():
    today = timezone.localdate()
    application = joined()
    synced(application, followers=20_000, on=today - timedelta(days=1))
    synced(application, followers=20_500, on=today)
    snapshots = list(FollowerSnapshot.objects.filter(creator__handle="nina.bakes").order_by("date"))
    assert [(s.date, s.count) for s in snapshots] == [(today - timedelta(days=1), 20_000), (today, 20_500)]
    assert Creator.objects.get(handle="nina.bakes").reach == 20_500


def test_a_sync_never_writes_over_another_creator_with_the_handle():
    # given an imported creator who holds the handle
    other = CreatorFactory.create(handle="nina.bakes", display_name="The real Nina", manager_email="a@b.test")
    application = synced(joined(handle="nina.bakes"))
    other.refresh_from_db()
    assert other.display_name == "The real Nina"
    assert other.manager_email == "a@b.test"
    assert not other.videos.exists()
    assert application.creator is None
    assert "Another creator on Vetrina has the handle @nina.bakes" in application.sync_problem


def test_a_line_the_import_refuses_leaves_the_creator_as_it_was_and_says_why():
    application = synced(joined())
    line = tiktok_line(application, followers=-5)
    from vetrina.joining.services import creator_records_import

    creator_records_import(records=[(application, line)])
    application.refresh_from_db()
    assert "TikTok's data could not be stored" in application.sync_problem
    assert Creator.objects.get(handle="nina.bakes").reach == 24_100


def test_edits_in_vetrina_survive_a_sync():
    from vetrina.joining.services import creator_profile_update

    application = synced(joined())
    assert application.user is not None
    creator_profile_update(
        user=application.user,
        bio="Sourdough every morning.",
        categories=["food"],
        languages=["en", "it"],
        rate_per_video=Decimal("300"),
        rate_currency="EUR",
    )
    synced(application)
    creator = Creator.objects.get(handle="nina.bakes")
    assert creator.bio == "Sourdough every morning."
    assert creator.languages == ["en", "it"]
    assert (creator.rate_per_video, creator.rate_currency) == (Decimal("300.00"), "EUR")


def test_a_tiktok_account_with_another_handle_is_not_imported():
    from vetrina.joining.services import creator_records_import

    application = joined()
    creator_records_import(records=[(application, {**tiktok_line(application), "handle": "someone.else"})])
    application.refresh_from_db()
    assert application.creator is None
    assert not Creator.objects.filter(handle__in=["someone.else", "nina.bakes"]).exists()
    assert "is @someone.else, not @nina.bakes" in application.sync_problem
