from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django_htmx.http import push_url
from django_htmx.middleware import HtmxDetails
from pydantic import ValidationError

from vetrina.accounts.access import member_required
from vetrina.search.filters import field_errors, filters_from
from vetrina.search.presentation import (
    PANEL_FIELDS,
    PERCENT_FIELDS,
    active_filters,
    category_words,
    loosen_hint,
    other_errors,
    page_links,
    panel_choices,
    panel_values,
    search_url,
)
from vetrina.search.selectors import creators_search, loosening_counts
from vetrina.shortlists.selectors import shortlist_names_attach


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
        active = active_filters(filters)
        context.update(
            result=result, active=active, pages=page_links(result), category_words=category_words(filters)
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
