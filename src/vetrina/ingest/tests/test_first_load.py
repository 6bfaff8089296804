"""A big first import loads the tables without their secondary indexes (on PostgreSQL its foreign keys
too, on SQLite the triggers of its text indexes), and leaves them as they were."""

import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext

from vetrina.config.tests.test_cli import run_vetrina
from vetrina.creators.models import AudienceCountry, Creator, FollowerSnapshot, Video
from vetrina.creators.tests.factories import CreatorFactory, as_lines, line_data, video_data
from vetrina.ingest import first_load as first_load_module
from vetrina.ingest import importing
from vetrina.ingest.deferred_keys import ALONGSIDE
from vetrina.ingest.first_load import TABLES, first_load_applies
from vetrina.ingest.importing import creators_import
from vetrina.lib.sqlite_backend import WaitingWriters
from vetrina.metrics import peers as peers_module
from vetrina.metrics.peers import peers_recompute
from vetrina.metrics.services import STORED_FIELDS, creators_recompute

postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's first load")
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's first load")

NUMBER_FIELDS = [name for name in STORED_FIELDS if name != "metrics_computed_at"]
# Every table, index and trigger SQLite defines, in the order they were made.
SQLITE_MASTER = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY rowid"


def sqlite_schema() -> list[tuple[Any, ...]]:
    """Every index, trigger and table of the database as SQLite defines it, in the order each table lists
    its own (the order they were made in)."""
    with connection.cursor() as cursor:
        cursor.execute(SQLITE_MASTER)
        return in_made_order(cursor.fetchall())


def in_made_order(entries: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Rows of SQLITE_MASTER by table and kind, each table's in the order they were made (their rowids':
    a stable sort keeps it), whatever rowids another table's entries have."""
    return sorted(entries, key=lambda entry: (entry[2], entry[0]))


def secondary_indexes() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('index', 'trigger') AND sql IS NOT NULL "
            "AND tbl_name IN ('creators_creator', 'creators_video', 'creators_audiencecountry')"
        )
        return {name for (name,) in cursor.fetchall()}


def text_index_matches(word: str) -> list[int]:
    """The creators the words' text index finds, after SQLite checks it against the creators' rows."""
    with connection.cursor() as cursor:
        for table in ("search_creator_words", "search_creator_tags"):
            cursor.execute(f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)")
        cursor.execute(
            "SELECT rowid FROM search_creator_words WHERE search_creator_words MATCH %s ORDER BY rowid",
            [word],
        )
        return [rowid for (rowid,) in cursor.fetchall()]


