"""Connecting a creator-side account's TikTok: TikTok's OAuth with state and PKCE, the callback, and
disconnecting (connectors.views, connectors.services)."""

import base64
import hashlib
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from vetrina.conftest import client_for
from vetrina.connectors.models import TikTokConnection
from vetrina.connectors.services import connection_for
from vetrina.connectors.tests.fake_tiktok import DISPLAY_SCOPES, connect

CONNECT = reverse("connectors:tiktok_connect")
CALLBACK = reverse("connectors:tiktok_callback")
DISCONNECT = reverse("connectors:tiktok_disconnect")


def test_it_sends_the_creator_to_tiktok_with_state_pkce_and_the_scopes(
    fake_tiktok, creator_account, settings
):
    response = client_for(creator_account).post(CONNECT, {"next": "/requests/"})
    assert response.status_code == 302
    url = urlsplit(response["Location"])
    assert f"{url.scheme}://{url.netloc}{url.path}" == fake_tiktok.auth_url
    query = {key: values[0] for key, values in parse_qs(url.query).items()}
    assert query["client_key"] == "fake-client-key"
    assert query["response_type"] == "code"
    assert query["redirect_uri"] == settings.VETRINA_BASE_URL + "/connect/tiktok/callback/"
    assert set(query["scope"].split(",")) >= set(DISPLAY_SCOPES)
    assert len(query["state"]) >= 32
    assert query["code_challenge_method"] == "S256"
    # base64url of a SHA-256 digest, unpadded
    assert len(base64.urlsafe_b64decode(query["code_challenge"] + "=")) == hashlib.sha256().digest_size


def test_it_stores_the_connection_encrypted_and_returns_to_next(fake_tiktok, creator_account):
    client = client_for(creator_account)
    started = client.post(CONNECT, {"next": "/requests/"})
    answered = client.get(fake_tiktok.consent(started["Location"]))
    assert answered.status_code == 302
    assert answered["Location"] == "/requests/"
    connection = connection_for(creator_account)
    assert connection is not None
    assert connection.state == TikTokConnection.State.CONNECTED
    assert connection.open_id == fake_tiktok.account.open_id
    assert connection.username == "anna.styles"
    assert connection.scope_set >= set(DISPLAY_SCOPES)
    assert connection.is_business_account is False
    assert connection.access_expires_at is not None
    assert connection.refresh_expires_at is not None
    # The tokens TikTok gave are nowhere in the row as they are.
    issued = set(fake_tiktok.access_tokens) | set(fake_tiktok.refresh_tokens)
    stored = " ".join(
        str(value) for value in TikTokConnection.objects.filter(pk=connection.pk).values().get().values()
    )
    assert issued
    assert not [token for token in issued if token in stored]


def test_a_business_account_is_known_as_one(fake_tiktok, creator_account):
    fake_tiktok.account.is_business_account = True
    connection = connect(fake_tiktok, creator_account)
    assert connection.is_business_account is True


def test_the_code_is_exchanged_with_the_pkce_verifier(fake_tiktok, creator_account):
    connect(fake_tiktok, creator_account)
    [exchange] = [sent for _, path, sent in fake_tiktok.requests if path == "/v2/oauth/token/"]
    [authorize] = [sent for _, path, sent in fake_tiktok.requests if path == "/v2/auth/authorize/"]
    challenge = authorize["code_challenge"]
    digest = hashlib.sha256(exchange["code_verifier"].encode()).digest()
    assert base64.urlsafe_b64encode(digest).rstrip(b"=").decode() == challenge
    assert exchange["grant_type"] == "authorization_code"


@pytest.mark.parametrize("state", ["", "not-the-state"])
def test_an_answer_with_another_state_is_refused_and_stores_nothing(fake_tiktok, creator_account, state):
    client = client_for(creator_account)
    started = client.post(CONNECT, {"next": "/requests/"})
    callback = fake_tiktok.consent(started["Location"])
    forged = callback.replace("state=", "ignored=") + f"&state={state}"
    response = client.get(forged, follow=True)
    assert "does not match a connection you started here" in response.content.decode()
    assert connection_for(creator_account) is None
    assert "/v2/oauth/token/" not in fake_tiktok.paths()


def test_an_answer_is_used_once(fake_tiktok, creator_account):
    client = client_for(creator_account)
    started = client.post(CONNECT)
    callback = fake_tiktok.consent(started["Location"])
    client.get(callback)
    again = client.get(callback, follow=True)
    assert "does not match a connection you started here" in again.content.decode()
    assert fake_tiktok.paths().count("/v2/oauth/token/") == 1


