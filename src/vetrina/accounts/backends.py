"""Signing in with an e-mail address (invited accounts) or a username (staff made with createsuperuser),
and the limits on failed log-ins (django-axes): per account whatever name was typed, and per client."""

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.db.models import Sum
from django.http import HttpRequest
from django.utils import timezone

from vetrina.accounts.models import User


def _account_for_login(login: str) -> User | None:
    # An exact username first, so that one account's e-mail cannot shadow another's username.
    return User.objects.filter(username=login).first() or User.objects.filter(email__iexact=login).first()


class EmailOrUsernameBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if username is None or password is None:
            return None
        user = _account_for_login(username.strip())
        if user is None:
            # Hash anyway, so that a missing account takes as long as a wrong password.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The name django-axes counts failures under: the account's, whatever name was typed for it.

    Staff sign in by username or e-mail, and an e-mail in any case: all are one account, so 4 failures by
    username and 4 by e-mail are 8 against it. A name that is no account is counted as typed, lower-cased.
    """
    raw = str((credentials or {}).get("username") or request.POST.get("username") or "").strip()
    user = _account_for_login(raw) if raw else None
    if user is not None:
        return user.username
    return raw.lower()


class AccountAndClientAxesHandler(AxesDatabaseHandler):
    """django-axes' database handler, plus a limit per client.

    Axes locks one account from one address after AXES_FAILURE_LIMIT failures (VETRINA_LOGIN_FAILURE_LIMIT).
    A client guessing across many accounts fails only a few times at each, so its failures over every
    account are added up too: at VETRINA_LOGIN_CLIENT_FAILURE_LIMIT within the lock-out time, it is locked
    from every account for that time.
    """

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        failures = super().get_failures(request, credentials)
        if _client_failures(request) >= settings.VETRINA_LOGIN_CLIENT_FAILURE_LIMIT:
            request.vetrina_client_locked_out = True  # type: ignore[attr-defined]
            return max(failures, get_failure_limit(request, credentials))
        return failures


def _client_failures(request: HttpRequest) -> int:
    ip_address = getattr(request, "axes_ip_address", None)
    if not ip_address:
        return 0
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    attempts = AccessAttempt.objects.filter(ip_address=ip_address, attempt_time__gte=since)
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