def schema() -> dict[str, list[tuple[Any, ...]]]:
    """The tables' indexes and constraints, as the database defines them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index "
            "WHERE indrelid = ANY(%s::regclass[]) ORDER BY 1",
            [TABLES],
        )
        indexes = cursor.fetchall()
        # The tables' own constraints, and other tables' foreign keys to them (the campaigns' video
        # points name videos).
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), convalidated "
            "FROM pg_constraint WHERE conrelid = ANY(%s::regclass[]) OR confrelid = ANY(%s::regclass[]) "
            "ORDER BY 1, 2",
            [TABLES, TABLES],
        )
        constraints = cursor.fetchall()
        # The columns and their types: the first load has the creators' table rewritten by "changing" a
        # column's type to its own (first_load._rows_rewritten).
        cursor.execute(
            "SELECT table_name, column_name, data_type, is_nullable, column_default, ordinal_position "
            "FROM information_schema.columns WHERE table_name = ANY(%s) ORDER BY 1, 2",
            [TABLES],
        )
        columns = cursor.fetchall()
    return {"indexes": indexes, "constraints": constraints, "columns": columns}


def lines(count: int) -> list[str]:
    return as_lines(*(line_data(handle=f"new.{n}") for n in range(count)))


def other_connection(*, timeout: float = 5.0) -> sqlite3.Connection:
    """A connection of another process's kind to the test database, as the site's worker keeps one."""
    return sqlite3.connect(connection.settings_dict["NAME"], timeout=timeout, isolation_level=None)


@pytest.fixture
def database_shared() -> Iterator[sqlite3.Connection]:
    """Another connection open on the database the whole test long (the site's worker's)."""
    other = other_connection()
    other.execute("SELECT count(*) FROM creators_creator").fetchone()
    yield other
    other.close()


def journal_mode() -> str:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        return str(cursor.fetchone()[0])


def test_only_a_big_import_into_empty_tables_takes_it(db):
    # given no creator
    assert not Creator.objects.exists()
    # then a big import takes it, a small one not
    assert first_load_applies(big=True)
    assert not first_load_applies(big=False)


def test_a_big_import_into_a_database_with_creators_does_not_take_it(db):
    # given
    CreatorFactory.create()
    # then
    assert not first_load_applies(big=True)


@postgresql_only
def test_a_first_load_leaves_every_index_and_constraint_as_it_was(db):
    # given empty tables and their indexes and constraints
    before = schema()
    assert len(before["indexes"]) > 20  # the search indexes among them
    assert any("FOREIGN KEY" in constraint[2] for constraint in before["constraints"])
    # when a big import (read by two processes) loads them
    report = creators_import(lines=lines(5), workers=2)
    # then the rows are in, with the numbers a recompute gives, and the schema is what it was
    assert (report.created, report.errors) == (5, [])
    assert (Video.objects.count(), FollowerSnapshot.objects.count()) == (10, 10)
    assert AudienceCountry.objects.exists()
    imported = list(Creator.objects.order_by("pk").values_list(*NUMBER_FIELDS))
    creators_recompute(creator_ids=Creator.objects.values_list("pk", flat=True))
    assert list(Creator.objects.order_by("pk").values_list(*NUMBER_FIELDS)) == imported
    assert Creator.objects.filter(peer_group_size__isnull=False).count() == 5
    assert schema() == before


def statistics_name(table: str, column: str, value: int) -> bool:
    """Whether the planner's statistics of the column (ANALYZE's) list the value, among its most common
    values or its histogram's bounds."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT most_common_vals::text, histogram_bounds::text FROM pg_stats "
            "WHERE tablename = %s AND attname = %s",
            [table, column],
        )
        found = cursor.fetchone()
    listed = {item for text in found or () if text for item in text.strip("{}").split(",")}
    return str(value) in listed


@postgresql_only
def test_a_committed_first_load_checks_its_foreign_keys_and_gathers_statistics_after_its_commit(
    transactional_db,
):
    # given empty tables and their indexes and constraints, and no transaction around the import
    before = schema()
    # when a big import loads them and commits
    report = creators_import(lines=lines(5), workers=2)
    # then the foreign keys are checked again, as they were (the schema compares whether each is), and
    # every table has statistics that know its new rows
    assert (report.created, report.errors) == (5, [])
    assert schema() == before
    creator = Creator.objects.order_by("pk").first()
    assert creator is not None
    assert statistics_name("creators_creator", "id", creator.pk)
    for table in TABLES[1:]:
        assert statistics_name(table, "creator_id", creator.pk), table


@postgresql_only
def test_foreign_keys_a_first_load_stopped_after_its_commit_left_unchecked_are_checked_by_the_next_import(
    db, monkeypatch
):
    # given a first load stopped right after its commit: its foreign keys enforced but not checked
    before = schema()
    monkeypatch.setattr(first_load_module, "_checked_and_analyzed", lambda foreign_keys: None)
    creators_import(lines=lines(3), workers=2)
    unchecked = [constraint for constraint in schema()["constraints"] if not constraint[3]]
    assert len(unchecked) == 3
    assert all("FOREIGN KEY" in constraint[2] for constraint in unchecked)
    # when the next import runs (a small one, the usual way)
    creators_import(lines=as_lines(line_data(handle="later")))
    # then they are checked, and the schema is as it was
    assert schema() == before


