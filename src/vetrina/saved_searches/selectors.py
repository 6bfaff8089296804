"""Reads of saved searches, scoped to who is asking.

Saved searches belong to an organisation, as its lists do: its brand and agency members read and change
them; another organisation's is a 404, as if it did not exist. Visitors keep none and staff act for
nobody (403); staff read them in the admin.
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import QueryDict
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from pydantic import ValidationError

from vetrina.accounts.access import is_staff, may_save_searches
from vetrina.accounts.models import Organisation
from vetrina.saved_searches.models import SavedSearch, SavedSearchAlert, SavedSearchMatch
from vetrina.search.filters import SearchFilters, field_errors, filters_from
from vetrina.search.presentation import active_filters


def organisation_saving_searches(user: Any) -> Organisation:
    """The organisation whose searches the user keeps; PermissionDenied for anyone who keeps none."""
    if not may_save_searches(user):
        if is_staff(user):
            raise PermissionDenied(_("Staff read saved searches in the admin but do not keep them."))
        raise PermissionDenied(_("Only brand and agency members save searches."))
    organisation = user.organisation
    assert organisation is not None  # a database constraint: members have an organisation
    return organisation


def saved_searches_for(*, user: Any) -> QuerySet[SavedSearch]:
    """The organisation's saved searches by name, each with `watching` (the user gets alerts) and
    `match_count` (the new matches found so far)."""
    organisation = organisation_saving_searches(user)
    return (
        SavedSearch.objects.filter(organisation=organisation)
        .annotate(
            watching=Exists(SavedSearchAlert.objects.filter(saved_search=OuterRef("pk"), user=user)),
            match_count=Count("matches", distinct=True),
        )
        .order_by("name", "id")
    )


def get_saved_search_for(user: Any, pk: int) -> SavedSearch:
    """One of the organisation's saved searches (with `watching` and `match_count`), or 404."""
    return get_object_or_404(saved_searches_for(user=user), pk=pk)


def saved_search_matches(*, saved_search: SavedSearch, limit: int = 50) -> QuerySet[SavedSearchMatch]:
    """The latest new matches of a saved search, newest first, with their creators."""
    return saved_search.matches.select_related("creator").order_by("-found_at", "-id")[:limit]


@dataclass(frozen=True)
class SavedFilters:
    """A saved search's filters as the search reads them today, or why it cannot any more (a category
    renamed since): then `filters` is None and `errors` says what to fix."""

    filters: SearchFilters | None
    errors: list[str]

    @property
    def labels(self) -> list[str]:
        return [str(active.label) for active in active_filters(self.filters)] if self.filters else []


def saved_filters(saved_search: SavedSearch) -> SavedFilters:
    try:
        return SavedFilters(filters_from(QueryDict(saved_search.query)), [])
    except ValidationError as error:
        messages = [message for field in field_errors(error).values() for message in field]
        return SavedFilters(None, messages)


def watchers_of(saved_search: SavedSearch) -> QuerySet[Any]:
    """The members told of the saved search's new matches: those who opted in, still active and still of
    its organisation."""
    alerts = SavedSearchAlert.objects.filter(saved_search=saved_search)
    return alerts.filter(
        Q(user__is_active=True) & Q(user__organisation_id=saved_search.organisation_id)
    ).select_related("user")
