"""What TikTok gave, made into one line of the import format (docs/import-format.md), so that a connected
creator's numbers go through the import like any other creator's (docs/tiktok.md says which field comes
from where)."""

import math
from datetime import UTC, date, datetime
from typing import Any

from vetrina.lib.audience import AGE_BRACKETS, GENDERS

# The import format's limits, which TikTok's own keep well within; cut rather than refuse a whole sync.
_DISPLAY_NAME_MAX = 200
_BIO_MAX = 1000
_CAPTION_MAX = 4000
# The import refuses a dimension whose shares do not add up to 1 within this (docs/import-format.md).
_SHARE_SUM_TOLERANCE = 0.01
# The Business API names one market as the UK; ISO 3166-1 (and the import) calls it GB.
_COUNTRY_ALIASES = {"UK": "GB"}
# What the profile (the creator's application) gives the line, beside what TikTok gives.
PROFILE_KEYS = ("handle", "display_name", "country", "categories", "languages", "bio", "manager_email")


def import_line(
    *,
    profile: dict[str, Any],
    user: dict[str, Any],
    videos: list[dict[str, Any]],
    business: dict[str, Any] | None,
    today: date,
) -> dict[str, Any]:
    """One line of the import format from the creator's profile and TikTok's user, videos and, for a
    business account, the Business API's account data."""
    display_name = str(user.get("display_name") or "").strip() or str(profile.get("display_name") or "")
    bio = profile.get("bio")
    if bio is None:
        bio = str(user.get("bio_description") or "")
    line: dict[str, Any] = {
        "handle": profile["handle"],
        "display_name": display_name[:_DISPLAY_NAME_MAX],
        "country": profile["country"],
        "categories": list(profile["categories"]),
        "bio": bio[:_BIO_MAX],
        "languages": list(profile.get("languages") or []),
        "manager_email": profile.get("manager_email"),
        # One snapshot a sync: the follower history grows by a day each time.
        "followers": [{"date": today.isoformat(), "count": _count(user.get("follower_count"))}],
        "videos": _videos(videos),
    }
    audience = audience_from_business(business) if business else None
    if audience:
        line["audience"] = audience
    return line


def _videos(videos: list[dict[str, Any]]) -> list[dict[str, Any]]:
    # A video listed twice (pages read while the creator posts can overlap) would make the line bad: the
    # import refuses a repeated id. Ids compare as numbers there, so they do here.
    seen: set[int] = set()
    kept = []
    for video in videos:
        video_id = str(video.get("id", ""))
        if video_id.isdigit() and int(video_id) not in seen:
            seen.add(int(video_id))
            kept.append(_video(video))
    return kept


def _video(video: dict[str, Any]) -> dict[str, Any]:
    caption = str(video.get("video_description") or video.get("title") or "")
    return {
        "id": str(video["id"]),
        "posted_at": datetime.fromtimestamp(int(video.get("create_time") or 0), UTC).strftime(
            "%Y-%m-%dT%H:%M:%SZ"
        ),
        "views": _count(video.get("view_count")),
        "likes": _count(video.get("like_count")),
        "comments": _count(video.get("comment_count")),
        "shares": _count(video.get("share_count")),
        "duration_s": _count(video.get("duration")) or None,
        "caption": caption[:_CAPTION_MAX],
    }


def _count(value: Any) -> int:
    try:
        return max(0, int(value))
    except (TypeError, ValueError):
        return 0


def audience_from_business(data: dict[str, Any]) -> dict[str, dict[str, float]]:
    """The import's audience from the Business API's audience_ages, audience_genders and
    audience_countries. A dimension TikTok gives in part (it lists only the top countries) is left out:
    the import needs each to add up to 1, and a share made up for "the rest" would be a guess."""
    audience: dict[str, dict[str, float]] = {}
    ages = _shares(data.get("audience_ages"), "age", allowed=AGE_BRACKETS)
    genders = _shares(data.get("audience_genders"), "gender", allowed=GENDERS, lower=True)
    countries = _shares(data.get("audience_countries"), "country", country=True)
    for dimension, shares in (("age", ages), ("gender", genders), ("country", countries)):
        if shares and abs(math.fsum(shares.values()) - 1) <= _SHARE_SUM_TOLERANCE:
            audience[dimension] = shares
    return audience


def _shares(
    rows: Any,
    key: str,
    *,
    allowed: tuple[str, ...] = (),
    lower: bool = False,
    country: bool = False,
) -> dict[str, float]:
    shares: dict[str, float] = {}
    for row in rows if isinstance(rows, list) else []:
        if not isinstance(row, dict):
            continue
        bucket = str(row.get(key) or "").strip()
        if lower:
            bucket = bucket.lower()
        if country:
            bucket = _COUNTRY_ALIASES.get(bucket.upper(), bucket.upper())
            if len(bucket) != 2 or not bucket.isalpha():
                continue
        elif bucket not in allowed:
            continue
        try:
            share = float(row["percentage"])
        except (KeyError, TypeError, ValueError):
            continue
        if 0 <= share <= 1:
            shares[bucket] = shares.get(bucket, 0.0) + share
    return shares
