"""API shapes of saved searches."""

from datetime import datetime
from typing import Any

from ninja import Field, Schema


class SavedSearchIn(Schema):
    name: str = Field(description="Unique in the organisation, ignoring case; at most 120 characters.")
    filters: dict[str, Any] = Field(
        description="The search parameters of `GET /creators` (docs/api.md), by name: a list or one value "
        "for `country` and `category`. `sort` is kept; `page` and `page_size` are not. A name that is not "
        "a parameter, or a bad value, is a 400 naming it."
    )
    alerts: bool = Field(False, description="Opt the caller in to the saved search's alerts.")


class SavedSearchOut(Schema):
    id: int
    name: str
    filters: dict[str, Any] | None = Field(
        description="The saved filters as the search reads them today; null when they no longer hold "
        "(a category renamed since): `errors` then says why."
    )
    errors: list[str] = Field(description="Why the saved filters no longer hold; empty while they do.")
    query: str = Field(description="The filters as a query string, for `GET /creators?…` or the search page.")
    search_url: str = Field(description="The search page with these filters: running the search again.")
    alerts: bool = Field(description="Whether the caller gets this saved search's alerts.")
    new_matches: int = Field(description="How many new creators have matched it since it was saved.")
    created_at: datetime


class SavedSearchPage(Schema):
    count: int
    results: list[SavedSearchOut]
