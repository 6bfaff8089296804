"""Another writer holding the database's write lock, as an import does, for the tests of what a write
does meanwhile. The lock is taken through a connection of its own, outside Django."""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection

from vetrina.lib.sqlite_backend import SQLITE_ENGINES

DEADLOCK_ATTEMPTS = 5


@contextmanager
def write_lock_held(settings_dict: dict[str, Any] | None = None) -> Iterator[None]:
    """Holds the lock every write needs until the block ends: SQLite's one write lock (BEGIN IMMEDIATE),
    or on PostgreSQL a SHARE lock on every table, which lets reads through and holds every write."""
    database = settings_dict or connection.settings_dict
    if database["ENGINE"] in SQLITE_ENGINES:
        holder = sqlite3.connect(database["NAME"], isolation_level=None)
        try:
            holder.execute("BEGIN IMMEDIATE")
            yield
            holder.execute("ROLLBACK")
        finally:
            holder.close()
        return
    import psycopg

    with psycopg.connect(
        host=database["HOST"],
        port=database["PORT"],
        user=database["USER"],
        password=database["PASSWORD"],
        dbname=database["NAME"],
    ) as pg_holder:
        tables = [
            row[0] for row in pg_holder.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        ]
        statement = "LOCK TABLE " + ", ".join(f'"{table}"' for table in tables) + " IN SHARE MODE"
        # The tables are locked one after another: a writer that holds one of them while it waits for
        # another (a worker's pruning job, say) makes a deadlock, and PostgreSQL ends one side. When
        # that side is ours, the writer went on and finished; take the locks again.
        for attempt in range(DEADLOCK_ATTEMPTS):
            try:
                pg_holder.execute(statement)
                break
            except psycopg.errors.DeadlockDetected:
                pg_holder.rollback()
                if attempt == DEADLOCK_ATTEMPTS - 1:
                    raise
        yield
        pg_holder.rollback()


@contextmanager
def lock_timeout(seconds: float) -> Iterator[None]:
    """This process's connection gives up waiting for a lock after `seconds`, not the production five,
    so that the tests wait less. Needs a test that is not inside a transaction (transactional_db)."""
    database = connection.settings_dict
    original = database.get("OPTIONS", {})
    if connection.vendor == "sqlite":
        database["OPTIONS"] = {**original, "timeout": seconds}
    else:
        database["OPTIONS"] = {**original, "options": f"-c lock_timeout={int(seconds * 1000)}"}
    connection.close()
    try:
        yield
    finally:
        database["OPTIONS"] = original
        connection.close()
