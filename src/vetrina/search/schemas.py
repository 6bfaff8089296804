"""API shapes of a search (docs/api.md)."""

from ninja import Field, Schema

from vetrina.search.selectors import EXACT_COUNT_UP_TO


class CreatorCard(Schema):
    handle: str
    display_name: str
    country: str
    categories: list[str]
    reach: int | None
    avg_views: float | None
    engagement_rate: float | None
    authenticity: float | None
    matched_caption: str | None = Field(
        None,
        description="The newest caption of the creator's videos holding the most of the words, hashtags and "
        "mentions of `q`; null when `q` asks for none or no caption holds one (the profile matched).",
    )


class CreatorSearchResults(Schema):
    count: int = Field(
        description=f"How many creators match: exact up to {EXACT_COUNT_UP_TO:,}, estimated above."
    )
    count_is_estimate: bool = Field(
        False, description=f"Whether `count` is an estimate (of more than {EXACT_COUNT_UP_TO:,} creators)."
    )
    results: list[CreatorCard]


class AddedToList(Schema):
    matched: int = Field(
        description="How many of the search's matches were taken: all, or the first ones up to the limit."
    )
    added: int = Field(description="How many of them joined the list.")
    already_listed: int = Field(description="How many of them were on the list already.")
