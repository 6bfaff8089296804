"""creator_numbers: the stored figures and the trend series, as the API hands them out."""

from vetrina.creators.models import Creator
from vetrina.creators.tests.factories import AudienceCountryFactory
from vetrina.metrics import services
from vetrina.metrics.selectors import creator_numbers
from vetrina.metrics.tests import oracle
from vetrina.metrics.tests.oracle import video
from vetrina.metrics.tests.sample_creators import creator_with, day, posted, sample_data

METRICS = [
    "avg_views",
    "avg_likes",
    "avg_comments",
    "avg_shares",
    "median_views",
    "engagement_rate",
    "engagement_rate_last_15",
    "follower_growth_30d",
    "follower_growth_per_day_30d",
    "follower_growth_rate_30d",
]


def recomputed(creator: Creator) -> Creator:
    services.creators_recompute(creator_ids=[creator.pk])
    return Creator.objects.get(pk=creator.pk)


def expected_trends(videos: list[oracle.Video], snapshots: list[oracle.Snapshot]) -> dict[str, list[dict]]:
    return {
        "followers": [{"date": when, "count": count} for when, count in oracle.followers_series(snapshots)],
        "videos": [
            {"id": str(v["id"]), "posted_at": v["posted_at"], "views": v["views"]}
            for v in oracle.videos_series(videos, snapshots)
        ],
        "engagement_last_15": [
            {"id": str(v["id"]), "posted_at": v["posted_at"], "rate": rate}
            for v, rate in oracle.engagement_series_last_15(videos)
        ],
    }


def test_it_returns_the_stored_figures_and_the_trends_the_design_defines(db):
    for seed in range(8):
        # given
        videos, snapshots = sample_data(seed, first_id=seed * 1000)
        creator = recomputed(creator_with(videos, snapshots))
        # when
        numbers = creator_numbers(creator)
        # then
        expected = oracle.stored_numbers(videos, snapshots)
        assert numbers["data_date"] == expected["data_date"]
        assert numbers["metrics"] == {name: expected[name] for name in METRICS}
        assert numbers["trends"] == expected_trends(videos, snapshots)


def test_it_gives_video_ids_as_strings_in_numeric_order(db):
    # given two videos at the same moment: id 10 is the newer, though "9" > "10" as strings
    videos = [video(10, posted(3), views=100, likes=1), video(9, posted(3), views=100, likes=2)]
    creator = recomputed(creator_with(videos, [(day(0), 1000)]))
    # when
    trends = creator_numbers(creator)["trends"]
    # then both series run oldest first
    assert [(v["id"], v["rate"]) for v in trends["engagement_last_15"]] == [("9", 0.02), ("10", 0.01)]
    assert [v["id"] for v in trends["videos"]] == ["9", "10"]


def test_it_sums_the_audience_countries_into_continents(db):
    # given shares exact in binary, so the sums are exact in any order
    creator = creator_with()
    for country, share in {"IN": 0.375, "TW": 0.125, "US": 0.25, "GB": 0.125, "DE": 0.125}.items():
        AudienceCountryFactory(creator=creator, country=country, share=share)
    # when
    audience = creator_numbers(recomputed(creator))["audience"]
    # then
    assert audience["country"] == {"IN": 0.375, "TW": 0.125, "US": 0.25, "GB": 0.125, "DE": 0.125}
    assert audience["continent"] == {"AS": 0.5, "NA": 0.25, "EU": 0.25}


def test_it_returns_undefined_figures_and_empty_trends_for_a_creator_without_data(db):
    # given
    creator = recomputed(creator_with())
    # when
    numbers = creator_numbers(creator)
    # then
    assert numbers["data_date"] is None
    assert numbers["metrics"] == dict.fromkeys(METRICS)
    assert numbers["trends"] == {"followers": [], "videos": [], "engagement_last_15": []}
    assert numbers["audience"]["country"] is None
    assert numbers["audience"]["continent"] is None


def test_it_reads_a_creators_numbers_in_a_constant_number_of_queries(db, django_assert_max_num_queries):
    # given a creator with plenty of videos
    videos, snapshots = sample_data(seed=5, first_id=0)
    assert len(videos) == 45
    creator = recomputed(creator_with(videos, snapshots))
    # when / then: audience countries, videos, snapshots
    with django_assert_max_num_queries(3):
        creator_numbers(creator)
