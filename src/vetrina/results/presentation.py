"""Campaign results for people: the report page's totals with their formulas, its sortable table, the
chart of cumulative views, and My Activity's overview. Numbers are formatted by lib.formatting, short on
the page with the exact value in the tooltip; undefined is "—" (docs/numbers.md)."""

from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vetrina.lib.formatting import (
    UNDEFINED,
    compact_number,
    current_locale,
    day,
    exact_number,
    exact_percent,
    fixed_number,
    grouped_whole,
    money,
    money_precise,
    percent,
)
from vetrina.metrics.presentation import charts
from vetrina.results.selectors import CurrencyTotals, Overview, Totals, VideoResult

# The formula of each figure, one click away on the page (as on the metrics page).
HOW = {
    "views": gettext_lazy(
        "The sum of the views of the campaign's posted videos that have arrived, as the latest import "
        "counted them."
    ),
    "engagement_rate": gettext_lazy(
        "(Σ likes + Σ comments + Σ shares) / Σ views over the videos that have arrived: a ratio of sums, "
        "so a video with more views weighs more."
    ),
    "spend": gettext_lazy(
        "The cost of every posted video: a fee per video as agreed; a fixed fee (or an accepted "
        "counter-offer) split evenly over the request's videos. Free product and affiliate commission "
        "cost no money here. Each currency on its own: amounts in two currencies are never added."
    ),
    "cpm": gettext_lazy(
        "Cost / views × 1,000 over the videos that have arrived and cost money, per currency. Undefined "
        "(—) with no views."
    ),
    "cpv": gettext_lazy("Cost / views over the videos that have arrived and cost money, per currency."),
    "cpe": gettext_lazy(
        "Cost / (likes + comments + shares) over the videos that have arrived and cost money, per currency."
    ),
    "lift": gettext_lazy(
        "The video's views / the median views of the creator's 30 videos posted before it (of those there "
        "are, when fewer; undefined with none, or a median of 0). Above 1× the video did better than the "
        "creator usually does."
    ),
    "history": gettext_lazy(
        "At each import that changed a posted video's counts, the sum of each video's latest views."
    ),
}


def _money(amount: Decimal | None, currency: str, locale: str | None = None) -> str:
    # money_precise with the currency's own places writes what lib.formatting.money does, faster.
    return UNDEFINED if amount is None else money_precise(amount, currency, locale)


def _rate(value: float | None, currency: str, decimals: int, locale: str | None = None) -> str:
    return UNDEFINED if value is None else money_precise(value, currency, locale, decimals=decimals)


def lift_text(value: float | None, locale: str | None = None) -> str:
    """▲ 1.8× above the creator's usual views, ▼ 0.6× below."""
    if value is None:
        return UNDEFINED
    arrow = "▲" if value >= 1 else "▼"
    return f"{arrow} {fixed_number(value, 1, locale)}×"


def figure(short: str, exact: str) -> dict[str, str]:
    return {"short": short, "exact": exact}


def totals_cards(totals: Totals) -> list[dict[str, Any]]:
    """The figures on top of the report: counts and engagement, then the cost figures per currency."""
    cards: list[dict[str, Any]] = [
        {
            "key": "views",
            "label": _("Views"),
            "figure": figure(compact_number(totals.views), exact_number(totals.views)),
            "how": HOW["views"],
        },
        {
            "key": "engagement_rate",
            "label": _("Engagement rate"),
            "figure": figure(percent(totals.engagement_rate), exact_percent(totals.engagement_rate)),
            "how": HOW["engagement_rate"],
        },
    ]
    for costs in totals.costs:
        cards.extend(currency_cards(costs, prefix=len(totals.costs) > 1))
    if not totals.costs:
        for key, label in (("spend", _("Spend")), ("cpm", _("CPM")), ("cpe", _("CPE"))):
            cards.append(
                {"key": key, "label": label, "figure": figure(UNDEFINED, UNDEFINED), "how": HOW[key]}
            )
    return cards


