"""Inserting creators that are new to the database: the hot path of a first import.

On PostgreSQL the rows go in by COPY (psycopg's `cursor.copy()`), many times faster than INSERTs; every
row of a line, the creator's included, comes from the workers already written as COPY's text, and only
the creator's id and the timestamps are added here (`preparing.copy_text`). The creators' rows once
went as tuples, written here by psycopg a call a value: per 10,000 creators that cost 0.24 s here and
0.25 s of pickling, against 0.22 s in the workers for the text. SQLite has no COPY: there a table whose
key the database picks takes hundreds of rows a statement (`INSERT ...
VALUES (...), (...), ...`), the videos, whose key the line gives, one prepared INSERT run over every row
(`executemany`). Django declares every generated key AUTOINCREMENT on SQLite, and such a table's
statement reads and writes its row of `sqlite_sequence` once per statement: run once a row, that cost
more than the row itself (follower snapshots 2.7 µs a row by executemany, 0.75 µs in statements of 500
rows; creators 170 and 55 µs, at 10,000 seeded creators). The videos' table has no AUTOINCREMENT, and
there the long statement is the slower (4.4 against 6.1 µs a row).
"""

import itertools
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import cache, lru_cache
from operator import attrgetter, itemgetter
from typing import Any, cast

from django.db import connection
from django.db.models import Model, QuerySet
from django.utils import timezone

from vetrina.creators.models import AudienceCountry, Creator, FollowerSnapshot, Video
from vetrina.ingest.columns import CREATOR_ROW_FIELDS
from vetrina.ingest.preparing import COPY_ROW_END, Prepared


def fresh_creators_insert(lines: list[Prepared]) -> None:
    """Insert creators that are new to the database, from rows prepared with their numbers.

    The hot path of a first import: plain INSERTs of the rows the lines were read into, no model
    instance per video or snapshot, and no second read to recompute what the lines already gave.
    """
    now = _CREATED_AT.get_db_prep_save(timezone.now(), connection)
    if connection.vendor == "postgresql":
        _fresh_creators_copy(lines, now)
        return
    timestamps = (now, now)
    # On SQLite the workers give a creator's row as its values (`preparing._creator_row`).
    _rows_insert(
        Creator, _CREATOR_COLUMNS, [cast(tuple[Any, ...], line.creator) + timestamps for line in lines]
    )
    pks = dict(Creator.objects.filter(handle__in=[line.handle for line in lines]).values_list("handle", "pk"))
    # Each row is the creator's id followed by the line's columns, zipped (in C) as the rows go in; the
    # id repeats without end, so the columns say where a line's rows stop (strict=False), and a line
    # without rows of a table is left out (zipped alone, the id would never stop).
    keyed = [(itertools.repeat(pks[line.handle]), line) for line in lines]
    for model, columns, columns_of in _CHILD_ROWS:
        _rows_insert(
            model,
            columns,
            itertools.chain.from_iterable(
                zip(key, *line_columns, strict=False)
                for key, line in keyed
                if (line_columns := columns_of(line))
            ),
        )


def _fresh_creators_copy(lines: list[Prepared], now: datetime) -> None:
    """PostgreSQL: every row as COPY's text, which the workers wrote (`preparing`), all but what only
    this process knows: the creators' ids, taken from their sequence up front so that no query has to
    read them back, and the timestamps."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [Creator._meta.db_table, len(lines)],
        )
        pks = [pk for (pk,) in cursor.fetchall()]
    stamps = f"\t{now.isoformat()}" * 2 + "\n"
    with _copying(Creator, ("id", *_CREATOR_COLUMNS)) as copy:
        copy.write("".join([f"{pk}\t{line.creator}{stamps}" for pk, line in zip(pks, lines, strict=True)]))
    # The children's rows lack only their creator's id, their last column: it goes in at each row's
    # end, one replace a line and table.
    ends = [(line, f"\t{pk}\n") for pk, line in zip(pks, lines, strict=True)]
    for model, columns, rows_of in _CHILD_ROWS:
        text = "".join([rows_of(line).replace(COPY_ROW_END, end) for line, end in ends])
        if text:
            with _copying(model, (*columns[1:], columns[0])) as copy:  # the creator's id last
                copy.write(text)


def fresh_creators_remove(lines: list[Prepared]) -> None:
    """Delete whatever `fresh_creators_insert` stored of these lines' creators before the database
    refused a row: it was not under a savepoint (`importing._fresh_store`). The creators were all new to
    the database, so every row of theirs is the insert's."""
    new_creators_remove(Creator.objects.filter(handle__in=[line.handle for line in lines]))


