"""Recomputation stores, on each Creator row, exactly the numbers the oracle computes from raw data."""

from collections.abc import Iterable

from django.db import connection
from django.test.utils import CaptureQueriesContext

from vetrina.creators.models import Creator
from vetrina.creators.tests.factories import CreatorFactory
from vetrina.metrics import services
from vetrina.metrics.tests import oracle
from vetrina.metrics.tests.oracle import video
from vetrina.metrics.tests.sample_creators import add_data, creator_with, day, posted, sample_data


def stored(creator: Creator, fields: Iterable[str]) -> dict[str, object]:
    reloaded = Creator.objects.get(pk=creator.pk)
    return {field: getattr(reloaded, field) for field in fields}


def test_it_stores_the_numbers_the_design_defines(db):
    # given creators with varied data (video ids must be unique across creators)
    data = [sample_data(seed, first_id=seed * 1000) for seed in range(12)]
    creators = [creator_with(videos, snapshots) for videos, snapshots in data]
    # when
    updated = services.creators_recompute(creator_ids=[c.pk for c in creators])
    # then every stored field equals the oracle's, floats to the last bit
    assert updated == len(creators)
    for creator, (videos, snapshots) in zip(creators, data, strict=True):
        expected = oracle.stored_numbers(videos, snapshots)
        assert stored(creator, expected) == expected


def test_it_stores_floats_at_full_precision(db):
    # given an engagement rate of 1/3 and a daily growth of 2500/30, neither exact in binary
    creator = creator_with(
        videos=[video(1, posted(1), views=3, likes=1)],
        snapshots=[(day(30), 100_000), (day(0), 102_500)],
    )
    # when
    services.creators_recompute(creator_ids=[creator.pk])
    # then
    numbers = stored(creator, ["engagement_rate", "follower_growth_per_day_30d", "follower_growth_rate_30d"])
    assert numbers == {
        "engagement_rate": 1 / 3,
        "follower_growth_per_day_30d": 2500 / 30,
        "follower_growth_rate_30d": 0.025,
    }


def test_it_stores_undefined_numbers_for_a_creator_without_data(db):
    # given
    creator = creator_with()
    # when
    services.creators_recompute(creator_ids=[creator.pk])
    # then
    expected = oracle.stored_numbers([], [])
    assert expected.pop("video_count") == 0  # a count, not a ratio: zero is its value
    assert set(expected.values()) == {None}
    assert stored(creator, [*expected, "video_count"]) == {**expected, "video_count": 0}
    assert stored(creator, ["metrics_computed_at"])["metrics_computed_at"] is not None


def test_it_updates_the_numbers_when_a_video_arrives(db):
    # given
    first = video(1, posted(2), views=1000, likes=100)
    creator = creator_with(videos=[first], snapshots=[(day(0), 5000)])
    services.creators_recompute(creator_ids=[creator.pk])
    assert stored(creator, ["avg_views", "engagement_rate"]) == {"avg_views": 1000.0, "engagement_rate": 0.1}
    # when
    second = video(2, posted(1), views=3000, likes=100)
    add_data(creator, [second], [])
    services.creators_recompute(creator_ids=[creator.pk])
    # then
    assert stored(creator, ["avg_views", "engagement_rate"]) == {"avg_views": 2000.0, "engagement_rate": 0.05}
    expected = oracle.stored_numbers([first, second], [(day(0), 5000)])
    assert stored(creator, expected) == expected


def test_it_recomputes_only_the_creators_it_is_given(db):
    # given
    chosen = creator_with(snapshots=[(day(0), 10)])
    other = creator_with(snapshots=[(day(0), 20)])
    # when
    services.creators_recompute(creator_ids=[chosen.pk])
    # then
    assert stored(chosen, ["reach"]) == {"reach": 10}
    assert stored(other, ["reach", "metrics_computed_at"]) == {"reach": None, "metrics_computed_at": None}


