"""The numbers of docs/numbers.md, each one function over a creator's raw data.

Pure functions: they take videos and follower snapshots (model rows or anything with the same
attributes) and return plain values. None is "undefined": a ratio with a zero denominator, or a
window with no data. Nothing here touches the database.
"""

import statistics
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from operator import attrgetter, sub, truediv
from typing import Protocol

from vetrina.lib.continents import continent_of

CORE_WINDOW = 30  # videos behind the core metrics
TREND_WINDOW = 15  # videos behind the engagement-rate trend
GROWTH_DAYS = 30  # days behind follower growth and the trend charts

# A video's and a snapshot's fields, read in C by map() over a creator's rows.
_views = attrgetter("views")
_likes = attrgetter("likes")
_comments = attrgetter("comments")
_shares = attrgetter("shares")
_count = attrgetter("count")
_date = attrgetter("date")


class VideoLike(Protocol):
    # Read-only members, so that frozen records (the importer's) qualify as well as model rows.
    @property
    def id(self) -> int: ...
    @property
    def posted_at(self) -> datetime: ...
    @property
    def views(self) -> int: ...
    @property
    def likes(self) -> int: ...
    @property
    def comments(self) -> int: ...
    @property
    def shares(self) -> int: ...


class SnapshotLike(Protocol):
    @property
    def date(self) -> date: ...
    @property
    def count(self) -> int: ...


def newest_first[V: VideoLike](videos: Iterable[V]) -> list[V]:
    """Videos by posted_at descending, ties by id descending (ids compare as numbers)."""
    videos = list(videos)
    if set(map(type, map(_video_id, videos))) <= _INT_ONLY:
        # Ids that are ints already (the importer's, the database's): a key read in C, not a lambda a
        # video (the import runs this for every line, 44 videos each at 100,000 creators).
        return sorted(videos, key=_posted_then_id, reverse=True)
    return sorted(videos, key=lambda video: (video.posted_at, int(video.id)), reverse=True)


_video_id = attrgetter("id")
_posted_then_id = attrgetter("posted_at", "id")
_INT_ONLY = frozenset({int})


def oldest_first[S: SnapshotLike](snapshots: Iterable[S]) -> list[S]:
    """Follower snapshots by date ascending (a creator has at most one a day)."""
    return sorted(snapshots, key=_date)


def snapshot_columns(ordered: Sequence[SnapshotLike]) -> tuple[list[date], list[int]]:
    """Snapshots' dates and counts, as two lists in their order (read in C: every line of an import and
    every creator of a recompute has its snapshots so)."""
    return list(map(_date, ordered)), list(map(_count, ordered))


def last[V: VideoLike](videos: Iterable[V], n: int) -> list[V]:
    """The n most recent videos (all of them, if fewer)."""
    return newest_first(videos)[:n]


def ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None


def mean(values: Sequence[int]) -> float | None:
    return sum(values) / len(values) if values else None


def median(values: Sequence[int]) -> float | None:
    # statistics.median averages the two middle values of an even count, as docs/numbers.md says.
    return float(statistics.median(values)) if values else None


def interactions(video: VideoLike) -> int:
    return video.likes + video.comments + video.shares


def engagement_rate(videos: Sequence[VideoLike]) -> float | None:
    """(Σ likes + Σ comments + Σ shares) / Σ views; undefined with no views."""
    # Sums of integers, so in any order the same; each over map(attrgetter), in C: it runs for every
    # creator of an import and of a recompute.
    return ratio(
        sum(map(_likes, videos)) + sum(map(_comments, videos)) + sum(map(_shares, videos)),
        sum(map(_views, videos)),
    )


@dataclass(frozen=True)
class CoreMetrics:
    avg_views: float | None
    avg_likes: float | None
    avg_comments: float | None
    avg_shares: float | None
    median_views: float | None
    engagement_rate: float | None


def core_metrics(videos: Iterable[VideoLike]) -> CoreMetrics:
    return window_core_metrics(last(videos, CORE_WINDOW))


def window_core_metrics(window: Sequence[VideoLike]) -> CoreMetrics:
    """The core metrics of `window`, the last CORE_WINDOW videos (newest first)."""
    views = list(map(_views, window))
    likes = list(map(_likes, window))
    comments = list(map(_comments, window))
    shares = list(map(_shares, window))
    return CoreMetrics(
        avg_views=mean(views),
        avg_likes=mean(likes),
        avg_comments=mean(comments),
        avg_shares=mean(shares),
        median_views=median(views),
        engagement_rate=ratio(sum(likes) + sum(comments) + sum(shares), sum(views)),
    )


def engagement_rate_last_15(videos: Iterable[VideoLike]) -> float | None:
    return engagement_rate(last(videos, TREND_WINDOW))


def engagement_series_last_15[V: VideoLike](videos: Iterable[V]) -> list[tuple[V, float | None]]:
    """Each of the last 15 videos with its own engagement rate, oldest first."""
    return [
        (video, ratio(interactions(video), video.views)) for video in reversed(last(videos, TREND_WINDOW))
    ]


