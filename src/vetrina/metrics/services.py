"""Recomputing the stored numbers of creators (docs/numbers.md) from their raw data, and queueing the
peers' numbers again when staff change who is verified."""

import itertools
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime
from functools import cache, lru_cache, partial
from typing import Any, NamedTuple

from django.db import connection, transaction
from django.db.models import DateField, QuerySet, TextField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from vetrina.accounts.models import Invitation, User
from vetrina.creators.models import Creator, FollowerSnapshot, Video
from vetrina.creators.services import creator_verify_and_invite
from vetrina.lib.bulk_reads import fetched
from vetrina.lib.workers import WorkerPool, in_processes
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
    dates, counts = compute.snapshot_columns(compute.oldest_first(snapshots))
    values = ordered_numbers(compute.newest_first(videos), dates, counts)
    return dict(zip(STORED_FIELDS, [*values, timezone.now()], strict=True))


def ordered_numbers(
    recent: Sequence[compute.VideoLike], dates: Sequence[date], counts: Sequence[int]
) -> list[Any]:
    """The values of STORED_FIELDS but metrics_computed_at (`_COMPARED`), in their order, for a creator's
    videos newest first and its snapshots' dates, oldest first, and counts. A list, not stored_numbers'
    dict, and the snapshots as two columns, not records: a recompute runs it for every creator, and
    reads the columns so (`numbers_rows`)."""
    core = compute.window_core_metrics(recent[: compute.CORE_WINDOW])
    growth = compute.follower_growth_of(dates, counts)
    jump = compute.follower_jump_of(dates, counts)
    reach = counts[-1] if counts else None
    return [
        reach,  # reach
        dates[-1] if dates else None,  # data_date
        core.avg_views,
        core.avg_likes,
        core.avg_comments,
        core.avg_shares,
        core.median_views,
        core.engagement_rate,
        compute.engagement_rate(recent[: compute.TREND_WINDOW]),  # engagement_rate_last_15
        growth.net,  # follower_growth_30d
        growth.per_day,  # follower_growth_per_day_30d
        growth.rate,  # follower_growth_rate_30d
        len(recent),  # video_count
        (dates[-1] - dates[0]).days if dates else None,  # history_days
        compute.views_per_follower(core.median_views, reach),
        compute.window_comments_per_like(recent[: compute.CORE_WINDOW]),  # comments_per_like
        jump.gain,  # largest_daily_gain
        jump.on,  # largest_daily_gain_on
        jump.usual_daily_change,
        compute.video_lift_before(  # largest_gain_video_lift
            recent, jump.on, within_days=authenticity.JUMP_FOLLOWS_VIDEO_DAYS
        ),
    ]


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


# The stored numbers that are dates, which the database takes in its own form (text, on SQLite); the
# others are floats and integers, which go to it as they are.
_DATE_INDEXES = [index for index, name in enumerate(_COMPARED) if name in _DATE_FIELDS]


class _Video(NamedTuple):
    # posted_at, then id, first: a creator's videos sort newest first as plain tuples, compared in C,
    # as compute.newest_first orders them (by posted_at, then id; no two videos share an id).
    posted_at: datetime
    id: int
    views: int
    likes: int
    comments: int
    shares: int


# tuple.__new__ of each video, in C: a named tuple's own constructor and its _make are Python functions,
# and they run for every one of millions of rows.
_new_video = partial(tuple.__new__, _Video)


def _runs(creator_ids: Sequence[int]) -> Iterator[tuple[int, int, int]]:
    """Each creator of rows ordered by creator, with where its rows start and end."""
    start = 0
    # Counter keeps the creators in the order the rows name them first: each creator's rows are together.
    for creator_id, count in Counter(creator_ids).items():
        yield creator_id, start, start + count
        start += count


def _videos_by_creator(
    rows: QuerySet[Any, Any], datetimes: Callable[[Any], Iterator[datetime]]
) -> dict[int, list[_Video]]:
    """Each creator's videos, from a values_list query of the creator's id and then _Video's fields,
    ordered by creator. Column by column, in C: a loop in Python over each of millions of rows costs more
    than the numbers."""
    read = fetched(rows)
    if not read:
        return {}
    creator_ids, posted_at, *rest = zip(*read, strict=True)
    videos = list(map(_new_video, zip(datetimes(posted_at), *rest, strict=True)))
    return {creator_id: videos[start:end] for creator_id, start, end in _runs(creator_ids)}


def _snapshots_by_creator(
    rows: QuerySet[Any, Any], dates: Callable[[Any], Iterator[date]]
) -> dict[int, tuple[list[date], tuple[int, ...]]]:
    """Each creator's snapshots as their dates and their counts, from a values_list query of the
    creator's id, the date and the count, ordered by creator and date. Columns, not records: a creator
    has a snapshot a day, millions in all."""
    rows_read = fetched(rows)
    if not rows_read:
        return {}
    creator_ids, days, counts = zip(*rows_read, strict=True)
    read = list(dates(days))
    return {creator_id: (read[start:end], counts[start:end]) for creator_id, start, end in _runs(creator_ids)}


def _stored(column: str) -> str | Cast:
    """A date column as stored: on SQLite its text, which the driver would otherwise parse with a regular
    expression per row, far slower than `_readers`' fromisoformat."""
    return Cast(column, TextField()) if connection.vendor == "sqlite" else column


