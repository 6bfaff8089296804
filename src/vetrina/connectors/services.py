"""Writes of the connectors: connecting a creator-side account's TikTok, keeping its grant alive,
disconnecting it, and reading it into a line of the import format (docs/tiktok.md).

TikTok is called outside any transaction: a slow answer must not hold the database's write lock (on
SQLite, every writer's). Each change to the row is one short transaction after the call."""

import logging
import time
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vetrina.accounts.models import User
from vetrina.connectors.crypto import TokenKeyError, token_decrypt, token_encrypt
from vetrina.connectors.models import TikTokConnection
from vetrina.connectors.tiktok import client, records
from vetrina.connectors.tiktok.client import AccessTokenInvalid, Grant, GrantInvalid, TikTokError
from vetrina.mail.emails import absolute_url, email_queue

logger = logging.getLogger(__name__)

# Scopes without which a sync has nothing to read: the follower count and the videos.
REQUIRED_SCOPES = frozenset({"user.info.basic", "user.info.stats", "video.list"})
# The Business API's: the account's type, and its audience.
BUSINESS_SCOPES = frozenset({"user.account.type", "user.insights"})
# An access token this close to its end is refreshed before a call (TikTok's last about two hours).
_ACCESS_MARGIN = timedelta(minutes=5)
# A grant whose refresh token ends within this is refreshed by the worker, though nobody synced it.
_REFRESH_AHEAD = timedelta(days=7)
# Grants refreshed in one run of the worker's job, nearest end first: the rest wait an hour, so that the
# job never keeps the worker's other jobs waiting long (a week's margin leaves many runs).
_KEEP_ALIVE_BATCH = 200
# Videos read per sync, newest first: the numbers look at the last 30 and the eligibility at 30 days.
SYNC_VIDEOS = 100


class TikTokNotConnected(Exception):
    """The account's TikTok cannot be read: it was disconnected, or needs connecting again."""


class TikTokReconnectNeeded(TikTokNotConnected):
    """TikTok no longer honours the creator's grant (revoked, or expired): the connection is marked
    "reconnect needed", the creator was told by e-mail (once), and only connecting again helps."""


def connection_for(user: User) -> TikTokConnection | None:
    """The account's TikTok connection, in whatever state, or None."""
    return TikTokConnection.objects.filter(user=user).first()


def tiktok_connection_connect(
    *, user: User, code: str, code_verifier: str, redirect_uri: str
) -> TikTokConnection:
    """Exchanges the code TikTok sent back for a grant and stores it. Raises ValidationError, with a
    sentence for the creator, when the grant cannot be used."""
    try:
        grant = client.code_exchange(code=code, code_verifier=code_verifier, redirect_uri=redirect_uri)
    except TikTokError as error:
        logger.warning("TikTok refused the authorization code for %s: %s", user, error)
        raise ValidationError(_("TikTok did not confirm the connection. Please try again.")) from error
    missing = REQUIRED_SCOPES - grant.scopes
    if missing:
        _revoke_quietly(grant.access_token)
        raise ValidationError(
            _(
                "Vetrina needs to read your follower count and your videos. Connect again and allow "
                "every permission TikTok asks for."
            )
        )
    try:
        user_data = client.user_info(access_token=grant.access_token)
    except TikTokError as error:
        logger.warning("TikTok did not answer for %s's new grant: %s", user, error)
        raise ValidationError(_("TikTok did not answer. Please try again in a few minutes.")) from error
    is_business = _is_business_account(grant)
    try:
        with transaction.atomic():
            connection, _created = TikTokConnection.objects.select_for_update().get_or_create(
                user=user, defaults={"connected_at": timezone.now()}
            )
            _grant_store(connection, grant)
            connection.username = str(user_data.get("username") or "")[:100]
            connection.is_business_account = is_business
            connection.state = TikTokConnection.State.CONNECTED
            connection.connected_at = timezone.now()
            connection.last_error = ""
            connection.save()
    except IntegrityError:
        # Not revoked: TikTok would end the grant of the Vetrina account that holds this TikTok account too.
        raise ValidationError(
            _("This TikTok account is already connected to another Vetrina account.")
        ) from None
    return connection


def tiktok_connection_disconnect(*, connection: TikTokConnection) -> None:
    """Revokes the grant at TikTok and deletes the tokens. The tokens go even if TikTok cannot be
    reached: the creator can remove Vetrina in TikTok's own settings too."""
    try:
        access_token = token_decrypt(connection.access_token_encrypted)
    except TokenKeyError:
        access_token = ""
    if access_token:
        _revoke_quietly(access_token)
    with transaction.atomic():
        TikTokConnection.objects.filter(pk=connection.pk).update(
            open_id="",
            access_token_encrypted="",
            access_expires_at=None,
            refresh_token_encrypted="",
            refresh_expires_at=None,
            scopes="",
            state=TikTokConnection.State.DISCONNECTED,
            last_error="",
        )
    connection.refresh_from_db()


