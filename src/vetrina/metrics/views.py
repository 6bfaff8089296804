from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.middleware import HtmxDetails

from vetrina.accounts.access import AuthenticatedHttpRequest, member_required, staff_required
from vetrina.creators.selectors import VideoSort, get_creator_for, sample_videos
from vetrina.metrics.presentation.page import creator_page
from vetrina.metrics.presentation.similar import similar_reasons
from vetrina.metrics.services import creator_verify
from vetrina.metrics.similar import similar_creators


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


@require_GET
@member_required
def detail(request: HtmxHttpRequest, handle: str) -> HttpResponse:
    # The creator's metrics page (docs/roles.md, step 6). The sample videos' toggle asks htmx for
    # that one part again; ?videos=popular opens the page with it switched.
    creator = get_creator_for(request.user, handle)
    sort = VideoSort.POPULAR if request.GET.get("videos") == VideoSort.POPULAR else VideoSort.RECENT
    context = {"creator": creator, "videos_sort": sort, "sample_videos": sample_videos(creator, sort=sort)}
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "metrics/creator.html#sample_videos", context)
    return render(request, "metrics/creator.html", {**context, **creator_page(creator)})


# How many the metrics page lists; the API gives up to fifty.
SIMILAR_ON_PAGE = 6


@require_GET
@member_required
def similar(request: HtmxHttpRequest, handle: str) -> HttpResponse:
    """The creators most like this one: the list alone for the metrics page's section (htmx), a page
    of its own otherwise (no JavaScript, or a link opened on its own)."""
    creator = get_creator_for(request.user, handle)
    found = [(item, similar_reasons(item)) for item in similar_creators(creator, limit=SIMILAR_ON_PAGE)]
    context = {"creator": creator, "similar": found}
    if request.htmx:
        return render(request, "metrics/similar.html#similar_list", context)
    return render(request, "metrics/similar.html", context)


@staff_required
@require_POST
def verify(request: AuthenticatedHttpRequest, handle: str) -> HttpResponse:
    # Staff's verify button on the creators review (creators.views.review). It lives here, not in
    # creators: a newly verified creator joins other creators' peer groups, and queueing their numbers
    # again is metrics' (above creators).
    creator = get_creator_for(request.user, handle)
    was_verified = creator.verified
    try:
        invitation = creator_verify(creator=creator, invited_by=request.user)
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
