"""peers_recompute: percentiles among verified peers, the tiers' medians, and stored scores."""

import threading
from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vetrina.creators.models import Creator
from vetrina.creators.tests.factories import CreatorFactory, as_lines, line_data
from vetrina.ingest.importing import creators_import
from vetrina.metrics import authenticity, peers
from vetrina.metrics.models import PeerGroup
from vetrina.metrics.peers import peer_group_row, peers_recompute, typical_for


def peer(**fields) -> Creator:
    """A verified fashion creator with 100k-1M followers and enough data to score, with the fields given."""
    defaults = {
        "reach": 200_000,
        "categories": ["fashion"],
        "verified": True,
        "video_count": 30,
        "history_days": 60,
    }
    return CreatorFactory.create(**{**defaults, **fields})


@pytest.fixture
def small_groups(monkeypatch) -> None:
    """Peer groups of any size count, so that a handful of creators shows which group is which (the
    widening itself: test_peer_groups_oracle.py)."""
    monkeypatch.setattr(peers, "MIN_PEERS", 1)


def fresh(creator: Creator) -> Creator:
    return Creator.objects.get(pk=creator.pk)


def share_lower(value: float | None, others: list[float | None]) -> float | None:
    """docs/numbers.md, read plainly: the share (0-100) of the others whose number is lower."""
    defined = [other for other in others if other is not None]
    if value is None or not defined:
        return None
    return 100 * len([other for other in defined if other < value]) / len(defined)


def test_it_gives_each_creator_the_share_of_its_peers_whose_number_is_lower(db):
    # given five peers, two of them tied and one without videos
    values = [10.0, 20.0, 20.0, 40.0, None]
    creators = [peer(avg_views=value) for value in values]
    # when
    peers_recompute()
    # then
    for index, creator in enumerate(creators):
        others = values[:index] + values[index + 1 :]
        assert fresh(creator).avg_views_percentile == share_lower(values[index], others)
    assert [fresh(creator).avg_views_percentile for creator in creators] == [
        0.0,
        100 / 3,
        100 / 3,
        100.0,
        None,
    ]


def test_peers_share_the_follower_tier_and_the_first_category(db, small_groups):
    # given a creator, a peer with more views, and creators with fewer who are not its peers
    creator = peer(avg_views=50.0)
    same_group = peer(avg_views=100.0, reach=100_000)  # 100k opens the 100k-1M tier
    peer(avg_views=1.0, categories=["beauty", "fashion"])  # fashion, but not first
    peer(avg_views=1.0, reach=99_999)  # 10k-100k
    peer(avg_views=1.0, reach=1_000_000)  # 1M-10M
    # when
    peers_recompute()
    # then
    assert fresh(creator).avg_views_percentile == 0.0
    assert fresh(same_group).avg_views_percentile == 100.0
    assert (fresh(creator).peer_group_tier, fresh(creator).peer_group_category) == (2, "fashion")
    assert fresh(creator).peer_group_size == 1


def test_unverified_creators_are_not_peers_but_get_their_own_percentile(db):
    # given two verified creators and two unverified ones in the same group
    low, high = peer(avg_views=10.0), peer(avg_views=30.0)
    middle = peer(avg_views=20.0, verified=False)
    lowest = peer(avg_views=5.0, verified=False)
    # when
    peers_recompute()
    # then the verified ones are compared with each other only
    assert (fresh(low).avg_views_percentile, fresh(high).avg_views_percentile) == (0.0, 100.0)
    # and the unverified ones with both verified ones
    assert (fresh(middle).avg_views_percentile, fresh(lowest).avg_views_percentile) == (50.0, 0.0)


def test_a_creator_without_peers_or_reach_has_no_percentile(db):
    # given a creator alone in its group, and one without a follower snapshot
    alone = peer(avg_views=10.0)
    no_reach = peer(avg_views=10.0, reach=None)
    # when
    peers_recompute()
    # then
    assert fresh(alone).avg_views_percentile is None
    assert fresh(no_reach).avg_views_percentile is None
    # and the one alone has a group of no one, the one without a reach no group at all
    assert (fresh(alone).peer_group_tier, fresh(alone).peer_group_size) == (None, 0)
    assert fresh(no_reach).peer_group_size is None


def test_it_ranks_all_four_numbers(db):
    # given
    first = peer(
        avg_views=1.0, engagement_rate=0.09, follower_growth_rate_30d=-0.01, audience_activity_active=0.7
    )
    second = peer(
        avg_views=2.0, engagement_rate=0.03, follower_growth_rate_30d=0.02, audience_activity_active=None
    )
    # when
    peers_recompute()
    # then
    ranks = Creator.objects.order_by("avg_views").values_list(
        "avg_views_percentile",
        "engagement_rate_percentile",
        "follower_growth_rate_percentile",
        "active_share_percentile",
    )
    assert list(ranks) == [(0.0, 100.0, 0.0, None), (100.0, 0.0, 100.0, None)]
    assert (first.pk, second.pk) == tuple(Creator.objects.order_by("avg_views").values_list("pk", flat=True))


