"""Inserting creators that are new to the database: the hot path of a first import.

On PostgreSQL the rows go in by COPY (psycopg's `cursor.copy()`), many times faster than INSERTs; on
SQLite, which has no COPY, by one prepared INSERT run over every row (`executemany`).
"""

import itertools
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from django.db import connection
from django.db.models import Model
from django.utils import timezone

from vetrina.creators.models import AudienceCountry, Creator, FollowerSnapshot, Video
from vetrina.ingest.columns import CREATOR_ROW_FIELDS
from vetrina.ingest.preparing import Prepared


def fresh_creators_insert(lines: list[Prepared]) -> None:
    """Insert creators that are new to the database, from rows prepared with their numbers.

    The hot path of a first import: plain INSERTs of the tuples the lines were read into, no model
    instance per video or snapshot, and no second read to recompute what the lines already gave.
    """
    now = _CREATED_AT.get_db_prep_save(timezone.now(), connection)
    timestamps = (now, now)
    _rows_insert(Creator, _CREATOR_COLUMNS, [line.creator + timestamps for line in lines])
    pks = dict(Creator.objects.filter(handle__in=[line.handle for line in lines]).values_list("handle", "pk"))
    # Each row is the creator's id followed by the row as read: one tuple concatenation, in C.
    keyed: list[tuple[Callable[[tuple[Any, ...]], tuple[Any, ...]], Prepared]] = [
        ((pks[line.handle],).__add__, line) for line in lines
    ]
    _rows_insert(
        Video, _VIDEO_COLUMNS, itertools.chain.from_iterable(map(key, line.videos) for key, line in keyed)
    )
    _rows_insert(
        FollowerSnapshot,
        _SNAPSHOT_COLUMNS,
        itertools.chain.from_iterable(map(key, line.snapshots) for key, line in keyed),
    )
    _rows_insert(
        AudienceCountry,
        _COUNTRY_COLUMNS,
        itertools.chain.from_iterable(map(key, line.countries) for key, line in keyed),
    )


def _rows_insert(model: type[Model], columns: tuple[str, ...], rows: Iterable[tuple[Any, ...]]) -> None:
    """Insert rows of these columns, as the database takes many rows fastest."""
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.executemany(_insert_sql(model, columns), list(rows))
            return
        # COPY is psycopg's own method, outside Django's cursor wrapper: its errors are made Django's
        # here, so that an IntegrityError (a video id someone else has) sends the batch down the careful
        # path as on SQLite.
        with connection.wrap_database_errors, cursor.cursor.copy(_copy_sql(model, columns)) as copy:
            for row in rows:
                copy.write_row(row)


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


@cache
def _copy_sql(model: type[Model], columns: tuple[str, ...]) -> str:
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    return f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN"
