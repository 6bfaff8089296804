from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Status

from vetrina.api.errors import ERRORS, ErrorOut, error_body
from vetrina.creators.selectors import get_creator_for
from vetrina.shortlists.models import Shortlist, ShortlistEntry
from vetrina.shortlists.schemas import (
    ShortlistCreatorIn,
    ShortlistCreatorOut,
    ShortlistDetail,
    ShortlistIn,
    ShortlistNoteIn,
    ShortlistPage,
    ShortlistPatch,
)
from vetrina.shortlists.selectors import (
    ListAudience,
    get_entry_for,
    get_shortlist_for,
    get_shortlist_for_change,
    is_handle,
    organisation_keeping_lists,
    shortlist_audience,
    shortlist_rows,
    shortlists_for,
)
from vetrina.shortlists.services import (
    shortlist_create,
    shortlist_creator_add,
    shortlist_delete,
    shortlist_entry_note_set,
    shortlist_entry_remove,
    shortlist_update,
)

# Lists belong to an organisation: another organisation's list is a 404 on every path; visitors and
# creator-side accounts get 403; staff read every list and change none (403).
router = Router(tags=["shortlists"])


def _creator(entry: ShortlistEntry) -> dict[str, Any]:
    creator = entry.creator
    row = vars(entry)
    return {
        "handle": creator.handle,
        "display_name": creator.display_name,
        "reach": creator.reach,
        "avg_views": creator.avg_views,
        "engagement_rate": creator.engagement_rate,
        "authenticity": creator.authenticity_score,
        "top_audience_country": row.get("top_audience_country"),
        "top_audience_country_share": row.get("top_audience_share"),
        "note": entry.note,
        "added_at": entry.added_at,
    }


def _detail(shortlist: Shortlist, sort: str | None = None) -> dict[str, Any]:
    return {
        **_summary(shortlist),
        "creators": [_creator(entry) for entry in shortlist_rows(shortlist=shortlist, sort=sort or "added")],
        "audience": _audience(shortlist_audience(shortlist=shortlist)),
    }


def _audience(audience: ListAudience) -> dict[str, Any]:
    return {
        "total_reach": audience.total_reach,
        "combined": {dimension: vars(weighted) for dimension, weighted in audience.combined.items()},
        "creators": [
            {"handle": creator.handle, "reach": creator.reach, "audience": shares}
            for creator, shares in audience.creators
        ],
    }


def _summary(shortlist: Shortlist) -> dict[str, Any]:
    totals = vars(shortlist)
    return {
        "id": shortlist.pk,
        "name": shortlist.name,
        "description": shortlist.description,
        "creator_count": totals["creator_count"],
        "total_reach": totals["total_reach"],
        "created_at": shortlist.created_at,
        "updated_at": shortlist.updated_at,
    }


@router.get(
    "", response={200: ShortlistPage, **ERRORS}, summary="The organisation's lists, last changed first"
)
def list_shortlists(request: HttpRequest) -> dict[str, Any]:
    shortlists = [_summary(shortlist) for shortlist in shortlists_for(user=request.user)]
    return {"count": len(shortlists), "results": shortlists}


@router.post("", response={201: ShortlistDetail, **ERRORS}, summary="Create a list")
def create_shortlist(request: HttpRequest, payload: ShortlistIn) -> Status:
    organisation = organisation_keeping_lists(request.user)
    shortlist = shortlist_create(
        organisation=organisation,
        created_by=request.user,  # type: ignore[arg-type]  # signed in: organisation_keeping_lists said so
        name=payload.name,
        description=payload.description,
    )
    return Status(201, _detail(get_shortlist_for(request.user, shortlist.pk)))


@router.get(
    "/{shortlist_id}",
    response={200: ShortlistDetail, **ERRORS},
    summary="A list and its creators",
    description="`sort` orders the creators as the list page does: creator, reach, avg_views, engagement_rate, "
    "authenticity, audience_share or added (the default), with `-` for descending.",
)
def get_shortlist(request: HttpRequest, shortlist_id: int, sort: str | None = None) -> dict[str, Any]:
    return _detail(get_shortlist_for(request.user, shortlist_id), sort)


