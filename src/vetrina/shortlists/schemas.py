"""API shapes of shortlists. Numbers as stored: rates and shares are fractions; undefined is null."""

from datetime import datetime

from ninja import Field, Schema


class ShortlistIn(Schema):
    name: str
    description: str = ""


class ShortlistPatch(Schema):
    """Only the fields sent change."""

    name: str | None = None
    description: str | None = None


class ShortlistOut(Schema):
    id: int
    name: str
    description: str
    creator_count: int
    total_reach: int = Field(description="The sum of the creators' reach; an undefined reach counts as 0.")
    created_at: datetime
    updated_at: datetime = Field(description="The last change to the list, its creators or their notes.")


class ShortlistPage(Schema):
    count: int
    results: list[ShortlistOut]


class ShortlistCreatorIn(Schema):
    handle: str = Field(pattern=r"^[a-z0-9._]{2,64}$", description="The creator's handle, without the @.")
    note: str = ""


class ShortlistNoteIn(Schema):
    note: str


class ShortlistCreatorOut(Schema):
    handle: str
    display_name: str
    reach: int | None
    avg_views: float | None
    engagement_rate: float | None
    authenticity: float | None
    top_audience_country: str | None = Field(description="The country with the largest audience share.")
    top_audience_country_share: float | None
    note: str
    added_at: datetime


class ShortlistDetail(ShortlistOut):
    creators: list[ShortlistCreatorOut]
