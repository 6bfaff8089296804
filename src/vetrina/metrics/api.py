from django.http import HttpRequest
from ninja import Query, Router

from vetrina.api.errors import ERRORS
from vetrina.creators.selectors import get_creator_for
from vetrina.metrics.presentation.authenticity import authenticity_explained
from vetrina.metrics.presentation.similar import similar_reasons
from vetrina.metrics.schemas import CreatorDetail, SimilarCreators
from vetrina.metrics.selectors import creator_numbers
from vetrina.metrics.similar import DEFAULT_LIMIT, MAX_LIMIT, similar_creators

# Mounted at /creators beside creators' own router (a creator's videos), under the same tag: to a caller
# this is a creator's detail. The operation id is the one the endpoint had in creators/api.py.
router = Router(tags=["creators"])


@router.get(
    "/{handle}",
    response={200: CreatorDetail, **ERRORS},
    summary="A creator's profile and every number",
    operation_id="vetrina_creators_api_get_creator",
)
def get_creator(request: HttpRequest, handle: str) -> dict:
    creator = get_creator_for(request.user, handle)
    numbers = creator_numbers(creator)
    # The shape of docs/api.md: the profile, then its numbers, the authenticity signals with the
    # sentences the metrics page says them in.
    return {
        "handle": creator.handle,
        "display_name": creator.display_name,
        "bio": creator.bio,
        # The demo's faces are Vetrina's own static files, stored as a path: a caller gets the address.
        "avatar_url": request.build_absolute_uri(creator.avatar_url) if creator.avatar_url else None,
        "country": str(creator.country),
        "categories": creator.categories,
        "languages": creator.languages,
        "verified": creator.verified,
        "reach": creator.reach,
        "updated_at": creator.updated_at,
        **numbers,
        "authenticity": authenticity_explained(numbers["authenticity"]),
    }


@router.get(
    "/{handle}/similar",
    response={200: SimilarCreators, **ERRORS},
    summary="The verified creators most like this one",
)
def list_similar(
    request: HttpRequest, handle: str, limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
) -> dict:
    """Most alike first: same categories, an audience alike, about the same size and engagement
    (docs/numbers.md, "Similar creators"). `limit`: 1 to 50, 10 by default."""
    creator = get_creator_for(request.user, handle)
    return {
        "handle": creator.handle,
        "results": [
            {
                "handle": found.handle,
                "display_name": found.display_name,
                "country": found.country,
                "categories": found.categories,
                "reach": found.reach,
                "engagement_rate": found.engagement_rate,
                "authenticity": found.authenticity_score,
                "similarity": found.similarity,
                "audience_alike": found.audience_alike,
                "reach_ratio": found.reach_ratio,
                "shared_categories": list(found.shared_categories),
                "reasons": similar_reasons(found),
            }
            for found in similar_creators(creator, limit=limit)
        ],
    }
