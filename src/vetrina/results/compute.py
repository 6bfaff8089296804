"""Each figure of a campaign's results, once (docs/numbers.md, "Campaign results"): plain functions of
counts and amounts, so that the page, the CSV, the API and My Activity's overview agree, and the tests
can hold each one against a second reading of the definitions (tests/oracle.py)."""

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

# A video's lift is measured against the creator's median views of this many videos before it.
LIFT_BASELINE_VIDEOS = 30

# The payment options whose amount is for each video; any other agreed amount is for the request's
# videos together (collaborations.models.PaymentOption).
PER_VIDEO = "per_video"


@dataclass(frozen=True)
class Cost:
    """What one posted video cost: an amount in a currency, or no money at all (amount None)."""

    amount: Decimal | None
    currency: str

    @property
    def is_money(self) -> bool:
        return self.amount is not None


NO_MONEY = Cost(amount=None, currency="")


def video_cost(
    *, payment_option: str, agreed_amount: Decimal | None, agreed_currency: str, request_videos: int
) -> Cost:
    """A fee per video is each video's cost; any other agreed price (a fixed fee, or an accepted
    counter-offer to an offer that named no amount) is split evenly over the request's videos. Free
    product and affiliate commission, with no price agreed, are not money: no cost figure."""
    if agreed_amount is None or not agreed_currency:
        return NO_MONEY
    if payment_option == PER_VIDEO:
        return Cost(amount=agreed_amount, currency=agreed_currency)
    return Cost(amount=agreed_amount / max(request_videos, 1), currency=agreed_currency)


def ratio(numerator: float, denominator: float) -> float | None:
    """Undefined (None), not 0 nor an error, when the denominator is 0."""
    if not denominator:
        return None
    return numerator / denominator


def engagements(likes: int, comments: int, shares: int) -> int:
    return likes + comments + shares


def engagement_rate(*, views: int, likes: int, comments: int, shares: int) -> float | None:
    """(likes + comments + shares) / views; over several videos, a ratio of sums (docs/numbers.md)."""
    return ratio(engagements(likes, comments, shares), views)


def cpm(cost: Decimal | None, views: int) -> float | None:
    """Cost per thousand views."""
    if cost is None:
        return None
    per_view = ratio(float(cost), views)
    return None if per_view is None else per_view * 1000


def cpv(cost: Decimal | None, views: int) -> float | None:
    """Cost per view."""
    return None if cost is None else ratio(float(cost), views)


def cpe(cost: Decimal | None, engaged: int) -> float | None:
    """Cost per engagement (a like, a comment or a share)."""
    return None if cost is None else ratio(float(cost), engaged)


def lift(views: int, earlier_views: Sequence[int]) -> float | None:
    """A video's views over the median views of the creator's videos before it (at most
    LIFT_BASELINE_VIDEOS of them, the nearest first; fewer when the creator had fewer). Undefined with
    no video before it, or when their median is 0."""
    baseline = list(earlier_views[:LIFT_BASELINE_VIDEOS])
    if not baseline:
        return None
    return ratio(views, statistics.median(baseline))


def cumulative_views(points: Iterable[tuple[int, datetime, int]]) -> list[tuple[datetime, int]]:
    """The campaign's views over time: at each moment a point was recorded, the sum over its videos of
    each one's latest views at or before that moment. `points` are (video, moment, views)."""
    latest: dict[int, int] = {}
    series: list[tuple[datetime, int]] = []
    total = 0
    for video, moment, views in sorted(points, key=lambda point: point[1]):
        total += views - latest.get(video, 0)
        latest[video] = views
        if series and series[-1][0] == moment:
            series[-1] = (moment, total)
        else:
            series.append((moment, total))
    return series
