"""GET /campaigns (the campaigns whose results the caller may read) and GET /campaigns/{id}/results (each
posted video and the totals): the same selectors and figures as the report page, unformatted. Rates are
fractions and ratios floats at full precision; amounts of money decimal strings; undefined is null."""

from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema

from vetrina.accounts.access import may_follow_campaigns
from vetrina.api.errors import ERRORS
from vetrina.results.selectors import (
    CurrencyTotals,
    VideoResult,
    campaign_results,
    campaigns_with_counts,
    get_campaign_for,
)

router = Router(tags=["campaigns"])

# Ids are 64-bit: a larger number names nothing, and must not reach the database.
MAX_ID = 2**63 - 1
PaymentOptionName = Literal["fixed_fee", "per_video", "free_product", "affiliate", "open"]


class CampaignOut(Schema):
    id: int
    name: str
    organisation: str
    created_at: datetime
    videos_posted: int


class CampaignList(Schema):
    count: int
    results: list[CampaignOut]


class ListFilters(Schema):
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(50, ge=1, le=100)


class VideoResultOut(Schema):
    creator: str
    number: int = Field(description="The video's number in the offer.")
    video_id: str
    posted_at: datetime = Field(description="When the creator's side recorded the video as posted.")
    arrived: bool = Field(
        description="Whether an import has brought the video; its counts are null until then."
    )
    views: int | None
    likes: int | None
    comments: int | None
    shares: int | None
    engagement_rate: float | None
    payment_option: PaymentOptionName
    cost_amount: str | None = Field(
        description="Decimal string, to the cent; null when the video cost no money."
    )
    cost_currency: str
    cpm: float | None
    cpv: float | None
    cpe: float | None
    lift: float | None
    lift_baseline_videos: int = Field(
        description="How many earlier videos of the creator the lift's median is of."
    )


class CurrencyTotalsOut(Schema):
    currency: str
    videos: int
    spend: str
    cpm: float | None
    cpv: float | None
    cpe: float | None


class TotalsOut(Schema):
    videos_posted: int
    videos_arrived: int
    views: int | None
    likes: int | None
    comments: int | None
    shares: int | None
    engagement_rate: float | None
    costs: list[CurrencyTotalsOut] = Field(
        description="One entry per currency: amounts in two currencies are never added."
    )
    videos_without_money: int


class HistoryPointOut(Schema):
    at: datetime
    views: int = Field(description="The campaign's cumulative views at that moment.")


class CampaignResultsOut(Schema):
    campaign: CampaignOut
    totals: TotalsOut
    videos: list[VideoResultOut]
    history: list[HistoryPointOut]


def _cents(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01')):.2f}"


def _campaigns_reader(request: HttpRequest) -> None:
    if not may_follow_campaigns(request.user):
        raise PermissionDenied(_("Only brand and agency members keep campaigns."))


def _campaign_out(campaign: Any, videos_posted: int) -> dict[str, Any]:
    return {
        "id": campaign.pk,
        "name": campaign.name,
        "organisation": campaign.organisation.name,
        "created_at": campaign.created_at,
        "videos_posted": videos_posted,
    }


def _video_out(video: VideoResult) -> dict[str, Any]:
    return {
        "creator": video.handle,
        "number": video.number,
        "video_id": video.video_id,
        "posted_at": video.posted_at,
        "arrived": video.arrived,
        "views": video.views,
        "likes": video.likes,
        "comments": video.comments,
        "shares": video.shares,
        "engagement_rate": video.engagement_rate,
        "payment_option": video.payment_option,
        "cost_amount": None if video.cost.amount is None else _cents(video.cost.amount),
        "cost_currency": video.cost.currency,
        "cpm": video.cpm,
        "cpv": video.cpv,
        "cpe": video.cpe,
        "lift": video.lift,
        "lift_baseline_videos": video.lift_baseline_videos,
    }


def _costs_out(costs: CurrencyTotals) -> dict[str, Any]:
    return {
        "currency": costs.currency,
        "videos": costs.videos,
        "spend": _cents(costs.spend),
        "cpm": costs.cpm,
        "cpv": costs.cpv,
        "cpe": costs.cpe,
    }


@router.get("", response={200: CampaignList, **ERRORS}, summary="The organisation's campaigns, newest first")
def list_campaigns(request: HttpRequest, filters: Query[ListFilters]) -> dict[str, Any]:
    _campaigns_reader(request)
    campaigns = campaigns_with_counts(request.user).select_related("organisation")  # type: ignore[arg-type]
    start = (filters.page - 1) * filters.page_size
    return {
        "count": campaigns.count(),
        "results": [
            _campaign_out(campaign, vars(campaign)["videos_posted"])
            for campaign in campaigns[start : start + filters.page_size]
        ],
    }


@router.get(
    "/{campaign_id}/results",
    response={200: CampaignResultsOut, **ERRORS},
    summary="A campaign's results: each posted video, the totals and the views over time",
)
def get_results(request: HttpRequest, campaign_id: int = Path(..., ge=1, le=MAX_ID)) -> dict[str, Any]:
    _campaigns_reader(request)
    results = campaign_results(get_campaign_for(request.user, campaign_id))  # type: ignore[arg-type]
    totals = results.totals
    return {
        "campaign": _campaign_out(results.campaign, totals.videos_posted),
        "totals": {
            "videos_posted": totals.videos_posted,
            "videos_arrived": totals.videos_arrived,
            "views": totals.views,
            "likes": totals.likes,
            "comments": totals.comments,
            "shares": totals.shares,
            "engagement_rate": totals.engagement_rate,
            "costs": [_costs_out(costs) for costs in totals.costs],
            "videos_without_money": totals.videos_without_money,
        },
        "videos": [_video_out(video) for video in results.videos],
        "history": [{"at": moment, "views": views} for moment, views in results.history],
    }