def heap_bytes(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_relation_size(%s::regclass)", [table])
        (size,) = cursor.fetchone()
    return size


@postgresql_only
def test_the_creators_rows_rewritten_are_the_live_ones_only(db):
    # given creators whose rows were all updated in this transaction: each has a dead version
    creators_import(lines=lines(120))
    others = [field.name for field in Creator._meta.concrete_fields if field.name != "peer_group_size"]
    rows = list(Creator.objects.order_by("pk").values_list(*others))
    loaded = heap_bytes("creators_creator")
    Creator.objects.update(peer_group_size=7)
    updated = heap_bytes("creators_creator")
    # when the first load has the table rewritten
    with connection.cursor() as cursor:
        first_load_module._rows_rewritten(cursor, Creator, first_load_module.PEERS_WRITE_COLUMN)
    # then it holds them once, in less room than with both versions and no more than before the update,
    # with the same values
    assert heap_bytes("creators_creator") < updated
    assert heap_bytes("creators_creator") <= loaded
    assert list(Creator.objects.order_by("pk").values_list(*others)) == rows
    assert set(Creator.objects.values_list("peer_group_size", flat=True)) == {7}


def keys_alongside() -> list[str]:
    """The primary keys and unique constraints of the snapshots' and audience countries' tables."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname FROM pg_constraint "
            "WHERE contype IN ('p', 'u') AND conrelid = ANY(%s::regclass[])",
            [ALONGSIDE],
        )
        return [name for (name,) in cursor.fetchall()]


def stored() -> list[tuple[Any, ...]]:
    """Every creator with its videos' ids, in the order of their handles."""
    return [
        (creator.handle, sorted(creator.videos.values_list("id", flat=True)))
        for creator in Creator.objects.order_by("handle")
    ]


def outcome(report: importing.ImportReport) -> tuple[Any, ...]:
    return (report.created, report.updated, report.unchanged, report.errors)


def claiming_lines() -> list[str]:
    """Lines that claim each other's videos: "second" claims a video of "first" (and another, which
    "third" claims after it), "first" comes again with one more video, and "second" comes again with
    videos of its own."""
    first, shared, later = video_data(), video_data(), video_data()
    return as_lines(
        line_data(handle="first", videos=[first]),
        line_data(handle="filler"),
        line_data(handle="second", videos=[video_data(), shared, first]),
        line_data(handle="third", videos=[shared]),
        line_data(handle="first", videos=[first, later]),
        line_data(handle="second", videos=[video_data()]),
    )


@postgresql_only
def test_a_first_load_refuses_the_lines_that_claim_an_earlier_lines_video_as_the_usual_path_does(
    db, monkeypatch
):
    # given lines that claim each other's videos
    lines = claiming_lines()
    before = schema()
    # whether the keys were still to be made, at each call to settle them, and the snapshots' and
    # countries' keys and unique constraints there then
    to_make: list[bool] = []
    held: list[int] = []
    settle = importing._keys_settle

    def noted(keys: Any, report: Any) -> None:
        to_make.append(keys.dropped)
        held.append(len(keys_alongside()))
        settle(keys, report)

    monkeypatch.setattr(importing, "_keys_settle", noted)
    # when they go into a first load, with the keys dropped
    report = creators_import(lines=lines, workers=2)
    # then the later claimer is refused, the key is back, and it was made again when the careful path
    # first ran (line 5: a creator already stored), not when the lines were in
    assert [(error.line, error.handle) for error in report.errors] == [(3, "second")]
    assert report.errors[0].reason == (
        f"videos[2].id: video {json.loads(lines[0])['videos'][0]['id']} already belongs to another "
        "creator, @first"
    )
    assert ("third", [int(json.loads(lines[3])["videos"][0]["id"])]) in stored()
    assert to_make == [True]
    assert held == [0]
    assert schema() == before
    # and the same lines imported the usual way (one line at a time) give the same report and rows
    loaded = stored()
    Creator.objects.all().delete()
    usual = creators_import(lines=lines)
    assert outcome(report) == outcome(usual)
    assert stored() == loaded


@postgresql_only
def test_a_line_refused_as_the_peers_pass_works_the_numbers_out_is_no_ones_peer(db, monkeypatch):
    # given lines of which the last claims the first's video, and none names a creator stored before it:
    # the keys are made only once the lines are in, while the peers' pass works the numbers out, from
    # rows it read with the claimer among them
    shared = video_data()
    lines = as_lines(
        line_data(handle="first", videos=[shared]),
        line_data(handle="filler"),
        line_data(handle="claimer", videos=[video_data(), shared]),
    )
    # the thread that made the keys, and each that worked the peers' numbers out
    threads: dict[str, list[str]] = {"keys": [], "numbers": []}
    settle, worked_out = importing._keys_settle, peers_module._worked_out

    def settled(keys: Any, report: Any) -> None:
        threads["keys"].append(threading.current_thread().name)
        settle(keys, report)

    def numbers(*args: Any) -> Any:
        threads["numbers"].append(threading.current_thread().name)
        return worked_out(*args)

    monkeypatch.setattr(importing, "_keys_settle", settled)
    monkeypatch.setattr(peers_module, "_worked_out", numbers)
    # when they go into a first load
    report = creators_import(lines=lines, workers=2)
    # then the keys were made while another thread worked the numbers out, the claimer was refused, and
    # the numbers were worked out again, without it: the others' are what a pass over the creators kept
    # gives
    main = threading.main_thread().name
    assert threads["keys"] == [main]
    assert len(threads["numbers"]) == 2
    assert threads["numbers"][0] != main
    assert threads["numbers"][1] == main
    assert [(error.line, error.handle) for error in report.errors] == [(3, "claimer")]
    assert report.created == 2
    kept = list(Creator.objects.order_by("pk").values_list("handle", "peer_group_size", "authenticity_score"))
    assert [handle for handle, *_numbers in kept] == ["first", "filler"]
    assert peers_recompute() == 0
    assert (
        list(Creator.objects.order_by("pk").values_list("handle", "peer_group_size", "authenticity_score"))
        == kept
    )


@postgresql_only
def test_a_first_load_without_claimed_videos_refuses_nothing(db):
    # when
    report = creators_import(lines=lines(4), workers=2)
    # then
    assert (report.created, report.errors) == (4, [])
    assert Video.objects.count() == 8


@postgresql_only
def test_a_first_load_that_fails_leaves_no_row_and_the_schema_as_it_was(db, monkeypatch):
    # given
    before = schema()

    def broken(**_options: Any) -> None:
        raise RuntimeError("the disk is full")

    monkeypatch.setattr("vetrina.ingest.importing.peers_recompute", broken)
    # when
    with pytest.raises(RuntimeError):
        creators_import(lines=lines(3), workers=2)
    # then
    assert not Creator.objects.exists()
    assert schema() == before


def test_the_first_load_is_the_path_a_big_first_import_takes(db, monkeypatch):
    # given
    taken: list[bool] = []
    original = first_load_module.first_load

    def noted() -> Any:
        taken.append(True)
        return original()

    monkeypatch.setattr("vetrina.ingest.importing.first_load", noted)
    # when
    creators_import(lines=lines(2), workers=2)
    creators_import(lines=lines(3), workers=2)
    # then the first, into empty tables, took it; the second not
    assert taken == [True]
    assert Creator.objects.count() == 3


@sqlite_only
def test_a_first_load_into_sqlite_leaves_every_index_and_trigger_as_it_was(transactional_db, monkeypatch):
    # given empty tables with their indexes, and the triggers that keep the text indexes current
    before = sqlite_schema()
    assert {"search_numbers", "video_creator_recent", "search_words_insert"} <= secondary_indexes()
    # what the peers' pass saw when it began, and when it wrote the numbers
    peers_saw: list[tuple[set[str], bool]] = []
    real_peers, real_write = importing.peers_recompute, peers_module._peers_write

    def peers(**options: Any) -> None:
        peers_saw.append((secondary_indexes(), connection.in_atomic_block))
        real_peers(**options)

    def write(*args: Any) -> Any:
        peers_saw.append((secondary_indexes(), connection.in_atomic_block))
        return real_write(*args)

    monkeypatch.setattr(importing, "peers_recompute", peers)
    monkeypatch.setattr(peers_module, "_peers_write", write)
    # when a big import (read by two processes) loads them
    report = creators_import(
        lines=as_lines(*(line_data(handle=f"new.{n}", bio=f"Outfits word{n}") for n in range(5))), workers=2
    )
    # then the rows are in, with the numbers a recompute gives
    assert (report.created, report.errors) == (5, [])
    assert (Video.objects.count(), FollowerSnapshot.objects.count()) == (10, 10)
    imported = list(Creator.objects.order_by("pk").values_list(*NUMBER_FIELDS))
    creators_recompute(creator_ids=Creator.objects.values_list("pk", flat=True))
    assert list(Creator.objects.order_by("pk").values_list(*NUMBER_FIELDS)) == imported
    assert Creator.objects.filter(peer_group_size__isnull=False).count() == 5
    # and the peers' pass began inside the load, before its indexes were made again. Where it wrote
    # depends on whether the load had the database alone, which another test's connection left open can
    # change: the next test checks the order through the log (after the commit), and the `vetrina
    # import` one after it, in a process of its own, the order when alone (inside the load).
    assert len(peers_saw) == 2
    assert peers_saw[0][0] < secondary_indexes()
    assert peers_saw[0][1]
    # and the schema is what it was, the text indexes hold every creator's words and find them
    assert sqlite_schema() == before
    assert text_index_matches("word3") == [Creator.objects.get(handle="new.3").pk]
    assert len(text_index_matches("outfits")) == 5


@sqlite_only
def test_a_first_load_into_sqlite_copies_its_log_into_the_database_beside_the_peers_pass(
    transactional_db, database_shared, monkeypatch
):
    # given another connection open on the database, so that the load goes through the log, and a record
    # of the checkpoint threads the load starts after its commit
    threads: list[threading.Thread | None] = []
    real_started = first_load_module._checkpoint_started

    def started() -> threading.Thread | None:
        threads.append(real_started())
        return threads[-1]

    monkeypatch.setattr(first_load_module, "_checkpoint_started", started)
    seen_by_peers: list[int] = []
    real_write = peers_module._peers_write

    def write(*args: Any) -> Any:
        seen_by_peers.append(len(threads))
        return real_write(*args)

    monkeypatch.setattr(peers_module, "_peers_write", write)
    # when a big import loads creators
    report = creators_import(lines=lines(5), workers=2)
    # then one thread was started before the peers' pass wrote, and it had ended when the import returned
    assert report.created == 5
    assert seen_by_peers == [1]
    (thread,) = threads
    assert isinstance(thread, threading.Thread)
    assert not thread.is_alive()


@sqlite_only
def test_a_first_import_into_a_sqlite_database_no_one_else_has_open_writes_into_the_file_and_shares_it_after(
    tmp_path,
):
    # given a new site's database, which no other process has open (the test process has its own
    # connections to its own), and a file of as many lines as an import reads in other processes
    migrated = run_vetrina("migrate", "--verbosity", "0", data_dir=tmp_path)
    assert migrated.returncode == 0, migrated.stderr
    schema = sqlite_file_schema(tmp_path / "vetrina.sqlite3")
    count = importing.PARALLEL_FROM_LINES
    file = tmp_path / "creators.jsonl"
    file.write_text("".join(as_lines(*(line_data(handle=f"new.{n}", bio="Outfits") for n in range(count)))))
    # when `vetrina import` loads it, at the test's own priority: at its default niceness, its workers
    # (niced further) got a sliver of the cores the other test process kept busy, and this test took
    # 108 s in the suite instead of 12 s
    done = run_vetrina(
        "import", str(file), data_dir=tmp_path, VETRINA_LOG_LEVEL="DEBUG", VETRINA_IMPORT_NICENESS="0"
    )
    assert done.returncode == 0, done.stderr
    # then the load had the database to itself, out of its write-ahead log
    assert "The first load has the database to itself, out of its write-ahead log." in done.stderr
    assert f"Created: {count}," in done.stdout + done.stderr
    # and the peers' pass wrote its numbers inside the load, before the four indexes that hold them (and
    # the one the creators' table lists after them) were made again, and then the load committed
    steps = [
        line.split(" in ")[0]
        for line in done.stderr.splitlines()
        if line.startswith(("Made ", "Wrote the peers' numbers"))
    ]
    assert steps == [
        "Made 14 indexes and 6 triggers again and rebuilt 2 text indexes",
        f"Wrote the peers' numbers of {count} creators",
        "Made 5 indexes and 0 triggers again and rebuilt 0 text indexes",
    ]

    assert in_made_order(sqlite_file_schema(tmp_path / "vetrina.sqlite3")) == in_made_order(schema)
    # and the database is back in its log, whole, every creator in and in the text index, and another
    # connection writes to it at once
    with closing(sqlite3.connect(tmp_path / "vetrina.sqlite3", timeout=0, isolation_level=None)) as other:
        assert other.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert other.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert other.execute("SELECT count(*) FROM creators_creator").fetchone() == (count,)
        scored = "SELECT count(*) FROM creators_creator WHERE peer_group_size IS NOT NULL"
        assert other.execute(scored).fetchone() == (count,)
        found = "SELECT count(*) FROM search_creator_words WHERE search_creator_words MATCH 'outfits'"
        assert other.execute(found).fetchone() == (count,)
        other.execute("UPDATE creators_creator SET bio = 'Written by another' WHERE handle = 'new.0'")
        assert not (tmp_path / "vetrina.sqlite3-journal").exists()


# Run by `vetrina shell` in a process of its own, on a database no other connection has open: a first load
# that fails on its third batch of two lines.
_FAILING_LOAD = """
from django.db import connection

from vetrina.creators.tests.factories import as_lines, line_data
from vetrina.ingest import importing

importing.BATCH_SIZE = 2
real_store = importing._batch_store
stored = []


def store(batch, report, **options):
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'search_numbers'")
        stored.append((len(batch.lines), cursor.fetchone()[0]))  # the lines, and whether the index is there
    if len(stored) == 3:
        raise RuntimeError("the disk is full")
    real_store(batch, report, **options)


importing._batch_store = store
try:
    importing.creators_import(lines=as_lines(*(line_data(handle=f"new.{n}") for n in range(8))), workers=2)
except RuntimeError as error:
    print(f"Stopped after batches {stored} by: {error}")
"""


def sqlite_file_schema(path: Path) -> list[tuple[Any, ...]]:
    """Every table, index and trigger of a database file other than the test's, in the order made."""
    with closing(sqlite3.connect(path)) as database:
        return database.execute(SQLITE_MASTER).fetchall()


@sqlite_only
def test_a_first_load_into_a_sqlite_database_it_had_alone_that_fails_midway_leaves_it_whole_and_shared(
    tmp_path,
):
    # given a new site's database, which no other connection has open. In the suite's own process another
    # connection always is (the live server's), and the load then goes through the log: this is the only
    # test of a failure on the path where the load has the database to itself.
    migrated = run_vetrina("migrate", "--verbosity", "0", data_dir=tmp_path)
    assert migrated.returncode == 0, migrated.stderr
    file = tmp_path / "vetrina.sqlite3"
    before = sqlite_file_schema(file)
    # when a first load there fails while storing its third batch
    done = run_vetrina(
        "shell", "--no-imports", "-c", _FAILING_LOAD, data_dir=tmp_path, VETRINA_LOG_LEVEL="DEBUG"
    )
    # then the load had the database to itself, and the import stopped with its own error, not another
    # raised while giving the database back
    assert done.returncode == 0, done.stderr
    assert "The first load has the database to itself, out of its write-ahead log." in done.stderr
    assert done.stdout.strip() == "Stopped after batches [(2, 0), (2, 0), (2, 0)] by: the disk is full"
    # and nothing of it is kept, every index and trigger is back, and the database is back in its log,
    # whole, and another connection writes to it at once
    assert sqlite_file_schema(file) == before
    with closing(sqlite3.connect(file, timeout=0, isolation_level=None)) as other:
        assert other.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert other.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        for table in TABLES:
            assert other.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,)
        other.execute("CREATE TABLE written_by_another (id integer)")
    assert not (tmp_path / "vetrina.sqlite3-journal").exists()


