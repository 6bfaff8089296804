"""The worker's periodic job keeps grants alive: a refresh token near its end is used before it ends
(connectors.services.tiktok_grants_keep_alive)."""

from datetime import timedelta

from django.utils import timezone

from vetrina.connectors.models import TikTokConnection
from vetrina.connectors.services import tiktok_connections_due, tiktok_grants_keep_alive
from vetrina.connectors.tests.fake_tiktok import connect
from vetrina.mail.models import OutboxMessage


def test_a_grant_ending_within_a_week_is_refreshed(fake_tiktok, creator_account):
    connection = connect(fake_tiktok, creator_account)
    TikTokConnection.objects.filter(pk=connection.pk).update(
        refresh_expires_at=timezone.now() + timedelta(days=2)
    )
    before = TikTokConnection.objects.get(pk=connection.pk).refresh_token_encrypted
    assert tiktok_grants_keep_alive() == 1
    connection.refresh_from_db()
    assert connection.refresh_token_encrypted != before
    assert connection.refresh_expires_at > timezone.now() + timedelta(days=300)


def test_a_grant_far_from_its_end_is_left_alone(fake_tiktok, creator_account):
    connect(fake_tiktok, creator_account)
    assert tiktok_grants_keep_alive() == 0
    assert "refresh_token" not in [sent.get("grant_type") for _, _, sent in fake_tiktok.requests]


def test_a_grant_tiktok_refuses_is_marked_and_the_creator_told(fake_tiktok, creator_account):
    connection = connect(fake_tiktok, creator_account)
    TikTokConnection.objects.filter(pk=connection.pk).update(
        refresh_expires_at=timezone.now() + timedelta(days=2)
    )
    fake_tiktok.revoke_grant()
    assert tiktok_grants_keep_alive() == 0
    connection.refresh_from_db()
    assert connection.state == TikTokConnection.State.RECONNECT_NEEDED
    assert (
        OutboxMessage.objects.filter(reason="tiktok_reconnect", recipient=creator_account.email).count() == 1
    )


def test_creators_not_synced_for_the_sync_hours_are_due(fake_tiktok, creator_account, settings):
    settings.VETRINA_TIKTOK_SYNC_HOURS = 24
    connection = connect(fake_tiktok, creator_account)
    assert tiktok_connections_due() == [connection]
    TikTokConnection.objects.filter(pk=connection.pk).update(
        last_synced_at=timezone.now() - timedelta(hours=2)
    )
    assert tiktok_connections_due() == []
    TikTokConnection.objects.filter(pk=connection.pk).update(
        last_synced_at=timezone.now() - timedelta(hours=25)
    )
    assert tiktok_connections_due() == [connection]
    TikTokConnection.objects.filter(pk=connection.pk).update(state=TikTokConnection.State.RECONNECT_NEEDED)
    assert tiktok_connections_due() == []


def test_the_worker_keeps_grants_alive_among_its_periodic_jobs():
    from vetrina.connectors.services import tiktok_grants_keep_alive_hourly
    from vetrina.worker.runner import PERIODIC_JOBS

    assert tiktok_grants_keep_alive_hourly in PERIODIC_JOBS