def currency_cards(costs: CurrencyTotals, *, prefix: bool) -> list[dict[str, Any]]:
    code = f"{costs.currency} · " if prefix else ""
    return [
        {
            "key": f"spend-{costs.currency}",
            "label": f"{code}{_('Spend')}",
            "figure": figure(money(costs.spend, costs.currency), money(costs.spend, costs.currency)),
            "how": HOW["spend"],
        },
        {
            "key": f"cpm-{costs.currency}",
            "label": f"{code}{_('CPM')}",
            "figure": figure(_rate(costs.cpm, costs.currency, 2), _rate(costs.cpm, costs.currency, 4)),
            "how": HOW["cpm"],
        },
        {
            "key": f"cpv-{costs.currency}",
            "label": f"{code}{_('CPV')}",
            "figure": figure(_rate(costs.cpv, costs.currency, 4), _rate(costs.cpv, costs.currency, 6)),
            "how": HOW["cpv"],
        },
        {
            "key": f"cpe-{costs.currency}",
            "label": f"{code}{_('CPE')}",
            "figure": figure(_rate(costs.cpe, costs.currency, 4), _rate(costs.cpe, costs.currency, 6)),
            "how": HOW["cpe"],
        },
    ]


# --- The table: one row per posted video, sortable --------------------------------------------------------

# Each sortable column: its label, and the value it sorts by (None: undefined, last in either direction).
COLUMNS: list[tuple[str, Any, Callable[[VideoResult], Any]]] = [
    ("creator", gettext_lazy("Creator"), lambda video: (video.handle, video.number)),
    ("posted", gettext_lazy("Posted"), lambda video: video.posted_at),
    ("views", gettext_lazy("Views"), lambda video: video.views),
    ("likes", gettext_lazy("Likes"), lambda video: video.likes),
    ("comments", gettext_lazy("Comments"), lambda video: video.comments),
    ("shares", gettext_lazy("Shares"), lambda video: video.shares),
    ("engagement_rate", gettext_lazy("Eng. rate"), lambda video: video.engagement_rate),
    ("cost", gettext_lazy("Cost"), lambda video: video.cost.amount),
    ("cpm", gettext_lazy("CPM"), lambda video: video.cpm),
    ("cpv", gettext_lazy("CPV"), lambda video: video.cpv),
    ("cpe", gettext_lazy("CPE"), lambda video: video.cpe),
    ("lift", gettext_lazy("Lift"), lambda video: video.lift),
]
SORT_KEYS = {key: value for key, _label, value in COLUMNS}
DEFAULT_SORT = "creator"
# Text and dates sort A to Z and oldest first on the first click; numbers largest first.
ASCENDING_FIRST = {"creator", "posted"}


def parse_sort(value: str | None) -> str:
    """A known column, optionally with "-" for descending; anything else is the default."""
    if value and value.removeprefix("-") in SORT_KEYS:
        return value
    return DEFAULT_SORT


def sorted_videos(videos: Sequence[VideoResult], sort: str) -> list[VideoResult]:
    """In the column's order; undefined values last in either direction, ties by creator and number.
    Costs in different currencies sort by amount alone: a sort is no sum."""
    key = SORT_KEYS[sort.removeprefix("-")]
    descending = sort.startswith("-")
    tie = sorted(videos, key=lambda video: (video.handle, video.number))
    defined = [video for video in tie if key(video) is not None]
    undefined = [video for video in tie if key(video) is None]
    return sorted(defined, key=key, reverse=descending) + undefined


def sort_headers(sort: str) -> list[dict[str, Any]]:
    headers = []
    for key, label, _value in COLUMNS:
        current = sort.removeprefix("-") == key
        descending = sort.startswith("-")
        if current:
            following = key if descending else f"-{key}"
        else:
            following = key if key in ASCENDING_FIRST else f"-{key}"
        headers.append(
            {
                "key": key,
                "label": label,
                "numeric": key not in ASCENDING_FIRST,
                "query": f"?sort={following}",
                "aria_sort": ("descending" if descending else "ascending") if current else None,
            }
        )
    return headers


