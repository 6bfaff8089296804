"""Recomputing the stored numbers of creators (DESIGN.md section 3) from their raw data."""

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence

from django.db import transaction
from django.utils import timezone

from vetrina.creators.models import Creator, FollowerSnapshot, Video
from vetrina.metrics import compute

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
    "metrics_computed_at",
]


def apply_numbers(
    creator: Creator, videos: Sequence[compute.VideoLike], snapshots: Sequence[compute.SnapshotLike]
) -> None:
    """Set the creator's stored numbers from its videos and snapshots (does not save)."""
    core = compute.core_metrics(videos)
    growth = compute.follower_growth(snapshots)
    creator.reach = compute.reach(snapshots)
    creator.data_date = compute.data_date(snapshots)
    creator.avg_views = core.avg_views
    creator.avg_likes = core.avg_likes
    creator.avg_comments = core.avg_comments
    creator.avg_shares = core.avg_shares
    creator.median_views = core.median_views
    creator.engagement_rate = core.engagement_rate
    creator.engagement_rate_last_15 = compute.engagement_rate_last_15(videos)
    creator.follower_growth_30d = growth.net
    creator.follower_growth_per_day_30d = growth.per_day
    creator.follower_growth_rate_30d = growth.rate
    creator.metrics_computed_at = timezone.now()


@transaction.atomic
def creators_recompute(*, creator_ids: Iterable[int]) -> int:
    """Recompute and store the numbers of the given creators; returns how many were updated."""
    ids = list(creator_ids)
    updated = 0
    for start in range(0, len(ids), CHUNK_SIZE):
        chunk = ids[start : start + CHUNK_SIZE]
        videos = defaultdict(list)
        # Only the latest CORE_WINDOW videos matter to the stored numbers, but a per-creator
        # limit is not portable SQL; a chunk's videos fit in memory comfortably.
        for video in Video.objects.filter(creator_id__in=chunk).only(
            "id", "creator_id", "posted_at", "views", "likes", "comments", "shares"
        ):
            videos[video.creator_id].append(video)
        snapshots = defaultdict(list)
        for snapshot in FollowerSnapshot.objects.filter(creator_id__in=chunk).only(
            "creator_id", "date", "count"
        ):
            snapshots[snapshot.creator_id].append(snapshot)
        creators = list(Creator.objects.filter(pk__in=chunk).only("pk"))
        for creator in creators:
            apply_numbers(creator, videos[creator.pk], snapshots[creator.pk])
        Creator.objects.bulk_update(creators, STORED_FIELDS)
        updated += len(creators)
    return updated


def all_creators_recompute(*, on_progress: Callable[[int], None] | None = None) -> int:
    """Recompute every creator, a chunk per transaction, reporting progress after each."""
    ids = list(Creator.objects.order_by("pk").values_list("pk", flat=True))
    done = 0
    for start in range(0, len(ids), CHUNK_SIZE):
        done += creators_recompute(creator_ids=ids[start : start + CHUNK_SIZE])
        if on_progress:
            on_progress(done)
    return done
