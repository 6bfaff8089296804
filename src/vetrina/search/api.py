from django.http import HttpRequest
from ninja import Query, Router

from vetrina.api.errors import ERRORS
from vetrina.search.filters import SearchFilters
from vetrina.search.schemas import AddedToList, CreatorSearchResults
from vetrina.search.selectors import creator_ids_matching, creators_search
from vetrina.shortlists.selectors import get_shortlist_for_change
from vetrina.shortlists.services import ADD_ALL_LIMIT, shortlist_creators_add

# Mounted at /creators beside creators' own router, under the same tag: to a caller, search is the
# list of creators. The operation id is the one the endpoint had before it moved here.
router = Router(tags=["creators"])


@router.get(
    "",
    response={200: CreatorSearchResults, **ERRORS},
    summary="Search verified creators",
    description="Every filter must hold; a repeated country or category matches any of its values. "
    "Shares and rates are fractions. A bad parameter is a 400 naming it; unknown parameters are ignored.",
    operation_id="vetrina_creators_api_search_creators",
)
def search_creators(request: HttpRequest, filters: Query[SearchFilters]) -> dict:
    page = creators_search(viewer=request.user, filters=filters)
    return {"count": page.count, "count_is_estimate": page.count_is_estimate, "results": page.results}


# Mounted at /shortlists, before the lists' own router (config/api.py): adding a search's matches to a
# list needs the search's filters, which shortlists, below search, may not read.
lists_router = Router(tags=["shortlists"])


@lists_router.post(
    "/{shortlist_id}/creators/from-search",
    response={200: AddedToList, **ERRORS},
    summary="Add a search's matches to a list",
    description=f"The search's parameters, as `GET /creators` takes them, in the query string: its first "
    f"{ADD_ALL_LIMIT:,} matches in its order (`page` and `page_size` are ignored) join the list in one "
    "transaction; those already on it stay as they are.",
)
def add_search_to_list(request: HttpRequest, shortlist_id: int, filters: Query[SearchFilters]) -> dict:
    shortlist = get_shortlist_for_change(request.user, shortlist_id)
    ids = creator_ids_matching(viewer=request.user, filters=filters, limit=ADD_ALL_LIMIT)
    if not ids:
        return {"matched": 0, "added": 0, "already_listed": 0}
    added = shortlist_creators_add(
        shortlist=shortlist,
        creator_ids=ids,
        added_by=request.user,  # type: ignore[arg-type]  # a member: get_shortlist_for_change said so
    )
    return {"matched": len(ids), "added": added.added, "already_listed": added.already}
