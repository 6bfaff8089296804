"""Reads of shortlists, scoped to who is asking.

Lists belong to an organisation: its brand or agency members read and change them; a member of another
organisation gets 404, as if the list did not exist. Staff read every list (docs/roles.md) but keep
none, having no organisation. Visitors and creator-side accounts have no lists at all.
"""

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, F, OrderBy, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from vetrina.accounts.access import is_staff, may_keep_lists
from vetrina.accounts.models import Organisation
from vetrina.creators.audience import SHARE_COLUMNS
from vetrina.creators.models import HANDLE_PATTERN, AudienceCountry, Creator
from vetrina.metrics.compute import WeightedShares, reach_weighted_audience
from vetrina.metrics.selectors import audience_of
from vetrina.shortlists.models import Shortlist, ShortlistEntry

# The list views and the picker ask this name; the decision is accounts.access.may_keep_lists.
may_keep_shortlists = may_keep_lists


def organisation_keeping_lists(user: Any) -> Organisation:
    """The organisation whose lists the user changes; PermissionDenied for anyone who keeps none."""
    if not may_keep_lists(user):
        if is_staff(user):
            raise PermissionDenied(_("Staff read shortlists but do not keep them."))
        raise PermissionDenied(_("Only brand and agency members keep shortlists."))
    organisation = user.organisation
    assert organisation is not None  # a database constraint: members have an organisation
    return organisation


def _readable_by(user: Any) -> QuerySet[Shortlist]:
    if is_staff(user):
        return Shortlist.objects.select_related("organisation")
    return Shortlist.objects.filter(organisation=organisation_keeping_lists(user))


def _with_totals(shortlists: QuerySet[Shortlist]) -> QuerySet[Shortlist]:
    # Total reach adds up the reach of the list's creators; a creator whose reach is undefined adds nothing.
    return shortlists.annotate(
        creator_count=Count("entries"),
        total_reach=Coalesce(Sum("entries__creator__reach"), Value(0)),
    )


def shortlists_for(*, user: Any) -> QuerySet[Shortlist]:
    """The lists the user reads, last changed first, with `creator_count` and `total_reach`."""
    return _with_totals(_readable_by(user)).order_by("-updated_at", "-id")


def get_shortlist_for(user: Any, pk: int) -> Shortlist:
    """A list the user may read (with its totals), or 404."""
    return get_object_or_404(_with_totals(_readable_by(user)), pk=pk)


def get_shortlist_for_change(user: Any, pk: int) -> Shortlist:
    """A list of the user's own organisation, or 404; PermissionDenied for staff, who only read."""
    organisation = organisation_keeping_lists(user)
    return get_object_or_404(_with_totals(Shortlist.objects.filter(organisation=organisation)), pk=pk)


def is_handle(value: str) -> bool:
    # A value that cannot be a handle (a NUL, say, which PostgreSQL refuses in a query) finds nothing.
    return re.fullmatch(HANDLE_PATTERN, value) is not None


def get_entry_for(shortlist: Shortlist, handle: str) -> ShortlistEntry:
    """The creator's row on the list, or 404 when the creator is not on it."""
    if not is_handle(handle):
        raise Http404
    return get_object_or_404(
        ShortlistEntry.objects.select_related("creator", "shortlist"),
        shortlist=shortlist,
        creator__handle=handle,
    )


def entry_of(*, shortlist: Shortlist, creator: Creator) -> ShortlistEntry | None:
    return (
        ShortlistEntry.objects.filter(shortlist=shortlist, creator=creator)
        .select_related("shortlist")
        .first()
    )


# The list page's columns that sort, by the name the query string uses. Undefined numbers sort last
# in either direction; ties break by handle, so the order is stable.
SORTS = {
    "creator": "creator__handle",
    "reach": "creator__reach",
    "avg_views": "creator__avg_views",
    "engagement_rate": "creator__engagement_rate",
    "authenticity": "creator__authenticity_score",
    "audience_share": "top_audience_share",
    "added": "added_at",
}
DEFAULT_SORT = "added"


def parse_sort(value: str | None) -> str:
    """The sort asked for, or the default when the value is unknown."""
    if value and value.removeprefix("-") in SORTS:
        return value
    return DEFAULT_SORT


