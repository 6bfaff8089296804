"""Numbers that depend on a creator's peers: percentiles, the typical values of each peer group, and
the authenticity score held against them (docs/numbers.md).

When any creator changes, every peer's numbers may change, so they are not recomputed creator by
creator: `peers_recompute` does every creator in one pass, after an import, a recompute, or staff
verifying or unverifying a creator (the `peers_refresh` task).

Peer group of a creator with a reach: the verified creators of its follower tier (`tiers`) and first
category, the creator itself left out. With fewer than MIN_PEERS of them it widens to the whole tier,
and with fewer there too, to every verified creator (with a reach: one without has no follower
count, no tier, and so no peers either). A creator without a first category starts at the tier. Unverified creators are no one's peers, but they get their own group, percentiles and score. A
creator without a reach has no tier: no group, no percentile, nothing typical to hold its signals
against.

Percentile of a number: the share (0-100) of the group's creators whose number is lower (strictly),
out of those whose number is defined. The percentile is undefined when the creator's own number is, or
when no one in the group has the number defined.

Typical value of a signal: the median over the verified creators of the group's tier and category
(`PeerGroup`), one figure per group, so every creator of a group is held against the same one (a
verified creator counts in its own group's medians; with at least MIN_PEERS others, one value moves
a median little).
"""

import itertools
import logging
import os
import statistics
import time
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, nullcontext
from functools import cache
from typing import Any, NamedTuple

from django.db import connection, transaction
from django.db.models import Count, Max

from vetrina.creators.models import Creator
from vetrina.lib.bulk_reads import bulk_cursor
from vetrina.lib.workers import WorkerPool, in_processes, worker_pool
from vetrina.metrics import authenticity
from vetrina.metrics.authenticity import Typical
from vetrina.metrics.models import PeerGroup
from vetrina.metrics.tiers import tier_of

logger = logging.getLogger(__name__)

# A peer group smaller than this widens (docs/numbers.md): under 30, one creator moves a percentile by
# more than three points and a median by a lot, so the figures would say more about the few peers than
# about the creator.
MIN_PEERS = 30

# Creator field of a number -> Creator field of its percentile.
PERCENTILES = {
    "avg_views": "avg_views_percentile",
    "avg_likes": "avg_likes_percentile",
    "avg_comments": "avg_comments_percentile",
    "avg_shares": "avg_shares_percentile",
    "median_views": "median_views_percentile",
    "engagement_rate": "engagement_rate_percentile",
    "follower_growth_rate_30d": "follower_growth_rate_percentile",
    "audience_activity_active": "active_share_percentile",
}
# The fields the pass writes on every creator.
WRITTEN_FIELDS = [
    *PERCENTILES.values(),
    "peer_group_tier",
    "peer_group_category",
    "peer_group_size",
    "authenticity_score",
    "authenticity_confidence",
    "authenticity_unscored",
]
# What the written fields hold before any pass (no group, no percentile, no score).
NOT_COMPUTED: dict[str, Any] = {**dict.fromkeys(WRITTEN_FIELDS), "peer_group_category": ""}
# The medians a PeerGroup keeps: what each authenticity signal is held against.
MEDIANS = authenticity.SIGNALS
# Creators read, and written, per round trip.
CHUNK_SIZE = 2_000


class GroupKey(NamedTuple):
    """A peer group: a tier and first category; a whole tier (category ""); everyone (no tier)."""

    tier: int | None
    category: str


EVERYONE = GroupKey(None, "")


def group_keys(tier: int | None, category: str) -> list[GroupKey]:
    """The groups a creator of this tier and first category belongs to, narrowest first."""
    keys = []
    if tier is not None:
        if category:
            keys.append(GroupKey(tier, category))
        keys.append(GroupKey(tier, ""))
    keys.append(EVERYONE)
    return keys


def peer_group_of(
    tier: int | None, category: str, *, verified: bool, members: dict[GroupKey, int]
) -> tuple[GroupKey, int] | None:
    """The creator's peer group and its size (the creator left out): the narrowest with at least
    MIN_PEERS, else everyone; None without a tier. `members` counts each group's verified creators."""
    if tier is None:
        return None
    for key in group_keys(tier, category):
        size = members.get(key, 0) - (1 if verified else 0)
        if size >= MIN_PEERS or key == EVERYONE:
            return key, max(size, 0)
    raise AssertionError("EVERYONE ends every list")


