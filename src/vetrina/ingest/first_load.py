"""A first import into an empty PostgreSQL database: the creators' tables loaded without their secondary
indexes and foreign keys, which are built again, each in one pass, once the rows are in.

Where the time of a first import goes on PostgreSQL, beside reading the lines: every video, snapshot and
audience row queues a check that its creator exists (the foreign keys, one lookup a row: 12 million at
100,000 creators), and every creator row enters some fifty indexes, then enters them all again when the
peers' pass writes its percentiles (an UPDATE that changes an indexed column rewrites every index entry,
the text indexes' word lists included). Built once over the loaded rows, an index costs a fraction of
that, and a foreign key is checked by one join. The peers' pass still writes every creator's row a second
time, and the old versions stay in the table until the transaction ends, so the table is rewritten with
the live rows before its indexes are built (`_rows_rewritten`).

Only a load into empty tables, and only a big one, goes this way: the whole import is then one
transaction, which holds the tables locked (pages that read them wait until it ends; on an empty site
they have nothing to show yet), and which leaves nothing behind if the import is stopped. The creators'
unique constraints stay; the videos', snapshots' and audience countries' keys go too, and are made again
as soon as a line of a creator already stored comes, or the lines are in, after the lines that claimed an
earlier line's video are refused (`deferred_keys`); the peers' pass works its numbers out in another
thread meanwhile (`metrics.peers`, `meanwhile`). Each creator is still stored whole or not at all. The
foreign keys come back enforced before the commit, and are checked over the loaded rows after it, beside
the tables' statistics, on two connections at once (`_checked_and_analyzed`). A database that has
creators keeps the usual path.

SQLite (`SQLiteFirstLoad`) drops the secondary indexes too (all but `_KEPT`), and the triggers that
keep its text indexes (FTS5) current, which are rebuilt from the rows at the end; its foreign keys are
already left unchecked by the import (`importing._bulk_load`). Its schema is transactional, so a stopped
import leaves the tables as they were, indexes and triggers included. But SQLite has one write lock for
the whole file, not one per table: while the first load holds it, every other write (a log-in, the
worker's heartbeat) waits. So it ends as soon as another writer waits for the lock (the importer hears of
it between two batches, see `importing._Transactions`), and otherwise when the lines are stored, as the
peers' pass begins: the pass reads the creators' rows and works their numbers out in a thread while the
indexes are made again and the transaction commits (`metrics.peers`, `meanwhile`), and its writing goes
the usual way, while a thread copies the write-ahead log, which holds the whole load, into the database
(`_checkpoint_started`). A writer then waits for a batch and the indexes' building over the rows so far,
not for the import: 3.7 s of CPU when the rows are 100,000 creators' (the creators' text indexes 0.6 s,
their other indexes 2.2 s, the audience's 0.9 s). With no other connection open on the database, none of
that sharing has anyone to serve: the load then takes the database alone, out of its write-ahead log,
and writes the rows into the file once (`_taken_alone`), and the peers' pass writes its numbers inside
it, before the indexes that hold them are made (`SQLiteFirstLoad.made_again`).
"""

import logging
import re
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Collection, Iterator
from contextlib import closing, contextmanager
from typing import Any

from django.db import OperationalError, connection, transaction
from django.db.backends.sqlite3.creation import DatabaseCreation
from django.db.models import Field, Model

from vetrina.creators.models import AudienceCountry, Creator, FollowerSnapshot, Video
from vetrina.ingest.deferred_keys import Constraint, DeferredKeys, constraints_added, constraints_dropped

logger = logging.getLogger(__name__)

TABLES = [model._meta.db_table for model in (Creator, Video, FollowerSnapshot, AudienceCountry)]


def first_load_applies(*, big: bool) -> bool:
    """Whether this import is a big first one (checked before it starts)."""
    return big and not Creator.objects.exists()


