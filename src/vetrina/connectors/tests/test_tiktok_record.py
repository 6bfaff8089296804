"""connectors.services.tiktok_record: one line of the import format from the creator's profile and what
TikTok gives, with token refresh, back-off on 429 and 5xx, and "reconnect needed" on a dead grant."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from vetrina.connectors.crypto import token_decrypt
from vetrina.connectors.models import TikTokConnection
from vetrina.connectors.services import (
    TikTokNotConnected,
    TikTokReconnectNeeded,
    tiktok_connection_disconnect,
    tiktok_connection_refresh,
    tiktok_record,
)
from vetrina.connectors.tests.fake_tiktok import connect, example, fake_video
from vetrina.connectors.tiktok.client import ATTEMPTS, TikTokUnavailable
from vetrina.connectors.tiktok.records import import_line
from vetrina.ingest.parsing import parse_line
from vetrina.mail.models import OutboxMessage

PROFILE = {
    "handle": "anna.styles",
    "display_name": "Anna S.",
    "country": "US",
    "categories": ["fashion", "beauty"],
    "languages": ["en"],
    "bio": "Outfits, every day",
    "manager_email": "team@anna.example",
}


@pytest.fixture
def connection(fake_tiktok, creator_account) -> TikTokConnection:
    return connect(fake_tiktok, creator_account)


def test_the_line_is_one_the_import_reads_with_tiktoks_numbers(fake_tiktok, connection):
    line = tiktok_record(connection=connection, profile=PROFILE)
    record = parse_line(json.dumps(line))
    assert record.handle == "anna.styles"
    assert line["display_name"] == "Anna"  # TikTok's own name wins over the profile's
    assert line["country"] == "US"
    assert line["categories"] == ["fashion", "beauty"]
    assert line["bio"] == "Outfits, every day"
    assert line["manager_email"] == "team@anna.example"
    assert line["followers"] == [{"date": timezone.now().date().isoformat(), "count": 120_000}]
    account_videos = fake_tiktok.account.videos
    assert [video["id"] for video in line["videos"]] == [video["id"] for video in account_videos]
    first, tiktok_first = line["videos"][0], account_videos[0]
    assert first["views"] == tiktok_first["view_count"]
    assert first["likes"] == tiktok_first["like_count"]
    assert first["comments"] == tiktok_first["comment_count"]
    assert first["shares"] == tiktok_first["share_count"]
    assert first["duration_s"] == 30
    assert first["caption"] == tiktok_first["video_description"]
    posted = datetime.fromtimestamp(tiktok_first["create_time"], UTC)
    assert first["posted_at"] == posted.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert "audience" not in line
    connection.refresh_from_db()
    assert connection.last_synced_at is not None
    assert connection.last_error == ""


def test_the_profiles_name_stands_in_when_tiktok_has_none(fake_tiktok, connection):
    fake_tiktok.account.display_name = ""
    assert tiktok_record(connection=connection, profile=PROFILE)["display_name"] == "Anna S."


def test_every_page_of_videos_is_read(fake_tiktok, creator_account):
    fake_tiktok.account.videos = [fake_video(n, days_ago=n) for n in range(1, 46)]
    connection = connect(fake_tiktok, creator_account)
    line = tiktok_record(connection=connection, profile=PROFILE)
    assert len(line["videos"]) == 45
    assert fake_tiktok.paths().count("/v2/video/list/") == 3
    assert len({video["id"] for video in line["videos"]}) == 45


def test_a_business_account_brings_its_audience(fake_tiktok, creator_account):
    fake_tiktok.account.is_business_account = True
    connection = connect(fake_tiktok, creator_account)
    line = tiktok_record(connection=connection, profile=PROFILE)
    parse_line(json.dumps(line))
    assert line["audience"]["age"] == {
        "18-24": 0.41,
        "25-34": 0.37,
        "35-44": 0.14,
        "45-54": 0.05,
        "55+": 0.03,
    }
    assert line["audience"]["gender"] == {"female": 0.62, "male": 0.36, "other": 0.02}
    assert line["audience"]["country"] == {"US": 0.7, "GB": 0.2, "IN": 0.1}


def test_only_the_top_countries_are_left_out_rather_than_guessed(fake_tiktok, creator_account):
    fake_tiktok.account.is_business_account = True
    fake_tiktok.account.audience["audience_countries"] = [
        {"country": "US", "percentage": 0.5},
        {"country": "UK", "percentage": 0.2},
    ]
    connection = connect(fake_tiktok, creator_account)
    line = tiktok_record(connection=connection, profile=PROFILE)
    assert "country" not in line["audience"]
    assert set(line["audience"]) == {"age", "gender"}


def test_an_access_token_about_to_end_is_refreshed_first(fake_tiktok, connection):
    TikTokConnection.objects.filter(pk=connection.pk).update(
        access_expires_at=timezone.now() + timedelta(minutes=1)
    )
    connection.refresh_from_db()
    old_refresh = connection.refresh_token_encrypted
    tiktok_record(connection=connection, profile=PROFILE)
    refreshes = [sent for _, path, sent in fake_tiktok.requests if sent.get("grant_type") == "refresh_token"]
    assert len(refreshes) == 1
    connection.refresh_from_db()
    # TikTok rotated the refresh token: the new one is the one kept.
    assert connection.refresh_token_encrypted != old_refresh
    assert connection.access_expires_at > timezone.now() + timedelta(hours=1)


def test_an_access_token_tiktok_ended_early_is_refreshed_and_the_call_tried_again(fake_tiktok, connection):
    fake_tiktok.expire_access_tokens()
    fake_tiktok.requests.clear()
    line = tiktok_record(connection=connection, profile=PROFILE)
    assert line["followers"][0]["count"] == 120_000
    assert fake_tiktok.paths()[:3] == ["/v2/user/info/", "/v2/oauth/token/", "/v2/user/info/"]
    assert fake_tiktok.paths().count("/v2/user/info/") == 2


def test_a_429_is_tried_again_after_tiktoks_retry_after(fake_tiktok, connection):
    fake_tiktok.fail("/v2/video/list/", status=429, retry_after=7, times=2)
    line = tiktok_record(connection=connection, profile=PROFILE)
    assert len(line["videos"]) == 5
    assert fake_tiktok.slept == [7.0, 7.0]


def test_a_5xx_is_tried_again_with_growing_waits(fake_tiktok, connection):
    fake_tiktok.fail("/v2/user/info/", status=503, times=3)
    line = tiktok_record(connection=connection, profile=PROFILE)
    assert line["handle"] == "anna.styles"
    assert fake_tiktok.slept == [1.0, 2.0, 4.0]


def test_tiktok_failing_every_try_raises_and_notes_the_error(fake_tiktok, connection):
    fake_tiktok.fail("/v2/user/info/", status=500, times=ATTEMPTS)
    with pytest.raises(TikTokUnavailable, match="HTTP 500"):
        tiktok_record(connection=connection, profile=PROFILE)
    connection.refresh_from_db()
    assert "HTTP 500" in connection.last_error
    assert connection.state == TikTokConnection.State.CONNECTED
    assert connection.last_synced_at is None


def test_a_revoked_grant_marks_reconnect_needed_and_tells_the_creator_once(fake_tiktok, connection, settings):
    fake_tiktok.revoke_grant()
    with pytest.raises(TikTokReconnectNeeded):
        tiktok_record(connection=connection, profile=PROFILE)
    connection.refresh_from_db()
    assert connection.state == TikTokConnection.State.RECONNECT_NEEDED
    assert "invalid_grant" in connection.last_error
    message = OutboxMessage.objects.get(reason="tiktok_reconnect")
    assert message.recipient == connection.user.email
    assert "@anna.styles" in message.text
    assert settings.VETRINA_BASE_URL + "/" in message.text
    # A second sync does not call TikTok nor e-mail again.
    calls = len(fake_tiktok.requests)
    with pytest.raises(TikTokReconnectNeeded):
        tiktok_record(connection=connection, profile=PROFILE)
    assert len(fake_tiktok.requests) == calls
    assert OutboxMessage.objects.filter(reason="tiktok_reconnect").count() == 1


def test_an_expired_refresh_token_marks_reconnect_needed(fake_tiktok, connection):
    fake_tiktok.expire_access_tokens()
    fake_tiktok.expire_refresh_tokens()
    with pytest.raises(TikTokReconnectNeeded):
        tiktok_record(connection=connection, profile=PROFILE)
    connection.refresh_from_db()
    assert connection.state == TikTokConnection.State.RECONNECT_NEEDED


def test_the_reconnect_email_is_in_the_creators_language(fake_tiktok, connection):
    connection.user.language = "it"
    connection.user.save(update_fields=["language"])
    fake_tiktok.revoke_grant()
    with pytest.raises(TikTokReconnectNeeded):
        tiktok_record(connection=connection, profile=PROFILE)
    message = OutboxMessage.objects.get(reason="tiktok_reconnect")
    assert message.language == "it"
    assert "TikTok" in message.subject
    assert "Collega" in message.subject


def test_the_business_apis_throttling_with_http_200_is_tried_again(fake_tiktok, creator_account):
    fake_tiktok.account.is_business_account = True
    connection = connect(fake_tiktok, creator_account)
    fake_tiktok.fail("/open_api/v1.3/business/get/", status=200, body=example("business_throttled"))
    line = tiktok_record(connection=connection, profile=PROFILE)
    assert set(line["audience"]) == {"age", "gender", "country"}
    assert fake_tiktok.slept == [1.0]


def test_a_retry_after_too_long_to_wait_gives_up_at_once(fake_tiktok, connection):
    fake_tiktok.fail("/v2/user/info/", status=429, retry_after=3600)
    with pytest.raises(TikTokUnavailable, match="too many requests"):
        tiktok_record(connection=connection, profile=PROFILE)
    assert fake_tiktok.slept == []
    connection.refresh_from_db()
    assert "too many requests" in connection.last_error


def test_a_grant_another_process_just_refreshed_is_not_taken_for_revoked(fake_tiktok, connection):
    # given a second copy of the row, as another worker holds it, refreshes the grant first: TikTok's
    # refresh tokens work once, so the refresh token this copy holds is used up
    stale = TikTokConnection.objects.get(pk=connection.pk)
    tiktok_connection_refresh(connection=connection)
    # when the stale copy refreshes too
    access_token = tiktok_connection_refresh(connection=stale)
    # then it takes the other's new grant, and nothing is marked
    connection.refresh_from_db()
    assert access_token == token_decrypt(connection.access_token_encrypted)
    assert connection.state == TikTokConnection.State.CONNECTED
    assert not OutboxMessage.objects.filter(reason="tiktok_reconnect").exists()


def test_a_video_listed_twice_is_kept_once():
    video = fake_video(1, days_ago=1)
    line = import_line(
        profile=PROFILE,
        user={"follower_count": 10},
        videos=[video, {**video, "id": "0" + video["id"]}],
        business=None,
        today=timezone.now().date(),
    )
    assert [item["id"] for item in line["videos"]] == [video["id"]]
    parse_line(json.dumps(line))


def test_a_disconnected_account_is_not_read(fake_tiktok, connection):
    tiktok_connection_disconnect(connection=connection)
    with pytest.raises(TikTokNotConnected):
        tiktok_record(connection=connection, profile=PROFILE)


def test_a_withdrawn_follower_count_permission_marks_reconnect_needed_not_zero_followers(
    fake_tiktok, connection
):
    fake_tiktok.withdraw_scope("user.info.stats")
    with pytest.raises(TikTokReconnectNeeded, match=r"user\.info\.stats"):
        tiktok_record(connection=connection, profile=PROFILE)
    connection.refresh_from_db()
    assert connection.state == TikTokConnection.State.RECONNECT_NEEDED


def test_a_withdrawn_video_permission_marks_reconnect_needed(fake_tiktok, connection):
    fake_tiktok.withdraw_scope("video.list")
    with pytest.raises(TikTokReconnectNeeded, match="scope_not_authorized"):
        tiktok_record(connection=connection, profile=PROFILE)