def percentile(value: float | None, peer_values: Sequence[float], *, is_peer: bool) -> float | None:
    """The percentile of `value` among `peer_values` (sorted, the group's defined values); `is_peer`
    says whether `value` is itself among them (a verified creator's), and so not its own peer."""
    if value is None:
        return None
    others = len(peer_values) - (1 if is_peer else 0)
    if others <= 0:
        return None
    return 100 * bisect_left(peer_values, value) / others


def median(values: Sequence[float]) -> float | None:
    return float(statistics.median(values)) if values else None


def typical_for(group: PeerGroup | None) -> Typical | None:
    """The typical values a creator's signals are held against: its peer group's medians; None when it
    has no group."""
    if group is None:
        return None
    return Typical(
        tier=group.tier,
        category=group.category,
        **{name: getattr(group, name) for name in MEDIANS},
    )


def peer_group_row(*, tier: int | None, category: str) -> PeerGroup | None:
    """The stored medians of one peer group (a creator's peer_group_tier and peer_group_category)."""
    return PeerGroup.objects.filter(tier=tier, category=category).first()


def peers_recompute(*, meanwhile: Callable[[], object] | None = None) -> int:
    """Rewrite every peer group's medians and every creator's peer group, percentiles and authenticity
    score; returns how many creators' numbers changed.

    The numbers are read and worked out outside any transaction, and only what changed is written, in
    one transaction with the peer groups (so that a page always shows a score with the typical values
    it was computed against): on SQLite the write lock is held for the writing only, a fraction of the
    pass. Should the creators' numbers change meanwhile (another import), the pass is done again
    inside that transaction, as it was before it was split.

    With PARALLEL_FROM_CREATORS creators or more, a worker process works out the creators' numbers, a
    chunk at a time, and this one writes each chunk's as it comes (`_in_workers`): the writing, the
    longest part, no longer waits for the working out, which keeps ahead of it. (On PostgreSQL, a
    creator another import changes meanwhile may be worked out from its new numbers; that import's own
    pass, at its end, works everyone out again.)

    `meanwhile` runs in this thread while another works the numbers out (`_worked_out_beside`): work
    the database does while this process would wait for it (the end of a first load: its keys on
    PostgreSQL, its indexes and commit on SQLite, or there, when it has the database alone, its indexes
    but those holding these numbers). Should it change any creator's numbers (refuse a
    creator), the pass is done again, as for another import's. With a worker process to help, or more
    than BESIDE_MOST creators, it runs first."""
    before = _numbers_version()
    if meanwhile is not None:
        if before[0] <= BESIDE_MOST and not peers_helpers(before[0]):
            groups, updates = _worked_out_beside(meanwhile)
            return _peers_write(before, groups, iter([updates]))
        meanwhile()
        before = _numbers_version()
    helpers = peers_helpers(before[0])
    with worker_pool(helpers, even_one=True) if helpers else nullcontext() as pool:
        if pool is None:
            groups, updates = _peers_worked_out()
            return _peers_write(before, groups, iter([updates]))
        return _peers_write(before, *_in_workers(before, pool))


def _peers_write(before: tuple[Any, ...], groups: list[PeerGroup], found: Iterator[list[list[Any]]]) -> int:
    """Write the peer groups and the creators' new numbers, as `found` gives them, in one transaction."""
    started = time.perf_counter()
    written = 0
    # No savepoint inside a transaction already open (a first load's): nothing catches an error of the
    # writing to go on without it, and on SQLite a savepoint copies each page the writing changes first.
    with _write_cache(), transaction.atomic(savepoint=False):
        if _numbers_version() != before:
            groups, updates = _peers_worked_out()
            found = iter([updates])
        PeerGroup.objects.all().delete()
        PeerGroup.objects.bulk_create(groups)
        with connection.cursor() as cursor:
            for updates in found:
                _updates_write(cursor, updates)
                written += len(updates)
    logger.debug(
        "Wrote the peers' numbers of %d creators in one transaction of %.3f s.",
        written,
        time.perf_counter() - started,
    )
    return written


# SQLite's page cache while the pass writes. Each creator's new score goes into the search's indexes
# that hold it (four, two of them wide), at places all over them: with SQLite's default cache (2 MB),
# pages are written out and read back again and again; at 100,000 creators the writing took 60 % longer.
WRITE_CACHE_KIB = 256 * 1024


