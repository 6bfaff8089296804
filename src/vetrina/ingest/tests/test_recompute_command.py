from collections.abc import Iterator
from contextlib import contextmanager
from io import StringIO

from django.core.management import call_command

from vetrina.creators.models import Creator
from vetrina.creators.tests.factories import FollowerSnapshotFactory, VideoFactory
from vetrina.ingest.management.commands import recompute
from vetrina.lib.workers import WorkerPool, worker_pool


def test_it_recomputes_every_creator_and_says_how_many(db):
    # given two creators whose stored numbers are stale
    video = VideoFactory.create(views=200, likes=20, comments=0, shares=0)
    FollowerSnapshotFactory.create(creator=video.creator, count=5000)
    FollowerSnapshotFactory.create()
    Creator.objects.update(reach=None, avg_views=None)
    out = StringIO()
    # when
    call_command("recompute", stdout=out)
    # then
    assert out.getvalue().strip() == "Recomputed the numbers of 2 creators."
    fresh = Creator.objects.get(pk=video.creator_id)
    assert (fresh.reach, fresh.avg_views, fresh.engagement_rate) == (5000, 200.0, 0.1)


def test_one_set_of_worker_processes_recomputes_the_numbers_and_the_search_columns(
    transactional_db, monkeypatch
):
    # given a creator whose numbers and search columns are stale (committed: other processes read them)
    video = VideoFactory.create(views=300, likes=30, comments=0, shares=0, caption="Thrift haul #ootd")
    FollowerSnapshotFactory.create(creator=video.creator, count=7000)
    Creator.objects.update(reach=None, avg_views=None, search_text="", caption_tags="")
    # and two worker processes, however few the creators
    monkeypatch.setattr(recompute, "recompute_workers", lambda creators: 2)
    pools: list[object] = []

    @contextmanager
    def counted_pool(workers: int) -> Iterator[WorkerPool | None]:
        with worker_pool(workers) as pool:
            pools.append(pool)
            yield pool

    monkeypatch.setattr(recompute, "worker_pool", counted_pool)
    # when
    call_command("recompute", stdout=StringIO())
    # then one pool of workers was started, and both the numbers and the columns are current
    assert len(pools) == 1
    assert isinstance(pools[0], WorkerPool)
    fresh = Creator.objects.get(pk=video.creator_id)
    assert (fresh.reach, fresh.avg_views, fresh.engagement_rate) == (7000, 300.0, 0.1)
    assert "#ootd" in fresh.caption_tags
    assert " thrift " in fresh.search_text
