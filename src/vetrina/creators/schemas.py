"""API shapes of a creator's videos (docs/api.md)."""

from datetime import datetime

from ninja import Schema


class VideoOut(Schema):
    """One of a creator's videos, with its link on TikTok."""

    id: str
    posted_at: datetime
    views: int
    likes: int
    comments: int
    shares: int
    duration_s: int | None
    caption: str
    url: str


class VideoList(Schema):
    sort: str
    results: list[VideoOut]
