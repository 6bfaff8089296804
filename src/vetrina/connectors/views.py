"""Connecting a creator-side account's TikTok: the start of TikTok's OAuth (POST), TikTok's answer (GET),
and disconnecting (POST). Each returns to the page it was asked from (`next`, a path on this site)."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from vetrina.accounts.access import AuthenticatedHttpRequest, creator_side_required, may_connect_tiktok
from vetrina.connectors.oauth import authorization_finish, authorization_start, local_path
from vetrina.connectors.services import (
    connection_for,
    tiktok_connection_connect,
    tiktok_connection_disconnect,
)
from vetrina.connectors.tiktok import client
from vetrina.mail.emails import absolute_url


def _connecting(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed-in creator-side accounts only: staff, who get past creator_side_required to read, act for
    nobody, so they may not connect an account either."""

    @wraps(view)
    @creator_side_required
    def wrapper(request: AuthenticatedHttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not may_connect_tiktok(request.user):
            raise PermissionDenied(_("Only a creator's own account connects TikTok."))
        return view(request, *args, **kwargs)

    return wrapper


def _redirect_uri() -> str:
    """Where TikTok sends the creator back: registered with TikTok, so it must be exactly this."""
    return settings.VETRINA_TIKTOK_REDIRECT_URL or absolute_url(reverse("connectors:tiktok_callback"))


def _next(request: AuthenticatedHttpRequest) -> str:
    return local_path(request.POST.get("next"), default=resolve_url(settings.LOGIN_REDIRECT_URL))


@_connecting
@require_POST
def tiktok_connect(request: AuthenticatedHttpRequest) -> HttpResponse:
    next_path = _next(request)
    if not (settings.VETRINA_TIKTOK_CLIENT_KEY and settings.VETRINA_TIKTOK_CLIENT_SECRET):
        messages.error(request, _("TikTok is not set up on this Vetrina yet. Please try again later."))
        return redirect(next_path)
    pending = authorization_start(request.session, next_path=next_path)
    return redirect(
        client.authorize_url(
            state=pending.state, code_challenge=pending.code_challenge, redirect_uri=_redirect_uri()
        )
    )


@_connecting
@require_GET
def tiktok_callback(request: AuthenticatedHttpRequest) -> HttpResponse:
    pending = authorization_finish(request.session, state=request.GET.get("state"))
    if pending is None:
        messages.error(
            request, _("This TikTok answer does not match a connection you started here. Please start again.")
        )
        return redirect(settings.LOGIN_REDIRECT_URL)
    code = request.GET.get("code")
    if request.GET.get("error") or not code:
        # The creator cancelled on TikTok's page, or TikTok refused (error and error_description).
        messages.error(request, _("TikTok was not connected: the permission was not given."))
        return redirect(pending.next_path)
    try:
        connection = tiktok_connection_connect(
            user=request.user, code=code, code_verifier=pending.code_verifier, redirect_uri=_redirect_uri()
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(pending.next_path)
    if connection.username:
        messages.success(request, _("TikTok connected: @%(username)s.") % {"username": connection.username})
    else:
        messages.success(request, _("TikTok connected."))
    return redirect(pending.next_path)


@_connecting
@require_POST
def tiktok_disconnect(request: AuthenticatedHttpRequest) -> HttpResponse:
    connection = connection_for(request.user)
    if connection is not None and connection.state != connection.State.DISCONNECTED:
        tiktok_connection_disconnect(connection=connection)
        messages.success(request, _("TikTok disconnected: Vetrina no longer reads your account."))
    return redirect(_next(request))
