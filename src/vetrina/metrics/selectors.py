"""A creator's numbers for the API and the pages: stored figures plus the trend series, as data (the
words and formatted figures are vetrina.metrics.presentation's)."""

from typing import Any, cast

from vetrina.creators.models import Creator
from vetrina.lib.audience import FIXED_DIMENSIONS
from vetrina.metrics import authenticity, compute
from vetrina.metrics.models import PeerGroup
from vetrina.metrics.peers import typical_for
from vetrina.metrics.tiers import tier_of


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


def authenticity_of(creator: Creator) -> dict[str, Any]:
    """The stored score with its signals and what explaining them takes (the creator's facts, its tier's
    typical values); one query at most. Without a score: why (`unscored`, None when not scored yet).

    The score is the stored one, so that a page and search agree; the signals are built from the
    creator's stored facts and its tier's medians, both written with it.
    """
    score = creator.authenticity_score
    if score is None:
        return {
            "score": None,
            "suspicious": None,
            "signals": [],
            "unscored": creator.authenticity_unscored or None,
            "facts": None,
            "typical": None,
        }
    tier = tier_of(creator.reach)
    typical = None
    if tier is not None:
        typical = typical_for(PeerGroup.objects.filter(tier=tier).first())
    facts = authenticity.facts_of(creator)
    return {
        "score": score,
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
        "percentiles": percentiles_of(creator),
        "trends": trends_of(creator, history),
        "authenticity": authenticity_of(creator),
    }