@contextmanager
def first_load() -> Iterator["SQLiteFirstLoad | DeferredKeys"]:
    """One transaction around the block, the tables' secondary indexes and foreign keys dropped at its
    start and made again at its end (from the definitions the database gave, so the same ones).

    On SQLite it yields the load, which the importer ends early (`SQLiteFirstLoad.end`). On PostgreSQL
    the keys of the videos, snapshots and audience countries go too, and it yields them, which the
    importer settles before its careful path reads those tables and at the latest when the lines are in
    (`deferred_keys`)."""
    if connection.vendor == "sqlite":
        load = SQLiteFirstLoad()
        try:
            load.begin()
            try:
                yield load
            except BaseException as error:
                load.abandon(error)
                raise
            else:
                load.end()
        finally:
            # Shared again however the load stopped (not begun, abandoned, its commit refused); a load
            # that commits gives the database back at once itself (`end`), before the peers' pass goes on.
            load.given_back()
            load.checkpointed()
        return
    with transaction.atomic(), connection.cursor() as cursor:
        foreign_keys = constraints_dropped(
            cursor, "contype = 'f' AND conrelid = ANY(%s::regclass[])", [TABLES]
        )
        cursor.execute(
            "SELECT index.indexrelid::regclass::text, pg_get_indexdef(index.indexrelid) FROM pg_index index "
            "WHERE index.indrelid = ANY(%s::regclass[]) AND NOT index.indisunique AND NOT index.indisprimary "
            "AND NOT EXISTS (SELECT FROM pg_constraint c WHERE c.conindid = index.indexrelid)",
            [TABLES],
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {name}")
        key = DeferredKeys()
        key.drop()
        yield key
        if key.dropped:
            raise RuntimeError("The first load ended with its keys not made again.")
        started = time.perf_counter()
        _rows_rewritten(cursor, Creator, PEERS_WRITE_COLUMN)
        for _name, definition in indexes:
            cursor.execute(definition)
        # Enforced from here on, checked over the loaded rows after the commit (`_checked_and_analyzed`).
        constraints_added(cursor, [_unchecked(key) for key in foreign_keys])
        logger.debug(
            "Made %d indexes and %d foreign keys again in %.3f s.",
            len(indexes),
            len(foreign_keys),
            time.perf_counter() - started,
        )
    _checked_and_analyzed(foreign_keys)


# Connections that check the foreign keys and gather the statistics after a first load's commit, at once.
AFTER_COMMIT_CONNECTIONS = 2


def _unchecked(key: Constraint) -> Constraint:
    table, name, definition = key
    return table, name, f"{definition} NOT VALID"


def _checked_and_analyzed(foreign_keys: list[Constraint]) -> None:
    """Check the foreign keys over the loaded rows (VALIDATE: one join each, as adding them checked) and
    gather the tables' statistics for the planner (ANALYZE), after the first load's commit, on
    AFTER_COMMIT_CONNECTIONS connections at once.

    Inside the load's transaction each of these ran after the other, on its one connection, while the
    other core had nothing to do: at 100,000 creators, 4.3 s of the import (ANALYZE of the creators 1.8 s,
    of their 80 columns and text indexes; the snapshots' key 1.1 s, the videos' 0.8 s). Committed, they
    run side by side (2.6-2.8 s in all), and they hold no lock that stops a page reading or a writer
    writing (VALIDATE and ANALYZE take SHARE UPDATE EXCLUSIVE, which only other DDL waits for). Until they
    end, a key is enforced but marked unchecked: the rows it has not been checked over all name a creator
    the same load stored (its creators are all new, and a refused one is deleted with its rows). Stopped
    before they end, the next import checks what is left (`keys_left_unchecked_checked`).

    Inside an outer transaction (a test's), nothing is committed yet, and another connection would wait
    for its locks: they run here, one after the other."""
    quote = connection.ops.quote_name
    statements = deque(
        [
            f"ANALYZE {quote(TABLES[0])}",  # the longest first: the creators'
            *(_validation(table, name) for table, name, _definition in foreign_keys),
            *(f"ANALYZE {quote(table)}" for table in TABLES[1:]),
        ]
    )
    if connection.in_atomic_block:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        return
    started = time.perf_counter()
    failures: list[BaseException] = []

    def run() -> None:
        # Django gives each thread a connection of its own, closed here.
        try:
            with connection.cursor() as cursor:
                while statements:
                    try:
                        statement = statements.popleft()
                    except IndexError:
                        return
                    cursor.execute(statement)
        except BaseException as error:  # raised again in the importing thread
            failures.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, name=f"first-load-check-{index}")
        for index in range(AFTER_COMMIT_CONNECTIONS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]
    logger.debug(
        "Checked %d foreign keys and analyzed %d tables after the commit in %.3f s.",
        len(foreign_keys),
        len(TABLES),
        time.perf_counter() - started,
    )


