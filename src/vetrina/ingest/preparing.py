"""Reading import lines into rows ready to insert: the part of an import that can run in parallel.

A first import spends most of its time reading lines (JSON, validation, the numbers of
docs/numbers.md) and less writing them. `prepared_lines` does the reading, in worker processes when asked
to, and hands back, in file order, either the rows of a line or the reason it is bad; the importing
process only decides and writes. Nothing here touches the database, so the workers need no
connection of their own.
"""

import gc
import os
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache, lru_cache
from itertools import batched, pairwise
from multiprocessing import get_context
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

import msgspec
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field
from psycopg.types.json import Jsonb

from vetrina.ingest.columns import CREATOR_ROW_FIELDS, creator_values
from vetrina.ingest.numbers import numbers_after_import
from vetrina.ingest.parsing import (
    BadLine,
    CreatorRecord,
    SnapshotRecord,
    VideoRecord,
    all_in_utc,
    parse_line,
)
from vetrina.ingest.reading import CHUNK_LINES, ImportFile, chunk_lines
from vetrina.lib.workers import call, setup_django


# A named tuple, not a dataclass: a hundred thousand of them come back from the workers, and a tuple is
# the cheapest object to unpickle.
class Prepared(NamedTuple):
    """A good line, parsed once: rows ready to insert for a creator new to the database, which also
    serve (read back by `line_videos` and `line_snapshots`) to compare it with a creator already stored."""

    number: int
    handle: str
    video_ids: tuple[int, ...]
    # The database's values of CREATOR_ROW_FIELDS, the stored numbers included: on PostgreSQL written as
    # COPY's text (no end, no id, no timestamps).
    creator: tuple[Any, ...] | str
    # The Creator fields the line sets (creator_values) as Python values: what a creator already stored
    # is compared with. Its strings are the row's own objects, so they cost nothing more to send back.
    values: dict[str, Any]
    verified: bool
    # The rows of the line's videos, follower snapshots and audience countries, without their creator's
    # id: on SQLite a tuple of these columns (empty for no rows), on PostgreSQL the text COPY reads
    # (`copy_rows`).
    videos: "Rows"  # (id, posted_at, views, likes, comments, shares, duration_s, caption)
    snapshots: "Rows"  # (date, count)
    countries: "Rows"  # (country, share)


# Columns, not a tuple a row: pickled, sent back and unpickled, a line's 120 rows as tuples cost twice
# what its ten columns do, and they kept the importing process's garbage collector busy (each row a
# tracked container alive until its batch was stored). The importing process zips the columns into
# rows as it inserts them (`inserting`).
type Columns = tuple[tuple[Any, ...], ...]
type Rows = Columns | str


@dataclass(frozen=True, slots=True)
class Rejected:
    number: int
    handle: str | None
    reason: str


type Outcome = Prepared | Rejected | None  # None: a blank line


def prepare_line(number: int, text: str, *, vendor: str) -> Outcome:
    if not text.strip():
        return None
    try:
        record = parse_line(text)
    except BadLine as error:
        return Rejected(number=number, handle=error.handle, reason=str(error))
    return prepare_record(number, record, vendor=vendor)


def prepare_record(number: int, record: CreatorRecord, *, vendor: str) -> Prepared:
    """The rows of line `number`, already read into `record`: what `prepare_line` makes of a line once
    it is parsed, for a caller that has the record without the text (`vetrina seed`'s generator)."""
    line_values = creator_values(record)
    values = {
        "handle": record.handle,
        "verified": record.verified,
        **line_values,
        # As a new creator: the importing process works them out again for one already stored.
        **numbers_after_import(videos=record.videos, snapshots=record.followers),
    }
    # Converted here, in the worker: the importing process only adds the timestamps and writes.
    return Prepared(
        number=number,
        handle=record.handle,
        video_ids=tuple(video.id for video in record.videos),
        # A column the line does not set gets the model's default, as a model instance would: plain
        # NULL broke the fast insert for a NOT NULL column (peer_group_category), and every new creator
        # then went in one by one.
        creator=_creator_row(values, connections[DEFAULT_DB_ALIAS], text=vendor == "postgresql"),
        **_rows(record, vendor),
        values=line_values,
        verified=record.verified,
    )


