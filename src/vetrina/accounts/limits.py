"""Limits on the forms whose POST e-mails an address the poster typed: applying, asking for a password
reset, inviting a colleague. Without them anyone could make Vetrina mail a stranger again and again.

Each e-mail such a form would send counts once against the address and once against the client, in a
window of VETRINA_FORM_MAIL_WINDOW_MINUTES; past VETRINA_FORM_MAIL_PER_ADDRESS or
VETRINA_FORM_MAIL_PER_CLIENT the form sends nothing and says so. The address counts whatever the form,
and whether or not it has an account or an application, so the limit tells nobody which addresses are
known. The client is the address django-axes counts failed log-ins under: `client_address`.
"""

import hashlib
import ipaddress
import time

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import ngettext

from vetrina.accounts.models import MailLimitWindow
from vetrina.lib.counters import window_count


def form_mail_allowed(request: HttpRequest, *, address: str) -> bool:
    """Counts one e-mail to `address` asked for by this request's client; False once either has asked
    for more than its limit in the window, and then nothing may be sent."""
    now = time.time()
    window = settings.VETRINA_FORM_MAIL_WINDOW_MINUTES * 60
    # Windows that ended are of no more use: the table holds only the last hour's posters.
    MailLimitWindow.objects.filter(started_at__lte=now - window).delete()
    digest = hashlib.sha256(address.strip().lower().encode()).hexdigest()
    counted_address, _ = window_count(
        model=MailLimitWindow, key_column="key", key=f"address:{digest}", now=now, window_seconds=window
    )
    client = client_address(request) or "unknown"
    counted_client, _ = window_count(
        model=MailLimitWindow, key_column="key", key=f"client:{client}", now=now, window_seconds=window
    )
    return (
        counted_address <= settings.VETRINA_FORM_MAIL_PER_ADDRESS
        and counted_client <= settings.VETRINA_FORM_MAIL_PER_CLIENT
    )


def client_address(request: HttpRequest) -> str | None:
    """The address of the client, as the outermost of VETRINA_TRUSTED_PROXIES proxies saw it.

    Each proxy appends the address it was reached from to X-Forwarded-For, and the last one is
    REMOTE_ADDR, so the client is the entry that many places from the right. What stands further left
    came from the client itself and may be anything: it is never read. Without enough entries (a
    request that did not pass every proxy) or with a malformed one, REMOTE_ADDR counts. None when
    there is no address at all (a request made in code), as django-axes expects: it stores the address
    in a column of IP addresses."""
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = settings.VETRINA_TRUSTED_PROXIES
    if proxies == 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    chain: list[str | None] = [part for part in forwarded if part] + [remote]
    if len(chain) <= proxies:
        return remote
    candidate = chain[-1 - proxies]
    if candidate is None:
        return remote
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def form_mail_limited_message() -> str:
    minutes = settings.VETRINA_FORM_MAIL_WINDOW_MINUTES
    return ngettext(
        "Too many e-mails were asked for this address, or from your connection, in a short time, so "
        "nothing was sent. Try again in %(minutes)d minute.",
        "Too many e-mails were asked for this address, or from your connection, in a short time, so "
        "nothing was sent. Try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}
