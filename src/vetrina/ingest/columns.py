"""The creator columns an import line sets, and their values from a parsed line."""

from typing import Any

from vetrina.creators.audience import SHARE_COLUMNS
from vetrina.creators.models import Creator
from vetrina.ingest.parsing import CreatorRecord
from vetrina.search.indexing import search_columns

AUDIENCE_COLUMNS = [column for columns in SHARE_COLUMNS.values() for column in columns.values()]
# The creator columns a line sets (besides handle and, for a new creator, verified).
CREATOR_FIELDS = [
    "display_name",
    "country",
    "categories",
    "primary_category",
    "bio",
    "avatar_url",
    "languages",
    "manager_email",
    "search_text",
    "caption_tags",
    "category_mask",
    *AUDIENCE_COLUMNS,
]
VIDEO_FIELDS = ["posted_at", "views", "likes", "comments", "shares", "duration_s", "caption"]

# The columns of a new creator's row as a line gives them: every one but the id and the two timestamps,
# which the importing process sets. A field the line does not give (an audience dimension) is null.
CREATOR_ROW_FIELDS = [
    field
    for field in Creator._meta.concrete_fields
    if not field.primary_key and field.name not in ("created_at", "updated_at")
]


def creator_values(record: CreatorRecord) -> dict[str, Any]:
    """The Creator fields a line sets, besides handle and verified."""
    values: dict[str, Any] = {
        "display_name": record.display_name,
        "country": record.country,
        "categories": list(record.categories),
        "primary_category": record.primary_category,
        "bio": record.bio,
        "avatar_url": record.avatar_url,
        "languages": list(record.languages),
        "manager_email": record.manager_email,
        **search_columns(
            handle=record.handle,
            display_name=record.display_name,
            bio=record.bio,
            categories=record.categories,
            # A new creator's captions are the line's; a stored one's are merged in `upserting`.
            captions=[video.caption for video in record.videos],
        ),
    }
    # Only the dimensions the line gives; the others keep what is stored.
    for dimension, shares in record.audience.fixed.items():
        for bucket, column in SHARE_COLUMNS[dimension].items():
            values[column] = shares[bucket]
    return values
