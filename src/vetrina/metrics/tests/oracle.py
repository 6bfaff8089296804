"""A second, deliberately plain reading of docs/numbers.md, to test `vetrina.metrics` against.

Written from the design, not from `compute.py`, and kept obvious rather than fast: explicit sorts,
explicit sums, a hand-made median. Videos are dicts (id, posted_at, views, likes, comments, shares);
follower snapshots are (date, count) tuples. None means undefined: a zero denominator, an empty
window, or no snapshot old enough.
"""

from datetime import UTC, date, datetime, timedelta
from typing import TypedDict

CORE_VIDEOS = 30
TREND_VIDEOS = 15
GROWTH_DAYS = 30
JUMP_VIDEO_DAYS = 3  # a video counts towards a jump from 3 days before it to the jump's own day


class Video(TypedDict):
    id: int | str  # ints from the database, digit strings from the import format
    posted_at: datetime
    views: int
    likes: int
    comments: int
    shares: int


Snapshot = tuple[date, int]


def video(
    id: int | str,
    posted_at: datetime,
    *,
    views: int = 1000,
    likes: int = 0,
    comments: int = 0,
    shares: int = 0,
) -> Video:
    """A video for the tests, with counts that default to a dull one."""
    return Video(id=id, posted_at=posted_at, views=views, likes=likes, comments=comments, shares=shares)


# The videos' order ------------------------------------------------------------------------------


def newest_first(videos: list[Video]) -> list[Video]:
    """posted_at descending, ties by id descending, ids compared as numbers."""
    # Two stable sorts: first the tie-breaker, then the main key.
    by_id = sorted(videos, key=lambda video: int(video["id"]), reverse=True)
    return sorted(by_id, key=lambda video: video["posted_at"], reverse=True)


def last(videos: list[Video], n: int) -> list[Video]:
    return newest_first(videos)[:n]


# Arithmetic --------------------------------------------------------------------------------------


def divide(numerator: int, denominator: int) -> float | None:
    if denominator == 0:
        return None
    return numerator / denominator


def total(values: list[int]) -> int:
    result = 0
    for value in values:
        result += value
    return result


def average(values: list[int]) -> float | None:
    if not values:
        return None
    return total(values) / len(values)


