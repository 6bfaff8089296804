"""A campaign's results as a CSV file: the report's rows, one per posted video (docs/numbers.md, "The
campaign results CSV"). Raw values with the unit in each header, a decimal point and no thousands
separator whatever the reader's language; an undefined number is an empty cell, never 0."""

import csv
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.http import HttpResponse
from django.utils.text import slugify

from vetrina.collaborations.models import Campaign
from vetrina.lib.formatting import plain_decimal
from vetrina.results.selectors import VideoResult

CSV_HEADER = [
    "handle",
    "display_name",
    "video_number",
    "video_id",
    "posted_at",
    "arrived",
    "views",
    "likes",
    "comments",
    "shares",
    "engagement_rate_percent",
    "payment_option",
    "cost_currency",
    "cost_amount",
    "cpm_per_1000_views",
    "cpv_per_view",
    "cpe_per_engagement",
    "lift_times_creator_median",
    "lift_baseline_videos",
]


def _csv_text(value: str) -> str:
    # A spreadsheet runs a cell that starts with one of these as a formula; a quote keeps it text.
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _count(value: int | None) -> str:
    return "" if value is None else str(value)


def _amount(value: Decimal | None) -> str:
    # The exact share of a fee (1,000 over 3 videos), rounded half up like every number of the file.
    return "" if value is None else str(value.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP))


def csv_response(*, campaign: Campaign, videos: Iterable[VideoResult]) -> HttpResponse:
    filename = f"{slugify(campaign.name) or 'campaign'}-results.csv"
    response = HttpResponse(
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
    writer = csv.writer(response)
    writer.writerow(CSV_HEADER)
    for video in videos:
        writer.writerow(
            [
                video.handle,
                _csv_text(video.display_name),
                video.number,
                video.video_id,
                video.posted_at.isoformat(),
                "yes" if video.arrived else "no",
                _count(video.views),
                _count(video.likes),
                _count(video.comments),
                _count(video.shares),
                plain_decimal(video.engagement_rate, places=4, scale=100),
                video.payment_option,
                video.cost.currency,
                _amount(video.cost.amount),
                plain_decimal(video.cpm, places=4),
                plain_decimal(video.cpv, places=6),
                plain_decimal(video.cpe, places=6),
                plain_decimal(video.lift, places=4),
                video.lift_baseline_videos if video.arrived else "",
            ]
        )
    return response
