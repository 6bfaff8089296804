from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from vetrina.api.errors import ERRORS
from vetrina.saved_searches.models import SavedSearch
from vetrina.saved_searches.schemas import SavedSearchIn, SavedSearchOut, SavedSearchPage
from vetrina.saved_searches.selectors import (
    get_saved_search_for,
    organisation_saving_searches,
    saved_filters,
    saved_searches_for,
)
from vetrina.saved_searches.services import filters_from_mapping, saved_search_create, saved_search_delete
from vetrina.search.filters import LIST_PARAMETERS

# Saved searches belong to an organisation, as lists do: another organisation's is a 404; visitors,
# creator-side accounts and staff get 403. Writing needs a read-write token.
router = Router(tags=["saved searches"])


def _out(saved_search: SavedSearch) -> dict[str, Any]:
    saved = saved_filters(saved_search)
    filters: dict[str, Any] | None = None
    if saved.filters is not None:
        filters = {}
        for name, value in saved.filters.model_dump(mode="json", exclude={"page", "page_size"}).items():
            if value in (None, "", []) and name not in LIST_PARAMETERS:
                continue
            filters[name] = value
    row = vars(saved_search)
    return {
        "id": saved_search.pk,
        "name": saved_search.name,
        "filters": filters,
        "errors": saved.errors,
        "query": saved_search.query,
        "search_url": saved_search.search_url,
        "alerts": bool(row.get("watching")),
        "new_matches": row.get("match_count") or 0,
        "created_at": saved_search.created_at,
    }


@router.get(
    "", response={200: SavedSearchPage, **ERRORS}, summary="The organisation's saved searches, by name"
)
def list_saved_searches(request: HttpRequest) -> dict[str, Any]:
    results = [_out(saved_search) for saved_search in saved_searches_for(user=request.user)]
    return {"count": len(results), "results": results}


@router.post(
    "",
    response={201: SavedSearchOut, **ERRORS},
    summary="Save a search",
    description="The filters are checked by the search's own rules; a bad one is a 400 naming it "
    "(`filters.<name>`), as is a name already taken.",
)
def create_saved_search(request: HttpRequest, payload: SavedSearchIn) -> Status:
    organisation = organisation_saving_searches(request.user)
    saved_search = saved_search_create(
        organisation=organisation,
        created_by=request.user,  # type: ignore[arg-type]  # signed in: organisation_saving_searches said so
        name=payload.name,
        filters=filters_from_mapping(payload.filters),
        alerts=payload.alerts,
    )
    return Status(201, _out(get_saved_search_for(request.user, saved_search.pk)))


@router.delete(
    "/{saved_search_id}",
    response={204: None, **ERRORS},
    summary="Delete a saved search (its alerts and new matches go with it)",
)
def delete_saved_search(request: HttpRequest, saved_search_id: int) -> Status:
    saved_search_delete(saved_search=get_saved_search_for(request.user, saved_search_id))
    return Status(204, None)
