"""The pure metric functions against docs/numbers.md: worked examples, then the oracle on random data.

Floats are compared with == wherever the oracle does the same arithmetic (one division of two exact
integer sums), so any difference is a real one, not rounding.
"""

import dataclasses
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vetrina.metrics import compute
from vetrina.metrics.tests import oracle
from vetrina.metrics.tests.oracle import video

NOW = date(2026, 11, 30)  # the data date of the examples


def day(back: int) -> date:
    return NOW - timedelta(days=back)


def posted(back: int, hour: int = 12, minute: int = 0) -> datetime:
    when = day(back)
    return datetime(when.year, when.month, when.day, hour, minute, tzinfo=UTC)


@dataclasses.dataclass
class FakeVideo:
    id: Any  # an int from the database, a digit string from the import format
    posted_at: datetime
    views: int
    likes: int
    comments: int
    shares: int


@dataclasses.dataclass
class FakeSnapshot:
    date: date
    count: int


def fakes(videos: list[oracle.Video]) -> list[FakeVideo]:
    return [FakeVideo(**v) for v in videos]


def fake_snapshots(snapshots: list[oracle.Snapshot]) -> list[FakeSnapshot]:
    return [FakeSnapshot(date=when, count=count) for when, count in snapshots]


# Core metrics ------------------------------------------------------------------------------------


def test_it_averages_the_videos():
    # given
    videos = [
        video(1, posted(3), views=1000, likes=100, comments=10, shares=1),
        video(2, posted(2), views=2000, likes=200, comments=20, shares=2),
        video(3, posted(1), views=3000, likes=300, comments=30, shares=3),
    ]
    # when
    core = compute.core_metrics(fakes(videos))
    # then
    assert core.avg_views == 2000.0
    assert core.avg_likes == 200.0
    assert core.avg_comments == 20.0
    assert core.avg_shares == 2.0
    assert core.median_views == 2000.0
    assert core.engagement_rate == 0.111  # (600 + 60 + 6) / 6000


def test_it_leaves_every_core_metric_undefined_without_videos():
    # when
    core = compute.core_metrics([])
    # then
    assert dataclasses.astuple(core) == (None, None, None, None, None, None)


def test_it_ignores_videos_beyond_the_last_30():
    # given 30 recent videos, and 5 older ones whose larger ids must not pull them in
    recent = [video(i, posted(i), views=1000, likes=10) for i in range(1, 31)]
    older = [video(1000 + i, posted(31 + i), views=1_000_000) for i in range(5)]
    # when
    core = compute.core_metrics(fakes(older + recent))
    # then
    assert core.avg_views == 1000.0
    assert core.avg_likes == 10.0
    assert core.median_views == 1000.0
    assert core.engagement_rate == 0.01


@pytest.mark.parametrize("as_id", [int, str], ids=["int-ids", "digit-string-ids"])
def test_it_breaks_a_tie_in_posting_time_by_the_larger_id_as_a_number(as_id):
    # given 29 newer videos, then two at the same moment competing for the 30th place:
    # id 10 is newer than id 9, although "9" > "10" as strings
    newer = [video(as_id(100 + i), posted(i), views=1000) for i in range(29)]
    tied = [video(as_id(9), posted(40), views=31_000), video(as_id(10), posted(40), views=1000)]
    # when
    core = compute.core_metrics(fakes(tied + newer))
    # then id 10 is in the window, id 9 is not
    assert core.avg_views == 1000.0


def test_it_leaves_engagement_rate_undefined_when_no_video_has_views():
    # given
    videos = [video(1, posted(2), views=0, likes=5, comments=1), video(2, posted(1), views=0, likes=5)]
    # when
    core = compute.core_metrics(fakes(videos))
    # then the averages are defined (zero views is a fact), the rates are not
    assert core.avg_views == 0.0
    assert core.median_views == 0.0
    assert core.avg_likes == 5.0
    assert core.engagement_rate is None
    assert compute.engagement_rate_last_15(fakes(videos)) is None
    assert [rate for _, rate in compute.engagement_series_last_15(fakes(videos))] == [None, None]


