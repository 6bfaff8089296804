"""The follower snapshots' new key (migration 0013): the rows stored before it are there after it, keyed by
their creator and day, and going back gives each its id and the unique creator and day again."""

from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from vetrina.conftest import migrated_to
from vetrina.creators.models import FollowerSnapshot
from vetrina.creators.tests.factories import CreatorFactory

pytestmark = pytest.mark.django_db(transaction=True)

WITH_ID = [("creators", "0012_snapshot_and_country_ids_cached")]
KEYED = [("creators", "0013_snapshot_keyed_by_creator_and_day")]


@pytest.fixture(autouse=True)
def _latest_schema_after():
    # Whatever a test leaves, the tests after it find every migration applied.
    yield
    migrated_to(MigrationExecutor(connection).loader.graph.leaf_nodes())


def _rows(model) -> list[tuple[str, date, int]]:
    return list(
        model.objects.order_by("creator__handle", "date").values_list("creator__handle", "date", "count")
    )


def test_the_snapshots_stored_with_ids_keep_their_days_and_counts_keyed_by_creator_and_day() -> None:
    # given snapshots stored before the new key
    creators = [CreatorFactory.create(handle=f"old.{n}") for n in range(2)]
    apps = migrated_to(WITH_ID)
    Snapshot = apps.get_model("creators", "FollowerSnapshot")
    for creator in creators:
        for day in (1, 2, 3):
            Snapshot.objects.create(
                creator_id=creator.pk, date=date(2026, 10, day), count=1000 * day + creator.pk
            )
    before = _rows(Snapshot)
    # when the key changes
    migrated_to(KEYED)
    # then every row is there, with no id, and a second snapshot of a creator's day is refused
    assert _rows(FollowerSnapshot) == before
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            assert cursor.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert [field.name for field in FollowerSnapshot._meta.concrete_fields] == ["creator", "date", "count"]
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowerSnapshot.objects.create(creator_id=creators[0].pk, date=date(2026, 10, 1), count=5)
    assert FollowerSnapshot.objects.get(pk=(creators[1].pk, date(2026, 10, 2))).count == 2000 + creators[1].pk


def test_going_back_gives_each_snapshot_an_id_and_the_unique_creator_and_day() -> None:
    # given snapshots keyed by creator and day
    creator = CreatorFactory.create(handle="kept")
    for day in (1, 2):
        FollowerSnapshot.objects.create(creator=creator, date=date(2026, 10, day), count=day)
    # when the migration is undone
    apps = migrated_to(WITH_ID)
    Snapshot = apps.get_model("creators", "FollowerSnapshot")
    # then each row has an id of its own, new rows get theirs, and a creator's day is still unique
    assert _rows(Snapshot) == [("kept", date(2026, 10, 1), 1), ("kept", date(2026, 10, 2), 2)]
    assert len(set(Snapshot.objects.values_list("id", flat=True))) == 2
    added = Snapshot.objects.create(creator_id=creator.pk, date=date(2026, 10, 3), count=3)
    assert added.id not in set(Snapshot.objects.exclude(pk=added.pk).values_list("id", flat=True))
    with pytest.raises(IntegrityError), transaction.atomic():
        Snapshot.objects.create(creator_id=creator.pk, date=date(2026, 10, 1), count=5)
