"""Importing creators from the JSON Lines format of docs/import-format.md (`vetrina import`, `vetrina seed`).

Import rules: upsert by handle and by video id; a line adds or updates videos and follower snapshots
and never deletes those it leaves out; the audience dimensions it gives replace the stored ones;
`verified` is read only for a new creator; each creator is stored whole or not at all.

Each line is parsed once, by `preparing` (in worker processes for a big file), into rows that carry
the creator's numbers (`numbers`). Lines are stored in batches, as many lines as take about a fifth of
a second to store: new creators go in at once (`inserting`), creators already stored are compared
with what is stored and only the differences written (`upserting`). A transaction holds a few
thousand lines' batches, or ends after one batch when another writer waits for SQLite's write lock
(`_Transactions`). Inside a batch each creator has its
own savepoint, so a creator the database refuses leaves nothing behind and costs no other line. A batch
never holds two lines that touch the same creator or the same video, so what was read at the start of
a batch stays true through it.
"""

import gc
import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from functools import partial

from django.db import DataError, IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from vetrina.creators.models import Creator
from vetrina.ingest.deferred_keys import DeferredKeys
from vetrina.ingest.first_load import (
    SQLiteFirstLoad,
    first_load,
    first_load_applies,
    keys_left_unchecked_checked,
)
from vetrina.ingest.inserting import fresh_creators_insert, fresh_creators_remove
from vetrina.ingest.parsing import BadLine
from vetrina.ingest.preparing import Outcome as LineOutcome
from vetrina.ingest.preparing import Prepared, Rejected, prepared_lines
from vetrina.ingest.upserting import Incoming, Outcome, StoredBatch, creator_upsert
from vetrina.lib.sqlite_backend import WaitingWriters
from vetrina.metrics.peers import peers_recompute, peers_written_columns
from vetrina.results.services import posted_video_points_record

logger = logging.getLogger(__name__)

# Lines per batch: as many as the database stores in about BATCH_SECONDS, going by the batches before
# (_Pace), between these bounds.
BATCH_SIZE = 2_000  # the most: a fault makes its batch be stored line by line
SMALLEST_BATCH = 50
BATCH_SECONDS = 0.2
# A transaction holds batches until it has TRANSACTION_LINES lines, or at once when another writer waits
# for SQLite's write lock (_Transactions).
TRANSACTION_LINES = 5_000
# After each transaction the importer lets the write lock go for this long before it asks again, so
# that a writer waiting for it (which asks every millisecond or two: lib.sqlite_backend) gets in.
PAUSE_SECONDS = 0.004
_clock = time.perf_counter  # what batches are timed by


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
    outcomes = prepared_lines(lines, vendor=connection.vendor, workers=workers)
    return prepared_creators_import(outcomes=outcomes, on_progress=on_progress, big=workers > 1)


def prepared_creators_import(
    *, outcomes: Iterable[LineOutcome], on_progress: Callable[[int], None] | None = None, big: bool = False
) -> ImportReport:
    """The same import, of lines another process has already read (`preparing.prepare_line` or
    `prepare_record`, for this connection's vendor), in order: `vetrina seed` prepares its creators
    where it generates them, and no line is written out as text to be parsed again. `big`: as many
    lines as an import reads in worker processes (a first load may apply)."""
    # A big first import loads the tables without their secondary indexes, in one transaction: on
    # PostgreSQL the peers' pass included, on SQLite until the lines are stored or another writer waits
    # (`first_load`).
    keys_left_unchecked_checked()  # by a first load stopped after its commit
    loading = first_load() if first_load_applies(big=big) else nullcontext()
    with _collector_spaced(big=big), _bulk_load(), loading as first:
        keys = first if isinstance(first, DeferredKeys) else None
        report = _lines_import(
            outcomes,
            on_progress=on_progress,
            first=first if isinstance(first, SQLiteFirstLoad) else None,
            keys=keys,
        )
        # Percentiles and scores depend on every peer: once per import, not per batch. What a first load
        # has left to do is done while the pass works the numbers out (the database does it, this
        # process would only wait): on PostgreSQL the keys to make (a line they refuse has the pass
        # done again without it), on SQLite the indexes to make and the commit.
        ending: Callable[[], object] | None = None
        if keys is not None and keys.dropped:
            ending = partial(_keys_settle, keys, report)
        elif isinstance(first, SQLiteFirstLoad) and first.holding:
            # Alone, the load also takes the pass's writing, before the indexes that hold its numbers
            # (`SQLiteFirstLoad.made_again`); the first load's context ends it after the pass.
            ending = (
                partial(first.made_again, but_naming=peers_written_columns()) if first.alone else first.end
            )
        started = time.perf_counter()
        peers_recompute(meanwhile=ending)
        logger.debug("Recomputed the peers' numbers in %.3f s.", time.perf_counter() - started)
    return report


