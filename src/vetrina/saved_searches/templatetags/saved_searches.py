from django import template

from vetrina.saved_searches.services import search_query_of
from vetrina.search.filters import SearchFilters

register = template.Library()


@register.filter
def saved_search_query(filters: SearchFilters | None) -> str:
    """The search's filters as a saved search keeps them (its query string, without the page)."""
    return search_query_of(filters) if filters is not None else ""
