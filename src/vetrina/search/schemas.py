"""API shapes of a search (DESIGN.md section 6)."""

from ninja import Schema


class CreatorCard(Schema):
    handle: str
    display_name: str
    country: str
    categories: list[str]
    reach: int | None
    avg_views: float | None
    engagement_rate: float | None
    authenticity: float | None


class CreatorSearchResults(Schema):
    count: int
    results: list[CreatorCard]
