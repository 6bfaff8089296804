"""Reads of campaign results, scoped to who is asking (an organisation its own campaigns, staff every one):
each posted video with its counts and cost figures, the totals, the views over time, and My Activity's
overview by month. Every figure comes from `compute` (docs/numbers.md, "Campaign results")."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone

from vetrina.accounts.access import is_staff
from vetrina.accounts.models import User
from vetrina.collaborations.models import Campaign, Deliverable, DeliverableState
from vetrina.creators.models import Video, VideoPoint
from vetrina.results import compute
from vetrina.results.compute import Cost

# My Activity's overview lists this many best and worst videos by lift.
BEST_AND_WORST = 5
_CHUNK = 500  # ids per query, under every database's limit of parameters


def campaigns_of(user: User) -> QuerySet[Campaign]:
    """The campaigns whose results `user` may read: the organisation's own, every one for staff (the
    scope of collaborations.selectors.campaigns_for, without the counts that page needs)."""
    if is_staff(user):
        return Campaign.objects.all()
    if user.organisation_id is None:
        return Campaign.objects.none()
    return Campaign.objects.filter(organisation_id=user.organisation_id)


def get_campaign_for(user: User, pk: int) -> Campaign:
    """Another organisation's campaign is as good as missing: 404."""
    return get_object_or_404(campaigns_of(user).select_related("organisation"), pk=pk)


# Video ids are 64-bit in the database: a larger number names no video and must not reach a query.
MAX_VIDEO_ID = 2**63 - 1


def video_pk(video_id: str) -> int | None:
    """The stored video's key for a posted TikTok id; None for an id no stored video can have."""
    if not video_id.isdigit() or int(video_id) > MAX_VIDEO_ID:
        return None
    return int(video_id)


def posted_video_ids() -> set[int]:
    """The TikTok ids of every video a campaign's creator recorded as posted: the videos whose counts
    are kept over time (the import's hook, services.posted_video_points_record)."""
    ids = Deliverable.objects.filter(state=DeliverableState.POSTED).values_list("video_id", flat=True)
    return {pk for video_id in ids if (pk := video_pk(video_id)) is not None}


@dataclass
class VideoResult:
    """One posted video of a campaign: what it did (None until it arrives through an import) and what it
    cost."""

    campaign_id: int
    campaign_name: str
    handle: str
    display_name: str
    number: int  # the video's number in the offer
    video_id: str
    posted_at: datetime  # when the creator's side recorded it as posted
    payment_option: str
    cost: Cost
    arrived: bool = False
    views: int | None = None
    likes: int | None = None
    comments: int | None = None
    shares: int | None = None
    engagement_rate: float | None = None
    cpm: float | None = None
    cpv: float | None = None
    cpe: float | None = None
    lift: float | None = None
    lift_baseline_videos: int = 0

    @property
    def url(self) -> str:
        return f"https://www.tiktok.com/@{self.handle}/video/{self.video_id}"


@dataclass
class CurrencyTotals:
    """The cost figures of the videos paid in one currency: amounts in two currencies are never added."""

    currency: str
    videos: int = 0  # posted videos with a cost in this currency
    spend: Decimal = Decimal(0)  # their cost
    measured_cost: Decimal = Decimal(0)  # the cost of those that arrived: what the ratios divide
    views: int = 0
    engagements: int = 0

    @property
    def cpm(self) -> float | None:
        return compute.cpm(self.measured_cost, self.views)

    @property
    def cpv(self) -> float | None:
        return compute.cpv(self.measured_cost, self.views)

    @property
    def cpe(self) -> float | None:
        return compute.cpe(self.measured_cost, self.engagements)


@dataclass
class Totals:
    videos_posted: int
    videos_arrived: int
    # Sums over the videos that arrived; undefined (None) when none has.
    views: int | None
    likes: int | None
    comments: int | None
    shares: int | None
    engagement_rate: float | None
    costs: list[CurrencyTotals] = field(default_factory=list)  # by currency code
    videos_without_money: int = 0  # free product, affiliate commission