def _rows(record: CreatorRecord, vendor: str) -> dict[str, Rows]:
    countries = list(record.audience.country.items()) if record.audience.country else []
    videos = record.videos
    if vendor == "postgresql":
        posted = _utc_texts(list(map(_posted_at, videos)), sqlite=False)
        # Written out here for the two tables of many rows a line: a call per value costs more.
        return {
            "videos": "".join(
                [
                    f"{video_id}\t{posted_at}\t{views}\t{likes}\t{comments}\t{shares}\t"
                    f"{_COPY_NULL if duration is None else duration}\t{_copy_value(caption)}{COPY_ROW_END}"
                    for (video_id, _, views, likes, comments, shares, duration, caption), posted_at in zip(
                        videos, posted, strict=True
                    )
                ]
            ),
            "snapshots": "".join(
                [f"{_date_text(day)}\t{count}{COPY_ROW_END}" for day, count in record.followers]
            ),
            "countries": copy_text(countries),
        }
    # SQLite: the columns, made a column at a time (zip, map: no Python code per video).
    video_columns: Columns = ()
    if videos:
        ids, moments, views, likes, comments, shares, durations, captions = zip(*videos, strict=True)
        video_columns = (ids, tuple(_utc_texts(moments)), views, likes, comments, shares, durations, captions)
    snapshot_columns: Columns = ()
    if record.followers:
        days, counts = zip(*record.followers, strict=True)
        snapshot_columns = (tuple(map(_date_text, days)), counts)
    return {
        "videos": video_columns,
        "snapshots": snapshot_columns,
        "countries": tuple(zip(*countries, strict=True)),
    }


_posted_at = itemgetter(1)  # a VideoRecord's posted_at
_encode_json = msgspec.json.encode
_decode_texts = msgspec.json.Decoder(list[str]).decode


def _utc_texts(moments: Sequence[datetime], *, sqlite: bool = True) -> list[str]:
    """Moments as the rows give them to the database: on SQLite as `_datetime_text` writes each, on
    PostgreSQL in ISO 8601 ("2026-10-02T18:00:00Z"), which COPY reads.

    msgspec writes a line's moments as JSON at once, in C, as ISO 8601 with the microseconds as Python
    writes them, and SQLite's text is that with a space for the T and no Z: a tenth of the cost of
    `isoformat` a moment (an aware moment's isoformat asks its zone for the offset; 1 µs each, 4.4
    million of them at 100,000 creators). A moment in another zone, or none, goes the slow way."""
    if not moments:
        return []
    if not all_in_utc(moments):
        return [_datetime_text(moment) if sqlite else moment.isoformat() for moment in moments]
    written = _encode_json(moments)
    if sqlite:
        written = written.replace(b"T", b" ").replace(b'Z"', b'"')
    return _decode_texts(written)


# PostgreSQL's COPY, in its text format: a tab between columns, \N for NULL, a line break after each row,
# and a backslash before a backslash, tab, line break or carriage return within a value. The workers write
# each line's rows so, all but the last column, the creator's id, which the importing process fills in
# once the creator has it (`inserting`): one string a line and table to send back, instead of a tuple a
# row (and a datetime or date in it, which pickle makes with a Python call each), and no row by row
# work left for the importing process.
_COPY_NULL = "\\N"
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_COPY_UNESCAPES = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}
_COPY_ESCAPED = re.compile(r"\\(.)", re.DOTALL)
# What ends each row: the tab before the creator's id, which is left out, and the line break after it.
COPY_ROW_END = "\t\n"


def copy_text(rows: Iterable[tuple[Any, ...]]) -> str:
    """Rows of ints, floats, strings and None as COPY's text, each row ending with COPY_ROW_END."""
    return "".join(["\t".join(map(_copy_value, row)) + COPY_ROW_END for row in rows])


def _copy_value(value: Any) -> str:
    if value is None:
        return _COPY_NULL
    if type(value) is str:
        # Most values hold nothing to escape: four searches cost less than a translation.
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            return value.translate(_COPY_ESCAPES)
        return value
    return repr(value)  # ints, and floats as Python writes them back exactly (PostgreSQL reads them so)


def copy_rows(text: str) -> list[list[Any]]:
    """The reverse of `copy_text`: each row's values as text (None for NULL), the creator's id left out."""
    return [[_copy_read(value) for value in row.split("\t")] for row in text.split(COPY_ROW_END)[:-1]]


def _copy_read(value: str) -> str | None:
    if value == _COPY_NULL:
        return None
    if "\\" in value:
        return _COPY_ESCAPED.sub(lambda match: _COPY_UNESCAPES[match[1]], value)
    return value


