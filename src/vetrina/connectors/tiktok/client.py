"""TikTok's HTTP APIs, as docs/tiktok.md describes them: Login Kit's OAuth 2.0 endpoints, the Display
API (user info, video list) and the Business API's account endpoint. Nothing here touches the database:
callers hand tokens in and get TikTok's answers out.

Every call backs off and tries again on HTTP 429 (after the Retry-After TikTok sends), on 5xx and on a
network failure, a few times, then raises TikTokUnavailable."""

import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode, urljoin
from urllib.request import Request, urlopen

from django.conf import settings

logger = logging.getLogger(__name__)

# What Vetrina reads through the Display API (docs/tiktok.md lists the scopes each needs).
USER_FIELDS = (
    "open_id",
    "display_name",
    "bio_description",
    "username",
    "is_verified",
    "follower_count",
    "following_count",
    "likes_count",
    "video_count",
)
VIDEO_FIELDS = (
    "id",
    "create_time",
    "title",
    "video_description",
    "duration",
    "view_count",
    "like_count",
    "comment_count",
    "share_count",
)
# The Business API's demographics (accounts with at least 100 followers) and the account's type.
BUSINESS_FIELDS = ("is_business_account", "audience_ages", "audience_genders", "audience_countries")

# Tries of one call before giving up, and the waits between them when TikTok says nothing of its own.
ATTEMPTS = 5
_BACKOFF_FIRST_SECONDS = 1.0
_BACKOFF_CAP_SECONDS = 60.0
# A Retry-After longer than this is not waited for in a request: the call gives up, the next sync tries.
_RETRY_AFTER_CAP_SECONDS = 120.0
_TIMEOUT_SECONDS = 30
# The Business API's "too many requests", which it may send with HTTP 200.
_BUSINESS_THROTTLED = 40100
_VIDEO_PAGE = 20  # the most video/list returns at once

# Replaced in tests, which record the waits instead of waiting.
sleep: Callable[[float], None] = time.sleep


