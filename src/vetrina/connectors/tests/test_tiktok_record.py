"""connectors.services.tiktok_record: one line of the import format from the creator's profile and what
TikTok gives, with token refresh, back-off on 429 and 5xx, and "reconnect needed" on a dead grant."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from vetrina.connectors.models import TikTokConnection
from vetrina.connectors.services import TikTokReconnectNeeded, tiktok_record
from vetrina.connectors.tests.fake_tiktok import connect, fake_video
from vetrina.connectors.tiktok.client import ATTEMPTS, TikTokUnavailable
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
    for token, (open_id, _, scopes) in list(fake_tiktok.refresh_tokens.items()):
        fake_tiktok.refresh_tokens[token] = (open_id, 0.0, scopes)
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
