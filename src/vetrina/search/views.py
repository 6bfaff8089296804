from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core import exceptions
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET
from django_htmx.http import push_url
from django_htmx.middleware import HtmxDetails
from pydantic import ValidationError

from vetrina.accounts.access import (
    AuthenticatedHttpRequest,
    may_keep_lists,
    member_required,
    organisation_member_required,
)
from vetrina.lib.formatting import exact_number
from vetrina.search.filters import SearchFilters, field_errors, filters_from
from vetrina.search.presentation import (
    PANEL_FIELDS,
    PERCENT_FIELDS,
    active_filters,
    card_figures_attach,
    category_words,
    loosen_hint,
    other_errors,
    page_links,
    panel_choices,
    panel_values,
    search_url,
)
from vetrina.search.selectors import creator_ids_matching, creators_search, loosening_counts
from vetrina.shortlists.models import Shortlist
from vetrina.shortlists.selectors import (
    get_shortlist_for_change,
    organisation_keeping_lists,
    shortlist_names_attach,
    shortlists_for,
)
from vetrina.shortlists.services import (
    ADD_ALL_LIMIT,
    Added,
    shortlist_create_with_creators,
    shortlist_creators_add,
)


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


@require_GET
@member_required
def index(request: HtmxHttpRequest) -> HttpResponse:
    values = panel_values(request.GET)
    context = {"values": values, "panel_fields": PANEL_FIELDS, **panel_choices(values)}
    try:
        filters = filters_from(request.GET)
    except ValidationError as error:
        # The panel takes shares and rates in percent: their messages speak percent too.
        context["errors"] = errors = field_errors(error, in_percent=PERCENT_FIELDS)
        context["other_errors"] = other_errors(errors)
        filters = None
    if filters is not None:
        result = creators_search(viewer=request.user, filters=filters)
        # Each card's Add to list names the lists holding its creator: one query for the page.
        shortlist_names_attach(user=request.user, creators=result.results)
        card_figures_attach(result.results)
        active = active_filters(filters)
        context.update(
            result=result,
            active=active,
            pages=page_links(result),
            category_words=category_words(filters),
            add_all=add_all_offer(request, filters),
        )
        if result.count == 0 and active:
            context["loosen"] = loosen_hint(active, loosening_counts(viewer=request.user, filters=filters))
    response = render(request, _template(request), context)
    if request.htmx:
        # The address bar always holds the search, in its canonical form (shares as fractions).
        items = (
            filters.query_items()
            if filters
            else [(name, value) for name, values in request.GET.lists() for value in values if value]
        )
        return push_url(response, search_url(items))
    return response


def _template(request: HtmxHttpRequest) -> str:
    # The filter panel sends its changes to the results, with its fields' messages (out of band); a chip
    # or a reset redraws the panel too. Going back in history asks for the whole page.
    if request.htmx and not request.htmx.history_restore_request:
        if request.htmx.target == "results":
            return "search/index.html#live_results"
        if request.htmx.target == "search":
            return "search/index.html#search"
    return "search/index.html"


# --- Add all to a list ----------------------------------------------------------------------------------


def add_all_offer(request: HttpRequest, filters: SearchFilters) -> dict[str, Any] | None:
    """The search's "Add all to a list" link (the search's filters and order, no page), for those who
    keep lists; the button says how many it adds (ADD_ALL_LIMIT at most)."""
    if not may_keep_lists(request.user):
        return None
    return {
        "url": f"{reverse('search:add_to_list')}?{urlencode(_search_items(filters))}",
        "limit": ADD_ALL_LIMIT,
    }


def _search_items(filters: SearchFilters) -> list[tuple[str, str]]:
    # The search without its page: which creators, in which order.
    return [(name, value) for name, value in filters.query_items() if name not in ("page", "page_size")]


@organisation_member_required
def add_to_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The search's matches, the first ADD_ALL_LIMIT in its order, onto one of the organisation's lists or
    a new one, in one transaction: GET asks which list, POST adds. The filters are the search page's
    query string, read by the same schema (search.filters)."""
    organisation = organisation_keeping_lists(request.user)
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(("GET", "POST"))
    try:
        filters = filters_from(request.GET).model_copy(update={"page": 1, "page_size": 1})
    except ValidationError:
        # The search page says which filter is wrong, field by field.
        return redirect(f"{reverse('search:index')}?{request.GET.urlencode()}")
    error = ""
    if request.method == "POST":
        ids = creator_ids_matching(viewer=request.user, filters=filters, limit=ADD_ALL_LIMIT)
        try:
            shortlist, added = _add_all(request, organisation, ids)
        except exceptions.ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(request, added_message(added, shortlist.name))
            return redirect(shortlist)
    found = creators_search(viewer=request.user, filters=filters)
    context = {
        "found": found,
        "limit": ADD_ALL_LIMIT,
        "lists": shortlists_for(user=request.user),
        "active": active_filters(filters),
        "search_url": search_url(_search_items(filters)),
        "chosen": request.POST.get("shortlist", ""),
        "name": request.POST.get("name", ""),
        "error": error,
    }
    return render(request, "search/add_to_list.html", context, status=400 if error else 200)


def _add_all(request: AuthenticatedHttpRequest, organisation: Any, ids: list[int]) -> tuple[Shortlist, Added]:
    choice = request.POST.get("shortlist", "")
    if choice == "new":
        return shortlist_create_with_creators(
            organisation=organisation,
            created_by=request.user,
            name=request.POST.get("name", ""),
            creator_ids=ids,
        )
    try:
        shortlist = get_shortlist_for_change(request.user, int(choice))
    except ValueError:
        raise exceptions.ValidationError(_("Choose a list, or name a new one.")) from None
    return shortlist, shortlist_creators_add(shortlist=shortlist, creator_ids=ids, added_by=request.user)


def added_message(added: Added, name: str) -> str:
    text = ngettext(
        "Added %(count)s creator to “%(name)s”.", "Added %(count)s creators to “%(name)s”.", added.added
    ) % {"count": exact_number(added.added), "name": name}
    if added.already:
        text += " " + ngettext(
            "%(count)s was already on it.", "%(count)s were already on it.", added.already
        ) % {"count": exact_number(added.already)}
    return text
