"""A big first import into PostgreSQL loads the tables without their secondary indexes and foreign keys,
and leaves them as they were."""

from typing import Any

import pytest
from django.db import connection

from vetrina.creators.models import AudienceCountry, Creator, FollowerSnapshot, Video
from vetrina.creators.tests.factories import CreatorFactory, as_lines, line_data
from vetrina.ingest import first_load as first_load_module
from vetrina.ingest.first_load import TABLES, first_load_applies
from vetrina.ingest.importing import creators_import
from vetrina.metrics.services import STORED_FIELDS, creators_recompute

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's first load")

NUMBER_FIELDS = [name for name in STORED_FIELDS if name != "metrics_computed_at"]


def schema() -> dict[str, list[tuple[Any, ...]]]:
    """The tables' indexes and constraints, as the database defines them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index "
            "WHERE indrelid = ANY(%s::regclass[]) ORDER BY 1",
            [TABLES],
        )
        indexes = cursor.fetchall()
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), convalidated "
            "FROM pg_constraint WHERE conrelid = ANY(%s::regclass[]) ORDER BY 1, 2",
            [TABLES],
        )
        constraints = cursor.fetchall()
    return {"indexes": indexes, "constraints": constraints}


def lines(count: int) -> list[str]:
    return as_lines(*(line_data(handle=f"new.{n}") for n in range(count)))


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


def test_a_first_load_that_fails_leaves_no_row_and_the_schema_as_it_was(db, monkeypatch):
    # given
    before = schema()

    def broken() -> None:
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
