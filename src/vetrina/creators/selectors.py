"""Reads of creators, scoped to who is asking."""

import enum
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from vetrina.accounts.access import is_staff, may_browse_creators
from vetrina.accounts.models import Invitation, User
from vetrina.creators.models import Creator, Video


def get_creator_for(user: Any, handle: str) -> Creator:
    """Staff read any creator; members (brand, agency, visitor) verified ones only, 404 for the rest.

    Creator-side accounts answer requests; they do not browse other creators' numbers.
    """
    if is_staff(user):
        return get_object_or_404(Creator, handle=handle)
    if may_browse_creators(user):
        return get_object_or_404(Creator, handle=handle, verified=True)
    raise PermissionDenied(_("Your account cannot read creators' numbers."))


def creators_managed_by(user: Any) -> QuerySet[Creator]:
    """The creators a creator-side account manages: every creator whose manager e-mail is the account's."""
    if not user.email:
        return Creator.objects.none()
    return Creator.objects.filter(manager_email__iexact=user.email).order_by("handle")


class VideoSort(enum.StrEnum):
    """The orders of a creator's sample videos (docs/numbers.md)."""

    RECENT = "recent"  # posted_at descending, ties by id descending
    POPULAR = "popular"  # views descending, then as recent


SAMPLE_SIZE = 4  # the metrics page shows four
MAX_VIDEOS = 100  # the most the API returns at once
_ORDERINGS = {
    VideoSort.RECENT: ("-posted_at", "-id"),
    VideoSort.POPULAR: ("-views", "-posted_at", "-id"),
}


def sample_videos(creator: Creator, *, sort: VideoSort, limit: int = SAMPLE_SIZE) -> list[Video]:
    """The creator's first `limit` videos in the given order; one query. Each knows its creator, so its
    TikTok link costs nothing more."""
    return list(creator.videos.order_by(*_ORDERINGS[sort])[:limit])


# --- Staff verifying creators ----------------------------------------------------------------------


@dataclass(frozen=True)
class CreatorToVerify:
    creator: Creator
    manager_has_account: bool
    invitation: Invitation | None  # the live link, if one was sent


def creators_to_verify(*, query: str, limit: int = 50) -> list[CreatorToVerify]:
    """Creators with a manager e-mail, matching a handle or an e-mail, for staff to verify and invite."""
    creators = Creator.objects.exclude(manager_email="").order_by("handle")
    if query:
        creators = creators.filter(Q(handle__icontains=query) | Q(manager_email__icontains=query))
    found = list(creators.only("handle", "display_name", "country", "verified", "manager_email")[:limit])
    emails = {creator.manager_email.lower() for creator in found}
    # Two queries for the whole page, not two per creator.
    with_account = {
        email.lower() for email in User.objects.filter(email__in=emails).values_list("email", flat=True)
    }
    live = {
        invitation.email.lower(): invitation
        for invitation in Invitation.objects.filter(
            email__in=emails, used_at__isnull=True, revoked_at__isnull=True
        )
    }
    return [
        CreatorToVerify(
            creator=creator,
            manager_has_account=creator.manager_email.lower() in with_account,
            invitation=live.get(creator.manager_email.lower()),
        )
        for creator in found
    ]
