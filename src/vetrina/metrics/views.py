from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django_htmx.middleware import HtmxDetails

from vetrina.accounts.access import member_required
from vetrina.creators.selectors import VideoSort, get_creator_for, sample_videos
from vetrina.lib.csp import chart_style_elements_allowed
from vetrina.metrics.presentation.page import creator_page


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


@require_GET
@chart_style_elements_allowed
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
