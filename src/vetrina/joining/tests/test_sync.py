"""Syncs against the fake TikTok (connectors/tests/fake_tiktok.py): connecting reads the creator at once,
"Sync now" and the worker's daily job read them again, through the import."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from vetrina.conftest import client_for
from vetrina.connectors.models import TikTokConnection
from vetrina.creators.models import Creator, FollowerSnapshot
from vetrina.joining.models import CreatorApplication
from vetrina.joining.sync import creators_sync_due
from vetrina.joining.tests.helpers import joined

pytestmark = pytest.mark.django_db


def a_while_later(application: CreatorApplication) -> None:
    """The last sync was tried two minutes ago: "Sync now" works again."""
    CreatorApplication.objects.filter(pk=application.pk).update(
        sync_attempted_at=timezone.now() - timedelta(minutes=2)
    )


def connected(fake_tiktok, django_capture_on_commit_callbacks) -> tuple[CreatorApplication, Client]:
    """A creator who applied as the fake's account and connected it through the pages, as a browser would."""
    application = joined(handle=fake_tiktok.account.username, email="anna@styles.test")
    assert application.user is not None
    browser = client_for(application.user)
    started = browser.post("/connect/tiktok/", {"next": "/my-creator/connected/"})
    answered = browser.get(fake_tiktok.consent(started["Location"]))
    assert answered["Location"] == "/my-creator/connected/"
    with django_capture_on_commit_callbacks(execute=True):
        assert browser.get(answered["Location"])["Location"] == "/my-creator/"
    application.refresh_from_db()
    return application, browser


def test_connecting_reads_the_creator_through_the_import(fake_tiktok, django_capture_on_commit_callbacks):
    application, browser = connected(fake_tiktok, django_capture_on_commit_callbacks)
    creator = Creator.objects.get(handle="anna.styles")
    assert application.creator == creator
    # the numbers are the import's, from what TikTok served
    account = fake_tiktok.account
    assert creator.reach == account.follower_count
    views = [video["view_count"] for video in account.videos]
    interactions = sum(v["like_count"] + v["comment_count"] + v["share_count"] for v in account.videos)
    assert creator.video_count == len(account.videos)
    assert creator.avg_views == pytest.approx(sum(views) / len(views))
    assert creator.engagement_rate == pytest.approx(interactions / sum(views))
    assert creator.verified is False
    # and every condition holds: the creator waits for staff
    assert application.state == CreatorApplication.State.IN_REVIEW
    page = browser.get("/my-creator/").content.decode()
    assert "Connected as @anna.styles." in page
    assert "You meet every condition" in page


def test_sync_now_reads_the_creator_again(fake_tiktok, django_capture_on_commit_callbacks):
    application, browser = connected(fake_tiktok, django_capture_on_commit_callbacks)
    fake_tiktok.account.follower_count = 125_000
    a_while_later(application)
    with django_capture_on_commit_callbacks(execute=True):
        assert browser.post("/my-creator/sync/").status_code == 302
    creator = Creator.objects.get(handle="anna.styles")
    assert creator.reach == 125_000
    # one snapshot a day: the day's count is the last sync's
    assert list(FollowerSnapshot.objects.filter(creator=creator).values_list("count", flat=True)) == [125_000]


def test_a_revoked_grant_shows_reconnect_needed_in_the_space(
    fake_tiktok, django_capture_on_commit_callbacks, mailoutbox
):
    application, browser = connected(fake_tiktok, django_capture_on_commit_callbacks)
    fake_tiktok.revoke_grant()
    fake_tiktok.expire_access_tokens()
    a_while_later(application)
    with django_capture_on_commit_callbacks(execute=True):
        browser.post("/my-creator/sync/")
    application.refresh_from_db()
    assert "connect it again" in application.sync_problem
    assert TikTokConnection.objects.get(user=application.user).state == "reconnect_needed"
    page = browser.get("/my-creator/").content.decode()
    assert "Reconnect needed." in page
    assert "Reconnect TikTok" in page
    # and the numbers read before stay
    assert Creator.objects.get(handle="anna.styles").reach == fake_tiktok.account.follower_count


def test_tiktok_down_is_said_and_tried_at_the_next_sync(fake_tiktok, django_capture_on_commit_callbacks):
    application, browser = connected(fake_tiktok, django_capture_on_commit_callbacks)
    fake_tiktok.fail("/v2/user/info/", status=500, times=10)
    a_while_later(application)
    with django_capture_on_commit_callbacks(execute=True):
        browser.post("/my-creator/sync/")
    application.refresh_from_db()
    assert application.sync_problem == "TikTok did not answer; we try again at the next sync."


def test_the_daily_job_reads_each_connected_creator_once_a_period(
    fake_tiktok, django_capture_on_commit_callbacks, settings
):
    settings.VETRINA_TIKTOK_SYNC_HOURS = 24
    application, _browser = connected(fake_tiktok, django_capture_on_commit_callbacks)
    # just synced: not due
    assert creators_sync_due() == 0
    # a day later it is, once
    CreatorApplication.objects.filter(pk=application.pk).update(
        sync_attempted_at=timezone.now() - timedelta(hours=25)
    )
    fake_tiktok.account.follower_count = 130_000
    assert creators_sync_due() == 1
    assert creators_sync_due() == 0
    assert Creator.objects.get(handle="anna.styles").reach == 130_000


def test_a_tiktok_account_of_another_handle_is_not_read_in(fake_tiktok, django_capture_on_commit_callbacks):
    application = joined(handle="not.anna", email="not@anna.test")
    assert application.user is not None
    browser = client_for(application.user)
    started = browser.post("/connect/tiktok/", {"next": "/my-creator/connected/"})
    answered = browser.get(fake_tiktok.consent(started["Location"]))
    with django_capture_on_commit_callbacks(execute=True):
        browser.get(answered["Location"])
    application.refresh_from_db()
    assert application.creator is None
    assert not Creator.objects.exists()
    assert "is @anna.styles, not @not.anna" in browser.get("/my-creator/").content.decode()


def test_sync_now_waits_a_minute_between_two_reads(fake_tiktok, django_capture_on_commit_callbacks):
    _application, browser = connected(fake_tiktok, django_capture_on_commit_callbacks)
    fake_tiktok.account.follower_count = 125_000
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post("/my-creator/sync/", follow=True)
    assert "read a moment ago" in response.content.decode()
    assert Creator.objects.get(handle="anna.styles").reach == 120_000
