"""A second, deliberately plain reading of docs/numbers.md's campaign results, to test `vetrina.results`
against: written from the definitions, not from `compute.py`, with explicit loops and exact fractions.

Rows are plain dicts: a posted video {"video_id", "option", "agreed", "currency", "request_videos"}; a
stored video {"id", "creator", "posted_at", "views", "likes", "comments", "shares"}; a point
(video id, moment, views). None means undefined."""

from datetime import datetime
from decimal import Decimal
from fractions import Fraction
from typing import Any

BASELINE = 30


def cost(posted: dict[str, Any]) -> Fraction | None:
    """Per video: the agreed fee itself; otherwise the agreed price over the request's videos; no price
    agreed (free product, affiliate) is no money."""
    if posted["agreed"] is None:
        return None
    agreed = Fraction(Decimal(posted["agreed"]))
    if posted["option"] == "per_video":
        return agreed
    return agreed / posted["request_videos"]


def divide(numerator: Fraction | int | None, denominator: int) -> float | None:
    if numerator is None or denominator == 0:
        return None
    return float(Fraction(numerator) / denominator)


def median(values: list[int]) -> Fraction | None:
    ordered = sorted(values)
    count = len(ordered)
    if count == 0:
        return None
    if count % 2 == 1:
        return Fraction(ordered[count // 2])
    return Fraction(ordered[count // 2 - 1] + ordered[count // 2], 2)


def earlier_views(video: dict[str, Any], stored: list[dict[str, Any]]) -> list[int]:
    """The views of the creator's videos before this one (posted earlier, or at the same moment with a
    smaller id), nearest first, at most 30."""
    before = [
        other
        for other in stored
        if other["creator"] == video["creator"]
        and (
            other["posted_at"] < video["posted_at"]
            or (other["posted_at"] == video["posted_at"] and int(other["id"]) < int(video["id"]))
        )
    ]
    before.sort(key=lambda other: (other["posted_at"], int(other["id"])), reverse=True)
    return [other["views"] for other in before[:BASELINE]]


def lift(video: dict[str, Any], stored: list[dict[str, Any]]) -> float | None:
    baseline = median(earlier_views(video, stored))
    if baseline is None or baseline == 0:
        return None
    return float(Fraction(video["views"]) / baseline)


def video_figures(posted: dict[str, Any], stored: list[dict[str, Any]]) -> dict[str, Any]:
    """Every figure of one posted video; a video that never arrived has only its cost."""
    money = cost(posted)
    found = [video for video in stored if str(video["id"]) == posted["video_id"]]
    if not found:
        return {
            "arrived": False,
            "views": None,
            "engagement_rate": None,
            "cost": money,
            "cpm": None,
            "cpv": None,
            "cpe": None,
            "lift": None,
        }
    video = found[0]
    engaged = video["likes"] + video["comments"] + video["shares"]
    return {
        "arrived": True,
        "views": video["views"],
        "engagement_rate": divide(engaged, video["views"]),
        "cost": money,
        "cpm": None if money is None or video["views"] == 0 else float(money / video["views"] * 1000),
        "cpv": divide(money, video["views"]),
        "cpe": divide(money, engaged),
        "lift": lift(video, stored),
    }


def totals(posted_videos: list[dict[str, Any]], stored: list[dict[str, Any]]) -> dict[str, Any]:
    """Sums over the videos that arrived (undefined when none has); cost figures per currency, the ratios
    over the videos of that currency that arrived."""
    by_id = {str(video["id"]): video for video in stored}
    arrived = [by_id[posted["video_id"]] for posted in posted_videos if posted["video_id"] in by_id]
    views = sum(video["views"] for video in arrived) if arrived else None
    engaged = (
        sum(video["likes"] + video["comments"] + video["shares"] for video in arrived) if arrived else None
    )
    costs: dict[str, dict[str, Any]] = {}
    for posted in posted_videos:
        money = cost(posted)
        if money is None:
            continue
        entry = costs.setdefault(
            posted["currency"], {"spend": Fraction(0), "measured": Fraction(0), "views": 0, "engaged": 0}
        )
        entry["spend"] += money
        video = by_id.get(posted["video_id"])
        if video is not None:
            entry["measured"] += money
            entry["views"] += video["views"]
            entry["engaged"] += video["likes"] + video["comments"] + video["shares"]
    return {
        "views": views,
        "engagement_rate": None if engaged is None else divide(engaged, views or 0),
        "costs": {
            currency: {
                "spend": entry["spend"],
                "cpm": None if entry["views"] == 0 else float(entry["measured"] / entry["views"] * 1000),
                "cpv": divide(entry["measured"], entry["views"]),
                "cpe": divide(entry["measured"], entry["engaged"]),
            }
            for currency, entry in costs.items()
        },
    }


def cumulative(points: list[tuple[int, datetime, int]]) -> list[tuple[datetime, int]]:
    """At each moment a point was recorded: the sum over the videos of each one's latest views at or
    before it."""
    series = []
    for moment in sorted({at for _video, at, _views in points}):
        latest: dict[int, tuple[datetime, int]] = {}
        for video, at, views in points:
            if at <= moment and (video not in latest or latest[video][0] < at):
                latest[video] = (at, views)
        series.append((moment, sum(views for _at, views in latest.values())))
    return series
