"""The one page that belongs to no single app: home, which gathers what each role starts from."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from vetrina.accounts.access import has_request_inbox, is_staff, role_of, sections_for
from vetrina.accounts.selectors import applications_review_queue
from vetrina.creators.selectors import creators_managed_by
from vetrina.mail.selectors import outbox_messages_given_up


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
