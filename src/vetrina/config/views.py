"""The pages that belong to no single app: home, which gathers what each role starts from, and the
site's answer to an unexpected error."""

import logging
import sys
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import defaults
from django.views.decorators.http import require_GET

from vetrina.accounts.access import has_request_inbox, is_staff, role_of, sections_for
from vetrina.accounts.selectors import applications_review_queue
from vetrina.creators.selectors import creators_managed_by
from vetrina.lib.database_busy import busy_response, is_lock_timeout
from vetrina.mail.selectors import outbox_messages_given_up

logger = logging.getLogger(__name__)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The landing page for anonymous visitors; the sections of the viewer's role for everyone else."""
    if not request.user.is_authenticated:
        return render(request, "landing.html")
    context: dict[str, Any] = {"sections": sections_for(request.user), "role": role_of(request.user)}
    if has_request_inbox(request.user):
        context["managed_creators"] = creators_managed_by(request.user)
    if is_staff(request.user):
        context["pending_count"] = applications_review_queue().count()
        context["given_up_count"] = outbox_messages_given_up().count()
    return render(request, "home.html", context)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500. A lock timeout raised by a view is answered by DatabaseBusyMiddleware; one raised
    outside any view (a middleware saving the session after the response was built) reaches only
    here, and is still someone else's write, not a fault: "busy, try again", never 500."""
    error = sys.exc_info()[1]
    if error is not None and is_lock_timeout(error):
        logger.warning(
            "%s %s: the database was busy (%s); answered 503.", request.method, request.path, error
        )
        return busy_response(request)
    return defaults.server_error(request)
