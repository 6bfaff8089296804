from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from vetrina.accounts.access import AuthenticatedHttpRequest, organisation_member_required
from vetrina.saved_searches.forms import SavedSearchNameForm, SaveSearchForm
from vetrina.saved_searches.selectors import (
    get_saved_search_for,
    organisation_saving_searches,
    saved_filters,
    saved_search_matches,
    saved_searches_for,
)
from vetrina.saved_searches.services import (
    filters_from_query,
    saved_search_alerts_set,
    saved_search_create,
    saved_search_delete,
    saved_search_rename,
)

# Each view finds the saved search among the organisation's before it looks at the method, so that every
# way into another organisation's saved search is a 404; visitors and staff, who keep none, get 403.


@require_GET
@organisation_member_required
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    rows = [
        (saved_search, saved_filters(saved_search)) for saved_search in saved_searches_for(user=request.user)
    ]
    return render(request, "saved_searches/index.html", {"rows": rows})


@organisation_member_required
def create(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisation = organisation_saving_searches(request.user)
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    form = SaveSearchForm(request.POST)
    # Back to the search as it was, its address re-encoded (whatever was posted).
    back = redirect(f"{reverse('search:index')}?{QueryDict(request.POST.get('query', '')).urlencode()}")
    if not form.is_valid():
        messages.error(request, _("Give the search a name to save it."))
        return back
    try:
        saved_search = saved_search_create(
            organisation=organisation,
            created_by=request.user,
            name=form.cleaned_data["name"],
            filters=filters_from_query(form.cleaned_data["query"]),
            alerts=form.cleaned_data["alerts"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return back
    messages.success(
        request,
        _("Saved “%(name)s”. Run it again from Saved searches.") % {"name": saved_search.name},
    )
    return redirect(saved_search.search_url)


@require_GET
@organisation_member_required
def detail(request: AuthenticatedHttpRequest, saved_search_id: int) -> HttpResponse:
    saved_search = get_saved_search_for(request.user, saved_search_id)
    context = {
        "saved_search": saved_search,
        "saved": saved_filters(saved_search),
        "matches": saved_search_matches(saved_search=saved_search),
        "form": SavedSearchNameForm(initial={"name": saved_search.name}),
    }
    return render(request, "saved_searches/detail.html", context)


@organisation_member_required
def rename(request: AuthenticatedHttpRequest, saved_search_id: int) -> HttpResponse:
    saved_search = get_saved_search_for(request.user, saved_search_id)
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    form = SavedSearchNameForm(request.POST)
    if form.is_valid():
        try:
            saved_search_rename(saved_search=saved_search, name=form.cleaned_data["name"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Renamed it “%(name)s”.") % {"name": saved_search.name})
            return redirect(saved_search)
    context = {
        "saved_search": saved_search,
        "saved": saved_filters(saved_search),
        "matches": saved_search_matches(saved_search=saved_search),
        "form": form,
    }
    return render(request, "saved_searches/detail.html", context, status=400)


@organisation_member_required
def delete(request: AuthenticatedHttpRequest, saved_search_id: int) -> HttpResponse:
    saved_search = get_saved_search_for(request.user, saved_search_id)
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    name = saved_search.name
    saved_search_delete(saved_search=saved_search)
    messages.success(request, _("Deleted the saved search “%(name)s”.") % {"name": name})
    return redirect("saved_searches:index")


@organisation_member_required
def alerts(request: AuthenticatedHttpRequest, saved_search_id: int) -> HttpResponse:
    saved_search = get_saved_search_for(request.user, saved_search_id)
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    on = request.POST.get("alerts") == "on"
    saved_search_alerts_set(saved_search=saved_search, user=request.user, on=on)
    if on:
        messages.success(
            request,
            _("You will hear of new creators matching “%(name)s”: in the bell, and by e-mail at most daily.")
            % {"name": saved_search.name},
        )
    else:
        messages.success(request, _("No more alerts for “%(name)s”.") % {"name": saved_search.name})
    # From the list, back to the list; from the saved search's page, back to it.
    if request.POST.get("next") == "index":
        return redirect("saved_searches:index")
    return redirect(saved_search)