def new_creators_remove(creators: QuerySet[Creator]) -> None:
    """Delete these creators and the rows an import gave them (videos, snapshots, audience countries),
    by plain deletes: for creators a load has just stored, which nothing else names yet."""
    for model in (Video, FollowerSnapshot, AudienceCountry):
        model.objects.filter(creator__in=creators).delete()
    creators.delete()


def _rows_insert(model: type[Model], columns: tuple[str, ...], rows: Iterable[tuple[Any, ...]]) -> None:
    """Insert rows of these columns into SQLite, as it takes many rows fastest."""
    with connection.cursor() as cursor:
        # Straight to the driver, with its own "?" placeholders: Django's cursor rewrites each query's
        # "%s" with a regular expression, which on a statement of 500 rows cost a good part of what
        # SQLite spends storing them. Its errors are made Django's, as Django's cursor would.
        driver = cursor.cursor
        with connection.wrap_database_errors:
            if (key := model._meta.pk.column) in columns:
                # The line gives the key (the videos'): no AUTOINCREMENT, and a row a statement is faster.
                # Its unique index (78 MB at 100,000 creators) takes the ids at places all over it, as
                # they come in no order; in their order, one after the other: 4.4 million videos alone
                # took 4.6 µs a row sorted, the sorting included, against 5.6 in a line's order.
                ordered = sorted(rows, key=itemgetter(columns.index(key)))
                sqlite3.Cursor.executemany(driver, _insert_sql(model, columns), ordered)
                return
            for count, params in _statements(rows, columns=len(columns)):
                sqlite3.Cursor.execute(driver, _insert_sql(model, columns, count), params)


@contextmanager
def _copying(model: type[Model], columns: tuple[str, ...]) -> Iterator[Any]:
    # COPY is psycopg's own method, outside Django's cursor wrapper: its errors are made Django's here, so
    # that an IntegrityError (a video id someone else has) sends the batch down the careful path as on
    # SQLite.
    with (
        connection.cursor() as cursor,
        connection.wrap_database_errors,
        cursor.cursor.copy(_copy_sql(model, columns)) as copy,
    ):
        yield copy


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
# The tables of a creator's rows, their columns and the Prepared field that holds a line's rows of each.
_CHILD_ROWS = (
    (Video, _VIDEO_COLUMNS, attrgetter("videos")),
    (FollowerSnapshot, _SNAPSHOT_COLUMNS, attrgetter("snapshots")),
    (AudienceCountry, _COUNTRY_COLUMNS, attrgetter("countries")),
)


# Rows in one INSERT statement, at most (and at most as many values as SQLite takes parameters).
ROWS_PER_STATEMENT = 500


def _statements(rows: Iterable[tuple[Any, ...]], *, columns: int) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """The rows as the parameters of INSERT statements of many rows each: (rows, their values in a row).

    The rows left over after the full statements go in statements of 256, 128, ... 1 rows (those their
    count adds up from), not one of exactly their count: SQLite parses a statement the first time it
    sees its text, and the last statement of each batch and table was a new one (a statement of 500 rows
    of 57 values takes 5.9 ms to parse and 0.9 ms to run). These few sizes are parsed once.
    """
    most_params = connection.features.max_query_params or ROWS_PER_STATEMENT * columns
    per_statement = max(1, min(ROWS_PER_STATEMENT, most_params // columns))
    values = itertools.chain.from_iterable(rows)  # in C: no Python code per row or value
    while len(params := tuple(itertools.islice(values, per_statement * columns))) == per_statement * columns:
        yield per_statement, params
    left, start = len(params) // columns, 0
    for size in _POWERS_OF_TWO:
        if left & size:
            yield size, params[start * columns : (start + size) * columns]
            start += size


_POWERS_OF_TWO = [1 << power for power in reversed(range(ROWS_PER_STATEMENT.bit_length()))]


@lru_cache(maxsize=64)  # per table: the full statement and those of 256, 128, ... 1 rows
def _insert_sql(model: type[Model], columns: tuple[str, ...], rows: int = 1) -> str:
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    row = "(" + ", ".join(["?"] * len(columns)) + ")"  # the driver's placeholder (SQLite's only)
    return f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES {', '.join([row] * rows)}"


@cache
def _copy_sql(model: type[Model], columns: tuple[str, ...]) -> str:
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    return f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN"
