from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from vetrina.accounts.access import AuthenticatedHttpRequest, organisation_member_required
from vetrina.results.exporting import csv_response
from vetrina.results.presentation import overview_page, parse_sort, report_page, sorted_videos
from vetrina.results.selectors import campaign_results, get_campaign_for, results_overview


@organisation_member_required
@require_GET
def report(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A campaign's results: totals, cumulative views over time, the table per creator and video."""
    results = campaign_results(get_campaign_for(request.user, pk))
    return render(
        request, "results/report.html", report_page(results, sort=parse_sort(request.GET.get("sort")))
    )


@organisation_member_required
@require_GET
def report_csv(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The report's rows, in the page's order, raw, for a spreadsheet or a script."""
    results = campaign_results(get_campaign_for(request.user, pk))
    videos = sorted_videos(results.videos, parse_sort(request.GET.get("sort")))
    return csv_response(campaign=results.campaign, videos=videos)


@organisation_member_required
@require_GET
def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    """My Activity's results across campaigns: by month, and the best and worst videos by lift."""
    return render(request, "results/overview.html", overview_page(results_overview(request.user)))