def plain_median(values: list[float | None]) -> float | None:
    """docs/numbers.md, read plainly: the middle of the defined values, the mean of the two middle
    ones for an even count."""
    defined = sorted(value for value in values if value is not None)
    if not defined:
        return None
    middle = len(defined) // 2
    return defined[middle] if len(defined) % 2 else (defined[middle - 1] + defined[middle]) / 2


SIGNAL_FIELDS = {
    "active_share": "audience_activity_active",
    "engagement_rate": "engagement_rate",
    "views_per_follower": "views_per_follower",
    "comments_per_like": "comments_per_like",
}


def test_it_keeps_the_medians_of_each_peer_group(db, small_groups):
    # given verified creators with 100k-1M followers in three categories, one of another tier, and an
    # unverified one
    tier_two: list[dict[str, Any]] = [
        {"audience_activity_active": 0.6, "engagement_rate": 0.02, "largest_daily_gain": 300.0,
         "usual_daily_change": 100.0, "views_per_follower": 0.3, "comments_per_like": 0.01},
        {"audience_activity_active": 0.7, "engagement_rate": 0.04, "largest_daily_gain": 500.0,
         "usual_daily_change": 100.0, "views_per_follower": 0.1, "comments_per_like": 0.03},
        {"audience_activity_active": 0.9, "engagement_rate": 0.09, "largest_daily_gain": 200.0,
         "usual_daily_change": 100.0, "views_per_follower": 0.2, "comments_per_like": None,
         "categories": ["beauty"]},
        {"audience_activity_active": 0.5, "engagement_rate": 0.05, "largest_daily_gain": 900.0,
         "usual_daily_change": 100.0, "views_per_follower": None, "comments_per_like": 0.2,
         "categories": ["gaming", "fashion"]},
    ]  # fmt: skip
    for fields in tier_two:
        peer(**fields)
    peer(engagement_rate=0.5, reach=20_000)
    peer(engagement_rate=0.5, verified=False)
    # when
    peers_recompute()
    # then one group per tier and category, per tier, and one of everyone
    groups = {(group.tier, group.category): group for group in PeerGroup.objects.all()}
    assert set(groups) == {
        (2, "fashion"), (2, "beauty"), (2, "gaming"), (2, ""), (1, "fashion"), (1, ""), (None, "")
    }  # fmt: skip
    tier = groups[(2, "")]
    assert tier.creators == 4
    for signal, field in SIGNAL_FIELDS.items():
        assert getattr(tier, signal) == plain_median([fields[field] for fields in tier_two]), signal
    # the spike: each largest daily gain over its usual daily change
    spikes = [fields["largest_daily_gain"] / fields["usual_daily_change"] for fields in tier_two]
    assert tier.follower_spike == plain_median(spikes) == 4.0
    fashion = groups[(2, "fashion")]
    assert (fashion.creators, fashion.engagement_rate) == (2, plain_median([0.02, 0.04]))
    everyone = groups[(None, "")]
    assert (everyone.creators, everyone.engagement_rate) == (5, plain_median([0.02, 0.04, 0.09, 0.05, 0.5]))


def test_a_creator_is_held_against_its_peer_groups_medians(db, monkeypatch):
    # given a tier's groups must hold two peers: three fashion creators, a beauty creator alone in its
    # category in the 100k-1M tier, and one of another tier
    monkeypatch.setattr(peers, "MIN_PEERS", 2)
    for rate in [0.02, 0.04, 0.06]:
        peer(engagement_rate=rate)
    beauty = peer(engagement_rate=0.01, categories=["beauty"])
    peer(engagement_rate=0.5, reach=20_000)  # another tier: not counted
    # when
    peers_recompute()
    # then the beauty creator's group widened to its tier, and its typical engagement is the tier's
    # median over all four, (0.02 + 0.04) / 2
    assert (fresh(beauty).peer_group_tier, fresh(beauty).peer_group_category) == (2, "")
    assert fresh(beauty).peer_group_size == 3
    typical = typical_for(peer_group_row(tier=2, category=""))
    assert typical is not None
    assert (typical.tier, typical.engagement_rate) == (2, plain_median([0.02, 0.04, 0.06, 0.01]))
    signals = {
        signal["name"]: signal
        for signal in authenticity.signals(authenticity.facts_of(fresh(beauty)), typical)
    }
    assert signals["engagement_rate"]["typical"] == (0.02 + 0.04) / 2
    # and its score is held against it: 0.01 is a third of 0.03, past the rule's `bad` ratio
    assert fresh(beauty).authenticity_score == 100 - authenticity.RULES["engagement_rate"].weight