# The garbage collector's thresholds in the importing process of a big import (Python's: 700, 10, 10).
# Its batches hold thousands of lines, and with the usual thresholds the collector ran 3,000 times at
# 100,000 creators, 21 of them full passes over everything alive (64 ms each): 2.9 s in all, against
# 0.1 s at these. Cycles still go: the few an import makes (a refused line's error and its frames) are
# garbage at once, and the young collections, every 50,000 objects, find them.
BIG_IMPORT_GC_THRESHOLDS = (50_000, 50, 100)


@contextmanager
def _collector_spaced(*, big: bool) -> Iterator[None]:
    """During a big import, the garbage collector runs at BIG_IMPORT_GC_THRESHOLDS in this process; its
    thresholds are put back after."""
    if not big:
        yield
        return
    thresholds = gc.get_threshold()
    gc.set_threshold(*BIG_IMPORT_GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


def _lines_import(
    outcomes: Iterable[LineOutcome],
    *,
    on_progress: Callable[[int], None] | None,
    first: SQLiteFirstLoad | None = None,
    keys: DeferredKeys | None = None,
) -> ImportReport:
    report = ImportReport()
    batch = _Batch()
    reported = 0

    def report_progress() -> None:
        nonlocal reported
        if on_progress and report.lines_read != reported:
            on_progress(report.lines_read)
            reported = report.lines_read

    with _transactions(first, keys) as store:
        for outcome in outcomes:
            report.lines_read += 1
            if outcome is None:
                continue
            if isinstance(outcome, Rejected):
                report.errors.append(
                    LineError(line=outcome.number, handle=outcome.handle, reason=outcome.reason)
                )
                continue
            if batch.touches(outcome):
                # The earlier line must be stored before this one is compared with the database.
                store(batch, report)
                batch = _Batch()
            batch.add(outcome)
            if len(batch.lines) >= store.pace.lines:
                store(batch, report)
                batch = _Batch()
                report_progress()
        store(batch, report)
    report_progress()
    # Parse errors are noted as lines are read, storage errors when their batch is stored.
    report.errors.sort(key=lambda error: error.line)
    return report


# SQLite settings while an import runs. The page cache holds the indexes a first import inserts into
# all over (video ids: about 80 MB at 100,000 creators) instead of reading them back from the file at
# every insert, and a longer write-ahead log spares checkpoints that copy the same pages over and over.
BULK_CACHE_KIB = 256 * 1024
BULK_WAL_PAGES = 50_000  # 200 MB of 4 KiB pages between checkpoints (SQLite's default: 1,000)


@contextmanager
def _bulk_load() -> Iterator[None]:
    """SQLite's settings for an import on this connection, put back as they were at its end.

    Its foreign keys go unchecked too: every video, snapshot and audience row the import writes names a
    creator it inserted or read in the same transaction (SQLite has one writer, so no one can delete
    that creator meanwhile), and each row's check (a lookup of its creator) cost a fifth of what storing
    a new creator's rows did; the peers' pass, inside these settings too, writes only the creators'
    numbers and the medians, which name no other row. Only this connection is concerned; the site's own
    keep theirs. Inside a transaction (the tests') SQLite keeps checking them: the setting cannot change
    there."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (cache_size,) = cursor.fetchone()
        cursor.execute("PRAGMA wal_autocheckpoint")
        (wal_pages,) = cursor.fetchone()
        cursor.execute("PRAGMA foreign_keys")
        (foreign_keys,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
        cursor.execute(f"PRAGMA wal_autocheckpoint = {BULK_WAL_PAGES}")
        cursor.execute("PRAGMA foreign_keys = OFF")
    failed = True
    try:
        yield
        failed = False
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(cache_size)}")
            cursor.execute(f"PRAGMA wal_autocheckpoint = {int(wal_pages)}")
            cursor.execute(f"PRAGMA foreign_keys = {int(foreign_keys)}")
            # Not after a failure: its error's frames can still hold a statement of this connection
            # unfinished, and SQLite then refuses the checkpoint ("database table is locked", seen after a
            # first load that had the database to itself), an error that would replace the import's own.
            # The log is folded at the next checkpoint instead.
            if not failed and not connection.in_atomic_block:
                # Fold the log into the database now and give its disk space back. A PASSIVE checkpoint
                # copies the log beside other writers; TRUNCATE, which keeps them out while it works,
                # then has next to nothing left to copy.
                cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


@dataclass
class _Batch:
    lines: list[Prepared] = field(default_factory=list)
    handles: set[str] = field(default_factory=set)
    video_ids: set[int] = field(default_factory=set)

    def touches(self, line: Prepared) -> bool:
        return line.handle in self.handles or not self.video_ids.isdisjoint(line.video_ids)

    def add(self, line: Prepared) -> None:
        self.lines.append(line)
        self.handles.add(line.handle)
        self.video_ids.update(line.video_ids)


@dataclass
class _Pace:
    """How many lines the next batch takes: as many as the last batches stored in BATCH_SECONDS.

    Counted in time, not lines, because a line's cost varies a lot: a new creator is a few inserts, one
    already stored a comparison, and either costs more as the database grows."""

    lines: int = field(default_factory=lambda: min(BATCH_SIZE, 4 * SMALLEST_BATCH))
    seconds_per_line: float | None = None

    def stored(self, lines: int, seconds: float) -> None:
        if lines < SMALLEST_BATCH // 2 or seconds <= 0:
            return  # too few lines to tell (a batch cut short by a repeated creator, the last one)
        per_line = seconds / lines
        # Smoothed, so that one slow batch (a checkpoint, another process on the CPU) does not halve
        # the next.
        if self.seconds_per_line is not None:
            per_line = (self.seconds_per_line + per_line) / 2
        self.seconds_per_line = per_line
        wanted = int(BATCH_SECONDS / per_line)
        self.lines = max(min(SMALLEST_BATCH, BATCH_SIZE), min(wanted, BATCH_SIZE))


class _Transactions:
    """Stores batches, several to a transaction: a transaction ends after TRANSACTION_LINES lines, or
    after the batch during which another connection started waiting for SQLite's write lock.
    During a first load into SQLite (`first`) the batches go into the load's own transaction, with no
    savepoint of their own, and it ends, its indexes made again, when another writer waits or the lines
    are stored.

    Each commit writes every page the transaction changed, and a first import changes pages all over
    the index of the videos' ids: a transaction of many batches writes a page once where one per batch
    would write it again and again. But SQLite has one write lock, so while the import holds it every
    other write waits: as soon as one does (it says so, see lib.sqlite_backend.WaitingWriters), the
    transaction ends at the end of the batch, a fifth of a second at most, and the importer pauses for
    PAUSE_SECONDS to let it in."""

    def __init__(self, first: SQLiteFirstLoad | None = None, keys: DeferredKeys | None = None) -> None:
        self.first = first
        self.keys = keys
        self.pace = _Pace()
        self.waiting = WaitingWriters.of(connection.settings_dict)
        self.heard = 0
        self.open: transaction.Atomic | None = None
        self.grouping = False  # batches are being stored since `began`, in `open` or in the first load
        self.began = 0.0
        self.lines = 0
        self.longest = 0.0

    def __call__(self, batch: _Batch, report: ImportReport) -> None:
        if not batch.lines:
            return
        loading = self.loading
        if not self.grouping:
            if not loading:
                # In a first load the load's transaction holds the batches: a savepoint in it would cost
                # what `_fresh_store` spares.
                self.open = transaction.atomic()
                self.open.__enter__()
            self.grouping = True
            self.began = _clock()
            self.lines = 0
            # Waits noted so far were before this transaction, or the importer's own.
            self.heard = self.waiting.version() if self.waiting else 0
        started = _clock()
        _batch_store(batch, report, guarded=not loading, keys=self.keys)
        self.pace.stored(len(batch.lines), _clock() - started)
        # A campaign's posted videos among the batch's get a point in their history when their counts
        # changed (docs/campaigns.md, "Results"): one small query when none is in the batch.
        posted_video_points_record(video_ids=batch.video_ids)
        self.lines += len(batch.lines)
        someone_waits = self._someone_waits()
        if self.lines >= TRANSACTION_LINES or someone_waits:
            self.commit(let_in=someone_waits)

    @property
    def loading(self) -> bool:
        """Whether batches go into a first load's transaction (SQLite's, until it ends)."""
        return self.first is not None and self.first.holding

    def _someone_waits(self) -> bool:
        return self.waiting is not None and self.waiting.version() != self.heard

    def commit(self, *, let_in: bool = True) -> None:
        """End the transaction, and a first load's with it when another writer is to be let in (once the
        lines are all stored, the peers' pass ends it)."""
        grouped, self.grouping = self.grouping, False
        if self.open is not None:
            atomic, self.open = self.open, None
            atomic.__exit__(None, None, None)
        if self.first is not None and self.first.holding:
            if not let_in:
                return  # the load's transaction goes on
            self.first.end()
        elif not grouped:
            return
        held = _clock() - self.began
        self.longest = max(self.longest, held)
        logger.debug("Stored %d lines in one transaction of %.3f s.", self.lines, held)
        if connection.vendor == "sqlite":
            time.sleep(PAUSE_SECONDS)

    def rollback(self, error: BaseException) -> None:
        self.grouping = False
        if self.open is not None:
            atomic, self.open = self.open, None
            atomic.__exit__(type(error), error, error.__traceback__)


