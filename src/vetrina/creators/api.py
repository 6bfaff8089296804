from django.http import HttpRequest
from ninja import Query, Router

from vetrina.creators.schemas import CreatorDetail
from vetrina.creators.selectors import creator_detail, get_creator_for
from vetrina.search.filters import SearchFilters
from vetrina.search.schemas import CreatorSearchResults
from vetrina.search.selectors import creators_search

router = Router(tags=["creators"])


@router.get(
    "",
    response=CreatorSearchResults,
    summary="Search verified creators",
    description="Every filter must hold; a repeated country or category matches any of its values. "
    "Shares and rates are fractions. A bad parameter is a 400 naming it; unknown parameters are ignored.",
)
def search_creators(request: HttpRequest, filters: Query[SearchFilters]) -> dict:
    page = creators_search(viewer=request.user, filters=filters)
    return {"count": page.count, "results": page.results}


@router.get("/{handle}", response=CreatorDetail, summary="A creator's profile and every number")
def get_creator(request: HttpRequest, handle: str) -> dict:
    creator = get_creator_for(request.user, handle)
    return creator_detail(creator)