def _creator_row(
    values: dict[str, Any], database: BaseDatabaseWrapper, *, text: bool
) -> tuple[Any, ...] | str:
    """The database's values of CREATOR_ROW_FIELDS, as each field's get_db_prep_save makes them; with
    `text` (PostgreSQL), written as COPY's text, without the id and timestamps the importing process adds
    (`inserting`)."""
    row = []
    for field, as_is, default in _row_fields(database.alias):
        value = values.get(field.name, _MISSING)
        if value is _MISSING:
            row.append(default)
        elif type(value) in as_is:
            row.append(value)
        else:
            row.append(field.get_db_prep_save(value, database))
    if text:
        # Half the values are numbers and a fifth NULL: those are written inline, without a call each.
        return "\t".join(
            [
                repr(value)
                if (kind := type(value)) is float or kind is int
                else _COPY_NULL
                if value is None
                else _copy_any(value)
                for value in row
            ]
        )
    return tuple(row)


def _copy_any(value: Any) -> str:
    """A creator column's value, as get_db_prep_save gave it for PostgreSQL, as COPY's text: what psycopg
    would write for it (JSON as its text, escaped like any other). A type of value not known here stops
    the import: written by repr(), it would be refused by COPY at best."""
    kind = type(value)
    if kind is str:
        return _copy_value(value)
    if kind is bool:
        return "t" if value else "f"
    if kind is date or kind is datetime:
        return value.isoformat()
    if isinstance(value, Jsonb):
        return _copy_value(_encode_json(value.obj).decode())
    raise TypeError(f"No COPY text for a creator column's value of type {kind.__name__}.")


_MISSING = object()


@cache
def _row_fields(alias: str) -> list[tuple[Field[Any, Any], tuple[type, ...], Any]]:
    """Each of CREATOR_ROW_FIELDS with the types of value it stores as they are, and the stored value of its
    default. Field.get_db_prep_save is a chain of Python calls; run for every column of every line, it cost
    a tenth of the time spent reading a line, mostly to give back the very value it was handed (a float
    for a FloatField, a str for a CharField). Here the field's own method is left only the values it
    changes: dates, JSON, decimals.

    A column the line does not set gets the model's default, as a model instance would: plain NULL broke
    the fast insert for a NOT NULL column (peer_group_category), and every new creator then went in one
    by one. The defaults are constants (a JSON field's `list` gives the same text every time)."""
    database = connections[alias]
    fields = []
    for field in CREATOR_ROW_FIELDS:
        as_is: tuple[type, ...] = ()
        if not isinstance(field, models.JSONField):
            as_is = (type(None),)  # NULL, whatever the field
            if isinstance(field, models.FloatField):
                as_is += (float,)
            elif isinstance(field, models.IntegerField):
                as_is += (int,)  # not bool: type() is compared, not isinstance
            elif isinstance(field, models.CharField | models.TextField):
                as_is += (str,)
            elif isinstance(field, models.BooleanField):
                as_is += (bool,)
        fields.append((field, as_is, field.get_db_prep_save(field.get_default(), database)))
    return fields


def line_videos(line: Prepared, *, vendor: str) -> list[VideoRecord]:
    """A prepared line's videos as the parser gave them, from its rows: for the rarer lines that are
    compared with what is stored rather than inserted as they are."""
    if isinstance(line.videos, str):
        return [
            VideoRecord._make(
                (
                    int(video_id),
                    datetime.fromisoformat(posted_at),
                    int(views),
                    int(likes),
                    int(comments),
                    int(shares),
                    None if duration is None else int(duration),
                    caption,
                )
            )
            for video_id, posted_at, views, likes, comments, shares, duration, caption in copy_rows(
                line.videos
            )
        ]
    as_datetime = db_readers(vendor)[0]
    return [
        VideoRecord._make((video_id, as_datetime(posted_at), *counts))
        for video_id, posted_at, *counts in zip(*line.videos, strict=True)
    ]


def line_snapshots(line: Prepared, *, vendor: str) -> list[SnapshotRecord]:
    if isinstance(line.snapshots, str):
        return [SnapshotRecord(_text_date(day), int(count)) for day, count in copy_rows(line.snapshots)]
    as_date = db_readers(vendor)[1]
    return [SnapshotRecord._make((as_date(day), count)) for day, count in zip(*line.snapshots, strict=True)]