def test_it_recomputes_every_creator_and_reports_progress(db, monkeypatch):
    # given five creators and chunks of two, so that progress is reported three times
    monkeypatch.setattr(services, "CHUNK_SIZE", 2)
    creators = [creator_with(snapshots=[(day(0), 100 + i)]) for i in range(5)]
    progress: list[int] = []
    # when
    done = services.all_creators_recompute(on_progress=progress.append)
    # then
    assert done == 5
    assert progress == [2, 4, 5]
    for i, creator in enumerate(creators):
        numbers = stored(creator, ["reach", "metrics_computed_at"])
        assert numbers["reach"] == 100 + i
        assert numbers["metrics_computed_at"] is not None


def many_creators(how_many: int, first_id: int) -> list[Creator]:
    creators = CreatorFactory.create_batch(how_many)
    for i, creator in enumerate(creators):
        videos = [video(first_id + 3 * i + k, posted(k), views=1000 * (k + 1), likes=7) for k in range(3)]
        add_data(creator, videos, [(day(30), 1000), (day(0), 1000 + i)])
    return creators


def queries_to_recompute(creators: list[Creator]) -> int:
    with CaptureQueriesContext(connection) as queries:
        services.creators_recompute(creator_ids=[c.pk for c in creators])
    return len(queries)


def test_it_recomputes_many_creators_in_a_constant_number_of_queries(db, django_assert_max_num_queries):
    # given
    few = many_creators(5, first_id=1)
    many = many_creators(50, first_id=1000)
    # when / then: a select per table, one bulk update, and the transaction's savepoint and release
    with django_assert_max_num_queries(6):
        services.creators_recompute(creator_ids=[c.pk for c in many])
    assert queries_to_recompute(many) == queries_to_recompute(few)
    # and each creator got its own numbers
    assert stored(many[-1], ["follower_growth_30d", "median_views"]) == {
        "follower_growth_30d": 49,
        "median_views": 2000.0,
    }


def test_other_processes_work_out_the_same_numbers_when_asked(transactional_db, monkeypatch):
    # given creators with varied data, recomputed three to a chunk (committed: other processes read them)
    monkeypatch.setattr(services, "CHUNK_SIZE", 3)
    data = [sample_data(seed, first_id=seed * 1000) for seed in range(7)]
    creators = [creator_with(videos, snapshots) for videos, snapshots in data]
    progress: list[int] = []
    # when two worker processes work them out
    done = services.all_creators_recompute(on_progress=progress.append, workers=2)
    # then every stored field equals the oracle's, and progress came chunk by chunk
    assert (done, progress) == (7, [3, 6, 7])
    for creator, (videos, snapshots) in zip(creators, data, strict=True):
        expected = oracle.stored_numbers(videos, snapshots)
        assert stored(creator, expected) == expected


def test_creators_whose_numbers_are_current_are_not_written_again(db):
    # given two creators recomputed once, then one of them given a new video
    data = [sample_data(seed, first_id=seed * 1000) for seed in range(2)]
    current, stale = (creator_with(videos, snapshots) for videos, snapshots in data)
    services.creators_recompute(creator_ids=[current.pk, stale.pk])
    computed_at = stored(current, ["metrics_computed_at"])
    newest = video(99_999, posted(0), views=123_456, likes=7)
    add_data(stale, [newest], [])
    # when both are recomputed
    with CaptureQueriesContext(connection) as queries:
        recomputed = services.creators_recompute(creator_ids=[current.pk, stale.pk])
    # then both count as recomputed, but only the stale one is written, with the oracle's numbers
    assert recomputed == 2
    updates = [query["sql"] for query in queries.captured_queries if "UPDATE" in query["sql"]]
    assert [update.split(":")[0] for update in updates] == ["1 times"]  # executemany's, as Django notes it
    assert stored(current, ["metrics_computed_at"]) == computed_at
    expected = oracle.stored_numbers([*data[1][0], newest], data[1][1])
    assert stored(stale, expected) == expected
