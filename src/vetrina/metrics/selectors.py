"""A creator's numbers for the API and the pages: stored figures plus the trend series, as data (the
words and formatted figures are vetrina.metrics.presentation's)."""

from typing import Any, cast

from vetrina.creators.models import Creator
from vetrina.lib.audience import FIXED_DIMENSIONS
from vetrina.metrics import authenticity, compute
from vetrina.metrics.peers import peer_group_row, typical_for
from vetrina.metrics.tiers import TIER_SLUGS, tier_of


def audience_of(creator: Creator) -> dict[str, dict[str, float] | None]:
    shares: dict[str, dict[str, float] | None] = {
        dimension: creator.audience_shares(dimension) for dimension in FIXED_DIMENSIONS
    }
    countries = {row.country: row.share for row in creator.audience_countries.all()}
    shares["country"] = countries or None
    shares["continent"] = compute.continents(countries) if countries else None
    return shares


type History = tuple[list[compute.VideoLike], list[compute.SnapshotLike]]


def history_of(creator: Creator) -> History:
    """The creator's videos (their numbers, no captions) and follower snapshots: two queries. Rows as
    named tuples, not models: a page reads a hundred of them and builds nothing else from them."""
    videos: list[compute.VideoLike] = list(
        creator.videos.order_by()
        .values_list("id", "posted_at", "views", "likes", "comments", "shares", named=True)
        .iterator()
    )
    # A row's "count" shadows tuple.count, which typing cannot tell from the attribute.
    snapshots = cast(
        "list[compute.SnapshotLike]",
        list(creator.follower_snapshots.order_by().values_list("date", "count", named=True).iterator()),
    )
    return videos, snapshots


def trends_of(creator: Creator, history: History | None = None) -> dict[str, list[dict[str, Any]]]:
    videos, snapshots = history if history is not None else history_of(creator)
    as_of = compute.data_date(snapshots)
    return {
        "followers": [{"date": s.date, "count": s.count} for s in compute.followers_series(snapshots, as_of)],
        "videos": [
            {"id": str(v.id), "posted_at": v.posted_at, "views": v.views}
            for v in compute.videos_series(videos, as_of)
        ],
        "engagement_last_15": [
            {"id": str(v.id), "posted_at": v.posted_at, "rate": rate}
            for v, rate in compute.engagement_series_last_15(videos)
        ],
    }


def percentiles_of(creator: Creator) -> dict[str, float | None]:
    return {
        "avg_views": creator.avg_views_percentile,
        "avg_likes": creator.avg_likes_percentile,
        "avg_comments": creator.avg_comments_percentile,
        "avg_shares": creator.avg_shares_percentile,
        "median_views": creator.median_views_percentile,
        "engagement_rate": creator.engagement_rate_percentile,
        "follower_growth_rate": creator.follower_growth_rate_percentile,
        "active_share": creator.active_share_percentile,
    }


def tier_slug(creator: Creator) -> str | None:
    """The creator's follower tier as the API names it; None without a reach."""
    tier = tier_of(creator.reach)
    return None if tier is None else TIER_SLUGS[tier]


def peer_group_of(creator: Creator) -> dict[str, Any] | None:
    """The group the creator's percentiles and typical values were taken from, as the API gives it:
    {"tier": "100k-1m" or None, "category": "fashion" or None, "size": n}; None when it has none."""
    if creator.peer_group_size is None:
        return None
    tier = creator.peer_group_tier
    return {
        "tier": None if tier is None else TIER_SLUGS[tier],
        "category": creator.peer_group_category or None,
        "size": creator.peer_group_size,
    }


def authenticity_of(creator: Creator) -> dict[str, Any]:
    """The stored score with its signals and what explaining them takes (the creator's facts, its peer
    group's typical values); one query at most. Without a score: why (`unscored`, None when not scored yet).
    `confidence` says how much data the score rests on.

    The score is the stored one, so that a page and search agree; the signals are built from the
    creator's stored facts and its peer group's medians, both written with it.
    """
    score = creator.authenticity_score
    if score is None:
        return {
            "score": None,
            "confidence": None,
            "suspicious": None,
            "signals": [],
            "unscored": creator.authenticity_unscored or None,
            "facts": None,
            "typical": None,
        }
    typical = None
    if creator.peer_group_size:  # a group of no one has nothing typical (metrics.peers)
        typical = typical_for(
            peer_group_row(tier=creator.peer_group_tier, category=creator.peer_group_category)
        )
    facts = authenticity.facts_of(creator)
    return {
        "score": score,
        "confidence": creator.authenticity_confidence,
        "suspicious": authenticity.is_suspicious(score),
        "signals": authenticity.signals(facts, typical),
        "unscored": None,
        "facts": facts,
        "typical": typical,
    }


def creator_numbers(creator: Creator, history: History | None = None) -> dict[str, Any]:
    """The "metrics", "audience", "percentiles", "trends" and "authenticity" parts of a creator's API
    detail (the authenticity part before its explanation); `history` is history_of(creator) when the
    caller has already read it."""
    return {
        "data_date": creator.data_date,
        "metrics": {
            "avg_views": creator.avg_views,
            "avg_likes": creator.avg_likes,
            "avg_comments": creator.avg_comments,
            "avg_shares": creator.avg_shares,
            "median_views": creator.median_views,
            "engagement_rate": creator.engagement_rate,
            "engagement_rate_last_15": creator.engagement_rate_last_15,
            "follower_growth_30d": creator.follower_growth_30d,
            "follower_growth_per_day_30d": creator.follower_growth_per_day_30d,
            "follower_growth_rate_30d": creator.follower_growth_rate_30d,
        },
        "audience": audience_of(creator),
        "tier": tier_slug(creator),
        "percentiles": percentiles_of(creator),
        "peer_group": peer_group_of(creator),
        "trends": trends_of(creator, history),
        "authenticity": authenticity_of(creator),
    }