class TikTokError(Exception):
    """TikTok refused a call; `code` is TikTok's error code, `status` the HTTP status."""

    def __init__(self, message: str, *, code: str = "", status: int | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.status = status


class AccessTokenInvalid(TikTokError):
    """The access token was refused (expired or revoked); a refresh may still work."""


class GrantInvalid(TikTokError):
    """TikTok no longer honours the grant (the refresh token expired, or the creator revoked access):
    only connecting again helps."""


class TikTokUnavailable(TikTokError):
    """TikTok kept answering 429 or 5xx, or could not be reached, through every try."""


@dataclass(frozen=True)
class Grant:
    """What the token endpoint gives: the tokens, when they expire, and the scopes the creator allowed."""

    open_id: str
    scopes: frozenset[str]
    access_token: str
    access_expires_at: datetime
    refresh_token: str
    refresh_expires_at: datetime


def authorize_url(*, state: str, code_challenge: str, redirect_uri: str) -> str:
    """Where the creator's browser goes to allow Vetrina: TikTok's consent page."""
    query = urlencode(
        {
            "client_key": settings.VETRINA_TIKTOK_CLIENT_KEY,
            "scope": ",".join(settings.VETRINA_TIKTOK_SCOPES),
            "response_type": "code",
            "redirect_uri": redirect_uri,
            "state": state,
            "code_challenge": code_challenge,
            "code_challenge_method": "S256",
        }
    )
    return f"{settings.VETRINA_TIKTOK_AUTH_URL}?{query}"


def code_exchange(*, code: str, code_verifier: str, redirect_uri: str) -> Grant:
    return _token(
        {
            "code": code,
            "grant_type": "authorization_code",
            "redirect_uri": redirect_uri,
            "code_verifier": code_verifier,
        }
    )


def grant_refresh(*, refresh_token: str) -> Grant:
    """A new access token, and a new refresh token: the old one stops working, so store the new one."""
    return _token({"grant_type": "refresh_token", "refresh_token": refresh_token})


def grant_revoke(*, access_token: str) -> None:
    _call(
        "POST",
        _api("v2/oauth/revoke/"),
        form={
            "client_key": settings.VETRINA_TIKTOK_CLIENT_KEY,
            "client_secret": settings.VETRINA_TIKTOK_CLIENT_SECRET,
            "token": access_token,
        },
    )


def user_info(*, access_token: str) -> dict[str, Any]:
    body = _display("GET", "v2/user/info/", access_token, fields=USER_FIELDS)
    user = (body.get("data") or {}).get("user")
    if not isinstance(user, dict):
        raise TikTokError("user/info answered without data.user")
    return user


def video_list(*, access_token: str, limit: int) -> list[dict[str, Any]]:
    """The account's most recent videos, newest first, at most `limit`."""
    videos: list[dict[str, Any]] = []
    cursor: int | None = None
    while len(videos) < limit:
        request: dict[str, Any] = {"max_count": min(_VIDEO_PAGE, limit - len(videos))}
        if cursor is not None:
            request["cursor"] = cursor
        body = _display("POST", "v2/video/list/", access_token, fields=VIDEO_FIELDS, json_body=request)
        data = body.get("data") or {}
        videos.extend(video for video in data.get("videos") or [] if isinstance(video, dict))
        if not data.get("has_more") or data.get("cursor") in (None, cursor):
            break
        cursor = data["cursor"]
    return videos[:limit]


def business_account(*, access_token: str, business_id: str) -> dict[str, Any]:
    """The Business API's view of the account: whether it is a business account, and its audience."""
    url = urljoin(_base(settings.VETRINA_TIKTOK_BUSINESS_API_URL), "business/get/")
    query = urlencode({"business_id": business_id, "fields": json.dumps(list(BUSINESS_FIELDS))})
    _, body = _call("GET", f"{url}?{query}", headers={"Access-Token": access_token}, business=True)
    code = body.get("code")
    if code != 0:
        message = str(body.get("message") or "error")
        raise TikTokError(f"business/get: {message} (code {code})", code=str(code))
    data = body.get("data")
    return data if isinstance(data, dict) else {}


# --- The calls ------------------------------------------------------------------------------------------


def _base(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def _api(path: str) -> str:
    return urljoin(_base(settings.VETRINA_TIKTOK_API_URL), path)


def _token(form: dict[str, str]) -> Grant:
    form = {
        "client_key": settings.VETRINA_TIKTOK_CLIENT_KEY,
        "client_secret": settings.VETRINA_TIKTOK_CLIENT_SECRET,
        **form,
    }
    status, body = _call("POST", _api("v2/oauth/token/"), form=form, raise_for_status=False)
    if body.get("error") or not body.get("access_token"):
        # invalid_grant: the code or refresh token is expired, used or revoked; anything else is ours
        # (a wrong client key or secret, a redirect URI TikTok does not know).
        error = str(body.get("error") or "no access_token")
        description = str(body.get("error_description") or "")
        kind = GrantInvalid if error == "invalid_grant" else TikTokError
        raise kind(f"oauth/token: {error} {description}".strip(), code=error, status=status)
    now = datetime.now(UTC)
    try:
        return Grant(
            open_id=str(body["open_id"]),
            scopes=frozenset(scope.strip() for scope in str(body.get("scope", "")).split(",") if scope),
            access_token=str(body["access_token"]),
            access_expires_at=now + timedelta(seconds=int(body["expires_in"])),
            refresh_token=str(body["refresh_token"]),
            refresh_expires_at=now + timedelta(seconds=int(body["refresh_expires_in"])),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise TikTokError(f"oauth/token answered without {error}") from None


def _display(
    method: str,
    path: str,
    access_token: str,
    *,
    fields: tuple[str, ...],
    json_body: dict[str, Any] | None = None,
) -> dict[str, Any]:
    url = f"{_api(path)}?{urlencode({'fields': ','.join(fields)})}"
    status, body = _call(
        method,
        url,
        headers={"Authorization": f"Bearer {access_token}"},
        json_body=json_body,
        raise_for_status=False,
    )
    error = body.get("error") or {}
    code = str(error.get("code") or ("ok" if status == 200 else "http_error"))
    if code == "ok" and status == 200:
        return body
    message = f"{path}: {code} {error.get('message') or ''}".strip()
    if code == "access_token_invalid" or status == 401:
        raise AccessTokenInvalid(message, code=code, status=status)
    if code in ("scope_not_authorized", "scope_permission_missed"):
        # The creator took a permission back on TikTok's side: only a new consent gives it again.
        raise GrantInvalid(message, code=code, status=status)
    raise TikTokError(message, code=code, status=status)


def _call(
    method: str,
    url: str,
    *,
    headers: dict[str, str] | None = None,
    form: dict[str, str] | None = None,
    json_body: dict[str, Any] | None = None,
    business: bool = False,
    raise_for_status: bool = True,
) -> tuple[int, dict[str, Any]]:
    """One call, tried again on 429, 5xx, a network failure and the Business API's throttling."""
    data: bytes | None = None
    all_headers = {"Accept": "application/json", **(headers or {})}
    if form is not None:
        data = urlencode(form).encode()
        all_headers["Content-Type"] = "application/x-www-form-urlencoded"
    elif json_body is not None:
        data = json.dumps(json_body).encode()
        all_headers["Content-Type"] = "application/json"
    delay = _BACKOFF_FIRST_SECONDS
    what = url.split("?")[0]
    for attempt in range(1, ATTEMPTS + 1):
        wait: float | None = None
        try:
            with urlopen(
                Request(url, data=data, headers=all_headers, method=method), timeout=_TIMEOUT_SECONDS
            ) as r:
                status, raw, retry_after = r.status, r.read(), r.headers.get("Retry-After")
        except HTTPError as error:
            status, raw, retry_after = error.code, error.read(), error.headers.get("Retry-After")
        except (URLError, TimeoutError, ConnectionError) as error:
            status, raw, retry_after = 0, b"", None
            problem = f"{what}: cannot reach TikTok ({error})"
        body = _json(raw)
        if status == 429 or (business and body.get("code") == _BUSINESS_THROTTLED):
            problem = f"{what}: too many requests (HTTP {status})"
            wait = _retry_after(retry_after, default=delay)
        elif status >= 500:
            problem = f"{what}: TikTok answered HTTP {status}"
        elif status:
            if raise_for_status and status >= 400:
                error_field = body.get("error")
                code = (
                    error_field.get("code", "") if isinstance(error_field, dict) else str(error_field or "")
                )
                raise TikTokError(f"{what}: HTTP {status} {code}".strip(), code=code, status=status)
            return status, body
        if attempt == ATTEMPTS:
            break
        wait = delay if wait is None else wait
        if wait > _RETRY_AFTER_CAP_SECONDS:
            break
        logger.info("%s; trying again in %.1f s (try %d of %d).", problem, wait, attempt + 1, ATTEMPTS)
        sleep(wait)
        delay = min(delay * 2, _BACKOFF_CAP_SECONDS)
    raise TikTokUnavailable(problem, status=status or None)


def _retry_after(header: str | None, *, default: float) -> float:
    # TikTok sends seconds; an HTTP date or nonsense falls back to our own back-off.
    try:
        return max(0.0, float(header)) if header is not None else default
    except ValueError:
        return default


def _json(raw: bytes) -> dict[str, Any]:
    try:
        body = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}