def totals_of(videos: Sequence[VideoResult]) -> Totals:
    arrived = [video for video in videos if video.arrived]
    sums: dict[str, int | None] = {
        name: sum(getattr(video, name) for video in arrived) if arrived else None
        for name in ("views", "likes", "comments", "shares")
    }
    costs: dict[str, CurrencyTotals] = {}
    for video in videos:
        if video.cost.amount is None:
            continue
        totals = costs.setdefault(video.cost.currency, CurrencyTotals(currency=video.cost.currency))
        totals.videos += 1
        totals.spend += video.cost.amount
        if video.arrived:
            totals.measured_cost += video.cost.amount
            totals.views += video.views or 0
            totals.engagements += compute.engagements(
                video.likes or 0, video.comments or 0, video.shares or 0
            )
    return Totals(
        videos_posted=len(videos),
        videos_arrived=len(arrived),
        views=sums["views"],
        likes=sums["likes"],
        comments=sums["comments"],
        shares=sums["shares"],
        engagement_rate=(
            compute.engagement_rate(
                views=sums["views"] or 0,
                likes=sums["likes"] or 0,
                comments=sums["comments"] or 0,
                shares=sums["shares"] or 0,
            )
            if arrived
            else None
        ),
        costs=[costs[currency] for currency in sorted(costs)],
        videos_without_money=sum(1 for video in videos if video.cost.amount is None),
    )


@dataclass
class CampaignResults:
    campaign: Campaign
    videos: list[VideoResult]
    totals: Totals
    # The campaign's cumulative views at each moment a point was recorded, oldest first.
    history: list[tuple[datetime, int]]


def campaign_results(campaign: Campaign) -> CampaignResults:
    """Every posted video of the campaign (by creator, then video number), the totals, the history."""
    videos, arrived_ids = video_results(Deliverable.objects.filter(request__campaign=campaign))
    points = VideoPoint.objects.filter(video_id__in=arrived_ids).values_list("video_id", "at", "views")
    return CampaignResults(
        campaign=campaign,
        videos=videos,
        totals=totals_of(videos),
        history=compute.cumulative_views(points),
    )


