"""Signing in with an e-mail address (invited accounts) or a username (staff made with createsuperuser)."""

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from vetrina.accounts.models import User


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
        login = username.strip()
        # An exact username first, so that one account's e-mail cannot shadow another's username.
        user = User.objects.filter(username=login).first() or User.objects.filter(email__iexact=login).first()
        if user is None:
            # Hash anyway, so that a missing account takes as long as a wrong password.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The name django-axes counts failures under: Anna@Example.com and anna@example.com are one."""
    raw = (credentials or {}).get("username") or request.POST.get("username") or ""
    return str(raw).strip().lower()
