"""Recomputing the stored numbers of creators (docs/numbers.md) from their raw data, and queueing the
peers' numbers again when staff change who is verified."""

import itertools
import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, date, datetime
from functools import cache, lru_cache, partial
from typing import Any, NamedTuple

from django.db import connection, transaction
from django.db.models import DateField, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from vetrina.accounts.models import Invitation, User
from vetrina.creators.models import Creator, FollowerSnapshot, Video
from vetrina.creators.services import creator_verify_and_invite
from vetrina.lib.workers import in_processes
from vetrina.metrics import authenticity, compute
from vetrina.metrics.peers import peers_recompute
from vetrina.metrics.tasks import peers_refresh

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
# The stored numbers a recompute compares with its own: all but when they were computed, which is last.
_COMPARED = STORED_FIELDS[:-1]
_DATE_FIELDS = {name for name in _COMPARED if isinstance(_FIELDS[name], DateField)}


@cache
def _update_sql() -> str:
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(str(_FIELDS[name].column))} = %s" for name in STORED_FIELDS)
    return f"UPDATE {quote(Creator._meta.db_table)} SET {assignments} WHERE {quote('id')} = %s"


def _db_value(name: str, value: Any) -> Any:
    return _FIELDS[name].get_db_prep_save(value, connection)


class _Video(NamedTuple):
    id: int
    posted_at: datetime
    views: int
    likes: int
    comments: int
    shares: int


class _Snapshot(NamedTuple):
    date: date
    count: int  # type: ignore[assignment]  # shadows tuple.count, as the model's field does


# tuple.__new__ of each record, in C: a named tuple's own constructor and its _make are Python functions,
# and they run for every one of millions of rows.
_new_video = partial(tuple.__new__, _Video)
_new_snapshot = partial(tuple.__new__, _Snapshot)


def _raw_rows(rows: QuerySet[Any, Any]) -> Iterator[tuple[Any, ...]]:
    """The rows of a values_list query as the database driver returns them, without Django's converters."""
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while fetched := cursor.fetchmany(10_000):
            yield from fetched


def _stored(column: str) -> str | Cast:
    """A date or datetime column as stored: on SQLite its text, which the driver would otherwise parse
    with a regular expression per row, far slower than `_readers`' fromisoformat."""
    return Cast(column, TextField()) if connection.vendor == "sqlite" else column


def _readers() -> tuple[Callable[[Any], datetime], Callable[[Any], date]]:
    """How a datetime and a date column's raw values become an aware UTC datetime and a date."""
    if connection.vendor == "sqlite":
        return _sqlite_datetime, _sqlite_date
    # PostgreSQL's driver returns them so already (Django sets the connection's time zone to UTC).
    return _same, _same


def _sqlite_datetime(text: str) -> datetime:
    # Django keeps SQLite datetimes as naive UTC text, "2026-10-02 18:00:00[.ffffff]".
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@lru_cache(maxsize=4096)
def _sqlite_date(text: str) -> date:
    return date.fromisoformat(text)  # the few hundred days of the snapshots, each parsed once


def _same[T](value: T) -> T:
    return value


@transaction.atomic
def creators_recompute(*, creator_ids: Iterable[int]) -> int:
    """Recompute the numbers of the given creators and store those that changed; returns how many
    creators were recomputed."""
    recomputed = 0
    for chunk in itertools.batched(creator_ids, CHUNK_SIZE):
        found, rows = numbers_rows(list(chunk))
        _numbers_store(rows)
        recomputed += found
    return recomputed