@contextmanager
def _transactions(
    first: SQLiteFirstLoad | None = None, keys: DeferredKeys | None = None
) -> Iterator[_Transactions]:
    store = _Transactions(first, keys)
    try:
        yield store
    except BaseException as error:
        store.rollback(error)
        raise
    # A first load into SQLite still open goes on: the peers' pass ends it (`prepared_creators_import`).
    store.commit(let_in=False)
    logger.debug("The longest transaction of the import held the write lock %.3f s.", store.longest)


def _batch_store(
    batch: _Batch, report: ImportReport, *, guarded: bool = True, keys: DeferredKeys | None = None
) -> None:
    """Store a batch's lines: new creators all at once, those already stored one by one (`upserting`).

    `guarded`: the new creators go in under a savepoint (not in a first load into SQLite, see
    `_fresh_store`). `keys`: the keys dropped during a first load into PostgreSQL, made again before
    the careful path, which reads videos by their id and snapshots by their creator, first runs."""
    fresh, careful = _fresh_and_known(batch)
    if careful and keys is not None and keys.dropped:
        # Settling may refuse a creator a line of this batch names: it is then new to the database.
        _keys_settle(keys, report)
        fresh, careful = _fresh_and_known(batch)
    if fresh:
        if _fresh_store(fresh, guarded=guarded):
            report.created += len(fresh)
            if keys is not None:
                keys.noted((line.handle, line.number) for line in fresh)
        else:
            # Nothing of them was kept: store them one by one, so each fault is named.
            careful = list(batch.lines)
            if keys is not None and keys.dropped:
                _keys_settle(keys, report)
    if not careful:
        return
    incoming = [Incoming.of(line, vendor=connection.vendor) for line in careful]
    stored = StoredBatch.load(incoming)
    for line in incoming:
        try:
            outcome, _creator_id = creator_upsert(line=line, stored=stored)
        except BadLine as error:
            report.errors.append(LineError(line=line.number, handle=line.handle, reason=str(error)))
            continue
        except (IntegrityError, DataError) as error:
            # The creator's savepoint is rolled back: nothing of this line was kept. Other database
            # errors (a lost connection, a lock timeout) are not the line's fault and stop the import.
            reason = _("the database refused it: %(error)s") % {"error": error}
            report.errors.append(LineError(line=line.number, handle=line.handle, reason=reason))
            continue
        if outcome is Outcome.CREATED:
            report.created += 1
        elif outcome is Outcome.UPDATED:
            report.updated += 1
        else:
            report.unchanged += 1


