"""Django's SQLite backend, except that a writer waits for the write lock by asking for it often.

SQLite has one write lock. A connection that finds it taken waits in SQLite's busy handler, which
sleeps between tries for longer and longer: after a quarter of a second it tries only every 100 ms.
A long writer that commits and starts its next transaction at once (an import does, thousands of
times) leaves the lock free for a moment far shorter than that, so a web request could wait through
many of its transactions and, at the busy timeout, fail. Here a write that starts outside a
transaction (BEGIN IMMEDIATE, or a single write statement in autocommit) asks for the lock itself
every millisecond or two, up to the same timeout, so it gets in at the first gap a writer leaves
(the importer leaves one after every transaction: vetrina.ingest.importing), and says that it
waits (WaitingWriters), so that the importer ends its transaction early. Reads, and the
statements inside a transaction, which already holds the lock, wait in SQLite's handler as before.
"""

import sqlite3
import time
from collections.abc import Callable
from typing import Any

from django.db.backends.sqlite3 import base

from vetrina.lib.sqlite_backend import WaitingWriters

# Seconds between two tries for the lock: doubling from the first to the last.
FIRST_PAUSE = 0.0002
LONGEST_PAUSE = 0.002
# While it waits, a writer says so this often (WaitingWriters).
NOTE_EVERY = 0.02
DEFAULT_TIMEOUT = 5.0  # sqlite3.connect's own default, when OPTIONS give none

_LOCKED = "database is locked"
_READS = ("SELECT", "PRAGMA", "EXPLAIN")


class DatabaseWrapper(base.DatabaseWrapper):
    def create_cursor(self, name: str | None = None) -> Any:
        cursor = self.connection.cursor(factory=SQLiteCursorWrapper)
        cursor.lock_timeout = float(self.settings_dict["OPTIONS"].get("timeout", DEFAULT_TIMEOUT))
        cursor.waiting = WaitingWriters.of(self.settings_dict)
        return cursor


class SQLiteCursorWrapper(base.SQLiteCursorWrapper):
    lock_timeout = DEFAULT_TIMEOUT
    waiting: WaitingWriters | None = None

    def execute(self, query: str, params: Any = None) -> Any:
        if self.connection.in_transaction or query.lstrip()[:7].upper().startswith(_READS):
            return super().execute(query, params)
        return write_lock_polled(
            self.connection,
            lambda: super(SQLiteCursorWrapper, self).execute(query, params),
            timeout=self.lock_timeout,
            waiting=self.waiting,
        )


def write_lock_polled[T](
    raw: sqlite3.Connection,
    attempt: Callable[[], T],
    *,
    timeout: float,
    waiting: WaitingWriters | None = None,
) -> T:
    """`attempt()`, tried again every millisecond or two while another connection holds the write
    lock, for up to `timeout` seconds; then its "database is locked" error is raised as SQLite's own
    busy timeout would raise it. While it waits, it says so in `waiting` (see WaitingWriters)."""
    started = time.monotonic()
    deadline = started + timeout
    noted = started - NOTE_EVERY
    pause = FIRST_PAUSE
    raw.execute("PRAGMA busy_timeout = 0")  # try, do not wait in SQLite's handler
    try:
        while True:
            try:
                return attempt()
            except sqlite3.OperationalError as error:
                now = time.monotonic()
                if not str(error).startswith(_LOCKED) or now >= deadline:
                    raise
            if waiting is not None and now - noted >= NOTE_EVERY:
                waiting.note()
                noted = now
            time.sleep(pause)
            pause = min(2 * pause, LONGEST_PAUSE)
    finally:
        raw.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
