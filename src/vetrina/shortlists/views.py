from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from vetrina.accounts.access import organisation_member_required


@require_GET
@organisation_member_required
def index(request: HttpRequest) -> HttpResponse:
    # A placeholder until shortlists are built (DESIGN.md section 2, step 8).
    return render(request, "shortlists/index.html")