@sqlite_only
def test_a_first_load_into_sqlite_another_connection_has_open_goes_through_the_log_and_lets_it_read(
    transactional_db, database_shared, monkeypatch
):
    # given another connection open on the database, and batches of two lines
    monkeypatch.setattr(importing, "BATCH_SIZE", 2)
    during: list[tuple[str, int]] = []
    real_store = importing._batch_store

    def store(batch: Any, report: Any, **options: Any) -> None:
        real_store(batch, report, **options)
        (seen,) = database_shared.execute("SELECT count(*) FROM creators_creator").fetchone()
        during.append((journal_mode(), seen))

    monkeypatch.setattr(importing, "_batch_store", store)
    # when a big first import loads four lines
    report = creators_import(lines=lines(4), workers=2)
    # then the load went through the log, and the other connection read beside it what was there
    # before (no creator yet)
    assert report.created == 4
    assert during == [("wal", 0), ("wal", 0)]
    assert journal_mode() == "wal"
    assert database_shared.execute("SELECT count(*) FROM creators_creator").fetchone() == (4,)


@sqlite_only
def test_a_database_another_connection_has_open_is_not_taken_and_its_settings_stay(
    transactional_db, database_shared
):
    # given this connection's busy timeout
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        (timeout,) = cursor.fetchone()
        # when the load asks to take the database while another connection has it open
        taken = first_load_module._taken_alone()
        # then it is refused, and the connection is as it was: in the log, locking normally, the same
        # busy timeout
        cursor.execute("PRAGMA busy_timeout")
        assert (taken, cursor.fetchone()[0]) == (False, timeout)
        cursor.execute("PRAGMA locking_mode")
        assert cursor.fetchone()[0] == "normal"
    assert journal_mode() == "wal"