def tiktok_access_token(*, connection: TikTokConnection) -> str:
    """A working access token of the connection, refreshed first when it ends within minutes.
    Raises TikTokReconnectNeeded when the grant no longer works."""
    if connection.state == TikTokConnection.State.RECONNECT_NEEDED:
        raise TikTokReconnectNeeded(connection.last_error or "the TikTok grant no longer works")
    if connection.state != TikTokConnection.State.CONNECTED:
        raise TikTokNotConnected(f"the TikTok connection of {connection.user} is {connection.state}")
    try:
        access_token = token_decrypt(connection.access_token_encrypted)
    except TokenKeyError as error:
        _reconnect_needed(connection, reason=str(error))
        raise TikTokReconnectNeeded(str(error)) from error
    expires_at = connection.access_expires_at
    if access_token and expires_at is not None and expires_at > timezone.now() + _ACCESS_MARGIN:
        return access_token
    return tiktok_connection_refresh(connection=connection)


def tiktok_connection_refresh(*, connection: TikTokConnection) -> str:
    """Refreshes the grant (a new access token and a new refresh token, which TikTok rotates) and
    returns the new access token. Raises TikTokReconnectNeeded when TikTok refuses the refresh token."""
    try:
        refresh_token = token_decrypt(connection.refresh_token_encrypted)
        grant = client.grant_refresh(refresh_token=refresh_token)
    except (GrantInvalid, TokenKeyError) as error:
        # Another process may have refreshed it a moment ago, using up the token we read: TikTok's refresh
        # tokens work once. Then the row holds the new grant, which is fine.
        stored = TikTokConnection.objects.filter(pk=connection.pk).values_list(
            "refresh_token_encrypted", flat=True
        )
        if stored.first() not in (None, connection.refresh_token_encrypted):
            connection.refresh_from_db()
            return token_decrypt(connection.access_token_encrypted)
        _reconnect_needed(connection, reason=str(error))
        raise TikTokReconnectNeeded(str(error)) from error
    with transaction.atomic():
        _grant_store(connection, grant)
        connection.save(
            update_fields=[
                "access_token_encrypted",
                "access_expires_at",
                "refresh_token_encrypted",
                "refresh_expires_at",
                "scopes",
            ]
        )
    return grant.access_token


def tiktok_record(*, connection: TikTokConnection, profile: dict[str, Any]) -> dict[str, Any]:
    """One line of the import format for the connected creator: `profile` gives the handle, country,
    categories, languages, bio, manager e-mail (and a display name for when TikTok has none); TikTok gives
    the followers (one snapshot, today), the videos and, for a business account, the audience.

    Raises TikTokReconnectNeeded (after marking the connection and e-mailing the creator) when the grant
    no longer works, TikTokNotConnected when there is none, and client.TikTokError (TikTokUnavailable
    after the retries) when TikTok fails otherwise; the error is noted on the connection."""
    try:
        access_token = tiktok_access_token(connection=connection)
        try:
            user = client.user_info(access_token=access_token)
        except AccessTokenInvalid:
            # Refused before its time (TikTok can end tokens early): one refresh, then it counts as revoked.
            access_token = tiktok_connection_refresh(connection=connection)
            user = client.user_info(access_token=access_token)
        if "follower_count" not in user:
            # TikTok leaves out the fields of a scope the creator withdrew; a count of 0 would be stored.
            raise GrantInvalid(
                "user/info gave no follower_count: the user.info.stats permission was withdrawn"
            )
        videos = client.video_list(access_token=access_token, limit=SYNC_VIDEOS)
        business = _business(connection, access_token)
    except (AccessTokenInvalid, GrantInvalid) as error:
        _reconnect_needed(connection, reason=str(error))
        raise TikTokReconnectNeeded(str(error)) from error
    except TikTokError as error:
        _note(connection, last_error=str(error))
        raise
    line = records.import_line(
        profile=profile, user=user, videos=videos, business=business, today=timezone.now().date()
    )
    _note(connection, last_error="", synced=True, username=str(user.get("username") or connection.username))
    return line


def tiktok_connections_due() -> list[TikTokConnection]:
    """Connected creators not synced for VETRINA_TIKTOK_SYNC_HOURS: the daily sync's list."""
    since = timezone.now() - timedelta(hours=settings.VETRINA_TIKTOK_SYNC_HOURS)
    due = TikTokConnection.objects.filter(
        Q(last_synced_at__isnull=True) | Q(last_synced_at__lt=since), state=TikTokConnection.State.CONNECTED
    )
    return list(due.select_related("user").order_by("pk"))


