"""Writes of saved searches: saving, renaming, deleting, and a member's alerts."""

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import ValidationError as FiltersError

from vetrina.accounts.models import Organisation, User
from vetrina.saved_searches.models import SavedSearch, SavedSearchAlert
from vetrina.search.filters import LIST_PARAMETERS, SearchFilters, field_errors, filters_from

NAME_MAX_LENGTH = SavedSearch._meta.get_field("name").max_length or 120
# What a saved search does not keep: which page of the results was open, and how long a page was.
NOT_KEPT = ("page", "page_size")


def search_query_of(filters: SearchFilters) -> str:
    """The filters as a saved search keeps them: the search's canonical query string, without the page."""
    return urlencode([(name, value) for name, value in filters.query_items() if name not in NOT_KEPT])


def filters_from_mapping(data: Mapping[str, Any]) -> SearchFilters:
    """The filters of an API call's `filters` object, by the search's own schema. Unlike a search, it
    refuses a name that is not a filter: a typo would otherwise save a search that watches everyone."""
    unknown = sorted(set(data) - set(SearchFilters.model_fields))
    if unknown:
        raise ValidationError(
            {"filters": _("%(name)r is not a search filter.") % {"name": unknown[0]}}, code="unknown_filter"
        )
    if not _all_encodable(data):
        raise ValidationError({"filters": _("This text has characters that cannot be stored.")})
    values = {
        name: [value] if name in LIST_PARAMETERS and not isinstance(value, list) else value
        for name, value in data.items()
        if name not in NOT_KEPT
    }
    try:
        return SearchFilters.model_validate(values)
    except FiltersError as error:
        raise _invalid(error) from None


def filters_from_query(query: str) -> SearchFilters:
    """The filters of a search page's query string, by the search's own schema."""
    try:
        return filters_from(QueryDict(query))
    except FiltersError as error:
        raise _invalid(error) from None


def _invalid(error: FiltersError) -> ValidationError:
    return ValidationError(
        {
            f"filters.{name}" if name else "filters": messages
            for name, messages in field_errors(error).items()
        },
        code="invalid_filters",
    )


def _clean_name(*, organisation: Organisation, name: str, saved_search: SavedSearch | None = None) -> str:
    if "\x00" in name or not _encodable(name):
        raise ValidationError({"name": _("This text has characters that cannot be stored.")})
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Give the search a name.")})
    if len(name) > NAME_MAX_LENGTH:
        raise ValidationError(
            {"name": _("A search's name is at most %(count)d characters.") % {"count": NAME_MAX_LENGTH}}
        )
    others = SavedSearch.objects.filter(organisation=organisation, name__iexact=name)
    if saved_search is not None:
        others = others.exclude(pk=saved_search.pk)
    if others.exists():
        raise _name_taken(name)
    return name


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _all_encodable(value: Any) -> bool:
    # A lone surrogate (which JSON can carry) has no UTF-8: it could not go into the saved address.
    if isinstance(value, str):
        return _encodable(value)
    if isinstance(value, Mapping):
        return all(_all_encodable(key) and _all_encodable(item) for key, item in value.items())
    if isinstance(value, list):
        return all(_all_encodable(item) for item in value)
    return True


def _name_taken(name: str) -> ValidationError:
    return ValidationError(
        {"name": _("There is already a saved search named “%(name)s”.") % {"name": name}}, code="name_taken"
    )


@transaction.atomic
def saved_search_create(
    *,
    organisation: Organisation,
    created_by: User | None,
    name: str,
    filters: SearchFilters,
    alerts: bool = False,
) -> SavedSearch:
    """Saves the filters (and the sort) by name for the organisation; `alerts` opts its maker in."""
    name = _clean_name(organisation=organisation, name=name)
    query = search_query_of(filters)
    if not [item for item in filters.query_items() if item[0] not in (*NOT_KEPT, "sort")]:
        raise ValidationError(
            {"filters": _("Choose at least one filter before saving a search.")}, code="no_filter"
        )
    try:
        with transaction.atomic():
            saved_search = SavedSearch.objects.create(
                organisation=organisation, created_by=created_by, name=name, query=query
            )
    except IntegrityError:
        # Another member saved a search of that name a moment ago.
        raise _name_taken(name) from None
    if alerts and created_by is not None:
        saved_search_alerts_set(saved_search=saved_search, user=created_by, on=True)
    return saved_search


@transaction.atomic
def saved_search_rename(*, saved_search: SavedSearch, name: str) -> SavedSearch:
    saved_search.name = _clean_name(
        organisation=saved_search.organisation, name=name, saved_search=saved_search
    )
    try:
        with transaction.atomic():
            SavedSearch.objects.filter(pk=saved_search.pk).update(name=saved_search.name)
    except IntegrityError:
        raise _name_taken(saved_search.name) from None
    return saved_search


@transaction.atomic
def saved_search_delete(*, saved_search: SavedSearch) -> None:
    # Its alerts and new matches go with it; the creators stay.
    saved_search.delete()


@transaction.atomic
def saved_search_alerts_set(*, saved_search: SavedSearch, user: User, on: bool) -> bool:
    """Opts the member in to (or out of) the saved search's alerts; returns whether anything changed.
    Matches found before opting in are not e-mailed."""
    if not on:
        deleted, _rows = SavedSearchAlert.objects.filter(saved_search=saved_search, user=user).delete()
        return bool(deleted)
    _alert, created = SavedSearchAlert.objects.get_or_create(
        saved_search=saved_search, user=user, defaults={"emailed_up_to": timezone.now()}
    )
    return created
