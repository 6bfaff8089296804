"""Writes of API tokens."""

import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vetrina.accounts.access import may_use_api
from vetrina.accounts.models import User
from vetrina.api.models import ApiToken, ApiTokenRateWindow
from vetrina.api.selectors import api_token_scopes_for
from vetrina.lib.counters import window_count

# A prefix that says what the string is when it turns up in a log or a leaked file.
TOKEN_PREFIX = "vtr_"


def api_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user: User, name: str, scope: str) -> tuple[ApiToken, str]:
    """A new token for `user`; returns the row and the token itself, which is never stored."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name, to know later what uses it.")})
    if scope not in ApiToken.Scope.values:
        raise ValidationError({"scope": _("Choose read only, or read and write.")})
    if not may_use_api(user):
        raise ValidationError(_("This account cannot use the API."))
    if scope not in api_token_scopes_for(user):
        raise ValidationError(
            {"scope": _("This account writes nothing, through the pages or the API: its tokens read only.")}
        )
    if user.api_tokens.filter(name=name, revoked_at__isnull=True).exists():
        raise ValidationError({"name": _("You already have a token named %(name)s.") % {"name": name}})
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken.objects.create(
        user=user, name=name, scope=scope, token_hash=api_token_hash(token), prefix=token[:8]
    )
    return row, token


def api_token_revoke(*, token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def api_token_request_count(*, token: ApiToken, now: float, window_seconds: float) -> tuple[int, float]:
    """Counts one request of `token` and returns how many it has made in its current window (this one
    included) and when the window started (Unix time). A window older than `window_seconds` starts
    again at `now`.

    One statement reads and writes the count (lib.counters), so that requests arriving at once each
    count.
    """
    return window_count(
        model=ApiTokenRateWindow, key_column="token_id", key=token.pk, now=now, window_seconds=window_seconds
    )