@pytest.mark.parametrize(
    "next_path", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"]
)
def test_next_must_be_a_path_on_this_site(fake_tiktok, creator_account, next_path):
    client = client_for(creator_account)
    started = client.post(CONNECT, {"next": next_path})
    answered = client.get(fake_tiktok.consent(started["Location"]))
    assert answered["Location"] == "/"


def test_a_creator_who_cancels_on_tiktok_is_told_and_nothing_is_stored(fake_tiktok, creator_account):
    client = client_for(creator_account)
    started = client.post(CONNECT, {"next": "/requests/"})
    state = parse_qs(urlsplit(started["Location"]).query)["state"][0]
    response = client.get(f"{CALLBACK}?error=access_denied&error_description=cancelled&state={state}")
    assert response["Location"] == "/requests/"
    page = client.get("/requests/")
    assert "TikTok was not connected" in page.content.decode()
    assert connection_for(creator_account) is None


def test_a_grant_without_the_videos_is_refused_and_revoked(fake_tiktok, creator_account):
    fake_tiktok.account.scopes = ("user.info.basic", "user.info.profile", "user.info.stats")
    client = client_for(creator_account)
    started = client.post(CONNECT, {"next": "/requests/"})
    client.get(fake_tiktok.consent(started["Location"]))
    page = client.get("/requests/")
    assert "needs to read your follower count and your videos" in page.content.decode()
    assert connection_for(creator_account) is None
    assert fake_tiktok.revoked == [fake_tiktok.account.open_id]


def test_one_tiktok_account_connects_to_one_vetrina_account(fake_tiktok, creator_account):
    from vetrina.accounts.models import Role
    from vetrina.accounts.tests.factories import UserFactory

    connect(fake_tiktok, creator_account)
    other = UserFactory.create(username="other@creators.test", role=Role.CREATOR, organisation=None)
    client = client_for(other)
    started = client.post(CONNECT, {"next": "/requests/"})
    client.get(fake_tiktok.consent(started["Location"]))
    page = client.get("/requests/")
    assert "already connected to another Vetrina account" in page.content.decode()
    assert connection_for(other) is None
    assert TikTokConnection.objects.get(user=creator_account).state == TikTokConnection.State.CONNECTED


def test_connecting_again_after_reconnect_needed_makes_it_connected(fake_tiktok, creator_account):
    connection = connect(fake_tiktok, creator_account)
    TikTokConnection.objects.filter(pk=connection.pk).update(
        state=TikTokConnection.State.RECONNECT_NEEDED, last_error="revoked"
    )
    connection = connect(fake_tiktok, creator_account)
    assert connection.state == TikTokConnection.State.CONNECTED
    assert connection.last_error == ""


def test_connecting_without_tiktok_set_up_says_so(settings, creator_account):
    settings.VETRINA_TIKTOK_CLIENT_KEY = ""
    client = client_for(creator_account)
    response = client.post(CONNECT, {"next": "/requests/"})
    assert response["Location"] == "/requests/"
    assert "TikTok is not set up on this Vetrina yet" in client.get("/requests/").content.decode()


def test_disconnecting_revokes_at_tiktok_and_deletes_the_tokens(fake_tiktok, creator_account):
    connect(fake_tiktok, creator_account)
    response = client_for(creator_account).post(DISCONNECT, {"next": "/requests/"})
    assert response["Location"] == "/requests/"
    connection = TikTokConnection.objects.get(user=creator_account)
    assert connection.state == TikTokConnection.State.DISCONNECTED
    assert connection.access_token_encrypted == connection.refresh_token_encrypted == ""
    assert connection.open_id == ""
    assert fake_tiktok.revoked == [fake_tiktok.account.open_id]
    assert not fake_tiktok.access_tokens


def test_disconnecting_deletes_the_tokens_even_when_tiktok_fails(fake_tiktok, creator_account):
    connect(fake_tiktok, creator_account)
    fake_tiktok.fail("/v2/oauth/revoke/", status=500, times=10)
    client_for(creator_account).post(DISCONNECT)
    connection = TikTokConnection.objects.get(user=creator_account)
    assert connection.state == TikTokConnection.State.DISCONNECTED
    assert connection.access_token_encrypted == ""


def test_staff_may_not_connect_an_account(fake_tiktok, staff_user):
    response = client_for(staff_user).post(CONNECT)
    assert response.status_code == 403
    assert connection_for(staff_user) is None


def test_a_business_api_that_fails_leaves_a_plain_connection(fake_tiktok, creator_account):
    fake_tiktok.account.is_business_account = True
    fake_tiktok.fail("/open_api/v1.3/business/get/", status=500, times=10)
    connection = connect(fake_tiktok, creator_account)
    assert connection.state == TikTokConnection.State.CONNECTED
    assert connection.is_business_account is False