def median(values: list[int]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2 == 1:
        return float(ordered[middle])
    return (ordered[middle - 1] + ordered[middle]) / 2


# Videos ------------------------------------------------------------------------------------------


def engagement_rate(videos: list[Video]) -> float | None:
    """(Σ likes + Σ comments + Σ shares) / Σ views."""
    likes = total([video["likes"] for video in videos])
    comments = total([video["comments"] for video in videos])
    shares = total([video["shares"] for video in videos])
    views = total([video["views"] for video in videos])
    return divide(likes + comments + shares, views)


def core_metrics(videos: list[Video]) -> dict[str, float | None]:
    window = last(videos, CORE_VIDEOS)
    return {
        "avg_views": average([video["views"] for video in window]),
        "avg_likes": average([video["likes"] for video in window]),
        "avg_comments": average([video["comments"] for video in window]),
        "avg_shares": average([video["shares"] for video in window]),
        "median_views": median([video["views"] for video in window]),
        "engagement_rate": engagement_rate(window),
    }


def engagement_rate_last_15(videos: list[Video]) -> float | None:
    return engagement_rate(last(videos, TREND_VIDEOS))


def engagement_series_last_15(videos: list[Video]) -> list[tuple[Video, float | None]]:
    """Each video of last(15), oldest first, with its own rate."""
    oldest_first = list(reversed(last(videos, TREND_VIDEOS)))
    return [(video, engagement_rate([video])) for video in oldest_first]


# Follower snapshots ------------------------------------------------------------------------------


def latest(snapshots: list[Snapshot]) -> Snapshot | None:
    found = None
    for snapshot in snapshots:
        if found is None or snapshot[0] > found[0]:
            found = snapshot
    return found


def followers_on(snapshots: list[Snapshot], day: date) -> int | None:
    """F(t): the count of the latest snapshot on or before t."""
    found = latest([snapshot for snapshot in snapshots if snapshot[0] <= day])
    return found[1] if found else None


def data_date(snapshots: list[Snapshot]) -> date | None:
    found = latest(snapshots)
    return found[0] if found else None


def reach(snapshots: list[Snapshot]) -> int | None:
    found = latest(snapshots)
    return found[1] if found else None


def follower_growth(snapshots: list[Snapshot]) -> dict[str, float | None]:
    """F(now) − F(now − 30 days), per day (over 30), and as a rate (over F(now − 30 days))."""
    now = data_date(snapshots)
    if now is None:
        return {"net": None, "per_day": None, "rate": None}
    then = followers_on(snapshots, now - timedelta(days=GROWTH_DAYS))
    if then is None:
        return {"net": None, "per_day": None, "rate": None}
    net = followers_on(snapshots, now)
    assert net is not None
    net -= then
    return {"net": net, "per_day": net / GROWTH_DAYS, "rate": divide(net, then)}


# Trend charts ------------------------------------------------------------------------------------


def followers_series(snapshots: list[Snapshot]) -> list[Snapshot]:
    """Snapshots from F(now − 30 days), the one growth is measured from, to now, oldest first;
    from now − 30 days when there is no snapshot that old.

    The definition leaves this window open; this is the one `compute.followers_series` documents.
    """
    now = data_date(snapshots)
    if now is None:
        return []
    first_day = now - timedelta(days=GROWTH_DAYS)
    older = [snapshot[0] for snapshot in snapshots if snapshot[0] <= first_day]
    if older:
        first_day = max(older)
    return sorted(snapshot for snapshot in snapshots if first_day <= snapshot[0] <= now)


def videos_series(videos: list[Video], snapshots: list[Snapshot]) -> list[Video]:
    """Videos of the 30 days up to the data date (that day and the 29 before it), oldest first.

    A video's day is its UTC calendar day; ties in posting time are the section 3 order reversed.
    """
    now = data_date(snapshots)
    if now is None:
        return []
    days = {now - timedelta(days=back) for back in range(GROWTH_DAYS)}
    in_window = [video for video in videos if video["posted_at"].astimezone(UTC).date() in days]
    return list(reversed(newest_first(in_window)))


# Audience ----------------------------------------------------------------------------------------

# Enough of the world for the tests: the launch markets and one country or two per continent.
CONTINENT = {
    "US": "NA",
    "CA": "NA",
    "MX": "NA",
    "GB": "EU",
    "DE": "EU",
    "FR": "EU",
    "IN": "AS",
    "TW": "AS",
    "JP": "AS",
    "BR": "SA",
    "AU": "OC",
    "NG": "AF",
}


def continents(country_shares: dict[str, float]) -> dict[str, float]:
    totals: dict[str, float] = {}
    for country, share in country_shares.items():
        continent = CONTINENT[country]
        totals[continent] = totals.get(continent, 0.0) + share
    return totals


# Authenticity facts ------------------------------------------------------------------------------


def video_count(videos: list[Video]) -> int:
    count = 0
    for _video in videos:
        count += 1
    return count


def history_days(snapshots: list[Snapshot]) -> int | None:
    """Days from the earliest snapshot to the latest."""
    if not snapshots:
        return None
    earliest = latest_day = snapshots[0][0]
    for when, _count in snapshots:
        earliest = min(earliest, when)
        latest_day = max(latest_day, when)
    return (latest_day - earliest).days


def comments_per_like(videos: list[Video]) -> float | None:
    window = last(videos, CORE_VIDEOS)
    return divide(total([video["comments"] for video in window]), total([video["likes"] for video in window]))


def views_per_follower(videos: list[Video], snapshots: list[Snapshot]) -> float | None:
    """Median views of last(30) over reach."""
    typical_views = median([video["views"] for video in last(videos, CORE_VIDEOS)])
    followers = reach(snapshots)
    if typical_views is None or followers is None or followers == 0:
        return None
    return typical_views / followers


def follower_jump(snapshots: list[Snapshot]) -> dict[str, object]:
    """The largest change per day between two consecutive snapshots (the earliest on a tie), the day it
    ends on, and the median of every such change taken without its sign."""
    ordered = sorted(snapshots)
    changes = []
    for index in range(1, len(ordered)):
        before, after = ordered[index - 1], ordered[index]
        days = (after[0] - before[0]).days
        changes.append((after[0], (after[1] - before[1]) / days))
    if not changes:
        return {"gain": None, "on": None, "usual": None}
    best = changes[0]
    for change in changes[1:]:
        if change[1] > best[1]:
            best = change
    sizes = [change if change >= 0 else -change for _day, change in changes]
    return {"gain": best[1], "on": best[0], "usual": median(sizes)}  # type: ignore[arg-type]


def video_lift_before(videos: list[Video], day: date | None) -> float | None:
    """The most-viewed video posted (UTC date) from 3 days before `day` to `day`, in times the median
    views of every video."""
    if day is None:
        return None
    views = [
        video["views"]
        for video in videos
        if day - timedelta(days=JUMP_VIDEO_DAYS) <= video["posted_at"].astimezone(UTC).date() <= day
    ]
    usual = median([video["views"] for video in videos])
    if not views or usual is None or usual == 0:
        return None
    return max(views) / usual


# Everything a creator stores ---------------------------------------------------------------------


def stored_numbers(videos: list[Video], snapshots: list[Snapshot]) -> dict[str, object]:
    """The Creator fields recomputation fills, by field name."""
    growth = follower_growth(snapshots)
    jump = follower_jump(snapshots)
    on = jump["on"]
    assert on is None or isinstance(on, date)
    return {
        "reach": reach(snapshots),
        "data_date": data_date(snapshots),
        **core_metrics(videos),
        "engagement_rate_last_15": engagement_rate_last_15(videos),
        "follower_growth_30d": growth["net"],
        "follower_growth_per_day_30d": growth["per_day"],
        "follower_growth_rate_30d": growth["rate"],
        "video_count": video_count(videos),
        "history_days": history_days(snapshots),
        "views_per_follower": views_per_follower(videos, snapshots),
        "comments_per_like": comments_per_like(videos),
        "largest_daily_gain": jump["gain"],
        "largest_daily_gain_on": on,
        "usual_daily_change": jump["usual"],
        "largest_gain_video_lift": video_lift_before(videos, on),
    }


# Peer groups and percentiles ---------------------------------------------------------------------
# A creator here is a dict: handle, verified, reach, categories, and any numbers by their field name.

MIN_PEERS = 30


def tier(reach: int | None) -> int | None:
    """Under 10k, 10k–100k, 100k–1M, 1M–10M, 10M and more: 0 to 4; a boundary opens its tier."""
    if reach is None:
        return None
    if reach < 10_000:
        return 0
    if reach < 100_000:
        return 1
    if reach < 1_000_000:
        return 2
    if reach < 10_000_000:
        return 3
    return 4


def first_category(creator: dict) -> str | None:
    return creator["categories"][0] if creator["categories"] else None


def peer_group(creator: dict, everyone: list[dict]) -> tuple[int | None, str | None, list[dict]] | None:
    """(tier, category, members) of the creator's peer group: the verified creators of its tier and first
    category, itself left out; fewer than 30, its tier; fewer than 30 there too, every verified creator
    with a reach. None for a creator without a reach."""
    own_tier = tier(creator["reach"])
    if own_tier is None:
        return None
    others = [
        other
        for other in everyone
        if other["handle"] != creator["handle"] and other["verified"] and tier(other["reach"]) is not None
    ]
    same_tier = [other for other in others if tier(other["reach"]) == own_tier]
    category = first_category(creator)
    if category is not None:
        same_category = [other for other in same_tier if first_category(other) == category]
        if len(same_category) >= MIN_PEERS:
            return own_tier, category, same_category
    if len(same_tier) >= MIN_PEERS:
        return own_tier, None, same_tier
    return None, None, others


def percentile(creator: dict, field: str, everyone: list[dict]) -> float | None:
    """The share (0-100) of the peer group, among those whose number is defined, whose number is strictly
    lower; None when the creator's own number is undefined or no peer has one."""
    group = peer_group(creator, everyone)
    value = creator.get(field)
    if group is None or value is None:
        return None
    defined = [member[field] for member in group[2] if member.get(field) is not None]
    if not defined:
        return None
    lower = [number for number in defined if number < value]
    return 100 * len(lower) / len(defined)


# A list's audience (docs/numbers.md, "A list's audience") ------------------------------------------


def reach_weighted(creators: list[dict], dimension: str) -> dict[str, float] | None:
    """Each bucket's Σ reach × share / Σ reach over the creators with a reach above 0 and shares of the
    dimension (a dict of bucket to share, None when unknown); a bucket one lacks is 0 of it."""
    counted = [c for c in creators if c["reach"] is not None and c["reach"] > 0 and c[dimension]]
    if not counted:
        return None
    weight = total([c["reach"] for c in counted])
    buckets = sorted({bucket for c in counted for bucket in c[dimension]})
    return {
        bucket: sum(c["reach"] * c[dimension].get(bucket, 0.0) for c in counted) / weight
        for bucket in buckets
    }


def weighted_basis(creators: list[dict], dimension: str) -> tuple[int, int]:
    """How many creators a dimension rests on, and their reach together."""
    counted = [c for c in creators if c["reach"] is not None and c["reach"] > 0 and c[dimension]]
    return len(counted), total([c["reach"] for c in counted])
