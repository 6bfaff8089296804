"""The rows the workers prepare: the posting times written as each database reads them."""

import os
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from multiprocessing import get_context

import pytest

from vetrina.ingest import preparing
from vetrina.ingest.preparing import _utc_texts
from vetrina.lib.workers import call, setup_django

MOMENTS = [
    datetime(2026, 10, 2, 18, 0, tzinfo=UTC),
    datetime(2026, 10, 2, 18, 0, 0, 1, tzinfo=UTC),
    datetime(2026, 10, 2, 18, 0, 0, 500_000, tzinfo=UTC),
    datetime(999, 1, 2, 3, 4, 5, tzinfo=UTC),
    datetime(1, 1, 1, tzinfo=UTC),
    datetime(9999, 12, 31, 23, 59, 59, 999_999, tzinfo=UTC),
    datetime(2026, 10, 2, 18, 0, tzinfo=timezone(timedelta(0))),  # UTC, though not the same object
]
ELSEWHERE = [
    datetime(2026, 10, 2, 18, 0, tzinfo=UTC),
    datetime(2026, 10, 2, 23, 30, 0, 250, tzinfo=timezone(timedelta(hours=5, minutes=30))),
]


def django_sqlite_text(moment: datetime) -> str:
    # What Django writes to SQLite for an aware datetime: naive in UTC, str() of it.
    return str(moment.astimezone(UTC).replace(tzinfo=None))


@pytest.mark.parametrize(
    "moments", [MOMENTS, ELSEWHERE, [datetime(2026, 10, 2, 18, 0)]], ids=["utc", "zones", "naive"]
)
def test_sqlite_gets_each_moment_as_django_writes_it(moments: list[datetime]):
    expected = [str(moment) if moment.tzinfo is None else django_sqlite_text(moment) for moment in moments]
    assert _utc_texts(moments) == expected


@pytest.mark.parametrize("moments", [MOMENTS, ELSEWHERE], ids=["utc", "zones"])
def test_postgresql_gets_each_moment_as_iso_8601_of_the_same_instant(moments: list[datetime]):
    texts = _utc_texts(moments, sqlite=False)
    assert [datetime.fromisoformat(text) for text in texts] == moments
    assert all(datetime.fromisoformat(text).tzinfo is not None for text in texts)


def test_no_moments_make_no_texts():
    assert _utc_texts([]) == _utc_texts([], sqlite=False) == []


def settled_niceness() -> int:
    """Run in a worker: the worker settled as before its first lines, and its niceness then."""
    preparing._worker_settled()
    return os.nice(0)


def test_a_worker_reads_its_lines_at_a_lower_priority_than_the_importing_process():
    # given a worker process, started as the import starts its workers
    with ProcessPoolExecutor(1, mp_context=get_context("spawn"), initializer=setup_django) as pool:
        # when it settles before its first lines
        niceness = pool.submit(call, f"{__name__}:settled_niceness").result()
    # then it asks for less of the CPU than this process, by WORKER_NICENESS (the system's most is 19)
    assert niceness == min(os.nice(0) + preparing.WORKER_NICENESS, 19)
    assert preparing.WORKER_NICENESS > 0


def test_a_creator_value_of_a_type_copy_text_does_not_know_stops_the_import():
    # Written by repr(), a Decimal would reach COPY as "Decimal('1.5')".
    assert preparing._copy_any("tab\there") == "tab\\there"
    assert preparing._copy_any(False) == "f"
    with pytest.raises(TypeError, match="Decimal"):
        preparing._copy_any(Decimal("1.5"))
