"""Importing creators from the JSON Lines format of docs/import-format.md (`vetrina import`, `vetrina seed`).

Import rules: upsert by handle and by video id; a line adds or updates videos and follower snapshots
and never deletes those it leaves out; the audience dimensions it gives replace the stored ones;
`verified` is read only for a new creator; each creator is stored whole or not at all.

Each line is parsed once, by `preparing` (in worker processes for a big file), into rows that carry
the creator's numbers (`numbers`). Lines are stored in batches of a few hundred, each batch in a
transaction of its own: new creators go in at once (`inserting`), creators already stored are compared
with what is stored and only the differences written (`upserting`). Inside a batch each creator has its
own savepoint, so a creator the database refuses leaves nothing behind and costs no other line. A batch
never holds two lines that touch the same creator or the same video, so what was read at the start of
a batch stays true through it.
"""

import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import DataError, IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from vetrina.creators.models import Creator
from vetrina.ingest.inserting import fresh_creators_insert
from vetrina.ingest.parsing import BadLine
from vetrina.ingest.preparing import Prepared, Rejected, prepared_lines
from vetrina.ingest.upserting import Incoming, Outcome, StoredBatch, creator_upsert
from vetrina.metrics.peers import peers_recompute

logger = logging.getLogger(__name__)

# Lines per batch, and per transaction: see _batch_import.
BATCH_SIZE = 500


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
    with _bulk_load():
        report = _lines_import(lines, on_progress=on_progress, workers=workers)
    # Percentiles and scores depend on every peer: once per import, not per batch.
    started = time.perf_counter()
    peers_recompute()
    logger.debug("Recomputed the peers' numbers in one transaction of %.3f s.", time.perf_counter() - started)
    return report


def _lines_import(
    lines: Iterable[str], *, on_progress: Callable[[int], None] | None, workers: int
) -> ImportReport:
    report = ImportReport()
    batch = _Batch()
    reported = 0

    def report_progress() -> None:
        nonlocal reported
        if on_progress and report.lines_read != reported:
            on_progress(report.lines_read)
            reported = report.lines_read

    for _text, outcome in prepared_lines(lines, vendor=connection.vendor, workers=workers):
        report.lines_read += 1
        if outcome is None:
            continue
        if isinstance(outcome, Rejected):
            report.errors.append(LineError(line=outcome.number, handle=outcome.handle, reason=outcome.reason))
            continue
        if batch.touches(outcome):
            # The earlier line must be stored before this one is compared with the database.
            _batch_import(batch, report)
            batch = _Batch()
        batch.add(outcome)
        if len(batch.lines) >= BATCH_SIZE:
            _batch_import(batch, report)
            batch = _Batch()
            report_progress()
    _batch_import(batch, report)
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
    lines: list[Prepared] = field(default_factory=list)
    handles: set[str] = field(default_factory=set)
    video_ids: set[int] = field(default_factory=set)

    def touches(self, line: Prepared) -> bool:
        return line.handle in self.handles or not self.video_ids.isdisjoint(line.video_ids)

    def add(self, line: Prepared) -> None:
        self.lines.append(line)
        self.handles.add(line.handle)
        self.video_ids.update(line.video_ids)


def _batch_import(batch: _Batch, report: ImportReport) -> None:
    """Store a batch in a transaction of its own, so that the import holds SQLite's write lock for one
    batch at a time (a fraction of a second) and a web request waiting for it gets in between."""
    if not batch.lines:
        return
    started = time.perf_counter()
    with transaction.atomic():
        _batch_store(batch, report)
    logger.debug(
        "Stored a batch of %d lines in one transaction of %.3f s.",
        len(batch.lines),
        time.perf_counter() - started,
    )


def _batch_store(batch: _Batch, report: ImportReport) -> None:
    known = set(
        Creator.objects.filter(handle__in=[line.handle for line in batch.lines]).values_list(
            "handle", flat=True
        )
    )
    fresh = [line for line in batch.lines if line.handle not in known]
    careful = [line for line in batch.lines if line.handle in known]
    if fresh:
        try:
            # All new creators at once under one savepoint: the common case (a first import, a
            # seed). A video id already taken by someone else makes the database refuse them.
            with transaction.atomic():
                fresh_creators_insert(fresh)
            report.created += len(fresh)
        except (IntegrityError, DataError):
            # Nothing of them was kept: store them one by one, so each fault is named.
            careful = list(batch.lines)
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
