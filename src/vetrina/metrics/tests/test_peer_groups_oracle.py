"""Peer groups and percentiles against the plain reading of docs/numbers.md in oracle.py: the widening at
exactly 29 and 30 peers, undefined numbers and ties. Creators are made with their numbers stored, then
peers_recompute runs; every expected figure comes from oracle.peer_group and oracle.percentile."""

import random

import pytest

from vetrina.creators.models import Creator
from vetrina.creators.tests.factories import CreatorFactory
from vetrina.metrics.peers import PERCENTILES, peers_recompute
from vetrina.metrics.tests import oracle

NUMBERS = ["avg_views", "engagement_rate", "audience_activity_active"]


def make(creators: list[dict]) -> None:
    for creator in creators:
        CreatorFactory.create(**creator)


def spec(handle: str, *, reach: int | None = 200_000, categories=("fashion",), verified=True, **numbers):
    return {"handle": handle, "reach": reach, "categories": list(categories), "verified": verified, **numbers}


def stored(handle: str) -> Creator:
    return Creator.objects.get(handle=handle)


def expected_group(creator: dict, everyone: list[dict]) -> tuple[int | None, str, int] | None:
    found = oracle.peer_group(creator, everyone)
    if found is None:
        return None
    tier, category, members = found
    return tier, category or "", len(members)


def assert_matches_the_oracle(everyone: list[dict]) -> None:
    for creator in everyone:
        row = stored(creator["handle"])
        group = expected_group(creator, everyone)
        found = None if row.peer_group_size is None else (
            row.peer_group_tier, row.peer_group_category, row.peer_group_size
        )  # fmt: skip
        assert found == group, creator["handle"]
        for field in NUMBERS:
            assert getattr(row, PERCENTILES[field]) == oracle.percentile(creator, field, everyone), (
                creator["handle"],
                field,
            )


def test_29_peers_of_a_tier_and_category_widen_to_the_tier_and_30_do_not(db):
    # given 30 verified fashion creators with 100k-1M followers (29 peers each), an unverified one (30
    # peers: all of them), and 10 beauty creators of the tier
    everyone = [spec(f"fashion.{n}", avg_views=float(n)) for n in range(30)]
    everyone.append(spec("fashion.new", verified=False, avg_views=14.5))
    everyone += [spec(f"beauty.{n}", categories=("beauty",), avg_views=100.0 + n) for n in range(10)]
    make(everyone)
    # when
    peers_recompute()
    # then
    assert (stored("fashion.0").peer_group_category, stored("fashion.0").peer_group_size) == ("", 39)
    assert (stored("fashion.new").peer_group_category, stored("fashion.new").peer_group_size) == (
        "fashion",
        30,
    )
    assert_matches_the_oracle(everyone)


def test_30_peers_of_a_tier_and_category_make_a_group(db):
    # given 31 verified fashion creators with 100k-1M followers: 30 peers each
    everyone = [spec(f"fashion.{n}", avg_views=float(n % 7)) for n in range(31)]
    everyone.append(spec("beauty.0", categories=("beauty",), avg_views=0.5))
    make(everyone)
    # when
    peers_recompute()
    # then
    row = stored("fashion.3")
    assert (row.peer_group_tier, row.peer_group_category, row.peer_group_size) == (2, "fashion", 30)
    assert_matches_the_oracle(everyone)


def test_29_peers_of_a_tier_widen_to_every_verified_creator_and_30_do_not(db):
    # given 30 verified creators with 10k-100k followers in mixed categories (29 peers each), 31 with
    # 1M-10M followers in two categories and one without a category (30 each), and one without a reach
    everyone = [
        spec(f"small.{n}", reach=20_000 + n, categories=(["fashion", "food", "gaming"][n % 3],), avg_views=n)
        for n in range(30)
    ]
    everyone += [
        spec(f"big.{n}", reach=2_000_000, categories=(["food", "travel"][n % 2],), avg_views=50.0 - n)
        for n in range(30)
    ]
    everyone.append(spec("no.reach", reach=None, avg_views=1.0))
    everyone.append(spec("no.category", reach=3_000_000, categories=(), avg_views=7.0))
    make(everyone)
    # when
    peers_recompute()
    # then
    small, big = stored("small.4"), stored("big.4")
    assert (small.peer_group_tier, small.peer_group_category, small.peer_group_size) == (None, "", 60)
    assert (big.peer_group_tier, big.peer_group_category, big.peer_group_size) == (3, "", 30)
    assert stored("no.reach").peer_group_size is None
    assert_matches_the_oracle(everyone)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_undefined_numbers_and_ties_rank_as_the_oracle_says(db, seed):
    # given groups around the 30 mark with numbers drawn from few values (ties) and often missing
    rng = random.Random(seed)

    def number(values: list[float]) -> float | None:
        return None if rng.random() < 0.25 else rng.choice(values)

    everyone = []
    for n in range(rng.randint(28, 34)):
        everyone.append(
            spec(
                f"c.{n}",
                reach=rng.choice([150_000, 500_000, 40_000]),
                categories=(rng.choice(["fashion", "fashion", "food"]),),
                verified=rng.random() < 0.9,
                avg_views=number([10.0, 20.0, 20.0, 30.0]),
                engagement_rate=number([0.01, 0.02, 0.05]),
                audience_activity_active=number([0.5, 0.7]),
            )
        )
    everyone.append(spec("all.undefined", avg_views=None, engagement_rate=None))
    make(everyone)
    # when
    peers_recompute()
    # then
    assert stored("all.undefined").avg_views_percentile is None
    assert_matches_the_oracle(everyone)


def test_a_tie_with_every_peer_is_not_higher_than_any(db):
    # given 31 verified fashion creators with the same average views, and one peer without
    everyone = [spec(f"same.{n}", avg_views=5.0) for n in range(31)]
    everyone.append(spec("none", avg_views=None))
    make(everyone)
    # when
    peers_recompute()
    # then: no peer is strictly lower
    assert stored("same.0").avg_views_percentile == 0.0
    assert_matches_the_oracle(everyone)