def _stored_utc(column: str) -> str | Concat:
    """A datetime column as stored: on SQLite its text, naive UTC ("2026-10-02 18:00:00[.ffffff]"), with
    the offset that makes fromisoformat give it as an aware UTC datetime (in C; datetime.replace with a
    keyword is several times slower)."""
    if connection.vendor == "sqlite":
        return Concat(Cast(column, TextField()), Value("+00:00"), output_field=TextField())
    return column


def _readers() -> tuple[Callable[[Any], Iterator[datetime]], Callable[[Any], Iterator[date]]]:
    """How the columns of `_stored_utc` and `_stored` become aware UTC datetimes and dates."""
    if connection.vendor == "sqlite":
        return _sqlite_datetimes, _sqlite_dates
    # PostgreSQL's driver returns them so already (Django sets the connection's time zone to UTC).
    return iter, iter


def _sqlite_datetimes(texts: Iterable[str]) -> Iterator[datetime]:
    return map(datetime.fromisoformat, texts)


def _sqlite_dates(texts: Iterable[str]) -> Iterator[date]:
    return map(_sqlite_date, texts)


@lru_cache(maxsize=4096)
def _sqlite_date(text: str) -> date:
    return date.fromisoformat(text)  # the few hundred days of the snapshots, each parsed once


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
    STORED_FIELDS, then the id. Reads only."""
    return _numbers_rows({"__in": creator_ids})


def numbers_rows_between(first_pk: int, last_pk: int) -> tuple[int, list[list[Any]]]:
    """numbers_rows of the creators from `first_pk` to `last_pk`: a range, which the database reads from
    its indexes as cheaply as a list of ids and the query takes without hundreds of parameters. Reads
    only, so that other processes can work them out (`all_creators_numbers_recompute`)."""
    return _numbers_rows({"__gte": first_pk, "__lte": last_pk})


def _numbers_rows(creators: dict[str, Any]) -> tuple[int, list[list[Any]]]:
    """numbers_rows of the creators whose id passes these lookups ("__in": ids, ...)."""
    # Only the latest CORE_WINDOW videos matter to most stored numbers, but a per-creator limit is not
    # portable SQL; a chunk's videos fit in memory comfortably. Named tuples made from the cursor's
    # columns, not model instances nor values_list rows: there are a hundred rows per creator, only a
    # few fields are read, and Django's converters would cost more than the numbers. In the order of
    # the indexes the queries read (no sort in the database), which is the order the numbers take them.
    datetimes, dates = _readers()
    of_creators = {f"creator_id{lookup}": value for lookup, value in creators.items()}
    videos = _videos_by_creator(
        Video.objects.filter(**of_creators)
        .order_by("creator_id", "-posted_at", "-id")
        .values_list("creator_id", _stored_utc("posted_at"), "id", "views", "likes", "comments", "shares"),
        datetimes,
    )
    # Each creator's snapshots oldest first, as the database orders them: dates compare as dates on
    # PostgreSQL, and as their ISO text ("2026-10-02"), in the same order, on SQLite.
    snapshots = _snapshots_by_creator(
        FollowerSnapshot.objects.filter(**of_creators)
        .order_by("creator_id", "date")
        .values_list("creator_id", _stored("date"), "count"),
        dates,
    )
    computed_at = _db_value("metrics_computed_at", timezone.now())
    rows = []
    found = 0
    compared = (_stored(name) if name in _DATE_FIELDS else name for name in _COMPARED)
    for pk, *stored in fetched(
        Creator.objects.filter(**{f"pk{lookup}": value for lookup, value in creators.items()}).values_list(
            "pk", *compared
        )
    ):
        found += 1
        recent = videos.get(pk, [])
        # Sorted here whatever order the database gave (in C, and at once when it gave this one), so that
        # the numbers never depend on how it compares what it stores (SQLite's datetimes are text, with
        # or without microseconds).
        recent.sort(reverse=True)
        row = ordered_numbers(recent, *snapshots.get(pk, ([], ())))
        for index in _DATE_INDEXES:
            row[index] = _db_value(_COMPARED[index], row[index])
        # A creator whose numbers are those stored is left as it is (metrics_computed_at included):
        # after an import nearly all are, and on PostgreSQL an UPDATE of the row would enter it again
        # into each of its fifty indexes. Compared as the database gives them back, so that any
        # difference of form is a difference, and written.
        if row != stored:
            rows.append([*row, computed_at, pk])
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
    that depend on peers, in one pass."""
    done = all_creators_numbers_recompute(on_progress=on_progress, workers=workers)
    peers_recompute()
    return done


def all_creators_numbers_recompute(
    *, on_progress: Callable[[int], None] | None = None, workers: int = 1, pool: WorkerPool | None = None
) -> int:
    """Recompute every creator's own numbers, a chunk per transaction, reporting progress after each; the
    numbers that depend on peers are peers_recompute's, after it.

    With workers > 1 (or a pool of them), that many other processes read the chunks and work out their
    numbers (the most of the time, and all of it reads), while this one writes each chunk's as it comes: a
    few times faster on a machine with as many cores. The write lock is held as long per chunk as before."""
    ids = list(Creator.objects.order_by("pk").values_list("pk", flat=True))
    # Chunks by a range of creators: the videos' and the snapshots' indexes start with the creator.
    ranges = [(chunk[0], chunk[-1]) for chunk in itertools.batched(ids, CHUNK_SIZE)]
    done = 0
    for found, rows in in_processes(f"{__name__}:numbers_rows_between", ranges, workers=workers, pool=pool):
        with transaction.atomic():
            _numbers_store(rows)
        done += found
        if on_progress:
            on_progress(done)
    return done


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
