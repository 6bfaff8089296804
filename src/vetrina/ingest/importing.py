"""Importing creators from the JSON Lines format of DESIGN.md section 4 (`vetrina import`, `vetrina seed`).

Import rules: upsert by handle and by video id; a line adds or updates videos and follower snapshots
and never deletes those it leaves out; the audience dimensions it gives replace the stored ones;
`verified` is read only for a new creator; each creator is stored whole or not at all.

Lines are read in batches of a few hundred, each stored under one savepoint with one recompute of the
numbers, and committed together every few thousand lines; inside a batch each creator has its own
savepoint, so a creator the database refuses leaves nothing behind and costs no other line. A batch never holds two lines that touch the
same creator or the same video, so what was read at the start of a batch stays true through it.
"""

import enum
import itertools
import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from django.db import DataError, IntegrityError, connection, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from vetrina.creators.models import AudienceCountry, Creator, FollowerSnapshot, Video
from vetrina.ingest.columns import CREATOR_FIELDS, CREATOR_ROW_FIELDS, VIDEO_FIELDS, creator_values
from vetrina.ingest.parsing import BadLine, CreatorRecord, VideoRecord, parse_line
from vetrina.ingest.preparing import Prepared, Rejected, prepared_lines
from vetrina.metrics.peers import peers_recompute
from vetrina.metrics.services import creators_recompute

# Lines per batch: the same size as a recompute chunk, so each batch recomputes in one round.
BATCH_SIZE = 500
# Lines per transaction: several batches (see _Transactions).
TRANSACTION_LINES = 5_000


@dataclass(frozen=True)
class LineError:
    line: int
    handle: str | None
    reason: str

    def __str__(self) -> str:
        if self.handle:
            return _("line %(line)d (@%(handle)s): %(reason)s") % self.__dict__
        return _("line %(line)d: %(reason)s") % self.__dict__


@dataclass
class ImportReport:
    lines_read: int = 0  # every line, blank ones included: line numbers and progress count them too
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[LineError] = field(default_factory=list)

    @property
    def bad(self) -> int:
        return len(self.errors)


