from django.http import HttpRequest
from ninja import Router

from vetrina.api.errors import ERRORS
from vetrina.creators.schemas import CreatorDetail
from vetrina.creators.selectors import creator_detail, get_creator_for

router = Router(tags=["creators"])


@router.get(
    "/{handle}", response={200: CreatorDetail, **ERRORS}, summary="A creator's profile and every number"
)
def get_creator(request: HttpRequest, handle: str) -> dict:
    creator = get_creator_for(request.user, handle)
    return creator_detail(creator)