def keys_left_unchecked_checked() -> None:
    """Check the foreign keys of the creators' tables a first load stopped after its commit left
    unchecked (`_checked_and_analyzed`); nothing on SQLite, or when none is left (one catalog query)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname FROM pg_constraint "
            "WHERE NOT convalidated AND contype = 'f' AND conrelid = ANY(%s::regclass[])",
            [TABLES],
        )
        for table, name in cursor.fetchall():
            cursor.execute(_validation(table, name))


def _validation(table: str, name: str) -> str:
    """The statement that checks a foreign key added NOT VALID over its table's rows."""
    return f"ALTER TABLE {table} VALIDATE CONSTRAINT {connection.ops.quote_name(name)}"


# A column of the creators' rows that no index, constraint or view holds, whose type is "changed" to its
# own to have the table rewritten (`_rows_rewritten`).
PEERS_WRITE_COLUMN = "peer_group_size"


def _rows_rewritten(cursor: Any, model: type[Model], column: str) -> None:
    """Rewrite the model's table with only its live rows, inside the transaction.

    The peers' pass updates every creator the first load stored: each row then has two versions, the
    first dead but not removable while the transaction is open, and each of the creators' 45 indexes,
    built next, read both (9.1-10.0 s against 4.5-4.7 s without the update, at 100,000 creators).
    VACUUM cannot run in a transaction; ALTER TABLE rewrites the table, copying the rows its snapshot
    sees, when a column's type changes through an expression (0.45 s)."""
    field = model._meta.get_field(column)
    assert isinstance(field, Field)
    quote = connection.ops.quote_name
    name = quote(str(field.column))
    cursor.execute(
        f"ALTER TABLE {quote(model._meta.db_table)} ALTER COLUMN {name} TYPE {field.db_type(connection)} "
        f"USING {name} + 0"
    )


# Indexes a first load into SQLite keeps: the videos' by creator and date takes each creator's entries at
# its end (creators' ids grow as the load goes), so keeping it current costs about what building it at the
# end does (2.4 s of CPU at 100,000 creators, 4.4 million videos), and spares a writer that waits for the
# load (which ends by building the indexes) that wait.
_KEPT = ("video_creator_recent",)
# The table of a CREATE INDEX statement.
_INDEXED_TABLE = re.compile(r"""\bON\s+["'`]?(\w+)""", re.IGNORECASE)
# The FTS5 tables whose content is a table's rows: `content='creators_creator'`.
_CONTENT = re.compile(r"""\bcontent\s*=\s*['"]?(\w+)""", re.IGNORECASE)


@contextmanager
def _checkpoint_left_behind() -> Iterator[None]:
    """No checkpoint at the commit of the block, on this connection (`_checkpoint_started`)."""
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_autocheckpoint")
        (pages,) = cursor.fetchone()
        cursor.execute("PRAGMA wal_autocheckpoint = 0")
        try:
            yield
        finally:
            cursor.execute(f"PRAGMA wal_autocheckpoint = {int(pages)}")