@contextmanager
def _write_cache() -> Iterator[None]:
    """On SQLite, a page cache of at least WRITE_CACHE_KIB on this connection, put back as it was after."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (cache_size,) = cursor.fetchone()
        cursor.execute("PRAGMA page_size")
        (page_size,) = cursor.fetchone()
    # Negative: in KiB; positive: in pages.
    if (-cache_size if cache_size < 0 else cache_size * page_size // 1024) >= WRITE_CACHE_KIB:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA cache_size = -{WRITE_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(cache_size)}")


def peers_written_columns() -> list[str]:
    """The database columns of WRITTEN_FIELDS: what the pass writes on every creator."""
    columns = {field.name: field.column for field in Creator._meta.concrete_fields}
    return [str(columns[name]) for name in WRITTEN_FIELDS]


def _numbers_version() -> tuple[Any, ...]:
    """What changes whenever a creator's numbers do: a creator added or removed, its row updated (an
    import sets updated_at) or its numbers recomputed (metrics_computed_at)."""
    return tuple(
        Creator.objects.aggregate(
            count=Count("pk"), updated=Max("updated_at"), computed=Max("metrics_computed_at")
        ).values()
    )


# Below this many creators never judged (an import's new ones), starting a process to work out their
# numbers while this one writes them costs more than it saves.
PARALLEL_FROM_CREATORS = 50_000


def peers_helpers(creators: int) -> int:
    """How many other processes should work out the numbers of `creators` creators while this one writes
    them: one when PARALLEL_FROM_CREATORS of them or more were never judged, a row each to write (two
    processes keep two cores busy, and the writing, one process's, takes longest); none otherwise: the
    pass after a recompute writes few rows, and waiting for another process's numbers would save
    nothing. None on one core, or inside a transaction (the tests', a first load's) whose rows no
    other process can see."""
    if creators < max(PARALLEL_FROM_CREATORS, 1) or connection.in_atomic_block or (os.cpu_count() or 1) < 2:
        return 0
    never_judged = Creator.objects.filter(authenticity_confidence=None, authenticity_unscored=None)
    return 1 if never_judged.count() >= PARALLEL_FROM_CREATORS else 0


class Peers(NamedTuple):
    """What each creator is held against: the verified creators' numbers, sorted, by peer group (by
    PERCENTILES' fields, in their order: None where no one has the number); each group's number of
    verified creators; and each group's PeerGroup with the medians of its signals."""

    sorted_values: dict[GroupKey, list[list[float]]]
    members: dict[GroupKey, int]
    groups: dict[GroupKey, PeerGroup]


def _peers_worked_out() -> tuple[list[PeerGroup], list[list[Any]]]:
    """The peer groups, and the new numbers of each creator whose numbers change: [*WRITTEN_FIELDS, pk];
    all worked out in this process."""
    peers = _peer_values()
    return list(peers.groups.values()), creators_worked_out(_id_ranges(), peers)


# The most creators whose rows `_worked_out_beside` holds at once: about 1 KB each (at 100,000 creators
# a first import's peak memory went from 287 to 384 MB on PostgreSQL, from 544 to 690 MB on SQLite).
# With more, `meanwhile` runs first, and the numbers are worked out after it, as usual.
BESIDE_MOST = 200_000


def _worked_out_beside(meanwhile: Callable[[], object]) -> tuple[list[PeerGroup], list[list[Any]]]:
    """What `_peers_worked_out` gives, worked out in another thread while `meanwhile` runs in this one.

    The rows are read first, all of them (this connection is `meanwhile`'s then: see BESIDE_MOST). The
    working out is Python's, 2.5 s at 100,000 creators, and `meanwhile`'s statements leave Python's lock
    to it while the database runs them."""
    peer_rows = list(_peer_rows())
    creator_rows = list(_creator_rows(_id_ranges()))

    def worked_out() -> tuple[list[PeerGroup], list[list[Any]]]:
        peers = _peer_values(peer_rows)
        return list(peers.groups.values()), _worked_out(creator_rows, peers)

    with ThreadPoolExecutor(1, thread_name_prefix="peers") as thread:
        found = thread.submit(worked_out)
        meanwhile()
        return found.result()


def _id_ranges() -> list[tuple[int, int]]:
    """The creators' ids, CHUNK_SIZE at a time: the first and last of each chunk."""
    ids = list(Creator.objects.order_by("pk").values_list("pk", flat=True))
    return [(chunk[0], chunk[-1]) for chunk in itertools.batched(ids, CHUNK_SIZE)]


def _in_workers(
    before: tuple[Any, ...], pool: WorkerPool
) -> tuple[list[PeerGroup], Iterator[list[list[Any]]]]:
    """The peer groups, and the new numbers of the creators of each chunk as the pool's process works
    them out, in order.

    The process is started first, and sets Django up while this one works the groups out; they are
    handed to it with the first chunk and kept there for the others (`creators_worked_out_in_worker`).
    At 100,000 creators, sending them costs 0.3 s, working them out again 1.1 s."""
    in_processes("os:getpid", [()], pool=pool, all_at_once=True)
    ranges = _id_ranges()
    peers = _peer_values()
    found = in_processes(
        f"{__name__}:creators_worked_out_in_worker",
        [(before, [each], peers if index == 0 else None) for index, each in enumerate(ranges)],
        pool=pool,
    )
    return list(peers.groups.values()), found


# A worker process's peers, kept for the chunks after the first, by the version of the numbers they
# were worked out from (`_numbers_version`).
_worker_peers: dict[tuple[Any, ...], Peers] = {}


def creators_worked_out_in_worker(
    version: tuple[Any, ...], ranges: list[tuple[int, int]], peers: Peers | None
) -> list[list[Any]]:
    """In a worker process: the new numbers of the creators of these ranges whose numbers change
    (`creators_worked_out`), against `peers`, or the peers this process was handed for this version of
    the numbers (worked out here should it not have been)."""
    if peers is not None:
        _worker_peers.clear()
        _worker_peers[version] = peers
    elif (peers := _worker_peers.get(version)) is None:
        _worker_peers.clear()
        peers = _worker_peers[version] = _peer_values()
    return creators_worked_out(ranges, peers)


# What creators_worked_out reads of each creator, in this order.
_FACTS_READ = [
    "video_count",
    "history_days",
    "audience_activity_active",
    "engagement_rate",
    "views_per_follower",
    "comments_per_like",
    "largest_daily_gain",
    "usual_daily_change",
    "largest_gain_video_lift",
]
_READ = ["pk", "verified", "reach", "primary_category", *PERCENTILES, *_FACTS_READ, *WRITTEN_FIELDS]
_NO_GROUP = [None] * len(PERCENTILES) + [None, "", None]


def creators_worked_out(ranges: list[tuple[int, int]], peers: Peers) -> list[list[Any]]:
    """The new numbers of each creator of these ranges of ids whose numbers change: [*WRITTEN_FIELDS, pk]."""
    return _worked_out(_creator_rows(ranges), peers)


def _creator_rows(ranges: list[tuple[int, int]]) -> Iterator[list[tuple[Any, ...]]]:
    """The columns of _READ of the creators of each range of ids, a list of rows per range."""
    sql = _select_sql()
    with bulk_cursor() as cursor:
        for first, last in ranges:
            cursor.execute(sql, [first, last])
            yield cursor.fetchall()


def _worked_out(chunks: Iterable[list[tuple[Any, ...]]], peers: Peers) -> list[list[Any]]:
    """The new numbers of each creator of these rows (`_creator_rows`) whose numbers change.

    This loop runs for every creator: the columns are read as plain tuples, each creator's group (and
    what goes with it) is looked up once per tier, category and verified, and the score is judged from
    the columns (`authenticity.judged_columns`, the same figures as `judge`). No query: it may run in
    another thread than the connection's (`_worked_out_beside`)."""
    sorted_values, members, groups = peers
    typicals = {key: typical_for(group) for key, group in groups.items()}
    placed: dict[tuple[int | None, str, bool], Any] = {}
    fields = len(PERCENTILES)
    facts_at = len(_READ) - len(WRITTEN_FIELDS) - len(_FACTS_READ)
    written_at = len(_READ) - len(WRITTEN_FIELDS)
    judged_columns = authenticity.judged_columns
    updates = []
    for rows in chunks:
        for row in rows:
            pk, verified, reach, category = row[:4]
            place = (tier_of(reach), category, bool(verified))
            where = placed.get(place)
            if where is None:
                where = placed[place] = _placing(*place, members, sorted_values, typicals)
            head, ranked, typical = where
            if ranked is None:
                new = list(head)
            else:
                new = [
                    None if value is None or others <= 0 else 100 * bisect_left(values, value) / others
                    for value, (values, others) in zip(row[4 : 4 + fields], ranked, strict=True)
                ]
                new += head
            new += judged_columns(*row[facts_at:written_at], typical=typical)
            if new != list(row[written_at:]):
                new.append(pk)
                updates.append(new)
    return updates


def _placing(
    tier: int | None,
    category: str,
    verified: bool,
    members: dict[GroupKey, int],
    sorted_values: dict[GroupKey, list[list[float]]],
    typicals: dict[GroupKey, Typical | None],
) -> tuple[list[Any], list[tuple[list[float], int]] | None, Typical | None]:
    """What every creator of this tier, category and verified shares: the group columns it is written
    ([peer_group_tier, peer_group_category, peer_group_size], or every written column but the score's
    when it has no group), each field's sorted peer values with how many of them are others (`percentile`),
    and the typical values its signals are held against."""
    found = peer_group_of(tier, category, verified=verified, members=members)
    if found is None:
        return _NO_GROUP, None, None
    key, size = found
    ranked = [
        (values, len(values) - (1 if verified else 0))
        for values in sorted_values.get(key) or [[] for _field in PERCENTILES]
    ]
    # A group of no one has nothing typical, though its row holds the creator's own values.
    return [key.tier, key.category, size], ranked, typicals.get(key) if size else None


@cache
def _select_sql() -> str:
    """The columns of _READ of the creators of a range of ids."""
    query = Creator.objects.filter(pk__gte=0, pk__lte=0).order_by().values_list(*_READ).query
    sql, _params = query.get_compiler(connection=connection).as_sql()
    return sql


def _peer_rows() -> Iterator[list[tuple[Any, ...]]]:
    """The verified creators' numbers `_peer_values` reads, CHUNK_SIZE rows at a time."""
    read = [
        "reach",
        "primary_category",
        *PERCENTILES,
        "views_per_follower",
        "comments_per_like",
        "largest_daily_gain",
        "usual_daily_change",
    ]
    query = Creator.objects.filter(verified=True, reach__isnull=False).order_by().values_list(*read).query
    sql, params = query.get_compiler(connection=connection).as_sql()
    with bulk_cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(CHUNK_SIZE):
            yield rows


def _peer_values(chunks: Iterable[list[tuple[Any, ...]]] | None = None) -> Peers:
    """The verified creators' numbers, sorted, by peer group; each group's number of verified creators;
    and each group's PeerGroup with the medians of its signals: from `chunks` of `_peer_rows`, read here
    when not given.

    The rows are gathered by tier and category first and each group's columns then taken whole (in C,
    by zip), rather than each creator's numbers appended one by one to each of its three groups."""
    rows_at: defaultdict[tuple[int | None, str], list[tuple[Any, ...]]] = defaultdict(list)
    for rows in _peer_rows() if chunks is None else chunks:
        for row in rows:
            rows_at[tier_of(row[0]), row[1]].append(row)
    fields = len(PERCENTILES)
    # Each group's numbers, sorted: PERCENTILES' fields, then the views per follower, the comments per
    # like and the follower spike. A tier's are its categories' (and its creators' without one) sorted
    # together, everyone's the tiers': already sorted runs, which sorted() merges rather than sorts.
    own = {place: _numbers_sorted(rows, fields) for place, rows in rows_at.items()}
    places_of: defaultdict[int | None, list[tuple[int | None, str]]] = defaultdict(list)
    for place in own:
        places_of[place[0]].append(place)
    numbers: dict[GroupKey, list[list[float]]] = {}
    members: dict[GroupKey, int] = {}
    for (tier, category), rows in rows_at.items():
        if category:
            numbers[GroupKey(tier, category)] = own[tier, category]
            members[GroupKey(tier, category)] = len(rows)
    for tier, places in places_of.items():
        numbers[GroupKey(tier, "")] = _merged([own[place] for place in places])
        members[GroupKey(tier, "")] = sum(len(rows_at[place]) for place in places)
    if places_of:
        numbers[EVERYONE] = _merged([numbers[GroupKey(tier, "")] for tier in places_of])
        members[EVERYONE] = sum(len(rows) for rows in rows_at.values())
    active_at, engagement_at = (
        list(PERCENTILES).index(name) for name in ("audience_activity_active", "engagement_rate")
    )
    sorted_values = {}
    groups = {}
    # In a fixed order: the whole tiers and everyone's after the tiers' categories.
    for key in sorted(
        numbers, key=lambda key: (key.tier is None, key.tier or 0, key.category == "", key.category)
    ):
        ranked = numbers[key]
        sorted_values[key] = ranked[:fields]
        # The signals' values, as Facts has them (MEDIANS' names).
        signal_values = {
            "active_share": ranked[active_at],
            "engagement_rate": ranked[engagement_at],
            "views_per_follower": ranked[fields],
            "comments_per_like": ranked[fields + 1],
            "follower_spike": ranked[fields + 2],
        }
        groups[key] = PeerGroup(
            tier=key.tier,
            category=key.category,
            creators=members[key],
            **{name: median(signal_values[name]) for name in MEDIANS},
        )
    return Peers(sorted_values, members, groups)


def _merged(parts: list[list[list[float]]]) -> list[list[float]]:
    """Each list of several groups' sorted numbers, sorted together."""
    return [sorted(itertools.chain.from_iterable(lists)) for lists in zip(*parts, strict=True)]


def _numbers_sorted(rows: list[tuple[Any, ...]], fields: int) -> list[list[float]]:
    """The numbers of these rows of `_peer_values` that are defined, each sorted: PERCENTILES' fields,
    then the views per follower, the comments per like and the follower spike."""
    columns = list(zip(*rows, strict=True))
    views_per_follower, comments_per_like, gains, usuals = columns[2 + fields :]
    return [
        *(sorted([value for value in column if value is not None]) for column in columns[2 : 2 + fields]),
        sorted([value for value in views_per_follower if value is not None]),
        sorted([value for value in comments_per_like if value is not None]),
        sorted(
            [
                authenticity.follower_spike(gain, usual)
                for gain, usual in zip(gains, usuals, strict=True)
                if gain is not None and usual is not None
            ]
        ),
    ]


def _updates_write(cursor: Any, updates: Sequence[Sequence[Any]]) -> None:
    """Write creators' new numbers ([*WRITTEN_FIELDS, pk] each).

    SQLite: plain UPDATEs in batches, as creators_recompute writes (cheaper than bulk_update's CASE
    WHENs). PostgreSQL: the rows copied (COPY) into a temporary table, then one UPDATE ... FROM it,
    which the server runs as one statement, a join. A batch of UPDATEs is planned and run one by one
    (at 20,000 creators, twice the server's CPU), and an UPDATE ... FROM (VALUES ...) of 2,000 rows
    cost this process 150 ms to write out its 30,000 values as SQL text (COPY: 10 ms), and the server
    as long to read them: at 100,000 creators the pass's writing in a first import went from 13.0 s
    to 3.3 s."""
    if connection.vendor != "postgresql":
        for chunk in itertools.batched(updates, CHUNK_SIZE):
            cursor.executemany(_update_sql(), chunk)
        return
    if not updates:
        return
    table, columns, update = _copied_update_sql()
    # Dropped with the transaction the pass writes in (or the outer one it is part of: IF NOT EXISTS).
    cursor.execute(
        f"CREATE TEMPORARY TABLE IF NOT EXISTS {table} ON COMMIT DROP AS SELECT {columns} "
        f"FROM {connection.ops.quote_name(Creator._meta.db_table)} WITH NO DATA"
    )
    with connection.wrap_database_errors, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in updates:
            copy.write_row(row)
    cursor.execute(update)
    cursor.execute(f"TRUNCATE {table}")


@cache
def _update_sql() -> str:
    quote = connection.ops.quote_name
    columns = {field.name: field.column for field in Creator._meta.concrete_fields}
    assignments = ", ".join(f"{quote(str(columns[name]))} = %s" for name in WRITTEN_FIELDS)
    return f"UPDATE {quote(Creator._meta.db_table)} SET {assignments} WHERE {quote('id')} = %s"


@cache
def _copied_update_sql() -> tuple[str, str, str]:
    """The temporary table the new numbers are copied into, its columns (WRITTEN_FIELDS' and the id), and
    the UPDATE of the creators from it."""
    quote = connection.ops.quote_name
    concrete = {field.name: field for field in Creator._meta.concrete_fields}
    names = [quote(str(concrete[name].column)) for name in [*WRITTEN_FIELDS, "id"]]
    table = quote("vetrina_peers_written")
    assignments = ", ".join(f"{name} = v.{name}" for name in names[:-1])
    update = (
        f"UPDATE {quote(Creator._meta.db_table)} AS c SET {assignments} FROM {table} AS v "
        f"WHERE c.{names[-1]} = v.{names[-1]}"
    )
    return table, ", ".join(names), update
