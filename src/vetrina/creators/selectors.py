"""Reads of creators, scoped to who is asking."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from vetrina.creators.models import Creator
from vetrina.metrics.selectors import creator_numbers


def get_creator_for(user: Any, handle: str) -> Creator:
    # Only staff read creators until the access issue brings members (who will see verified ones only).
    if not user.is_staff:
        raise PermissionDenied(_("Only staff may read creators for now."))
    return get_object_or_404(Creator, handle=handle)


def creator_detail(creator: Creator) -> dict[str, Any]:
    """The profile and its numbers in the shape of DESIGN.md section 6."""
    return {
        "handle": creator.handle,
        "display_name": creator.display_name,
        "country": str(creator.country),
        "categories": creator.categories,
        "languages": creator.languages,
        "verified": creator.verified,
        "reach": creator.reach,
        "updated_at": creator.updated_at,
        **creator_numbers(creator),
    }