@sqlite_only
def test_the_commit_of_a_first_load_into_sqlite_runs_no_checkpoint_of_its_own(transactional_db):
    # given a connection that checkpoints every 123 pages
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_autocheckpoint = 123")
        # when the load commits
        with first_load_module._checkpoint_left_behind():
            cursor.execute("PRAGMA wal_autocheckpoint")
            (during,) = cursor.fetchone()
        cursor.execute("PRAGMA wal_autocheckpoint")
        (after,) = cursor.fetchone()
        cursor.execute("PRAGMA wal_autocheckpoint = 1000")
    # then it runs none, and the setting is back afterwards
    assert (during, after) == (0, 123)


@sqlite_only
def test_a_first_load_into_sqlite_that_fails_midway_leaves_no_row_and_every_index_and_trigger(
    transactional_db, monkeypatch
):
    # given batches of two lines, and a database that fails while storing the third
    before = sqlite_schema()
    monkeypatch.setattr(importing, "BATCH_SIZE", 2)
    batches: list[int] = []
    real_store = importing._batch_store

    def store(batch: Any, report: Any, **options: Any) -> None:
        batches.append(len(batch.lines))
        assert "search_numbers" not in secondary_indexes()  # loading without them
        if len(batches) == 3:
            raise RuntimeError("the disk is full")
        real_store(batch, report, **options)

    monkeypatch.setattr(importing, "_batch_store", store)
    # when
    with pytest.raises(RuntimeError):
        creators_import(lines=lines(8), workers=2)
    # then nothing of it is kept, and every index and trigger is back
    assert batches == [2, 2, 2]
    assert not connection.in_atomic_block
    assert not Creator.objects.exists()
    assert not Video.objects.exists()
    assert sqlite_schema() == before
    # and the database is back in its log (had the load taken it alone), and another connection writes
    assert journal_mode() == "wal"
    other = other_connection(timeout=0.01)
    other.execute("UPDATE creators_creator SET bio = ''")
    other.close()


