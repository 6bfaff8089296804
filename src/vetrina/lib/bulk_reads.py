"""A cursor for the passes that read every creator's rows (`vetrina recompute`, the peers' numbers): the
driver's rows as they are, with no Django converters, and on PostgreSQL in the binary format.

Django reads from PostgreSQL with client-side binding, which takes results only as text, and loads each
timestamp with time zone through a Python call of its own (to set the zone) around psycopg's loader. A
pass over 4.4 million videos paid that per row. In binary the loaders are psycopg's own, in C, and a
timestamp comes as a number rather than text to parse. 220,000 videos' rows of seven columns cost the
reading process 0.56 s of CPU as text and 0.24 s in binary, and the server less time writing them.

A timestamp with time zone comes back in the connection's zone, which Django sets to UTC: aware
datetimes in `datetime.UTC`, as Django's loader gives them. Other values come as the text format gives
them (ints, floats to the same bits, dates, strings, None).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from django.db import connection
from django.db.models import QuerySet


@contextmanager
def bulk_cursor() -> Iterator[Any]:
    """A cursor with `execute(sql, params)`, `fetchall()` and `fetchmany(size)`, on the default connection
    and in its transaction. The SQL takes Django's "%s" placeholders (a compiled query's `as_sql`)."""
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            yield cursor
            return
        # Its errors made Django's, as Django's own cursor would.
        with connection.wrap_database_errors, _BinaryCursor(cursor.connection) as binary:
            yield binary


def fetched(rows: QuerySet[Any, Any]) -> list[tuple[Any, ...]]:
    """The rows of a values_list query as the driver returns them, all at once, through `bulk_cursor`:
    without Django's converters, and without its fetching a hundred rows at a time and handing each on
    through Python (a third of the CPU time of reading a chunk's captions on SQLite)."""
    sql, params = rows.query.sql_with_params()
    with bulk_cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


class _BinaryCursor(psycopg.Cursor[Any]):
    """psycopg's cursor with server-side binding (client-side binding has no binary results), asking for
    every result in binary. Its statements are never prepared, whatever the connection's
    `prepare_threshold` (the passes run theirs once per range of creators): a named prepared statement
    would not survive a connection pooler that hands each transaction another connection, and Django's
    own client-side binding never prepares one either."""

    def execute(self, query: Any, params: Any = None, **options: Any) -> "_BinaryCursor":
        super().execute(query, params, binary=True, prepare=False, **options)
        return self