def _taken_alone() -> bool:
    """Take the database for this connection alone, its changes written into the file through a
    rollback journal instead of the write-ahead log, if no other connection has it open; whether it did.

    In the write-ahead log, everything a first load writes is written twice: into the log, then, after
    the commit, copied into the database, 1.3 GB at 100,000 creators (5.6 s), which the import waited for
    at its end. Written straight into the file, the rows are written once (the journal keeps only the
    few pages the tables had before). But a database out of its log, and held by one writer from the
    first page it writes to the commit, cannot be read by anyone else meanwhile: so only when no one
    else has it open (the site's worker keeps a connection open while it runs; SQLite refuses to leave
    the log while another connection has the database open), and under an exclusive lock, which SQLite
    keeps until it is given back (`_given_back`): a connection that opens the database in between waits
    for it, up to its busy timeout, then fails "database is locked". Inside a transaction (the tests'),
    a database in memory, or with another connection open, the load goes through the log as before."""
    if connection.in_atomic_block or DatabaseCreation.is_in_memory_db(connection.settings_dict["NAME"]):
        return False
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        (timeout,) = cursor.fetchone()
        # Asked once, not waited for: another connection open is an answer, not a delay.
        cursor.execute("PRAGMA busy_timeout = 0")
        cursor.execute("PRAGMA locking_mode = EXCLUSIVE")
        try:
            cursor.execute("PRAGMA journal_mode = DELETE")
            (mode,) = cursor.fetchone()
        except OperationalError:  # "database is locked": another connection has it open
            mode = None
        finally:
            cursor.execute(f"PRAGMA busy_timeout = {int(timeout)}")
        if mode != "delete":
            cursor.execute("PRAGMA locking_mode = NORMAL")
            return False
    logger.debug("The first load has the database to itself, out of its write-ahead log.")
    return True


def _given_back() -> None:
    """The database back in its write-ahead log (the setting every connection of the site opens it
    with), the exclusive lock let go: once locking is normal again, SQLite lets the lock go at the
    database's next use, here the change of journal."""
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA locking_mode = NORMAL")
        cursor.execute("PRAGMA journal_mode = WAL")
        # A read, which opens the log on this connection: until it does, a checkpoint here fails
        # ("database table is locked"), as `importing._bulk_load`'s did when nothing was written between.
        cursor.execute("SELECT count(*) FROM sqlite_master")
        cursor.fetchall()


def _checkpoint_started() -> threading.Thread | None:
    """Copy the write-ahead log into the database in a thread of its own, on a connection of its own,
    while the import goes on (the peers' pass).

    The first load's commit left the whole load in the log, 1.3 GB at 100,000 creators, and copying it
    into the database at the commit took the importer 3-4 s it then spent on nothing else. A PASSIVE
    checkpoint works beside the writers and readers of the other connections, and SQLite lets this
    thread's calls run outside Python's global lock. A database in memory has no log to copy."""
    path = connection.settings_dict["NAME"]
    if DatabaseCreation.is_in_memory_db(path):
        return None
    timeout = connection.settings_dict["OPTIONS"].get("timeout", 5)

    def checkpoint() -> None:
        try:
            with closing(sqlite3.connect(path, timeout=timeout)) as database:
                database.execute("PRAGMA wal_checkpoint(PASSIVE)")
        except sqlite3.Error:
            # Nothing is lost: the import's own checkpoint at its end copies the log (importing._bulk_load).
            logger.exception("The first load's checkpoint failed.")

    thread = threading.Thread(target=checkpoint, name="first-load-checkpoint", daemon=True)
    thread.start()
    return thread