@sqlite_only
def test_a_writer_waiting_during_a_first_load_into_sqlite_ends_it_and_the_rest_goes_the_usual_way(
    transactional_db, monkeypatch
):
    # given batches of two lines, and a writer that starts waiting for the lock during the second
    before = sqlite_schema()
    monkeypatch.setattr(importing, "BATCH_SIZE", 2)
    waiting = WaitingWriters.of(connection.settings_dict)
    assert waiting is not None
    indexed: list[bool] = []
    real_store = importing._batch_store

    def store(batch: Any, report: Any, **options: Any) -> None:
        indexed.append("search_numbers" in secondary_indexes())
        if len(indexed) == 2:
            time.sleep(0.02)  # a later modification time than the transaction's start
            waiting.note()
        real_store(batch, report, **options)

    monkeypatch.setattr(importing, "_batch_store", store)
    # when
    with CaptureQueriesContext(connection) as queries:
        report = creators_import(lines=lines(8), workers=2)
    # then the first two batches went in without the indexes; after the second the load made them again
    # and committed (the writer got in), and the rest went in with them, in a transaction of its own
    assert report.created == 8
    assert indexed == [False, False, True, True]
    begun = [query["sql"] for query in queries.captured_queries if query["sql"].startswith("BEGIN")]
    assert len(begun) == 1 + 1 + 1  # the first load, the rest, the peers' pass
    assert sqlite_schema() == before
    assert len(text_index_matches("outfits")) == 8