def line_countries(line: Prepared) -> dict[str, float] | None:
    """A prepared line's audience countries; None when it gives none."""
    if not line.countries:
        return None  # a country dimension the line gives has at least one country: its shares add up to 1
    if isinstance(line.countries, str):
        return {country: float(share) for country, share in copy_rows(line.countries)}
    return dict(zip(*line.countries, strict=True))


def prepared_lines(lines: Iterable[str], *, vendor: str, workers: int = 1) -> Iterator[Outcome]:
    """What each line reads as, in order; with workers > 1, read by that many processes, which read an
    ImportFile's lines from the file themselves (`reading`)."""
    if workers <= 1:
        for number, text in enumerate(lines, start=1):
            yield prepare_line(number, text, vendor=vendor)
        return
    tasks: Iterator[tuple[Any, ...]]
    if isinstance(lines, ImportFile) and lines.starts is not None:
        ranges = pairwise(lines.starts)
        path = str(lines.path)
        tasks = (
            (f"{__name__}:prepare_file_chunk", path, start, end, 1 + index * lines.chunk_lines, vendor)
            for index, (start, end) in enumerate(ranges)
        )
    else:
        tasks = (
            (f"{__name__}:prepare_chunk", list(chunk), vendor)
            for chunk in batched(enumerate(lines, start=1), CHUNK_LINES)
        )
    # spawn: forking a process with threads (a progress bar's) or open connections is unsafe.
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn"), initializer=setup_django) as pool:
        pending: deque[Future[list[Outcome]]] = deque()
        for task in tasks:
            pending.append(pool.submit(call, *task))
            # A few chunks ahead per worker keeps them busy without reading the whole file at once.
            if len(pending) > 3 * workers:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


def prepare_file_chunk(path: str, start: int, end: int, first: int, vendor: str) -> list[Outcome]:
    """The lines of one stretch of an import file, read here (`reading.chunk_lines`); `first` is the
    number of its first line."""
    _worker_settled()
    lines = chunk_lines(Path(path), start, end)
    return [prepare_line(number, text, vendor=vendor) for number, text in enumerate(lines, start=first)]


def prepare_chunk(chunk: list[tuple[int, str]], vendor: str) -> list[Outcome]:
    _worker_settled()
    return [prepare_line(number, text, vendor=vendor) for number, text in chunk]


# How much less of the CPU a worker asks for than the importing process (os.nice). On two cores the
# importing process and two workers share two cores, and the importing process, which stores every
# line, is the narrowest part: given an equal share, it waited for a core while the workers read lines
# it would not need for a while. At a lower priority the workers take what it leaves: importing
# 100,000 creators into SQLite took 59.3, 58.7 and 56.9 s against 62.1, 64.1 and 61.7 s, alternating.
# On PostgreSQL it changed nothing that showed. Other processes of the machine (the site's) come before
# the workers too.
WORKER_NICENESS = 10


@cache
def _worker_settled() -> None:
    """Once per worker, before its first lines: what it has made so far (Django, its settings, the
    project's modules) lives as long as the worker, and is left out of the garbage collector's full
    passes, which the thousands of objects each line makes set off again and again and which otherwise
    walk all of it each time (a tenth of the workers' CPU time at 10,000 seeded creators). And the worker
    goes down to WORKER_NICENESS."""
    gc.freeze()
    os.nice(WORKER_NICENESS)


@lru_cache(maxsize=4096)
def _date_text(day: date) -> str:
    return day.isoformat()  # the few hundred days of a file, each written once


def _datetime_text(moment: datetime) -> str:
    # Django keeps SQLite datetimes as naive UTC text, "2026-10-02 18:00:00[.ffffff]". The importer's
    # moments are aware and in UTC: their ISO text less its "+00:00" (cheaper than replacing tzinfo).
    if moment.utcoffset():
        moment = moment.astimezone(UTC)
    return moment.isoformat(" ")[:-6] if moment.tzinfo is not None else moment.isoformat(" ")


def db_readers(vendor: str) -> tuple[Callable[[Any], datetime], Callable[[Any], date]]:
    """A UTC datetime and a date back from what the rows wrote (`_utc_texts`, `_date_text`)."""
    if vendor == "sqlite":
        return _text_datetime, _text_date
    return _same, _same


def _text_datetime(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@lru_cache(maxsize=4096)
def _text_date(text: str) -> date:
    return date.fromisoformat(text)


def _same[T](value: T) -> T:
    return value
