from django.http import HttpRequest
from ninja import Query, Router

from vetrina.api.errors import ERRORS
from vetrina.search.filters import SearchFilters
from vetrina.search.schemas import CreatorSearchResults
from vetrina.search.selectors import creators_search

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
