from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from vetrina.accounts.access import member_required


@require_GET
@member_required
def index(request: HttpRequest) -> HttpResponse:
    # A placeholder until Creator Search is built (DESIGN.md section 2, step 5).
    return render(request, "search/index.html")
