"""A write waiting for SQLite's write lock gets it at the first short gap another writer leaves (an
import lets it go for a few milliseconds between transactions), not only after a long one."""

import sqlite3
import threading
import time
from collections.abc import Iterator

import pytest
from django.db import OperationalError, connection, transaction

from vetrina.creators.models import Creator
from vetrina.lib.tests.locking import lock_timeout, write_lock_held

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's one write lock"),
]

HOLD_SECONDS = 0.2  # each of the other writer's transactions
GAP_SECONDS = 0.004  # between two of them: the importer's pause
LONGEST_WAIT = 1.0  # five of the other writer's transactions


@pytest.fixture
def busy_writer() -> Iterator[None]:
    """Another connection writing in transactions of HOLD_SECONDS with GAP_SECONDS between them, and
    taking the lock back as soon as it is free again, as the importer does."""
    holder = sqlite3.connect(
        connection.settings_dict["NAME"], isolation_level=None, timeout=0, check_same_thread=False
    )
    holder.execute("BEGIN IMMEDIATE")
    stop = threading.Event()

    def begin() -> None:
        while True:
            try:
                holder.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError:
                time.sleep(0.0001)

    def write() -> None:
        while not stop.wait(HOLD_SECONDS):
            holder.execute("COMMIT")
            time.sleep(GAP_SECONDS)
            begin()
        holder.execute("COMMIT")

    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
        holder.close()


def test_a_transaction_gets_the_lock_in_a_short_gap_between_another_writers_transactions(busy_writer):
    # given another writer that lets the lock go for 4 ms every 200 ms
    with lock_timeout(3):
        # when ten writes each wait for the lock
        waits = []
        for number in range(10):
            started = time.monotonic()
            with transaction.atomic():
                Creator.objects.filter(handle="nobody").update(bio=str(number))
            waits.append(time.monotonic() - started)
    # then each got in at one of the next few gaps: SQLite's own handler, which by then tries only
    # every 100 ms, mostly misses gaps this short and waits through many holds
    assert max(waits) < LONGEST_WAIT


def test_a_single_write_outside_a_transaction_gets_the_lock_in_a_short_gap_too(busy_writer):
    # given
    with lock_timeout(3):
        # when
        waits = []
        for number in range(10):
            started = time.monotonic()
            Creator.objects.filter(handle="nobody").update(bio=str(number))  # one UPDATE, autocommit
            waits.append(time.monotonic() - started)
    # then
    assert max(waits) < LONGEST_WAIT


def test_a_write_still_gives_up_at_the_lock_timeout():
    # given a writer that never lets go
    with write_lock_held(), lock_timeout(0.3):
        started = time.monotonic()
        # when / then
        with pytest.raises(OperationalError, match="database is locked"), transaction.atomic():
            Creator.objects.filter(handle="nobody").update(bio="x")
        assert 0.3 <= time.monotonic() - started < 2
        # and afterwards reads wait in SQLite's own busy handler again, for the timeout configured
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA busy_timeout")
            assert cursor.fetchone()[0] == 300