def latest_snapshot[S: SnapshotLike](snapshots: Iterable[S], on_or_before: date | None = None) -> S | None:
    eligible = [s for s in snapshots if on_or_before is None or s.date <= on_or_before]
    return max(eligible, key=lambda s: s.date, default=None)


def reach(snapshots: Iterable[SnapshotLike]) -> int | None:
    """The latest follower count."""
    latest = latest_snapshot(snapshots)
    return latest.count if latest else None


def data_date(snapshots: Iterable[SnapshotLike]) -> date | None:
    """ "Now" for a creator: the date of the latest follower snapshot."""
    latest = latest_snapshot(snapshots)
    return latest.date if latest else None


@dataclass(frozen=True)
class FollowerGrowth:
    net: int | None
    per_day: float | None
    rate: float | None


def follower_growth(snapshots: Sequence[SnapshotLike]) -> FollowerGrowth:
    """F(now) − F(now − 30 days), F(t) being the latest snapshot on or before t."""
    return ordered_follower_growth(oldest_first(snapshots))


def ordered_follower_growth(ordered: Sequence[SnapshotLike]) -> FollowerGrowth:
    """follower_growth of snapshots already oldest first."""
    return follower_growth_of(*snapshot_columns(ordered))


def follower_growth_of(dates: Sequence[date], counts: Sequence[int]) -> FollowerGrowth:
    """follower_growth of snapshots given as their dates, oldest first, and their counts."""
    if not dates:
        return FollowerGrowth(net=None, per_day=None, rate=None)
    # The last snapshot on or before now - 30 days: bisect over the dates.
    before = bisect_right(dates, dates[-1] - timedelta(days=GROWTH_DAYS))
    if not before:
        return FollowerGrowth(net=None, per_day=None, rate=None)
    then = counts[before - 1]
    net = counts[-1] - then
    return FollowerGrowth(net=net, per_day=net / GROWTH_DAYS, rate=ratio(net, then))


def trend_start(as_of: date) -> date:
    """First day of the trend charts: they cover the 30 days up to the data date."""
    return as_of - timedelta(days=GROWTH_DAYS)


def followers_series[S: SnapshotLike](snapshots: Iterable[S], as_of: date | None) -> list[S]:
    """Snapshots from the one growth is measured from, F(now − 30 days), to the data date, oldest
    first, so that the line's ends show the net growth; from now − 30 days when none is that old."""
    if as_of is None:
        return []
    snapshots = list(snapshots)
    anchor = latest_snapshot(snapshots, on_or_before=trend_start(as_of))
    start = anchor.date if anchor else trend_start(as_of)
    return sorted((s for s in snapshots if start <= s.date <= as_of), key=lambda s: s.date)


def videos_series[V: VideoLike](videos: Iterable[V], as_of: date | None) -> list[V]:
    """Videos posted after now − 30 days and up to the end of the data date, in posting order."""
    if as_of is None:
        return []
    start = trend_start(as_of)
    return list(reversed([v for v in newest_first(videos) if start < v.posted_at.date() <= as_of]))


# The facts behind the authenticity signals ---------------------------------------------------------
# Each is a fact about the creator's own data; how much it counts, against peers, is
# `metrics.authenticity`'s business.


def video_count(videos: Sequence[VideoLike]) -> int:
    return len(videos)


def history_days(snapshots: Iterable[SnapshotLike]) -> int | None:
    """Days from the earliest follower snapshot to the latest; undefined without snapshots."""
    dates = [s.date for s in snapshots]
    return (max(dates) - min(dates)).days if dates else None


def comments_per_like(videos: Iterable[VideoLike]) -> float | None:
    """Σ comments / Σ likes over the last 30 videos; undefined without likes."""
    return window_comments_per_like(last(videos, CORE_WINDOW))


def window_comments_per_like(window: Sequence[VideoLike]) -> float | None:
    """comments_per_like of `window`, the last CORE_WINDOW videos."""
    return ratio(sum(map(_comments, window)), sum(map(_likes, window)))


def views_per_follower(median_views: float | None, reach: int | None) -> float | None:
    """The median views of the last 30 videos over reach: the share of the followers a typical video
    reaches. The median, not the mean, so that one hit does not hide an audience that never watches."""
    if median_views is None or reach is None:
        return None
    return ratio(median_views, reach)


@dataclass(frozen=True)
class FollowerJump:
    gain: float | None  # the largest daily change (a loss when followers only ever fell)
    on: date | None  # the day it ended on; the earliest such day on a tie
    usual_daily_change: float | None  # the median of the absolute daily changes


def follower_jump(snapshots: Iterable[SnapshotLike]) -> FollowerJump:
    """The largest single-day change in followers and the creator's usual one; undefined with fewer
    than two snapshots.

    A day's change is the change since the snapshot before, per day: a change over a gap of several
    days is spread evenly over them, and dated by the later snapshot.
    """
    return ordered_follower_jump(oldest_first(snapshots))


