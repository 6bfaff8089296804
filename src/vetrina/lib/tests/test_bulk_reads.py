"""bulk_reads.bulk_cursor gives back what the ORM reads, value for value and type for type (on PostgreSQL,
read in the binary format instead of Django's text)."""

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from django.db import DatabaseError, connection
from django.db.models import QuerySet

from vetrina.creators.models import Creator, FollowerSnapshot, Video
from vetrina.creators.tests.factories import CreatorFactory, FollowerSnapshotFactory, VideoFactory
from vetrina.lib.bulk_reads import bulk_cursor

pytestmark = pytest.mark.django_db


def _read(queryset: QuerySet[Any, Any]) -> list[tuple[Any, ...]]:
    sql, params = queryset.query.sql_with_params()
    with bulk_cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _same(read: list[tuple[Any, ...]], expected: list[tuple[Any, ...]]) -> None:
    assert read == expected
    assert [[type(value) for value in row] for row in read] == [
        [type(value) for value in row] for row in expected
    ]


def test_numbers_and_text_as_the_orm_reads_them() -> None:
    creator = CreatorFactory(reach=123_456_789_012, engagement_rate=0.1 + 0.2, avg_views=1 / 3)
    CreatorFactory(reach=None, engagement_rate=None, bio="tab\tnew line\nbackslash\\ ünïcode 🎬")
    VideoFactory(creator=creator, caption="", duration_s=None)
    VideoFactory(creator=creator, caption="a\tb", duration_s=61, views=2**62)
    for queryset in (
        Creator.objects.order_by("pk").values_list("pk", "reach", "engagement_rate", "avg_views", "bio"),
        Video.objects.order_by("id").values_list("id", "creator_id", "views", "duration_s", "caption"),
    ):
        _same(_read(queryset), list(queryset))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite's driver gives dates as text")
def test_moments_and_days_as_the_orm_reads_them() -> None:
    creator = CreatorFactory()
    # A moment given in another zone and one with microseconds: both come back in UTC.
    VideoFactory(creator=creator, posted_at=datetime(2026, 10, 2, 1, 30, tzinfo=timezone(timedelta(hours=2))))
    VideoFactory(creator=creator, posted_at=datetime(2026, 10, 2, 18, 0, 0, 123_456, tzinfo=UTC))
    FollowerSnapshotFactory(creator=creator, date=date(2024, 2, 29))
    videos = Video.objects.order_by("id").values_list("id", "posted_at")
    read = _read(videos)
    _same(read, list(videos))
    assert [moment.tzinfo for _id, moment in read] == [UTC, UTC]
    assert read[0][1] == datetime(2026, 10, 1, 23, 30, tzinfo=UTC)
    snapshots = FollowerSnapshot.objects.values_list("date", "count")
    _same(_read(snapshots), list(snapshots))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's binary format")
def test_postgresql_sends_the_rows_in_binary() -> None:
    VideoFactory()
    with bulk_cursor() as cursor:
        cursor.execute("SELECT id, posted_at FROM creators_video WHERE id > %s", [0])
        assert cursor.fetchall()
        assert [cursor.pgresult.fformat(column) for column in range(2)] == [1, 1]  # 1: binary


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared statements")
def test_postgresql_prepares_no_statement_even_where_the_connection_would() -> None:
    # given a connection that prepares every statement (a `prepare_threshold` in the database's OPTIONS;
    # Django's default prepares none)
    connection.ensure_connection()
    driver = connection.connection
    threshold, driver.prepare_threshold = driver.prepare_threshold, 0
    try:
        with bulk_cursor() as cursor:
            # when a pass runs its query again and again
            for first in range(8):
                cursor.execute("SELECT count(*) FROM creators_video WHERE id > %s", [first])
                assert cursor.fetchall() == [(0,)]
            # then
            cursor.execute("SELECT count(*) FROM pg_prepared_statements")
            assert cursor.fetchall() == [(0,)]
    finally:
        driver.prepare_threshold = threshold


def test_errors_are_djangos() -> None:
    with pytest.raises(DatabaseError), bulk_cursor() as cursor:
        cursor.execute("SELECT no_such_column FROM creators_creator WHERE id = %s", [1])