@router.patch(
    "/{shortlist_id}", response={200: ShortlistDetail, **ERRORS}, summary="Rename or describe a list"
)
def update_shortlist(request: HttpRequest, shortlist_id: int, payload: ShortlistPatch) -> dict[str, Any]:
    shortlist = get_shortlist_for_change(request.user, shortlist_id)
    shortlist_update(shortlist=shortlist, name=payload.name, description=payload.description)
    return _detail(get_shortlist_for(request.user, shortlist_id))


@router.delete("/{shortlist_id}", response={204: None, **ERRORS}, summary="Delete a list (its creators stay)")
def delete_shortlist(request: HttpRequest, shortlist_id: int) -> Status:
    shortlist_delete(shortlist=get_shortlist_for_change(request.user, shortlist_id))
    return Status(204, None)


@router.post(
    "/{shortlist_id}/creators",
    response={201: ShortlistCreatorOut, 409: ErrorOut, **ERRORS},
    summary="Add a verified creator to a list",
    description="409 when the creator is already on the list.",
)
def add_creator(request: HttpRequest, shortlist_id: int, payload: ShortlistCreatorIn) -> Status:
    shortlist = get_shortlist_for_change(request.user, shortlist_id)
    creator = get_creator_for(request.user, payload.handle)
    try:
        shortlist_creator_add(
            shortlist=shortlist,
            creator=creator,
            added_by=request.user,  # type: ignore[arg-type]  # a member, hence signed in
            note=payload.note,
        )
    except ValidationError as error:
        if error.code != "already_listed":
            raise
        body = error_body(
            _("The creator is already on the list."), [{"field": "handle", "message": str(error.message)}]
        )
        return Status(409, body)
    return Status(201, _creator(_row(shortlist, creator.handle)))


def _row(shortlist: Shortlist, handle: str) -> ShortlistEntry:
    # The creator's row with the list page's columns, or 404.
    if not is_handle(handle):
        raise Http404
    return get_object_or_404(shortlist_rows(shortlist=shortlist), creator__handle=handle)


@router.get(
    "/{shortlist_id}/creators",
    response={200: list[ShortlistCreatorOut], **ERRORS},
    summary="A list's creators",
)
def list_creators(request: HttpRequest, shortlist_id: int, sort: str | None = None) -> list[dict[str, Any]]:
    shortlist = get_shortlist_for(request.user, shortlist_id)
    return [_creator(entry) for entry in shortlist_rows(shortlist=shortlist, sort=sort or "added")]


@router.get(
    "/{shortlist_id}/creators/{handle}",
    response={200: ShortlistCreatorOut, **ERRORS},
    summary="A creator on a list",
)
def get_creator(request: HttpRequest, shortlist_id: int, handle: str) -> dict[str, Any]:
    return _creator(_row(get_shortlist_for(request.user, shortlist_id), handle))


@router.patch(
    "/{shortlist_id}/creators/{handle}",
    response={200: ShortlistCreatorOut, **ERRORS},
    summary="Write the note on a creator",
)
def update_creator(
    request: HttpRequest, shortlist_id: int, handle: str, payload: ShortlistNoteIn
) -> dict[str, Any]:
    shortlist = get_shortlist_for_change(request.user, shortlist_id)
    shortlist_entry_note_set(entry=get_entry_for(shortlist, handle), note=payload.note)
    return _creator(_row(shortlist, handle))


@router.delete(
    "/{shortlist_id}/creators/{handle}",
    response={204: None, **ERRORS},
    summary="Remove a creator from a list",
)
def remove_creator(request: HttpRequest, shortlist_id: int, handle: str) -> Status:
    shortlist = get_shortlist_for_change(request.user, shortlist_id)
    shortlist_entry_remove(entry=get_entry_for(shortlist, handle))
    return Status(204, None)