def ordered_follower_jump(ordered: Sequence[SnapshotLike]) -> FollowerJump:
    """follower_jump of snapshots already oldest first."""
    return follower_jump_of(*snapshot_columns(ordered))


def follower_jump_of(dates: Sequence[date], counts: Sequence[int]) -> FollowerJump:
    """follower_jump of snapshots given as their dates, oldest first, and their counts."""
    if len(dates) < 2:
        return FollowerJump(gain=None, on=None, usual_daily_change=None)
    # Each day's change, column by column with map, in C: it runs for every snapshot of every creator
    # of an import and of a recompute.
    changes: list[float]  # ints on the first path: exact as floats
    if (dates[-1] - dates[0]).days == len(dates) - 1:
        # A snapshot every day (the dates rise one by one): each change is the difference of two counts,
        # which the division by one day below would only make a float of, exactly (a count is far below
        # 2**53). The gain and the median come out the same, made floats once, in two thirds of the time.
        changes = list(map(sub, counts[1:], counts))
    else:
        # Days apart are the dates' ordinals apart.
        days = list(map(date.toordinal, dates))
        changes = list(map(truediv, map(sub, counts[1:], counts), map(sub, days[1:], days)))
    gain = max(changes)  # the first of equal largest: the earliest day keeps a tie
    on = dates[changes.index(gain) + 1]
    return FollowerJump(
        gain=float(gain), on=on, usual_daily_change=float(statistics.median(map(abs, changes)))
    )


def video_lift_before(videos: Sequence[VideoLike], day: date | None, *, within_days: int) -> float | None:
    """How many times the creator's usual views (the median over every video) the most-viewed video posted
    from `within_days` days before `day` to the end of `day` got (UTC days); undefined when no video was
    posted then, or the usual views are 0.

    A viral video brings followers on the days after it: a jump it explains is not a bought one.
    """
    if day is None:
        return None
    start = datetime.combine(day - timedelta(days=within_days), time.min, tzinfo=UTC)
    end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=UTC)
    views = [v.views for v in videos if start <= v.posted_at < end]
    usual = median(list(map(_views, videos)))
    if not views or usual is None:
        return None
    return ratio(max(views), usual)


def continents(country_shares: Mapping[str, float]) -> dict[str, float]:
    """Audience shares by continent, summed from the shares by country."""
    totals: dict[str, float] = {}
    for country, share in country_shares.items():
        continent = continent_of(country)
        totals[continent] = totals.get(continent, 0.0) + share
    return dict(sorted(totals.items(), key=lambda item: (-item[1], item[0])))


# --- A list's audience ---------------------------------------------------------------------------

# The dimensions a list's audience combines; continents are summed from its countries afterwards.
COMBINED_DIMENSIONS = ("age", "gender", "device", "activity", "country")


@dataclass(frozen=True)
class WeightedShares:
    """One dimension of several creators' audiences together, each creator's shares weighted by its
    reach: `shares` is None when no creator counts; `creators` and `reach` are those that do."""

    shares: dict[str, float] | None
    creators: int
    reach: int


def reach_weighted_audience(
    audiences: Iterable[tuple[int | None, Mapping[str, Mapping[str, float] | None]]],
) -> dict[str, WeightedShares]:
    """Each audience dimension of several creators, from (reach, audience) pairs, the audience as
    metrics.selectors.audience_of gives it (docs/numbers.md, "A list's audience").

    A bucket's share is Σ reach × share / Σ reach over the creators that count for the dimension: those
    with a reach above 0 and shares of that dimension. A creator without them is left out of the
    dimension, weights and all, rather than counted as an audience of nobody; a bucket a creator lacks
    is a share of 0 of its audience."""
    sums: dict[str, dict[str, float]] = {dimension: {} for dimension in COMBINED_DIMENSIONS}
    creators = dict.fromkeys(COMBINED_DIMENSIONS, 0)
    weights = dict.fromkeys(COMBINED_DIMENSIONS, 0)
    for reach, audience in audiences:
        if not reach:
            continue  # an undefined or zero reach weighs nothing
        for dimension in COMBINED_DIMENSIONS:
            shares = audience.get(dimension)
            if not shares:
                continue
            creators[dimension] += 1
            weights[dimension] += reach
            buckets = sums[dimension]
            for bucket, share in shares.items():
                buckets[bucket] = buckets.get(bucket, 0.0) + reach * share
    combined = {
        dimension: WeightedShares(
            shares={bucket: total / weights[dimension] for bucket, total in sums[dimension].items()}
            if weights[dimension]
            else None,
            creators=creators[dimension],
            reach=weights[dimension],
        )
        for dimension in COMBINED_DIMENSIONS
    }
    countries = combined["country"]
    if countries.shares is not None:
        # Largest first, as one creator's countries come (ties by code).
        ranked = dict(sorted(countries.shares.items(), key=lambda item: (-item[1], item[0])))
        countries = combined["country"] = WeightedShares(ranked, countries.creators, countries.reach)
    combined["continent"] = WeightedShares(
        continents(countries.shares) if countries.shares else None, countries.creators, countries.reach
    )
    return combined