def test_a_tier_without_verified_creators_has_no_group_of_its_own(db, small_groups):
    # given
    peer(engagement_rate=0.02)
    peer(engagement_rate=0.04)
    lonely = peer(engagement_rate=0.5, reach=20_000, verified=False)
    # when
    peers_recompute()
    # then the unverified creator of the 10k-100k tier is held against everyone
    assert set(PeerGroup.objects.values_list("tier", "category")) == {(2, "fashion"), (2, ""), (None, "")}
    assert (fresh(lonely).peer_group_tier, fresh(lonely).peer_group_size) == (None, 2)
    assert fresh(lonely).engagement_rate_percentile == 100.0


def test_it_stores_each_creators_score_and_confidence_or_why_there_is_none(db, small_groups):
    # given five ordinary peers, one with two strong signs, one with few videos, one with no data
    ordinary = {"audience_activity_active": 0.75, "engagement_rate": 0.05}
    honest = [peer(**ordinary) for _ in range(5)]
    bought = peer(audience_activity_active=0.3, engagement_rate=0.01)
    new = peer(video_count=3, **ordinary)
    empty = peer(video_count=0, history_days=0)
    # when
    peers_recompute()
    # then: the medians are 0.75 and 0.05; 0.3 is 0.4 of the one, 0.01 0.2 of the other
    assert fresh(honest[0]).authenticity_score == 100.0
    expected = 100 - authenticity.RULES["active_share"].weight - authenticity.RULES["engagement_rate"].weight
    assert fresh(bought).authenticity_score == expected
    # two signals only (no views per follower, comments per like or jumps on these rows): low confidence
    assert (fresh(bought).authenticity_confidence, fresh(bought).authenticity_unscored) == ("low", None)
    assert (fresh(new).authenticity_score, fresh(new).authenticity_confidence) == (100.0, "low")
    assert (fresh(empty).authenticity_score, fresh(empty).authenticity_unscored) == (None, "no_signals")
    assert fresh(empty).authenticity_confidence is None


def test_a_second_pass_over_unchanged_peers_updates_no_creator(db):
    # given
    for views in [1.0, 2.0, 3.0]:
        peer(avg_views=views)
    assert peers_recompute() == 3
    # when / then
    assert peers_recompute() == 0


def test_an_import_ranks_the_new_creators_among_their_peers(db):
    # when two fashion creators with 121,000 followers and two videos each are imported
    creators_import(lines=as_lines(line_data(handle="anna.styles"), line_data(handle="bea.styles")))
    # then each ranks against the other (everyone, two being too few for a group of their own), whose
    # average views are the same
    creator = Creator.objects.get(handle="anna.styles")
    assert creator.avg_views_percentile == 0.0
    assert (creator.peer_group_tier, creator.peer_group_size) == (None, 1)
    # and each gets a score, resting on two videos: low confidence
    assert creator.authenticity_score is not None
    assert creator.authenticity_confidence == "low"


def test_the_recompute_command_recomputes_the_peers_numbers_too(db):
    # given stale percentiles
    low, high = peer(reach=None), peer(reach=None)
    for creator, count in [(low, 1000), (high, 2000)]:
        creator.follower_snapshots.create(date=date(2026, 11, 1), count=count)
    # when
    call_command("recompute", stdout=StringIO(), verbosity=0)
    # then
    assert fresh(low).reach == 1000
    assert fresh(low).avg_views_percentile is None  # no videos: no average views
    assert PeerGroup.objects.filter(tier=0, category="fashion", creators=2).exists()


