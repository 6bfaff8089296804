"""Who is calling the API: a bearer token (scripts) or the signed-in session (the pages), and how often."""

import threading
import time
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.security import HttpBearer
from ninja.throttling import BaseThrottle

from vetrina.api.models import ApiToken
from vetrina.api.services import api_token_hash, api_token_request_count

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# "Last used" need not be exact to the second; writing it at most once a minute spares a write per call.
LAST_USED_PRECISION = timedelta(minutes=1)


class TokenAuth(HttpBearer):
    """`Authorization: Bearer vtr_…`. A revoked or unknown token is no credential at all (401)."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        api_token = (
            ApiToken.objects.select_related("user", "user__organisation")
            .filter(token_hash=api_token_hash(token), revoked_at__isnull=True)
            .first()
        )
        if api_token is None or not api_token.user.is_active:
            return None
        if request.method not in SAFE_METHODS and not api_token.may_write:
            raise PermissionDenied(_("This token is read only."))
        # The endpoints check the caller's role and organisation on request.user, as for a session.
        request.user = api_token.user
        now = timezone.now()
        if api_token.last_used_at is None or now - api_token.last_used_at >= LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        return api_token


class TokenRateThrottle(BaseThrottle):
    """VETRINA_API_RATE_LIMIT requests a minute per token, answered with 429 and Retry-After beyond it,
    however many arrive at once. Signed-in pages are not limited: they are people, not scripts.

    The count is a row per token in the database (api_token_request_count), so every web process counts
    against one limit. A minute starts with a token's first request after the previous minute ended.
    """

    window_seconds = 60

    def __init__(self) -> None:
        # One throttle serves every request; each thread keeps the wait of the request it is answering.
        self._local = threading.local()

    def allow_request(self, request: HttpRequest) -> bool:
        auth = getattr(request, "auth", None)
        if not isinstance(auth, ApiToken):
            return True
        now = time.time()
        requests, started_at = api_token_request_count(
            token=auth, now=now, window_seconds=self.window_seconds
        )
        self._local.wait = started_at + self.window_seconds - now
        return requests <= settings.VETRINA_API_RATE_LIMIT

    def wait(self) -> float | None:
        # ninja rounds it up to whole seconds for Retry-After.
        return max(1.0, getattr(self._local, "wait", self.window_seconds))
