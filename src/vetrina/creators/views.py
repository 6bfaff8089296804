from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from vetrina.accounts.access import member_required
from vetrina.creators.selectors import get_creator_for


@require_GET
@member_required
def detail(request: HttpRequest, handle: str) -> HttpResponse:
    # The creator's metrics page (DESIGN.md section 2, step 6); a placeholder until it is built.
    creator = get_creator_for(request.user, handle)
    return render(request, "creators/detail.html", {"creator": creator})
