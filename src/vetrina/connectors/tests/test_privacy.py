"""A creator-side account's TikTok connection in its data download and its deletion (privacy)."""

import json

from django.urls import reverse

from vetrina.conftest import client_for
from vetrina.connectors.models import TikTokConnection
from vetrina.connectors.tests.fake_tiktok import connect


def test_the_download_names_the_connection_and_never_a_token(fake_tiktok, creator_account):
    connection = connect(fake_tiktok, creator_account)
    response = client_for(creator_account).get(reverse("privacy:account_export"))
    data = json.loads(response.content)
    [tiktok] = data["tiktok"]
    assert tiktok["username"] == "anna.styles"
    assert tiktok["state"] == "connected"
    assert "video.list" in tiktok["scopes"]
    text = response.content.decode()
    for token in [*fake_tiktok.access_tokens, *fake_tiktok.refresh_tokens, connection.access_token_encrypted]:
        assert token not in text


def test_deleting_the_account_revokes_the_grant_at_tiktok_once_committed(
    fake_tiktok, creator_account, django_capture_on_commit_callbacks
):
    connect(fake_tiktok, creator_account)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client_for(creator_account).post(
            reverse("privacy:account_delete"), {"password": "a-long-pass-phrase"}
        )
        # nothing is sent to TikTok while the deletion's transaction is open
        assert fake_tiktok.revoked == []
    assert response.status_code == 302
    assert callbacks
    assert fake_tiktok.revoked == [fake_tiktok.account.open_id]
    assert not TikTokConnection.objects.exists()