def orphan_rows() -> int:
    """Videos, snapshots and audience rows whose creator is not stored (SQLite's import leaves its
    foreign keys unchecked)."""
    creators = Creator.objects.values("pk")
    return sum(
        model.objects.exclude(creator_id__in=creators).count()
        for model in (Video, FollowerSnapshot, AudienceCountry)
    )


@sqlite_only
def test_a_first_load_into_sqlite_stores_its_batches_without_savepoints(transactional_db, monkeypatch):
    # given batches of two lines
    monkeypatch.setattr(importing, "BATCH_SIZE", 2)
    # when a big first import loads them
    with CaptureQueriesContext(connection) as queries:
        report = creators_import(lines=lines(6), workers=2)
    # then they are in, and no batch had a savepoint of its own: SQLite's savepoint copies each page a
    # batch changes before changing it, and the load's own transaction already undoes a failed import
    assert (report.created, report.errors) == (6, [])
    assert (Video.objects.count(), FollowerSnapshot.objects.count()) == (12, 12)
    assert [query["sql"] for query in queries.captured_queries if "SAVEPOINT" in query["sql"]] == []


@sqlite_only
def test_a_video_an_earlier_batch_of_a_first_load_into_sqlite_took_is_refused_and_nothing_of_its_line_kept(
    transactional_db, monkeypatch
):
    # given batches of two lines, the fourth line giving a video of the first
    monkeypatch.setattr(importing, "BATCH_SIZE", 2)
    shared = video_data()
    data = [line_data(handle=f"new.{n}") for n in range(6)]
    data[0]["videos"] = [shared]
    data[3]["videos"] = [video_data(), shared]
    # when a big first import loads them
    report = creators_import(lines=as_lines(*data), workers=2)
    # then the fourth line is refused and the others are in, each with its own rows only
    assert [(error.line, error.handle) for error in report.errors] == [(4, "new.3")]
    assert "already belongs to another creator, @new.0" in report.errors[0].reason
    assert report.created == 5
    assert not Creator.objects.filter(handle="new.3").exists()
    assert Video.objects.get(id=int(shared["id"])).creator.handle == "new.0"
    assert Video.objects.count() == 1 + 4 * 2
    assert (FollowerSnapshot.objects.count(), AudienceCountry.objects.count()) == (5 * 2, 5 * 2)
    assert orphan_rows() == 0


