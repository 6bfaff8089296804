"""API shapes of shortlists. Numbers as stored: rates and shares are fractions; undefined is null."""

from datetime import datetime

from ninja import Field, Schema

from vetrina.metrics.schemas import Audience


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


class WeightedSharesOut(Schema):
    shares: dict[str, float] | None = Field(
        description="Each bucket's Σ reach × share / Σ reach over the creators that count; null when none does."
    )
    creators: int = Field(
        description="How many of the list's creators count: a reach above 0 and these figures."
    )
    reach: int = Field(description="Their reach together: the sum of the weights.")


class CombinedAudienceOut(Schema):
    """The list's audience, each creator's shares weighted by its reach (docs/numbers.md, "A list's
    audience"); continents are summed from the countries."""

    age: WeightedSharesOut
    gender: WeightedSharesOut
    device: WeightedSharesOut
    activity: WeightedSharesOut
    country: WeightedSharesOut
    continent: WeightedSharesOut


class CreatorAudienceOut(Schema):
    handle: str
    reach: int | None
    audience: Audience


class ListAudienceOut(Schema):
    total_reach: int = Field(description="The sum of the creators' reach; an undefined reach counts as 0.")
    combined: CombinedAudienceOut
    creators: list[CreatorAudienceOut] = Field(
        description="Each creator's own audience, largest reach first."
    )


class ShortlistDetail(ShortlistOut):
    creators: list[ShortlistCreatorOut]
    audience: ListAudienceOut
