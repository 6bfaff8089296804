from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from vetrina.accounts.access import creator_side_required, organisation_member_required


@require_GET
@organisation_member_required
def activity(request: HttpRequest) -> HttpResponse:
    # A placeholder until campaign management is built (DESIGN.md section 2, step 9).
    return render(request, "collaborations/activity.html")


@require_GET
@creator_side_required
def requests(request: HttpRequest) -> HttpResponse:
    # A placeholder until the creators' inbox is built (DESIGN.md section 2, step 10).
    return render(request, "collaborations/requests.html")