def tiktok_grants_keep_alive() -> int:
    """Refreshes the grants whose refresh token ends within a week, so that a creator who is not synced
    meanwhile keeps theirs; a grant TikTok refuses is marked "reconnect needed" (and the creator told).
    Returns how many were refreshed."""
    soon = timezone.now() + _REFRESH_AHEAD
    due = (
        TikTokConnection.objects.filter(state=TikTokConnection.State.CONNECTED, refresh_expires_at__lt=soon)
        .select_related("user")
        .order_by("refresh_expires_at")[:_KEEP_ALIVE_BATCH]
    )
    refreshed = 0
    for connection in due:
        try:
            tiktok_connection_refresh(connection=connection)
        except TikTokReconnectNeeded:
            continue
        except TikTokError as error:
            logger.warning("Could not refresh the TikTok grant of %s: %s", connection.user, error)
            _note(connection, last_error=str(error))
            continue
        refreshed += 1
    return refreshed


_KEEP_ALIVE_EVERY_SECONDS = 3600
_keep_alive_last_run: float | None = None


def tiktok_grants_keep_alive_hourly() -> None:
    """The worker's periodic job: tiktok_grants_keep_alive at the worker's start, then once an hour."""
    global _keep_alive_last_run
    if (
        _keep_alive_last_run is not None
        and time.monotonic() - _keep_alive_last_run < _KEEP_ALIVE_EVERY_SECONDS
    ):
        return
    tiktok_grants_keep_alive()
    _keep_alive_last_run = time.monotonic()


def tiktok_connection_forget(*, user: User) -> None:
    """For an account being deleted, inside that transaction: its TikTok grant is revoked at TikTok once
    the deletion is committed (not while the transaction holds the database); the row and its tokens go
    with the account."""
    connection = connection_for(user)
    if connection is None:
        return
    try:
        access_token = token_decrypt(connection.access_token_encrypted)
    except TokenKeyError:
        return
    if access_token:
        transaction.on_commit(lambda: _revoke_quietly(access_token))


# --- Helpers --------------------------------------------------------------------------------------------


def _grant_store(connection: TikTokConnection, grant: Grant) -> None:
    connection.open_id = grant.open_id
    connection.access_token_encrypted = token_encrypt(grant.access_token)
    connection.access_expires_at = grant.access_expires_at
    connection.refresh_token_encrypted = token_encrypt(grant.refresh_token)
    connection.refresh_expires_at = grant.refresh_expires_at
    connection.scopes = ",".join(sorted(grant.scopes))


def _is_business_account(grant: Grant) -> bool:
    if not grant.scopes >= BUSINESS_SCOPES:
        return False
    try:
        data = client.business_account(access_token=grant.access_token, business_id=grant.open_id)
    except TikTokError as error:
        # The audience is a bonus: a Business API that refuses (the app not approved for it, say) or does
        # not answer leaves a plain connection, not none.
        logger.warning(
            "TikTok's Business API did not say whether %s is a business account: %s", grant.open_id, error
        )
        return False
    return bool(data.get("is_business_account"))


def _business(connection: TikTokConnection, access_token: str) -> dict[str, Any] | None:
    if not connection.is_business_account or not connection.scope_set >= BUSINESS_SCOPES:
        return None
    try:
        return client.business_account(access_token=access_token, business_id=connection.open_id)
    except GrantInvalid:
        raise
    except TikTokError as error:
        # The audience is a bonus: the profile and videos still sync without it, as they were read.
        logger.warning("No audience from TikTok's Business API for %s: %s", connection.user, error)
        return None


def _revoke_quietly(access_token: str) -> None:
    try:
        client.grant_revoke(access_token=access_token)
    except TikTokError as error:
        logger.warning("TikTok did not confirm revoking a grant: %s", error)


def _note(connection: TikTokConnection, *, last_error: str, synced: bool = False, username: str = "") -> None:
    changes: dict[str, Any] = {"last_error": last_error[:2000]}
    if synced:
        changes["last_synced_at"] = timezone.now()
    if username:
        changes["username"] = username[:100]
    TikTokConnection.objects.filter(pk=connection.pk).update(**changes)
    for field, value in changes.items():
        setattr(connection, field, value)


def _reconnect_needed(connection: TikTokConnection, *, reason: str) -> None:
    """Marks the connection "reconnect needed" and e-mails the creator, once: a connection already marked
    is not marked or e-mailed again."""
    with transaction.atomic():
        marked = TikTokConnection.objects.filter(
            pk=connection.pk, state=TikTokConnection.State.CONNECTED
        ).update(state=TikTokConnection.State.RECONNECT_NEEDED, last_error=reason[:2000])
        if marked and connection.user.email:
            email_queue(
                to=connection.user.email,
                subject=gettext_lazy("Connect your TikTok account to Vetrina again"),
                template="tiktok_reconnect",
                context={"username": connection.username, "link": absolute_url(reverse("home"))},
                language=connection.user.language,
            )
    connection.refresh_from_db()