def _fresh_and_known(batch: _Batch) -> tuple[list[Prepared], list[Prepared]]:
    """The batch's lines of creators new to the database, and of those already stored."""
    known = set(
        Creator.objects.filter(handle__in=[line.handle for line in batch.lines]).values_list(
            "handle", flat=True
        )
    )
    return (
        [line for line in batch.lines if line.handle not in known],
        [line for line in batch.lines if line.handle in known],
    )


def _keys_settle(keys: DeferredKeys, report: ImportReport) -> None:
    """Make the keys again (`deferred_keys`), and report each line refused for claiming a video an
    earlier line has: it was counted as created, and nothing of it is kept."""
    refusals = keys.settle()
    for refusal in refusals:
        report.errors.append(LineError(line=refusal.number, handle=refusal.handle, reason=refusal.reason))
        report.created -= 1
    if refusals:
        report.errors.sort(key=lambda error: error.line)


def _fresh_store(fresh: list[Prepared], *, guarded: bool) -> bool:
    """Insert a batch's new creators all at once: the common case (a first import, a seed). False when
    the database refuses one of them (a video id already taken by someone else), and then nothing of
    them is kept.

    Unguarded, during a first load into SQLite, they go in without a savepoint, and what a refused batch
    wrote is deleted instead (only its own creators' rows, all new). Under a savepoint SQLite copies
    each page the batch changes to a journal first, to put it back on a rollback, and the videos of a
    batch enter their id index all over it: at 100,000 creators that was 7.8 GB of copies, 13 % of the
    importing process's time."""
    if not guarded:
        try:
            fresh_creators_insert(fresh)
        except (IntegrityError, DataError):
            fresh_creators_remove(fresh)
            return False
        return True
    try:
        with transaction.atomic():
            fresh_creators_insert(fresh)
    except (IntegrityError, DataError):
        return False
    return True