def _request_videos() -> Subquery:
    """How many videos the deliverable's request has: a fixed fee is split over them."""
    counted = (
        Deliverable.objects.filter(request=OuterRef("request"))
        .order_by()
        .values("request")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Subquery(counted, output_field=IntegerField())


_DELIVERABLE_FIELDS = (
    "request__campaign_id",
    "request__campaign__name",
    "request__creator__handle",
    "request__creator__display_name",
    "position",
    "video_id",
    "posted_at",
    "request__offer__payment_option",
    "request__agreed_amount",
    "request__agreed_currency",
    "request_videos",
)


def video_results(deliverables: QuerySet[Deliverable]) -> tuple[list[VideoResult], set[int]]:
    """The posted videos among `deliverables` as results, by creator then video number, and the ids of
    those that arrived. A handful of queries whatever their number."""
    rows = (
        deliverables.filter(state=DeliverableState.POSTED)
        .annotate(request_videos=_request_videos())
        .order_by("request__campaign_id", "request__creator__handle", "position")
        .values_list(*_DELIVERABLE_FIELDS)
    )
    results = []
    for (
        campaign_id,
        campaign_name,
        handle,
        display_name,
        position,
        video_id,
        posted_at,
        payment_option,
        agreed_amount,
        agreed_currency,
        request_videos,
    ) in rows:
        cost = compute.video_cost(
            payment_option=payment_option,
            agreed_amount=agreed_amount,
            agreed_currency=agreed_currency,
            request_videos=request_videos or 1,
        )
        results.append(
            VideoResult(
                campaign_id=campaign_id,
                campaign_name=campaign_name,
                handle=handle,
                display_name=display_name,
                number=position,
                video_id=video_id,
                posted_at=posted_at,
                payment_option=payment_option,
                cost=cost,
            )
        )
    arrived = _measure(results)
    return results, arrived


def _measure(results: list[VideoResult]) -> set[int]:
    """Fill in the counts and figures of the videos that have arrived; their ids."""
    wanted = sorted({pk for result in results if (pk := video_pk(result.video_id)) is not None})
    videos: dict[int, tuple[int, datetime, int, int, int, int]] = {}
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        for pk, *row in Video.objects.filter(pk__in=chunk).values_list(
            "pk", "creator_id", "posted_at", "views", "likes", "comments", "shares"
        ):
            videos[pk] = tuple(row)  # type: ignore[assignment]
    earlier = _earlier_views(videos)
    for result in results:
        pk = video_pk(result.video_id)
        found = videos.get(pk) if pk is not None else None
        if pk is None or found is None:
            continue
        _creator_id, _posted, views, likes, comments, shares = found
        engaged = compute.engagements(likes, comments, shares)
        baseline = earlier[pk]
        result.arrived = True
        result.views, result.likes, result.comments, result.shares = views, likes, comments, shares
        result.engagement_rate = compute.engagement_rate(
            views=views, likes=likes, comments=comments, shares=shares
        )
        result.cpm = compute.cpm(result.cost.amount, views)
        result.cpv = compute.cpv(result.cost.amount, views)
        result.cpe = compute.cpe(result.cost.amount, engaged)
        result.lift = compute.lift(views, baseline)
        result.lift_baseline_videos = len(baseline)
    return set(videos)


def _earlier_views(videos: dict[int, tuple[int, datetime, int, int, int, int]]) -> dict[int, list[int]]:
    """For each video, the views of its creator's videos before it, nearest first, at most
    LIFT_BASELINE_VIDEOS: one query over the creators' videos up to their latest posted one, in the order
    of their index (newest first, ties by id)."""
    if not videos:
        return {}
    creators = {creator_id for creator_id, *_rest in videos.values()}
    newest = max(posted_at for _creator, posted_at, *_counts in videos.values())
    by_creator: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for creator_id, pk, views in (
        Video.objects.filter(creator_id__in=creators, posted_at__lte=newest)
        .order_by("creator_id", "-posted_at", "-id")
        .values_list("creator_id", "pk", "views")
    ):
        by_creator[creator_id].append((pk, views))
    earlier: dict[int, list[int]] = {}
    for pk, (creator_id, *_rest) in videos.items():
        ordered = by_creator[creator_id]
        index = next(i for i, (other, _views) in enumerate(ordered) if other == pk)
        window = ordered[index + 1 : index + 1 + compute.LIFT_BASELINE_VIDEOS]
        earlier[pk] = [views for _other, views in window]
    return earlier


# --- My Activity's overview ------------------------------------------------------------------------------


@dataclass
class MonthResults:
    month: date  # its first day
    totals: Totals


@dataclass
class Overview:
    months: list[MonthResults]  # newest first
    best: list[VideoResult]  # highest lift first
    worst: list[VideoResult]  # lowest lift first


def month_of(moment: datetime) -> date:
    return timezone.localtime(moment).date().replace(day=1)


def results_overview(user: User) -> Overview:
    """Across the campaigns `user` may read: by the month each video was recorded as posted, the totals;
    the videos of highest and lowest lift (none in both lists)."""
    videos, _arrived = video_results(Deliverable.objects.filter(request__campaign__in=campaigns_of(user)))
    by_month: dict[date, list[VideoResult]] = defaultdict(list)
    for video in videos:
        by_month[month_of(video.posted_at)].append(video)
    ranked = sorted(
        (video for video in videos if video.lift is not None),
        key=lambda video: (-(video.lift or 0), video.handle, video.number),
    )
    best = ranked[:BEST_AND_WORST]
    worst = list(reversed(ranked[BEST_AND_WORST:]))[:BEST_AND_WORST]
    return Overview(
        months=[
            MonthResults(month=month, totals=totals_of(by_month[month]))
            for month in sorted(by_month, reverse=True)
        ],
        best=best,
        worst=worst,
    )


def campaigns_with_counts(user: User) -> QuerySet[Campaign]:
    """The campaigns `user` may read, newest first, with how many videos were posted in each."""
    return campaigns_of(user).annotate(
        videos_posted=Count(
            "requests__deliverables", filter=Q(requests__deliverables__state=DeliverableState.POSTED)
        )
    )