def shortlist_rows(*, shortlist: Shortlist, sort: str = DEFAULT_SORT) -> QuerySet[ShortlistEntry]:
    """The list's creators with what the list page compares: each row has its `creator`, and
    `top_audience_country` / `top_audience_share`, the country with the largest share of the creator's
    audience (ties by country code). One query, whatever the number of creators."""
    sort = parse_sort(sort)
    top = AudienceCountry.objects.filter(creator=OuterRef("creator")).order_by("-share", "country")
    field = F(SORTS[sort.removeprefix("-")])
    order: OrderBy = field.desc(nulls_last=True) if sort.startswith("-") else field.asc(nulls_last=True)
    return (
        ShortlistEntry.objects.filter(shortlist=shortlist)
        .select_related("creator")
        .annotate(
            top_audience_country=Subquery(top.values("country")[:1]),
            top_audience_share=Subquery(top.values("share")[:1]),
        )
        .order_by(order, "creator__handle")
    )


@dataclass(frozen=True)
class ListAudience:
    """A list's combined audience (docs/numbers.md, "A list's audience") and each creator's own, the
    creators largest reach first (the weights, heaviest first)."""

    total_reach: int
    combined: dict[str, WeightedShares]
    creators: list[tuple[Creator, dict[str, dict[str, float] | None]]]


def shortlist_audience(*, shortlist: Shortlist) -> ListAudience:
    """Two queries, whatever the number of creators: their profiles and shares, then their countries."""
    creators = list(
        Creator.objects.filter(shortlist_entries__shortlist=shortlist)
        .only(
            "handle",
            "display_name",
            "reach",
            *(column for columns in SHARE_COLUMNS.values() for column in columns.values()),
        )
        .prefetch_related("audience_countries")
        .order_by(F("reach").desc(nulls_last=True), "handle")
    )
    audiences = [(creator, audience_of(creator)) for creator in creators]
    return ListAudience(
        total_reach=sum(creator.reach or 0 for creator in creators),
        combined=reach_weighted_audience((creator.reach, audience) for creator, audience in audiences),
        creators=audiences,
    )


def shortlist_choices_for(*, user: Any, creator: Creator) -> QuerySet[Shortlist]:
    """The user's organisation's lists for the Add to list picker, each with `holds_creator`."""
    organisation = organisation_keeping_lists(user)
    holds = ShortlistEntry.objects.filter(shortlist=OuterRef("pk"), creator=creator)
    return (
        Shortlist.objects.filter(organisation=organisation)
        .annotate(holds_creator=Exists(holds))
        .order_by("name", "id")
    )


def shortlist_names_by_creator(*, user: Any, creator_ids: Iterable[int]) -> dict[int, list[str]]:
    """For each of the creators, the names of the user's organisation's lists holding it, in one query.

    Creators on no list are absent. Whoever keeps no lists (visitors, staff, creators) gets {}.
    """
    if not may_keep_lists(user):
        return {}
    names: dict[int, list[str]] = defaultdict(list)
    rows = (
        ShortlistEntry.objects.filter(
            shortlist__organisation_id=user.organisation_id, creator_id__in=list(creator_ids)
        )
        .order_by("shortlist__name", "shortlist_id")
        .values_list("creator_id", "shortlist__name")
    )
    for creator_id, name in rows:
        names[creator_id].append(name)
    return dict(names)


def shortlist_names_attach(*, user: Any, creators: Iterable[Creator | dict[str, Any]]) -> None:
    """Sets `shortlist_names` on each creator (one query for all), which the Add to list button of
    creators/_actions.html shows without a query of its own. For pages with many cards: a creator is a
    model, or a search card (a dict with the creator's "id"), which gets the names as a key."""
    creators = list(creators)
    ids = [creator["id"] if isinstance(creator, dict) else creator.pk for creator in creators]
    names = shortlist_names_by_creator(user=user, creator_ids=ids)
    for creator, pk in zip(creators, ids, strict=True):
        if isinstance(creator, dict):
            creator["shortlist_names"] = names.get(pk, [])
        else:
            creator.shortlist_names = names.get(pk, [])  # type: ignore[attr-defined]
