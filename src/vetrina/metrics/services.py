"""Recomputing the stored numbers of creators (DESIGN.md section 3) from their raw data."""

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from vetrina.creators.models import Creator, FollowerSnapshot, Video
from vetrina.metrics import authenticity, compute
from vetrina.metrics.peers import peers_recompute

# Creators recomputed per round trip: big enough to amortise queries, small enough for memory
# (a creator brings up to a few hundred videos and snapshots).
CHUNK_SIZE = 500

STORED_FIELDS = [
    "reach",
    "data_date",
    "avg_views",
    "avg_likes",
    "avg_comments",
    "avg_shares",
    "median_views",
    "engagement_rate",
    "engagement_rate_last_15",
    "follower_growth_30d",
    "follower_growth_per_day_30d",
    "follower_growth_rate_30d",
    "video_count",
    "history_days",
    "views_per_follower",
    "comments_per_like",
    "largest_daily_gain",
    "largest_daily_gain_on",
    "usual_daily_change",
    "largest_gain_video_lift",
    "metrics_computed_at",
]


def stored_numbers(
    videos: Sequence[compute.VideoLike], snapshots: Sequence[compute.SnapshotLike]
) -> dict[str, Any]:
    """The values of STORED_FIELDS for a creator with these videos and snapshots."""
    # It runs for every creator of an import: sort each list once and hand the sorted lists on.
    recent = compute.newest_first(videos)
    ordered = compute.oldest_first(snapshots)
    core = compute.window_core_metrics(recent[: compute.CORE_WINDOW])
    growth = compute.ordered_follower_growth(ordered)
    jump = compute.ordered_follower_jump(ordered)
    latest = ordered[-1] if ordered else None
    reach = latest.count if latest else None
    return {
        "reach": reach,
        "data_date": latest.date if latest else None,
        "avg_views": core.avg_views,
        "avg_likes": core.avg_likes,
        "avg_comments": core.avg_comments,
        "avg_shares": core.avg_shares,
        "median_views": core.median_views,
        "engagement_rate": core.engagement_rate,
        "engagement_rate_last_15": compute.engagement_rate(recent[: compute.TREND_WINDOW]),
        "follower_growth_30d": growth.net,
        "follower_growth_per_day_30d": growth.per_day,
        "follower_growth_rate_30d": growth.rate,
        "video_count": len(recent),
        "history_days": (latest.date - ordered[0].date).days if latest else None,
        "views_per_follower": compute.views_per_follower(core.median_views, reach),
        "comments_per_like": compute.window_comments_per_like(recent[: compute.CORE_WINDOW]),
        "largest_daily_gain": jump.gain,
        "largest_daily_gain_on": jump.on,
        "usual_daily_change": jump.usual_daily_change,
        "largest_gain_video_lift": compute.video_lift_before(
            recent, jump.on, within_days=authenticity.JUMP_FOLLOWS_VIDEO_DAYS
        ),
        "metrics_computed_at": timezone.now(),
    }


_FIELDS = {field.name: field for field in Creator._meta.concrete_fields if field.name in STORED_FIELDS}


@cache
def _update_sql() -> str:
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(str(_FIELDS[name].column))} = %s" for name in STORED_FIELDS)
    return f"UPDATE {quote(Creator._meta.db_table)} SET {assignments} WHERE {quote('id')} = %s"


def _db_value(name: str, value: Any) -> Any:
    return _FIELDS[name].get_db_prep_save(value, connection)


@transaction.atomic
def creators_recompute(*, creator_ids: Iterable[int]) -> int:
    """Recompute and store the numbers of the given creators; returns how many were updated."""
    ids = list(creator_ids)
    updated = 0
    for start in range(0, len(ids), CHUNK_SIZE):
        chunk = ids[start : start + CHUNK_SIZE]
        # Only the latest CORE_WINDOW videos matter to the stored numbers, but a per-creator
        # limit is not portable SQL; a chunk's videos fit in memory comfortably. Named rows, not
        # model instances: there are a hundred rows per creator and only six fields are read.
        videos = defaultdict(list)
        for video in Video.objects.filter(creator_id__in=chunk).values_list(
            "id", "creator_id", "posted_at", "views", "likes", "comments", "shares", named=True
        ):
            videos[video.creator_id].append(video)
        snapshots = defaultdict(list)
        for snapshot in FollowerSnapshot.objects.filter(creator_id__in=chunk).values_list(
            "creator_id", "date", "count", named=True
        ):
            snapshots[snapshot.creator_id].append(snapshot)
        existing = list(Creator.objects.filter(pk__in=chunk).values_list("pk", flat=True))
        rows = []
        for pk in existing:
            numbers = stored_numbers(videos[pk], snapshots[pk])
            rows.append([_db_value(name, numbers[name]) for name in STORED_FIELDS] + [pk])
        # One plain UPDATE per creator, sent as a batch: bulk_update's CASE WHEN over 13 columns
        # costs more to build and to run than the numbers cost to compute.
        with connection.cursor() as cursor:
            cursor.executemany(_update_sql(), rows)
        updated += len(existing)
    return updated


def all_creators_recompute(*, on_progress: Callable[[int], None] | None = None) -> int:
    """Recompute every creator, a chunk per transaction, reporting progress after each; then the numbers
    that depend on peers, in one pass."""
    ids = list(Creator.objects.order_by("pk").values_list("pk", flat=True))
    done = 0
    for start in range(0, len(ids), CHUNK_SIZE):
        done += creators_recompute(creator_ids=ids[start : start + CHUNK_SIZE])
        if on_progress:
            on_progress(done)
    peers_recompute()
    return done
