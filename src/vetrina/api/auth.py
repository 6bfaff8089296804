"""Who is calling the API: a bearer token (scripts) or the signed-in session (the pages), and how often."""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.security import HttpBearer
from ninja.throttling import SimpleRateThrottle

from vetrina.api.models import ApiToken
from vetrina.api.services import api_token_hash

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


class TokenRateThrottle(SimpleRateThrottle):
    """VETRINA_API_RATE_LIMIT requests a minute per token (sliding window), answered with 429 and
    Retry-After beyond it. Signed-in pages are not limited: they are people, not scripts.

    The request history is kept in a database cache, so every web process counts against one limit.
    """

    scope = "token"

    def __init__(self) -> None:
        super().__init__(rate="1/min")  # replaced by the setting on each call, so tests may change it

    def allow_request(self, request: HttpRequest) -> bool:
        self.num_requests, self.duration = settings.VETRINA_API_RATE_LIMIT, 60
        self.cache = caches["rate_limits"]
        return super().allow_request(request)

    def get_cache_key(self, request: HttpRequest) -> Any:
        auth = getattr(request, "auth", None)
        if not isinstance(auth, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": auth.pk}