@sqlite_only
def test_a_batch_of_a_first_load_into_sqlite_refused_midway_leaves_nothing_and_goes_in_line_by_line(
    transactional_db, monkeypatch
):
    # given a database that refuses the second batch's new creators after storing their rows
    monkeypatch.setattr(importing, "BATCH_SIZE", 2)
    real_insert = importing.fresh_creators_insert
    calls: list[int] = []

    def insert_then_refuse(fresh: list[Any]) -> None:
        calls.append(len(fresh))
        real_insert(fresh)
        if len(calls) == 2:
            raise IntegrityError("refused after writing")

    monkeypatch.setattr(importing, "fresh_creators_insert", insert_then_refuse)
    # when a big first import loads six lines
    report = creators_import(lines=lines(6), workers=2)
    # then the second batch's rows were taken out, and its lines stored one by one, once each
    assert calls == [2, 2, 2]
    assert (report.created, report.errors) == (6, [])
    assert sorted(Creator.objects.values_list("handle", flat=True)) == [f"new.{n}" for n in range(6)]
    assert (Video.objects.count(), FollowerSnapshot.objects.count(), AudienceCountry.objects.count()) == (
        12,
        12,
        12,
    )
    assert orphan_rows() == 0


@postgresql_only
@pytest.mark.django_db
def test_the_countries_ids_are_handed_out_a_thousand_to_a_connection_and_snapshots_take_none() -> None:
    """Every audience row a first load's COPY stores takes an id: from a cache, not a call on the sequence
    each (creators migration 0012). A snapshot has no id to take: its creator and day are its key
    (migration 0013)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT seqcache FROM pg_sequence WHERE seqrelid = pg_get_serial_sequence(%s, 'id')::regclass",
            [AudienceCountry._meta.db_table],
        )
        (countries_cache,) = cursor.fetchone()
        snapshot_columns = {
            column.name
            for column in connection.introspection.get_table_description(
                cursor, FollowerSnapshot._meta.db_table
            )
        }
        cursor.execute(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'p'",
            [FollowerSnapshot._meta.db_table],
        )
        (snapshot_key,) = cursor.fetchone()
    assert countries_cache == 1000
    assert snapshot_columns == {"creator_id", "date", "count"}
    assert snapshot_key == "PRIMARY KEY (creator_id, date)"