@pytest.mark.parametrize("chunk_size", [2, 2_000])
def test_it_reads_and_writes_in_a_number_of_queries_that_grows_with_chunks_only(db, monkeypatch, chunk_size):
    # given
    monkeypatch.setattr(peers, "CHUNK_SIZE", chunk_size)
    for views in range(6):
        peer(avg_views=float(views))
    # when
    with CaptureQueriesContext(connection) as queries:
        peers_recompute()
    # then: the numbers' version (before, and again in the transaction), the peers' values, the peer
    # groups, the ids, and a read per chunk; and the writing: on SQLite a write per chunk, and the page
    # cache's size read (and the page's), enlarged for it and put back; on PostgreSQL the temporary
    # table the numbers are copied into, made and emptied, and one update from it
    chunks = -(-6 // chunk_size)
    writes = chunks + 4 if connection.vendor == "sqlite" else 3
    assert len(queries) <= 8 + chunks + writes


def test_on_sqlite_the_pass_writes_with_a_larger_page_cache_and_puts_it_back(db, monkeypatch):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's page cache")
    # given a creator to write, and SQLite's default page cache
    peer(avg_views=1.0)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size = -2000")
    sizes = []

    def cache_size() -> int:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size")
            return cursor.fetchone()[0]

    real = peers._update_sql

    def update_sql() -> str:
        sizes.append(cache_size())
        return real()

    monkeypatch.setattr(peers, "_update_sql", update_sql)
    # when
    peers_recompute()
    # then it wrote with WRITE_CACHE_KIB, and the connection has its own size again
    assert sizes == [-peers.WRITE_CACHE_KIB]
    assert cache_size() == -2000


def threads_noted(monkeypatch) -> dict[str, list[str]]:
    """The threads that work the creators' numbers out, as the pass goes."""
    names: dict[str, list[str]] = {"numbers": []}
    real = peers._worked_out

    def worked_out(*args: Any) -> Any:
        names["numbers"].append(threading.current_thread().name)
        return real(*args)

    monkeypatch.setattr(peers, "_worked_out", worked_out)
    return names


@pytest.mark.usefixtures("small_groups")
def test_work_given_to_run_meanwhile_runs_here_while_another_thread_works_the_numbers_out(db, monkeypatch):
    # given two peers, and work for the pass to run meanwhile
    low, high = peer(avg_views=10.0), peer(avg_views=30.0)
    names = threads_noted(monkeypatch)
    ran: list[str] = []

    def meanwhile() -> None:
        ran.append(threading.current_thread().name)

    # when
    peers_recompute(meanwhile=meanwhile)
    # then it ran in this thread, the numbers were worked out once, in another, and written
    assert ran == [threading.current_thread().name]
    assert len(names["numbers"]) == 1
    assert names["numbers"] != ran
    assert [fresh(creator).avg_views_percentile for creator in (low, high)] == [0.0, 100.0]


@pytest.mark.usefixtures("small_groups")
def test_with_more_creators_than_it_holds_at_once_the_pass_runs_the_work_given_first(db, monkeypatch):
    # given more creators than the pass holds the rows of at once
    monkeypatch.setattr(peers, "BESIDE_MOST", 1)
    low, high = peer(avg_views=10.0), peer(avg_views=30.0)
    names = threads_noted(monkeypatch)
    order: list[str] = []

    def meanwhile() -> None:
        order.append(f"meanwhile, {len(names['numbers'])} worked out")

    # when
    peers_recompute(meanwhile=meanwhile)
    # then the work ran before any number was worked out, and those were worked out here
    assert order == ["meanwhile, 0 worked out"]
    assert names["numbers"] == [threading.current_thread().name]
    assert [fresh(creator).avg_views_percentile for creator in (low, high)] == [0.0, 100.0]


@pytest.mark.usefixtures("small_groups")
def test_a_creator_the_work_run_meanwhile_removes_is_no_ones_peer(db, monkeypatch):
    # given three peers, one of which the work run meanwhile removes (as a first load refuses a line)
    low, middle, high = peer(avg_views=10.0), peer(avg_views=20.0), peer(avg_views=30.0)
    names = threads_noted(monkeypatch)
    # when
    peers_recompute(meanwhile=middle.delete)
    # then the numbers were worked out again, without it, and the others' count only each other
    assert len(names["numbers"]) == 2
    assert [fresh(creator).avg_views_percentile for creator in (low, high)] == [0.0, 100.0]
    assert [group.creators for group in PeerGroup.objects.all()] == [2, 2, 2]


def test_numbers_changed_while_the_pass_works_them_out_are_worked_out_again_before_writing(db, monkeypatch):
    # given two peers, and a third that arrives (as from another import) after the pass has read them
    low, high = peer(avg_views=10.0), peer(avg_views=30.0)
    real = peers._peers_worked_out
    arrived: list[Creator] = []

    def worked_out() -> Any:
        result = real()
        if not arrived:
            arrived.append(peer(avg_views=20.0))
        return result

    monkeypatch.setattr(peers, "_peers_worked_out", worked_out)
    # when
    peers_recompute()
    # then every creator's percentile counts the newcomer, as a pass started after it would
    assert [fresh(creator).avg_views_percentile for creator in (low, arrived[0], high)] == [0.0, 50.0, 100.0]
    # (each group the three fall in: their tier and category, their tier, everyone)
    assert [group.creators for group in PeerGroup.objects.all()] == [3, 3, 3]