def test_it_counts_a_zero_view_video_in_the_sums():
    # given
    videos = [video(1, posted(2), views=0, likes=10), video(2, posted(1), views=1000, likes=40)]
    # when
    core = compute.core_metrics(fakes(videos))
    # then
    assert core.engagement_rate == 0.05  # (10 + 40) / (0 + 1000)


def test_it_takes_the_middle_value_for_an_odd_median():
    # given
    videos = [video(1, posted(3), views=100), video(2, posted(2), views=3), video(3, posted(1), views=1)]
    # when / then
    assert compute.core_metrics(fakes(videos)).median_views == 3.0


def test_it_takes_the_mean_of_the_two_middle_values_for_an_even_median():
    # given
    views = [1, 100, 10, 3]
    videos = [video(i, posted(i), views=v) for i, v in enumerate(views)]
    # when / then
    assert compute.core_metrics(fakes(videos)).median_views == 6.5  # (3 + 10) / 2


# Engagement-rate trend ---------------------------------------------------------------------------


def test_it_rates_only_the_last_15_videos_for_the_trend():
    # given 5 old videos at 100 % engagement, then 15 at 5 %
    old = [video(i, posted(30 - i), views=1000, likes=1000) for i in range(5)]
    recent = [video(i, posted(30 - i), views=1000, likes=30, comments=10, shares=10) for i in range(5, 20)]
    videos = fakes(old + recent)
    # when
    headline = compute.engagement_rate_last_15(videos)
    series = compute.engagement_series_last_15(videos)
    # then
    assert headline == 0.05  # 750 / 15000
    assert [v.id for v, _ in series] == list(range(5, 20))
    assert [rate for _, rate in series] == [0.05] * 15
    # while the core window (fewer than 30) still sees all 20
    assert compute.core_metrics(videos).engagement_rate == 0.2875  # (5000 + 750) / 20000


def test_it_lists_the_engagement_series_oldest_first_with_each_videos_own_rate():
    # given fewer than 15 videos, not in posting order
    videos = [
        video(2, posted(2), views=1000, likes=25),
        video(3, posted(1), views=0, likes=3),
        video(1, posted(3), views=200, likes=10, comments=5, shares=5),
    ]
    # when
    series = compute.engagement_series_last_15(fakes(videos))
    # then
    assert [(v.id, rate) for v, rate in series] == [(1, 0.1), (2, 0.025), (3, None)]
    assert compute.engagement_rate_last_15(fakes(videos)) == 0.04  # (20 + 25 + 3) / (200 + 1000 + 0)


def test_it_puts_the_smaller_id_first_in_a_tie_in_the_oldest_first_series():
    # given
    videos = [video("10", posted(1), views=100, likes=1), video("9", posted(1), views=100, likes=2)]
    # when
    series = compute.engagement_series_last_15(fakes(videos))
    # then
    assert [(v.id, rate) for v, rate in series] == [("9", 0.02), ("10", 0.01)]


def test_it_has_no_engagement_trend_without_videos():
    # when / then
    assert compute.engagement_rate_last_15([]) is None
    assert compute.engagement_series_last_15([]) == []


# Reach, data date and follower growth -------------------------------------------------------------


def test_it_takes_reach_and_data_date_from_the_latest_snapshot():
    # given
    snapshots = fake_snapshots([(day(40), 90_000), (day(0), 120_000), (day(10), 110_000)])
    # when / then
    assert compute.reach(snapshots) == 120_000
    assert compute.data_date(snapshots) == NOW


def test_it_leaves_reach_and_data_date_undefined_without_snapshots():
    # when / then
    assert compute.reach([]) is None
    assert compute.data_date([]) is None


def test_it_measures_growth_from_a_snapshot_exactly_30_days_back():
    # given
    snapshots = fake_snapshots([(day(30), 100_000), (day(15), 101_000), (day(0), 103_000)])
    # when
    growth = compute.follower_growth(snapshots)
    # then
    assert growth.net == 3000
    assert growth.per_day == 100.0
    assert growth.rate == 0.03


def test_it_measures_growth_from_the_latest_snapshot_older_than_30_days():
    # given day 31 is the latest on or before now - 30; day 29 is too recent
    snapshots = fake_snapshots([(day(45), 50_000), (day(31), 100_000), (day(29), 101_000), (day(0), 102_500)])
    # when
    growth = compute.follower_growth(snapshots)
    # then
    assert growth.net == 2500
    assert growth.per_day == 2500 / 30
    assert growth.rate == 0.025


