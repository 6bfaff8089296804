"""peers_recompute with the creators worked out in worker processes: the same rows as in this one."""

import random
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.forms.models import model_to_dict

from vetrina.creators.models import Creator
from vetrina.creators.tests.factories import CreatorFactory
from vetrina.lib.workers import WorkerPool, worker_pool
from vetrina.metrics import peers
from vetrina.metrics.models import PeerGroup
from vetrina.metrics.peers import WRITTEN_FIELDS, peers_recompute

NUMBERS = [
    *peers.PERCENTILES,
    "views_per_follower",
    "comments_per_like",
    "largest_daily_gain",
    "usual_daily_change",
    "largest_gain_video_lift",
]


def random_creators(count: int, rng: random.Random) -> None:
    """Creators of every tier and a few categories, verified or not, with numbers or without: most of
    them fashion creators of 100k-1M followers (a group of their own), many of 10k-100k in small
    categories (their whole tier), and a few of 1M-10M (everyone)."""
    for _creator in range(count):
        reach, category = rng.choice(
            [(500_000, "fashion")] * 5
            + [(50_000, category) for category in ("food", "gaming", "travel", "")] * 1
            + [(5_000_000, "food"), (None, "fashion")]
        )
        CreatorFactory.create(
            categories=[category] if category else [],
            verified=rng.random() < 0.8,
            reach=reach,
            video_count=rng.choice([None, 3, 12, 40]),
            history_days=rng.choice([None, 7, 20, 90]),
            **{name: rng.choice([None, 0.0, rng.uniform(0, 1), rng.uniform(0, 1)]) for name in NUMBERS},
        )


def stored_numbers() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    creators = list(Creator.objects.order_by("pk").values("pk", *WRITTEN_FIELDS))
    groups = sorted(
        (model_to_dict(group, exclude=["id"]) for group in PeerGroup.objects.all()),
        key=lambda group: (group["tier"] is None, group["tier"] or 0, group["category"]),
    )
    return creators, groups


def test_creators_worked_out_in_worker_processes_get_the_numbers_worked_out_in_this_one(
    transactional_db, monkeypatch
):
    # given creators in several chunks (committed: other processes read them)
    monkeypatch.setattr(peers, "CHUNK_SIZE", 20)
    random_creators(150, random.Random(26))
    # and their numbers worked out here
    monkeypatch.setattr(peers, "peers_helpers", lambda creators: 0)
    assert peers_recompute() == 150
    in_this_process = stored_numbers()
    Creator.objects.update(**peers.NOT_COMPUTED)
    PeerGroup.objects.all().delete()
    # when they are worked out again by two worker processes
    pools: list[WorkerPool | None] = []

    @contextmanager
    def counted_pool(workers: int, **options: bool) -> Iterator[WorkerPool | None]:
        with worker_pool(workers, **options) as pool:
            pools.append(pool)
            yield pool

    monkeypatch.setattr(peers, "worker_pool", counted_pool)
    monkeypatch.setattr(peers, "peers_helpers", lambda creators: 1)
    changed = peers_recompute()
    # then the workers did the work, and every creator's numbers and every group are the same
    assert [pool.workers if pool else None for pool in pools] == [1]
    assert changed == 150
    assert stored_numbers() == in_this_process
    # (and the groups were of every kind: a tier's category, a whole tier, everyone)
    assert {(group["tier"] is None, group["category"] == "") for group in in_this_process[1]} == {
        (False, False),
        (False, True),
        (True, True),
    }


def test_inside_a_transaction_the_creators_are_worked_out_in_this_process(db, monkeypatch):
    # given creators no other process can see (the test's transaction), however many they are
    monkeypatch.setattr(peers, "PARALLEL_FROM_CREATORS", 1)
    random_creators(5, random.Random(1))
    # when
    helpers = peers.peers_helpers(Creator.objects.count())
    # then
    assert helpers == 0


def test_a_worker_not_handed_the_peers_works_them_out_itself(db, monkeypatch):
    # given creators, and a worker that was handed no peers for this version of the numbers
    random_creators(40, random.Random(3))
    monkeypatch.setattr(peers, "_worker_peers", {("an older version",): None})
    ids = list(Creator.objects.order_by("pk").values_list("pk", flat=True))
    ranges = [(ids[0], ids[-1])]
    # when
    found = peers.creators_worked_out_in_worker(("this version",), ranges, None)
    # then it worked them out as this process does, and keeps them for the next chunk
    assert found == peers.creators_worked_out(ranges, peers._peer_values())
    assert list(peers._worker_peers) == [("this version",)]


def test_a_helper_works_creators_out_only_when_many_were_never_judged(transactional_db, monkeypatch):
    # given four creators never judged (as an import's new ones), committed, and a threshold of three
    random_creators(4, random.Random(5))
    monkeypatch.setattr(peers, "PARALLEL_FROM_CREATORS", 3)
    # then a helper would work them out while this process writes them
    assert peers.peers_helpers(4) == 1
    # but once they are judged (a recompute's pass writes few rows), none would
    monkeypatch.setattr(peers, "PARALLEL_FROM_CREATORS", 1_000)
    peers_recompute()
    monkeypatch.setattr(peers, "PARALLEL_FROM_CREATORS", 3)
    assert peers.peers_helpers(4) == 0
    # nor for fewer creators than the threshold
    assert peers.peers_helpers(2) == 0