class SQLiteFirstLoad:
    """A first load into SQLite: `begin` opens its transaction and drops the tables' secondary indexes
    (the unique ones stay) and the triggers that write to their text indexes; `end` makes them again,
    rebuilds each text index from the rows, each in one pass, and commits. Ended once; `abandon` rolls it
    all back."""

    def __init__(self) -> None:
        self.atomic: transaction.Atomic | None = None
        self.began = 0.0
        self.indexes: list[str] = []
        self.triggers: list[str] = []
        self.text_indexes: list[str] = []
        self.checkpoint: threading.Thread | None = None
        self.alone = False  # the database taken for the load, out of its write-ahead log (`_taken_alone`)

    @property
    def holding(self) -> bool:
        """Whether the load's transaction is open (the indexes down)."""
        return self.atomic is not None

    def begin(self) -> None:
        self.alone = _taken_alone()
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        self.began = time.perf_counter()
        try:
            self._drop()
        except BaseException as error:
            self.abandon(error)
            raise

    def made_again(self, *, but_naming: Collection[str] = ()) -> None:
        """Make the indexes and triggers again and rebuild the text indexes, inside the load's transaction,
        all but the indexes whose definitions name one of the columns `but_naming` (and their tables'
        later ones): those `end` makes.

        For a load that has the database alone (`alone`): the peers' pass then writes every creator's
        numbers inside it, before the indexes that hold them are made, and `end` makes them over the
        written rows. At 100,000 creators, writing the numbers into the four indexes that hold the score
        took 2.5 s, the rows alone 0.5 s, and making those indexes 0.9 s. Through the log, the commit
        comes first instead, and the copying of the log goes on while the pass writes."""
        if self.atomic is None:
            return
        started = time.perf_counter()
        # A table lists its indexes in the order they were made, which SQLite's planner reads when two
        # cost the same: after the first index of a table left for `end`, its later ones wait too.
        waiting: set[str] = set()
        made: list[str] = []
        named: list[str] = []
        for definition in self.indexes:
            table = _INDEXED_TABLE.search(definition)
            key = table.group(1) if table else definition
            if key not in waiting and any(
                re.search(rf"\b{re.escape(column)}\b", definition) for column in but_naming
            ):
                waiting.add(key)
            (named if key in waiting else made).append(definition)
        self._made(made)
        logger.debug(
            "Made %d indexes and %d triggers again and rebuilt %d text indexes in %.3f s, %d indexes left.",
            len(made),
            len(self.triggers),
            len(self.text_indexes),
            time.perf_counter() - started,
            len(named),
        )
        self.indexes, self.triggers, self.text_indexes = named, [], []

    def end(self) -> None:
        if self.atomic is None:
            return
        started = time.perf_counter()
        self._made(self.indexes)
        atomic, self.atomic = self.atomic, None
        if self.alone:
            atomic.__exit__(None, None, None)  # nothing to copy: the rows went straight into the file
            self.given_back()
        else:
            with _checkpoint_left_behind():
                atomic.__exit__(None, None, None)
            self.checkpoint = _checkpoint_started()
        logger.debug(
            "Made %d indexes and %d triggers again and rebuilt %d text indexes in %.3f s; the first load "
            "held the write lock %.3f s.",
            len(self.indexes),
            len(self.triggers),
            len(self.text_indexes),
            time.perf_counter() - started,
            time.perf_counter() - self.began,
        )

    def _made(self, indexes: list[str]) -> None:
        """Make these indexes, the triggers and the text indexes again (the load abandoned if that fails)."""
        try:
            with connection.cursor() as cursor:
                for definition in (*indexes, *self.triggers):
                    cursor.execute(definition)
                for name in self.text_indexes:
                    quoted = connection.ops.quote_name(name)
                    cursor.execute(f"INSERT INTO {quoted}({quoted}) VALUES ('rebuild')")
        except BaseException as error:
            self.abandon(error)
            raise

    def checkpointed(self) -> None:
        """Wait for the checkpoint the end started, if it did."""
        if self.checkpoint is not None:
            self.checkpoint.join()
            self.checkpoint = None

    def abandon(self, error: BaseException) -> None:
        if self.atomic is not None:
            atomic, self.atomic = self.atomic, None
            atomic.__exit__(type(error), error, error.__traceback__)

    def given_back(self) -> None:
        """The database shared again, in its write-ahead log, if the load had taken it (`_taken_alone`)."""
        if self.alone:
            self.alone = False
            _given_back()

    def _drop(self) -> None:
        quote = connection.ops.quote_name
        tables = ", ".join(f"'{table}'" for table in TABLES)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL%'"
            )
            self.text_indexes = [
                name
                for name, sql in cursor.fetchall()
                if (content := _CONTENT.search(sql)) and content.group(1) in TABLES
            ]
            # In the order they were made, so that each table lists them in the same order again.
            cursor.execute(
                f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ({tables}) "
                "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%' ORDER BY rowid"
            )
            indexes = [(name, sql) for name, sql in cursor.fetchall() if name not in _KEPT]
            cursor.execute(
                f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ({tables}) "
                "ORDER BY rowid"
            )
            # Only those that write to a text index rebuilt at the end: any other goes on firing.
            triggers = [
                (name, sql)
                for name, sql in cursor.fetchall()
                if any(text in sql for text in self.text_indexes)
            ]
            for name, _definition in indexes:
                cursor.execute(f"DROP INDEX {quote(name)}")
            for name, _definition in triggers:
                cursor.execute(f"DROP TRIGGER {quote(name)}")
        self.indexes = [definition for _name, definition in indexes]
        self.triggers = [definition for _name, definition in triggers]