def test_it_reports_a_loss_of_followers_as_negative_growth():
    # given
    snapshots = fake_snapshots([(day(30), 200_000), (day(0), 194_000)])
    # when
    growth = compute.follower_growth(snapshots)
    # then
    assert (growth.net, growth.per_day, growth.rate) == (-6000, -200.0, -0.03)


def test_it_leaves_the_growth_rate_undefined_from_zero_followers():
    # given
    snapshots = fake_snapshots([(day(30), 0), (day(0), 600)])
    # when
    growth = compute.follower_growth(snapshots)
    # then
    assert (growth.net, growth.per_day, growth.rate) == (600, 20.0, None)


@pytest.mark.parametrize(
    "snapshots",
    [
        [],
        [(day(0), 1000)],
        [(day(29), 1000), (day(0), 2000)],
    ],
    ids=["no-snapshot", "one-snapshot", "none-30-days-back"],
)
def test_it_leaves_growth_undefined_without_a_snapshot_30_days_back(snapshots):
    # when
    growth = compute.follower_growth(fake_snapshots(snapshots))
    # then
    assert (growth.net, growth.per_day, growth.rate) == (None, None, None)


# Trend charts ------------------------------------------------------------------------------------


def test_it_charts_followers_from_30_days_back_to_the_data_date_oldest_first():
    # given
    snapshots = fake_snapshots([(day(12), 3), (day(0), 4), (day(31), 1), (day(30), 2)])
    # when
    series = compute.followers_series(snapshots, NOW)
    # then
    assert [(s.date, s.count) for s in series] == [(day(30), 2), (day(12), 3), (day(0), 4)]


def test_it_starts_the_followers_chart_at_the_snapshot_growth_is_measured_from():
    # given no snapshot exactly 30 days back: growth is measured from day 35
    snapshots = fake_snapshots([(day(40), 1), (day(35), 2), (day(20), 3), (day(0), 4)])
    # when
    series = compute.followers_series(snapshots, NOW)
    # then the line starts where the net growth starts
    assert [(s.date, s.count) for s in series] == [(day(35), 2), (day(20), 3), (day(0), 4)]


def test_it_charts_the_videos_of_the_30_days_up_to_the_data_date_in_posting_order():
    # given
    videos = [
        video(100, posted(30, 23, 59)),  # 30 days back: outside the 30 days up to now
        video(101, posted(29, 0, 0)),
        video(103, posted(0, 23, 59)),
        video(104, posted(-1, 0, 0)),  # after the data date
        video(10, posted(5)),
        video(9, posted(5)),
        video(102, posted(10)),
    ]
    # when
    series = compute.videos_series(fakes(videos), NOW)
    # then
    assert [v.id for v in series] == [101, 102, 9, 10, 103]


def test_it_has_no_trend_charts_without_a_data_date():
    # given
    videos = fakes([video(1, posted(1))])
    snapshots = fake_snapshots([(day(0), 5)])
    # when / then
    assert compute.followers_series(snapshots, None) == []
    assert compute.videos_series(videos, None) == []


# Audience ----------------------------------------------------------------------------------------


def test_it_sums_country_shares_into_continents():
    # given shares that are exact in binary, so the sums are exact whatever their order
    countries = {"IN": 0.375, "TW": 0.125, "US": 0.25, "GB": 0.125, "DE": 0.125}
    # when / then
    assert compute.continents(countries) == {"AS": 0.5, "NA": 0.25, "EU": 0.25}


def test_it_has_no_continents_without_countries():
    # when / then
    assert compute.continents({}) == {}


# Authenticity facts ------------------------------------------------------------------------------


def test_it_finds_the_largest_daily_gain_and_the_usual_daily_change():
    # given daily changes of +10, -20, +500, +30
    snapshots = [(day(4), 1000), (day(3), 1010), (day(2), 990), (day(1), 1490), (day(0), 1520)]
    # when
    jump = compute.follower_jump(fake_snapshots(snapshots))
    # then the usual change is the median of 10, 20, 500, 30
    assert (jump.gain, jump.on, jump.usual_daily_change) == (500.0, day(1), 25.0)


