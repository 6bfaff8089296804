"""Staff verifying creators: find a creator by handle or manager e-mail, verify it and invite its manager."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from vetrina.accounts.access import AuthenticatedHttpRequest, staff_required
from vetrina.creators.forms import CreatorLookupForm
from vetrina.creators.selectors import creators_to_verify, get_creator_for
from vetrina.creators.services import creator_verify_and_invite


@staff_required
@require_GET
def review(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = CreatorLookupForm(request.GET)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    context = {"form": form, "query": query, "rows": creators_to_verify(query=query)}
    return render(request, "creators/review.html", context)


@staff_required
@require_POST
def verify(request: AuthenticatedHttpRequest, handle: str) -> HttpResponse:
    creator = get_creator_for(request.user, handle)
    was_verified = creator.verified
    try:
        invitation = creator_verify_and_invite(creator=creator, invited_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if was_verified and invitation is not None:
            message = _("Invited %(email)s to a creator account; @%(handle)s was verified already.")
        elif invitation is None:
            message = _("Verified @%(handle)s. %(email)s already has an account and now sees this creator.")
        else:
            message = _("Verified @%(handle)s and invited %(email)s to a creator account.")
        messages.success(request, message % {"handle": creator.handle, "email": creator.manager_email})
    return redirect(f"{reverse('creators:review')}?q={creator.handle}")
