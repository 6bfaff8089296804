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
from vetrina.metrics.services import creator_verify


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


@staff_required
@require_POST
def verify(request: AuthenticatedHttpRequest, handle: str) -> HttpResponse:
    # Staff's verify button on the creators review (creators.views.review). It lives here, not in
    # creators: a newly verified creator joins other creators' peer groups, and queueing their numbers
    # again is metrics' (above creators).
    creator = get_creator_for(request.user, handle)
    try:
        invitation = creator_verify(creator=creator, invited_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if invitation is None:
            message = _("Verified @%(handle)s. %(email)s already has an account and now sees this creator.")
        else:
            message = _("Verified @%(handle)s and invited %(email)s to a creator account.")
        messages.success(request, message % {"handle": creator.handle, "email": creator.manager_email})
    return redirect(f"{reverse('creators:review')}?q={creator.handle}")