def test_it_spreads_a_change_over_the_days_between_two_snapshots():
    # given +300 over three days, then +120 in one
    snapshots = [(day(4), 1000), (day(1), 1300), (day(0), 1420)]
    # when
    jump = compute.follower_jump(fake_snapshots(snapshots))
    # then
    assert (jump.gain, jump.on, jump.usual_daily_change) == (120.0, day(0), 110.0)


def test_it_takes_the_earliest_of_equal_largest_gains():
    snapshots = [(day(3), 100), (day(2), 150), (day(1), 160), (day(0), 210)]
    assert compute.follower_jump(fake_snapshots(snapshots)).on == day(2)


def test_it_reports_a_loss_as_the_largest_change_when_followers_only_fell():
    snapshots = [(day(2), 1000), (day(1), 990), (day(0), 960)]
    jump = compute.follower_jump(fake_snapshots(snapshots))
    assert (jump.gain, jump.on, jump.usual_daily_change) == (-10.0, day(1), 20.0)


@pytest.mark.parametrize("snapshots", [[], [(day(0), 1000)]])
def test_it_has_no_jump_with_fewer_than_two_snapshots(snapshots):
    jump = compute.follower_jump(fake_snapshots(snapshots))
    assert (jump.gain, jump.on, jump.usual_daily_change) == (None, None, None)


def test_it_counts_the_days_of_follower_history():
    snapshots = [(day(20), 1), (day(3), 2), (day(0), 3)]
    assert compute.history_days(fake_snapshots(snapshots)) == 20
    assert compute.history_days([]) is None


def test_it_measures_the_best_video_from_three_days_before_a_jump_to_its_day():
    # given usual views of 100 (the median of every video) and a jump on day(10)
    videos = [
        video(1, posted(14), views=9000),  # four days before: too early to explain it
        video(2, posted(13, 0, 0), views=2500),  # three days before, at midnight: counts
        video(3, posted(10, 23, 59), views=700),  # the day itself: counts
        video(4, posted(9), views=8000),  # the day after: cannot explain it
        *[video(10 + k, posted(30 + k), views=100) for k in range(5)],
    ]
    # when
    lift = compute.video_lift_before(fakes(videos), day(10), within_days=3)
    # then
    assert lift == 25.0


def test_it_has_no_video_lift_without_a_video_before_the_jump():
    videos = [video(1, posted(1), views=5000), video(2, posted(20), views=100)]
    assert compute.video_lift_before(fakes(videos), day(10), within_days=3) is None
    assert compute.video_lift_before(fakes(videos), None, within_days=3) is None


def test_it_counts_comments_per_like_over_the_last_30_videos():
    # given 30 recent videos with 2 comments per 10 likes, and an older one that is all comments
    videos = [video(k, posted(k), likes=10, comments=2) for k in range(1, 31)]
    videos.append(video(99, posted(60), likes=0, comments=1000))
    # when / then
    assert compute.comments_per_like(fakes(videos)) == 0.2
    assert compute.comments_per_like(fakes([video(1, posted(1), likes=0, comments=3)])) is None


def test_it_takes_views_per_follower_from_the_median_views():
    # given a viral video among dull ones, and 10,000 followers
    videos = [
        video(1, posted(1), views=900_000),
        video(2, posted(2), views=500),
        video(3, posted(3), views=700),
    ]
    median_views = compute.core_metrics(fakes(videos)).median_views
    # when / then: the median views, 700, over the followers
    assert compute.views_per_follower(median_views, 10_000) == 0.07
    assert compute.views_per_follower(median_views, 0) is None
    assert compute.views_per_follower(None, 10_000) is None
    assert compute.views_per_follower(median_views, None) is None


# Properties: compute agrees with the oracle -------------------------------------------------------

PROPERTY = settings(max_examples=200, deadline=None)