def numbers_rows(creator_ids: list[int]) -> tuple[int, list[list[Any]]]:
    """How many of these creators exist, and the stored numbers of those whose numbers change, worked
    out from their videos and snapshots, as the UPDATE of `_numbers_store` takes them: the values of
    STORED_FIELDS, then the id. Reads only, so that other processes can work them out
    (`all_creators_recompute`)."""
    # Only the latest CORE_WINDOW videos matter to the stored numbers, but a per-creator
    # limit is not portable SQL; a chunk's videos fit in memory comfortably. Named tuples read
    # straight from the cursor, not model instances nor values_list rows: there are a hundred rows
    # per creator, only a few fields are read, and Django's converters would cost more than
    # the numbers.
    as_datetime, as_date = _readers()
    videos: defaultdict[int, list[_Video]] = defaultdict(list)
    for video_id, creator_id, posted_at, views, likes, comments, shares in _raw_rows(
        # No ORDER BY: stored_numbers sorts each creator's videos itself.
        Video.objects.filter(creator_id__in=creator_ids)
        .order_by()
        .values_list("id", "creator_id", _stored("posted_at"), "views", "likes", "comments", "shares")
    ):
        videos[creator_id].append(
            _new_video((video_id, as_datetime(posted_at), views, likes, comments, shares))
        )
    snapshots: defaultdict[int, list[_Snapshot]] = defaultdict(list)
    for creator_id, day, count in _raw_rows(
        FollowerSnapshot.objects.filter(creator_id__in=creator_ids)
        .order_by()
        .values_list("creator_id", _stored("date"), "count")
    ):
        snapshots[creator_id].append(_new_snapshot((as_date(day), count)))
    rows = []
    found = 0
    compared = (_stored(name) if name in _DATE_FIELDS else name for name in _COMPARED)
    for pk, *stored in _raw_rows(Creator.objects.filter(pk__in=creator_ids).values_list("pk", *compared)):
        found += 1
        numbers = stored_numbers(videos[pk], snapshots[pk])
        row = [_db_value(name, numbers[name]) for name in STORED_FIELDS]
        # A creator whose numbers are those stored is left as it is (metrics_computed_at included):
        # after an import nearly all are, and on PostgreSQL an UPDATE of the row would enter it again
        # into each of its fifty indexes. Compared as the database gives them back, so that any
        # difference of form is a difference, and written.
        if row[: len(_COMPARED)] != stored:
            rows.append([*row, pk])
    return found, rows


def _numbers_store(rows: list[list[Any]]) -> int:
    # One plain UPDATE per creator, sent as a batch: bulk_update's CASE WHEN over 13 columns
    # costs more to build and to run than the numbers cost to compute.
    with connection.cursor() as cursor:
        cursor.executemany(_update_sql(), rows)
    return len(rows)


# Below this many creators, starting processes to work out their numbers costs more than it saves.
PARALLEL_FROM_CREATORS = 2_000


def recompute_workers(creators: int) -> int:
    """How many processes should work out the numbers of `creators` creators (`all_creators_recompute`)."""
    if creators < PARALLEL_FROM_CREATORS:
        return 1
    return max(1, min(os.cpu_count() or 1, 4))


def all_creators_recompute(*, on_progress: Callable[[int], None] | None = None, workers: int = 1) -> int:
    """Recompute every creator, a chunk per transaction, reporting progress after each; then the numbers
    that depend on peers, in one pass.

    With workers > 1, that many other processes read the chunks and work out their numbers (the most of
    the time, and all of it reads), while this one writes each chunk's as it comes: a few times faster
    on a machine with as many cores. The write lock is held as long per chunk as before."""
    ids = list(Creator.objects.order_by("pk").values_list("pk", flat=True))
    chunks = [list(chunk) for chunk in itertools.batched(ids, CHUNK_SIZE)]
    done = 0
    for found, rows in _chunks_numbers(chunks, workers=workers):
        with transaction.atomic():
            _numbers_store(rows)
        done += found
        if on_progress:
            on_progress(done)
    peers_recompute()
    return done


def _chunks_numbers(chunks: list[list[int]], *, workers: int) -> Iterator[tuple[int, list[list[Any]]]]:
    """numbers_rows of each chunk, in order; with workers > 1, worked out by that many processes."""
    yield from in_processes(f"{__name__}:numbers_rows", [(chunk,) for chunk in chunks], workers=workers)


def peers_refresh_queue() -> None:
    """Queue every creator's peer numbers to be recomputed by the worker once the transaction commits: a
    creator verified or unverified joins or leaves the peer groups of others. A job, not a recompute in
    the request: the pass reads every creator."""
    transaction.on_commit(peers_refresh.enqueue, robust=True)


@transaction.atomic
def creator_verify(*, creator: Creator, invited_by: User) -> Invitation | None:
    """Staff verifying a creator (creators.services.creator_verify_and_invite), then its peers' numbers
    queued again."""
    invitation = creator_verify_and_invite(creator=creator, invited_by=invited_by)
    peers_refresh_queue()
    return invitation
