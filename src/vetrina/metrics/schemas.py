"""API shape of a creator's detail (docs/api.md): the profile and every number. Rates and shares are
fractions at full precision."""

from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema


class CoreMetrics(Schema):
    avg_views: float | None
    avg_likes: float | None
    avg_comments: float | None
    avg_shares: float | None
    median_views: float | None
    engagement_rate: float | None
    engagement_rate_last_15: float | None
    follower_growth_30d: int | None
    follower_growth_per_day_30d: float | None
    follower_growth_rate_30d: float | None


class Audience(Schema):
    age: dict[str, float] | None
    gender: dict[str, float] | None
    device: dict[str, float] | None
    country: dict[str, float] | None
    activity: dict[str, float] | None
    continent: dict[str, float] | None


class Percentiles(Schema):
    """Where the creator stands in its peer group (`peer_group`): the share (0-100) of the group's
    creators whose number is lower, out of those whose number is defined; null when undefined."""

    avg_views: float | None
    avg_likes: float | None
    avg_comments: float | None
    avg_shares: float | None
    median_views: float | None
    engagement_rate: float | None
    follower_growth_rate: float | None
    active_share: float | None


class PeerGroup(Schema):
    """The verified creators the percentiles and typical values are taken from, the creator left out: its
    follower tier and first category, widened to the whole tier (category null) and then to every
    verified creator (tier null too) when fewer than 30; `size` is how many creators it holds."""

    tier: Literal["under-10k", "10k-100k", "100k-1m", "1m-10m", "10m-plus"] | None
    category: str | None
    size: int


class AuthenticitySignal(Schema):
    """One signal behind the authenticity score: the creator's value, the value typical for its peers
    (their median), and why it raises doubts or not."""

    name: str
    value: float | None
    typical: float | None
    explanation: str


class Authenticity(Schema):
    """A 0-100 score (under 50 is suspicious) with its signals and how much data it rests on
    (`confidence`); without a score, the reason why."""

    score: float | None
    confidence: Literal["low", "medium", "high"] | None
    suspicious: bool | None
    signals: list[AuthenticitySignal]
    reason: str | None


class FollowerPoint(Schema):
    date: date
    count: int


class VideoPoint(Schema):
    id: str
    posted_at: datetime
    views: int


class EngagementPoint(Schema):
    id: str
    posted_at: datetime
    rate: float | None


class Trends(Schema):
    followers: list[FollowerPoint]
    videos: list[VideoPoint]
    engagement_last_15: list[EngagementPoint]


class CreatorDetail(Schema):
    handle: str
    display_name: str
    bio: str = Field(description="The creator's own words about themselves; empty when none was imported.")
    avatar_url: str | None = Field(
        description="An absolute http(s) address of the creator's picture; null when there is none."
    )
    country: str
    categories: list[str]
    languages: list[str]
    verified: bool
    reach: int | None
    tier: Literal["under-10k", "10k-100k", "100k-1m", "1m-10m", "10m-plus"] | None
    data_date: date | None
    updated_at: datetime
    metrics: CoreMetrics
    audience: Audience
    percentiles: Percentiles
    peer_group: PeerGroup | None
    trends: Trends
    authenticity: Authenticity


class SimilarCreator(Schema):
    """One creator like the one asked about (docs/numbers.md, "Similar creators"). Shares and
    similarity are fractions; `reach_ratio` is this creator's reach over the one asked about."""

    handle: str
    display_name: str
    country: str
    categories: list[str]
    reach: int
    engagement_rate: float | None
    authenticity: float | None
    similarity: float
    audience_alike: float | None
    reach_ratio: float
    shared_categories: list[str]
    reasons: str


class SimilarCreators(Schema):
    handle: str
    results: list[SimilarCreator]