# Few distinct posting times (so ties are common), some at the very edges of a day.
posting_times = st.builds(
    lambda back, minutes: posted(back, 0, 0) + timedelta(minutes=minutes),
    st.integers(-2, 40),
    st.sampled_from([0, 6 * 60, 12 * 60, 23 * 60 + 59]),
)
# Small ids so that string order often differs from numeric order, and TikTok-sized ones.
video_ids = st.integers(1, 2_000) | st.integers(10**18, 10**19 - 1)
counts = st.integers(0, 3) | st.integers(0, 10**9)
videos_strategy = st.lists(
    st.builds(video, video_ids, posting_times, views=counts, likes=counts, comments=counts, shares=counts),
    max_size=45,
    unique_by=lambda v: v["id"],
)
snapshots_strategy = st.lists(
    st.tuples(st.integers(0, 75).map(day), st.integers(0, 10**8)), max_size=12, unique_by=lambda s: s[0]
)


def with_string_ids(videos: list[oracle.Video]) -> list[oracle.Video]:
    return [{**v, "id": str(v["id"])} for v in videos]


@PROPERTY
@given(videos_strategy, st.booleans())
def test_it_agrees_with_the_oracle_on_the_core_metrics(videos, ids_as_strings):
    # given
    if ids_as_strings:
        videos = with_string_ids(videos)
    # when
    core = compute.core_metrics(fakes(videos))
    # then
    assert dataclasses.asdict(core) == oracle.core_metrics(videos)


@PROPERTY
@given(videos_strategy, st.booleans())
def test_it_agrees_with_the_oracle_on_the_engagement_trend(videos, ids_as_strings):
    # given
    if ids_as_strings:
        videos = with_string_ids(videos)
    # when
    headline = compute.engagement_rate_last_15(fakes(videos))
    series = compute.engagement_series_last_15(fakes(videos))
    # then
    assert headline == oracle.engagement_rate_last_15(videos)
    expected = oracle.engagement_series_last_15(videos)
    assert [(v.id, rate) for v, rate in series] == [(v["id"], rate) for v, rate in expected]


@PROPERTY
@given(snapshots_strategy)
def test_it_agrees_with_the_oracle_on_reach_and_follower_growth(snapshots):
    # when
    fakes_ = fake_snapshots(snapshots)
    growth = compute.follower_growth(fakes_)
    # then
    assert compute.reach(fakes_) == oracle.reach(snapshots)
    assert compute.data_date(fakes_) == oracle.data_date(snapshots)
    assert dataclasses.asdict(growth) == oracle.follower_growth(snapshots)


@PROPERTY
@given(videos_strategy, snapshots_strategy)
def test_it_agrees_with_the_oracle_on_the_trend_charts(videos, snapshots):
    # given "now" as the caller finds it, from the snapshots
    as_of = oracle.data_date(snapshots)
    # when
    followers = compute.followers_series(fake_snapshots(snapshots), as_of)
    charted = compute.videos_series(fakes(videos), as_of)
    # then
    assert [(s.date, s.count) for s in followers] == oracle.followers_series(snapshots)
    assert [v.id for v in charted] == [v["id"] for v in oracle.videos_series(videos, snapshots)]


@PROPERTY
@given(st.dictionaries(st.sampled_from(sorted(oracle.CONTINENT)), st.floats(0, 1)))
def test_it_agrees_with_the_oracle_on_continents(country_shares):
    # when
    found = compute.continents(country_shares)
    # then: approx, because a float sum may be taken in another order (rounding at 1e-16)
    assert found == pytest.approx(oracle.continents(country_shares), rel=1e-12, abs=0)


@PROPERTY
@given(videos_strategy, snapshots_strategy)
def test_it_agrees_with_the_oracle_on_the_authenticity_facts(videos, snapshots):
    # when
    jump = compute.follower_jump(fake_snapshots(snapshots))
    # then
    expected_jump = oracle.follower_jump(snapshots)
    assert (jump.gain, jump.on, jump.usual_daily_change) == (
        expected_jump["gain"],
        expected_jump["on"],
        expected_jump["usual"],
    )
    assert compute.history_days(fake_snapshots(snapshots)) == oracle.history_days(snapshots)
    assert compute.comments_per_like(fakes(videos)) == oracle.comments_per_like(videos)
    median_views = compute.core_metrics(fakes(videos)).median_views
    reach = compute.reach(fake_snapshots(snapshots))
    assert compute.views_per_follower(median_views, reach) == oracle.views_per_follower(videos, snapshots)
    assert compute.video_lift_before(
        fakes(videos), jump.on, within_days=oracle.JUMP_VIDEO_DAYS
    ) == oracle.video_lift_before(videos, jump.on)
