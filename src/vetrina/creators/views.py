"""Staff verifying creators: find a creator by handle or manager e-mail (verifying it and inviting its
manager is metrics.views.verify: it queues the peers' numbers again, which metrics computes)."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from vetrina.accounts.access import AuthenticatedHttpRequest, staff_required
from vetrina.creators.forms import CreatorLookupForm
from vetrina.creators.selectors import creators_to_verify


@staff_required
@require_GET
def review(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = CreatorLookupForm(request.GET)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    context = {"form": form, "query": query, "rows": creators_to_verify(query=query)}
    return render(request, "creators/review.html", context)