def video_row(video: VideoResult, locale: str | None = None) -> dict[str, Any]:
    """One row of the table; `locale` worked out once for the page (a hundred rows ask it thousands of
    times otherwise)."""
    locale = locale or current_locale()
    currency = video.cost.currency
    short_cost = _money(video.cost.amount, currency, locale)
    exact_cost = short_cost
    if video.cost.amount is not None and video.cost.amount != round(video.cost.amount, 2):
        exact_cost = _rate(float(video.cost.amount), currency, 4, locale)  # a fee split in three
    return {
        "video": video,
        "number": _("Video %(number)s") % {"number": video.number},
        "posted": day(video.posted_at, locale),
        "views": figure(compact_number(video.views, locale), grouped_whole(video.views, locale)),
        "likes": figure(compact_number(video.likes, locale), grouped_whole(video.likes, locale)),
        "comments": figure(compact_number(video.comments, locale), grouped_whole(video.comments, locale)),
        "shares": figure(compact_number(video.shares, locale), grouped_whole(video.shares, locale)),
        "engagement_rate": figure(
            percent(video.engagement_rate, locale), exact_percent(video.engagement_rate, locale)
        ),
        "cost": figure(short_cost, exact_cost),
        "cpm": figure(_rate(video.cpm, currency, 2, locale), _rate(video.cpm, currency, 4, locale)),
        "cpv": figure(_rate(video.cpv, currency, 4, locale), _rate(video.cpv, currency, 6, locale)),
        "cpe": figure(_rate(video.cpe, currency, 4, locale), _rate(video.cpe, currency, 6, locale)),
        "lift": figure(
            lift_text(video.lift, locale),
            _("%(lift)s× against the median of %(count)s earlier videos")
            % {"lift": fixed_number(video.lift, 2, locale), "count": video.lift_baseline_videos}
            if video.lift is not None
            else (
                _("No earlier video to compare with")
                if video.arrived and not video.lift_baseline_videos
                else UNDEFINED
            ),
        ),
    }


def history_chart(history: Sequence[tuple[datetime, int]]) -> dict[str, Any] | None:
    """The cumulative views as a line drawn on the server (metrics.presentation.charts), one mark a day
    (the day's last total: imports of one day are one step to a reader), with its numbers for whoever
    cannot see it; None without a point."""
    if not history:
        return None
    zone = timezone.get_current_timezone()
    by_day: dict[date, tuple[datetime, int]] = {}
    for moment, views in history:
        by_day[moment.astimezone(zone).date()] = (moment, views)
    history = list(by_day.values())
    moments = [moment for moment, _views in history]
    values = [float(views) for _moment, views in history]
    locale = current_locale()
    texts = [f"{day(moment, locale)}: {grouped_whole(views, locale)}" for moment, views in history]
    svg: SafeString = charts.line(moments, values, texts)
    rows = [(day(moment, locale), grouped_whole(views, locale)) for moment, views in history]
    return {"svg": svg, "rows": rows}


def report_page(results: Any, *, sort: str) -> dict[str, Any]:
    locale = current_locale()
    return {
        "campaign": results.campaign,
        "totals": results.totals,
        "cards": totals_cards(results.totals),
        "chart": history_chart(results.history),
        "rows": [video_row(video, locale) for video in sorted_videos(results.videos, sort)],
        "headers": sort_headers(sort),
        "sort": sort,
        "how": HOW,
    }


def month_row(month: Any) -> dict[str, Any]:
    totals: Totals = month.totals
    return {
        "month": month.month,
        "totals": totals,
        "views": figure(compact_number(totals.views), exact_number(totals.views)),
        "engagement_rate": figure(percent(totals.engagement_rate), exact_percent(totals.engagement_rate)),
        "costs": [
            {
                "currency": costs.currency,
                "spend": money(costs.spend, costs.currency),
                "cpm": figure(_rate(costs.cpm, costs.currency, 2), _rate(costs.cpm, costs.currency, 4)),
            }
            for costs in totals.costs
        ],
    }


def overview_page(overview: Overview) -> dict[str, Any]:
    locale = current_locale()
    return {
        "months": [month_row(month) for month in overview.months],
        "best": [video_row(video, locale) for video in overview.best],
        "worst": [video_row(video, locale) for video in overview.worst],
        "how": HOW,
    }