class _Outcome(enum.Enum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


# Below this many lines, starting worker processes costs more than it saves.
PARALLEL_FROM_LINES = 2_000


def import_workers(lines: int | None) -> int:
    """How many processes should read `lines` lines (None: unknown, e.g. from stdin)."""
    if lines is None or lines < PARALLEL_FROM_LINES:
        return 1
    return max(1, min(os.cpu_count() or 1, 4))


def creators_import(
    *, lines: Iterable[str], on_progress: Callable[[int], None] | None = None, workers: int = 1
) -> ImportReport:
    """Import creators, one JSON object per line; bad lines are reported and the good ones still land.

    `on_progress` is called with the number of lines read so far, after each batch is stored.
    `workers` > 1 reads the lines in that many other processes (see `preparing`); worth it for
    thousands of lines, not for a few.
    """
    with _bulk_load(), _Transactions(lines=TRANSACTION_LINES) as transactions:
        report = _lines_import(lines, on_progress=on_progress, workers=workers, transactions=transactions)
    peers_recompute()  # percentiles and scores depend on every peer: once per import, not per batch
    return report


def _lines_import(
    lines: Iterable[str],
    *,
    on_progress: Callable[[int], None] | None,
    workers: int,
    transactions: "_Transactions",
) -> ImportReport:
    report = ImportReport()
    batch = _Batch()
    reported = 0

    def store(batch: _Batch) -> None:
        _batch_import(batch, report)
        transactions.stored(len(batch.lines))

    def report_progress() -> None:
        nonlocal reported
        if on_progress and report.lines_read != reported:
            on_progress(report.lines_read)
            reported = report.lines_read

    for text, outcome in prepared_lines(lines, vendor=connection.vendor, workers=workers):
        report.lines_read += 1
        if outcome is None:
            continue
        if isinstance(outcome, Rejected):
            report.errors.append(LineError(line=outcome.number, handle=outcome.handle, reason=outcome.reason))
            continue
        if batch.touches(outcome):
            # The earlier line must be stored before this one is compared with the database.
            store(batch)
            batch = _Batch()
        batch.add(text, outcome)
        if len(batch.lines) >= BATCH_SIZE:
            store(batch)
            batch = _Batch()
            report_progress()
    store(batch)
    report_progress()
    # Parse errors are noted as lines are read, storage errors when their batch is stored.
    report.errors.sort(key=lambda error: error.line)
    return report


class _Transactions:
    """Batches stored in one transaction until `lines` lines are, then committed together.

    A commit makes SQLite write every page the transaction changed, and a first import changes pages
    of the video-id index all over it: committing every few thousand lines rather than every batch
    writes those pages ten times less often. A batch is still all-or-nothing per creator (its
    savepoints); an error that stops the import rolls back the lines stored since the last commit.
    """

    def __init__(self, *, lines: int) -> None:
        self.lines = lines
        self.pending = 0
        self.atomic: transaction.Atomic | None = None

    def __enter__(self) -> "_Transactions":
        self._begin()
        return self

    def __exit__(self, *error: Any) -> None:
        assert self.atomic is not None
        atomic, self.atomic = self.atomic, None
        atomic.__exit__(*error)

    def _begin(self) -> None:
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        self.pending = 0

    def stored(self, lines: int) -> None:
        self.pending += lines
        if self.pending >= self.lines:
            self.__exit__(None, None, None)
            self._begin()


# SQLite settings while an import runs. The page cache holds the indexes a first import inserts into
# all over (video ids: about 80 MB at 100,000 creators) instead of reading them back from the file at
# every insert, and a longer write-ahead log spares checkpoints that copy the same pages over and over.
BULK_CACHE_KIB = 256 * 1024
BULK_WAL_PAGES = 50_000  # 200 MB of 4 KiB pages between checkpoints (SQLite's default: 1,000)


@contextmanager
def _bulk_load() -> Iterator[None]:
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (cache_size,) = cursor.fetchone()
        cursor.execute("PRAGMA wal_autocheckpoint")
        (wal_pages,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
        cursor.execute(f"PRAGMA wal_autocheckpoint = {BULK_WAL_PAGES}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(cache_size)}")
            cursor.execute(f"PRAGMA wal_autocheckpoint = {int(wal_pages)}")
            if not connection.in_atomic_block:
                # Fold the log into the database now and give its disk space back.
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


@dataclass
class _Batch:
    lines: list[tuple[str, Prepared]] = field(default_factory=list)
    handles: set[str] = field(default_factory=set)
    video_ids: set[int] = field(default_factory=set)

    def touches(self, line: Prepared) -> bool:
        return line.handle in self.handles or not self.video_ids.isdisjoint(line.video_ids)

    def add(self, text: str, line: Prepared) -> None:
        self.lines.append((text, line))
        self.handles.add(line.handle)
        self.video_ids.update(line.video_ids)


@dataclass
class _Stored:
    """What the database holds of the creators and videos of one batch."""

    creators: dict[str, dict[str, Any]]  # handle -> pk and CREATOR_FIELDS
    videos: dict[int, Video]  # id -> the video (with its creator's handle)
    snapshots: dict[int, dict[date, FollowerSnapshot]]  # creator pk -> date -> snapshot
    countries: dict[int, dict[str, float]]  # creator pk -> country -> share

    @classmethod
    def load(cls, records: list[CreatorRecord]) -> "_Stored":
        """What is stored of these creators and of their videos."""
        creators = {
            row["handle"]: row
            for row in Creator.objects.filter(handle__in=[record.handle for record in records]).values(
                "pk", "handle", *CREATOR_FIELDS
            )
        }
        # in_bulk splits the id list to stay under SQLite's limit on query parameters.
        videos = (
            Video.objects.select_related("creator")
            .only("id", "creator_id", "creator__handle", *VIDEO_FIELDS)
            .in_bulk([video.id for record in records for video in record.videos])
        )
        creator_ids = [row["pk"] for row in creators.values()]
        snapshots: dict[int, dict[date, FollowerSnapshot]] = defaultdict(dict)
        for snapshot in FollowerSnapshot.objects.filter(creator_id__in=creator_ids).only(
            "id", "creator_id", "date", "count"
        ):
            snapshots[snapshot.creator_id][snapshot.date] = snapshot
        countries: dict[int, dict[str, float]] = defaultdict(dict)
        for creator_id, country, share in AudienceCountry.objects.filter(
            creator_id__in=creator_ids
        ).values_list("creator_id", "country", "share"):
            countries[creator_id][country] = share
        return cls(creators=creators, videos=videos, snapshots=snapshots, countries=countries)


def _batch_import(batch: _Batch, report: ImportReport) -> None:
    if not batch.lines:
        return
    with transaction.atomic():
        known = set(
            Creator.objects.filter(handle__in=[line.handle for _text, line in batch.lines]).values_list(
                "handle", flat=True
            )
        )
        fresh = [line for _text, line in batch.lines if line.handle not in known]
        careful = [(text, line) for text, line in batch.lines if line.handle in known]
        if fresh:
            try:
                # All new creators at once under one savepoint: the common case (a first import, a
                # seed). A video id already taken by someone else makes the database refuse them.
                with transaction.atomic():
                    _fresh_creators_insert(fresh)
                report.created += len(fresh)
            except (IntegrityError, DataError):
                # Nothing of them was kept: store them one by one, so each fault is named.
                careful = list(batch.lines)
        # Lines to compare with what is stored are read again, whole: they are the rare ones.
        records = [(line.number, parse_line(text)) for text, line in careful]
        stored = _Stored.load([record for _number, record in records])
        changed_ids: list[int] = []
        for number, record in records:
            try:
                outcome, creator_id = _creator_upsert(record=record, stored=stored)
            except BadLine as error:
                report.errors.append(LineError(line=number, handle=record.handle, reason=str(error)))
                continue
            except (IntegrityError, DataError) as error:
                # The creator's savepoint is rolled back: nothing of this line was kept. Other database
                # errors (a lost connection, a lock timeout) are not the line's fault and stop the import.
                reason = _("the database refused it: %(error)s") % {"error": error}
                report.errors.append(LineError(line=number, handle=record.handle, reason=reason))
                continue
            if outcome is _Outcome.CREATED:
                report.created += 1
            elif outcome is _Outcome.UPDATED:
                report.updated += 1
            else:
                report.unchanged += 1
            if outcome is not _Outcome.UNCHANGED:
                changed_ids.append(creator_id)
        # Numbers are recomputed in the same transaction, so stored numbers never lag stored data.
        # Unchanged creators are left alone: importing a file twice must change nothing.
        if changed_ids:
            creators_recompute(creator_ids=changed_ids)


def _fresh_creators_insert(lines: list[Prepared]) -> None:
    """Insert creators that are new to the database, from rows prepared with their numbers.

    The hot path of a first import: plain INSERTs of the tuples the lines were read into, no model
    instance per video or snapshot, and no second read to recompute what the lines already gave.
    """
    now = _CREATED_AT.get_db_prep_save(timezone.now(), connection)
    timestamps = (now, now)
    with connection.cursor() as cursor:
        cursor.executemany(
            _insert_sql(Creator, _CREATOR_COLUMNS), [line.creator + timestamps for line in lines]
        )
    pks = dict(Creator.objects.filter(handle__in=[line.handle for line in lines]).values_list("handle", "pk"))
    # Each row is the creator's id followed by the row as read: one tuple concatenation, in C.
    keyed: list[tuple[Callable[[tuple[Any, ...]], tuple[Any, ...]], Prepared]] = [
        ((pks[line.handle],).__add__, line) for line in lines
    ]
    with connection.cursor() as cursor:
        cursor.executemany(
            _insert_sql(Video, _VIDEO_COLUMNS),
            list(itertools.chain.from_iterable(map(key, line.videos) for key, line in keyed)),
        )
        cursor.executemany(
            _insert_sql(FollowerSnapshot, _SNAPSHOT_COLUMNS),
            list(itertools.chain.from_iterable(map(key, line.snapshots) for key, line in keyed)),
        )
        cursor.executemany(
            _insert_sql(AudienceCountry, _COUNTRY_COLUMNS),
            list(itertools.chain.from_iterable(map(key, line.countries) for key, line in keyed)),
        )


_CREATED_AT = Creator._meta.get_field("created_at")
_CREATOR_COLUMNS = (*(str(field.column) for field in CREATOR_ROW_FIELDS), "created_at", "updated_at")
# The creator's id first, then the columns of the rows `preparing` reads (see Prepared).
_VIDEO_COLUMNS = (
    "creator_id",
    "id",
    "posted_at",
    "views",
    "likes",
    "comments",
    "shares",
    "duration_s",
    "caption",
)
_SNAPSHOT_COLUMNS = ("creator_id", "date", "count")
_COUNTRY_COLUMNS = ("creator_id", "country", "share")


@cache
def _insert_sql(model: type[Model], columns: tuple[str, ...]) -> str:
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    values = ", ".join(["%s"] * len(columns))
    return f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({values})"


def _creator_upsert(*, record: CreatorRecord, stored: _Stored) -> tuple[_Outcome, int]:
    """Store one line against what the batch read; raises BadLine or a database error having stored nothing."""
    existing = stored.creators.get(record.handle)
    creator_id: int | None = existing["pk"] if existing else None
    for index, video in enumerate(record.videos):
        owner = stored.videos.get(video.id)
        if owner is not None and owner.creator_id != creator_id:
            raise BadLine(
                f"videos[{index}].id",
                _("video %(id)d already belongs to another creator, @%(owner)s")
                % {"id": video.id, "owner": owner.creator.handle},
            )

    values = creator_values(record)
    changes = (
        {} if existing is None else {name: value for name, value in values.items() if existing[name] != value}
    )
    new_videos = [video for video in record.videos if video.id not in stored.videos]
    changed_videos = [
        video
        for video in record.videos
        if video.id in stored.videos and _video_changed(stored.videos[video.id], video)
    ]
    snapshots = stored.snapshots.get(creator_id, {}) if creator_id is not None else {}
    new_snapshots = [snapshot for snapshot in record.followers if snapshot.date not in snapshots]
    changed_snapshots = [
        FollowerSnapshot(pk=snapshots[snapshot.date].pk, count=snapshot.count)
        for snapshot in record.followers
        if snapshot.date in snapshots and snapshots[snapshot.date].count != snapshot.count
    ]
    countries = record.audience.country
    stored_countries = stored.countries.get(creator_id, {}) if creator_id is not None else {}
    replace_countries = countries is not None and dict(countries) != stored_countries

    if creator_id is not None and not (
        changes or new_videos or changed_videos or new_snapshots or changed_snapshots or replace_countries
    ):
        # Not even updated_at moves: the same file twice changes nothing.
        return _Outcome.UNCHANGED, creator_id

    with transaction.atomic():
        if creator_id is None:
            creator_id = Creator.objects.create(handle=record.handle, verified=record.verified, **values).pk
            outcome = _Outcome.CREATED
        else:
            # `verified` is not among the changes: once the creator exists, staff's decision stands.
            Creator.objects.filter(pk=creator_id).update(**changes, updated_at=timezone.now())
            outcome = _Outcome.UPDATED
        Video.objects.bulk_create([_video(creator_id, video) for video in new_videos])
        Video.objects.bulk_update([_video(creator_id, video) for video in changed_videos], VIDEO_FIELDS)
        FollowerSnapshot.objects.bulk_create(
            [
                FollowerSnapshot(creator_id=creator_id, date=snapshot.date, count=snapshot.count)
                for snapshot in new_snapshots
            ]
        )
        FollowerSnapshot.objects.bulk_update(changed_snapshots, ["count"])
        if countries is not None and replace_countries:
            if stored_countries:
                AudienceCountry.objects.filter(creator_id=creator_id).delete()
            AudienceCountry.objects.bulk_create(
                [
                    AudienceCountry(creator_id=creator_id, country=country, share=share)
                    for country, share in countries.items()
                ]
            )
    return outcome, creator_id


def _video(creator_id: int, video: VideoRecord) -> Video:
    return Video(
        id=video.id,
        creator_id=creator_id,
        posted_at=video.posted_at,
        views=video.views,
        likes=video.likes,
        comments=video.comments,
        shares=video.shares,
        duration_s=video.duration_s,
        caption=video.caption,
    )


def _video_changed(stored: Video, video: VideoRecord) -> bool:
    return any(getattr(stored, name) != getattr(video, name) for name in VIDEO_FIELDS)
