"""What the creator's metrics page shows (docs/numbers.md): the numbers of
metrics.selectors, arranged and explained for people, and the series its charts draw.

Numbers the template shows in a `{% figure %}` stay numbers here; the template formats them. Sentences,
table rows and the charts are made here: each chart is an SVG drawn by presentation.charts (why SVG from
the server: see there), its labels and hover texts in the viewer's language. Every number is formatted by
vetrina.lib.formatting.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vetrina.creators.models import Creator
from vetrina.lib.audience import AGE_BRACKETS, DIMENSION_LABELS
from vetrina.lib.continents import CONTINENT_NAMES
from vetrina.lib.formatting import (
    category_label,
    country_name,
    current_locale,
    day,
    exact_number,
    exact_percent,
    percent,
    percentile_share,
    whole_number,
)
from vetrina.metrics import compute
from vetrina.metrics.presentation import charts
from vetrina.metrics.presentation.authenticity import (
    CONFIDENCE_LABELS,
    authenticity_explained,
    confidence_text,
    signal_rows,
    sized_group_phrase,
)
from vetrina.metrics.selectors import creator_numbers, history_of

TOP_COUNTRIES = 10  # the rest of the audience's countries show as one "Other" bar


@dataclass(frozen=True)
class CoreWindow:
    """The videos behind the core metrics: last(30), and the days they were posted on."""

    videos: int
    first: date | None
    last: date | None


@dataclass(frozen=True)
class CoreFigure:
    key: str
    label: str | Promise
    value: float | None
    kind: str  # "number" or "percent"
    how: str  # the formula, its window and the dates it covers
    standing: str | None  # "higher than 73% of 1,204 Fashion creators with 100k–1M followers"


# Core metric -> its label, its kind, its formula.
CORE_METRICS: dict[str, tuple[Promise, str, Promise]] = {
    "avg_views": (gettext_lazy("Average views"), "number", gettext_lazy("Average of the views")),
    "avg_likes": (gettext_lazy("Average likes"), "number", gettext_lazy("Average of the likes")),
    "avg_comments": (gettext_lazy("Average comments"), "number", gettext_lazy("Average of the comments")),
    "avg_shares": (gettext_lazy("Average shares"), "number", gettext_lazy("Average of the shares")),
    "median_views": (
        gettext_lazy("Median views"),
        "number",
        gettext_lazy("The middle value of the views (the mean of the two middle ones for an even count)"),
    ),
    "engagement_rate": (
        gettext_lazy("Engagement rate"),
        "percent",
        gettext_lazy("(Σ likes + Σ comments + Σ shares) / Σ views"),
    ),
}


def core_window(videos: list[compute.VideoLike]) -> CoreWindow:
    window = compute.last(videos, compute.CORE_WINDOW)
    if not window:
        return CoreWindow(videos=0, first=None, last=None)
    return CoreWindow(videos=len(window), first=window[-1].posted_at.date(), last=window[0].posted_at.date())


def how_computed(formula: str | Promise, window: CoreWindow) -> str:
    if not window.videos:
        return _("%(formula)s over the 30 most recent videos; there are none yet.") % {"formula": formula}
    return _("%(formula)s over the %(count)s most recent videos (%(first)s – %(last)s).") % {
        "formula": formula,
        "count": whole_number(window.videos),
        "first": day(window.first),
        "last": day(window.last),
    }


def peers_phrase(creator: Creator) -> str | None:
    """ "1,204 Fashion creators with 100k–1M followers": the peer group percentiles compare the creator
    with; None when it has none."""
    if creator.peer_group_size is None:
        return None
    return sized_group_phrase(creator.peer_group_tier, creator.peer_group_category, creator.peer_group_size)


def standing(percentile: float | None, peers: str | None) -> str | None:
    """Where a percentile puts the creator in its peer group: "higher than 73% of …"; at either end,
    the lowest or the highest, never "higher than 0%"."""
    if percentile is None or peers is None:
        return None
    if percentile == 0:
        return _("the lowest, against %(peers)s") % {"peers": peers}
    if percentile == 100:
        return _("the highest, against %(peers)s") % {"peers": peers}
    return _("higher than %(share)s of %(peers)s") % {"share": percentile_share(percentile), "peers": peers}


def core_figures(creator: Creator, numbers: dict[str, Any], window: CoreWindow) -> list[CoreFigure]:
    peers = peers_phrase(creator)
    percentiles = numbers["percentiles"]
    return [
        CoreFigure(
            key=key,
            label=label,
            value=numbers["metrics"][key],
            kind=kind,
            how=how_computed(formula, window),
            standing=standing(percentiles.get(key), peers),
        )
        for key, (label, kind, formula) in CORE_METRICS.items()
    ]


# --- Audience -------------------------------------------------------------------------------------

BUCKET_LABELS: dict[str, dict[str, Promise | str]] = {
    "age": {bracket: bracket for bracket in AGE_BRACKETS},
    "gender": {
        "female": gettext_lazy("Female"),
        "male": gettext_lazy("Male"),
        "other": gettext_lazy("Other"),
    },
    "device": {"ios": "iOS", "android": "Android", "other": gettext_lazy("Other")},
    "activity": {"active": gettext_lazy("Active"), "passive": gettext_lazy("Passive")},
}
# How each dimension is drawn: bars where the buckets have an order or many values, a donut for parts.
AUDIENCE_CHARTS = {
    "age": charts.bars,
    "gender": charts.donut,
    "activity": charts.donut,
    "device": charts.donut,
    "country": charts.rows,
    "continent": charts.rows,
}


def audience_rows(dimension: str, shares: dict[str, float]) -> list[tuple[str, float]]:
    """(label, share) in display order; countries: the top 10, the rest as one "Other"."""
    if dimension == "country":
        ranked = sorted(shares.items(), key=lambda item: (-item[1], item[0]))
        rows = [(country_name(code), share) for code, share in ranked[:TOP_COUNTRIES]]
        rest = sum(share for _code, share in ranked[TOP_COUNTRIES:])
        if len(ranked) > TOP_COUNTRIES:
            rows.append((_("Other"), rest))
        return rows
    if dimension == "continent":
        return [(str(CONTINENT_NAMES.get(code, code)), share) for code, share in shares.items()]
    return [(str(BUCKET_LABELS[dimension].get(bucket, bucket)), share) for bucket, share in shares.items()]


def audience_charts(audience: dict[str, dict[str, float] | None]) -> list[dict[str, Any]]:
    """Each dimension's chart (an SVG, its marks' hover texts the shares), the table's rows (label,
    share as shown, exact share) and a one-line text alternative."""
    drawn = []
    locale = current_locale()
    for dimension, draw in AUDIENCE_CHARTS.items():
        shares = audience.get(dimension)
        rows = audience_rows(dimension, shares) if shares else []
        title = str(DIMENSION_LABELS[dimension])
        labels = [label for label, _share in rows]
        texts = [percent(share, locale) for _label, share in rows]
        drawn.append(
            {
                "key": dimension,
                "title": title,
                "svg": draw(labels, [share for _label, share in rows], texts) if rows else "",
                "rows": [
                    (label, text, exact_percent(share, locale))
                    for (label, share), text in zip(rows, texts, strict=True)
                ],
                "alt": _("%(title)s: %(shares)s")
                % {
                    "title": title,
                    "shares": ", ".join(
                        f"{label} {text}" for (label, _share), text in zip(rows, texts, strict=True)
                    ),
                },
            }
        )
    return drawn


# --- Trends ---------------------------------------------------------------------------------------


def trend_charts(numbers: dict[str, Any]) -> dict[str, Any]:
    """The three trend series: each one's chart (an SVG whose marks' hover texts give the day and the
    value) and table rows, formatted once for both."""
    trends = numbers["trends"]
    followers = trends["followers"]
    videos = trends["videos"]
    engagement = trends["engagement_last_15"]
    locale = current_locale()  # once, not for each of the hundred figures below
    follower_rows = [(day(p["date"], locale), exact_number(p["count"], locale)) for p in followers]
    video_rows = [(day(p["posted_at"], locale), exact_number(p["views"], locale)) for p in videos]
    engagement_rows = [(day(p["posted_at"], locale), exact_percent(p["rate"], locale)) for p in engagement]
    headline = numbers["metrics"]["engagement_rate_last_15"]
    follower_texts = [_("%(day)s: %(count)s followers") % {"day": d, "count": n} for d, n in follower_rows]
    video_texts = [_("%(day)s: %(views)s views") % {"day": d, "views": n} for d, n in video_rows]
    engagement_texts = [_("%(day)s: %(rate)s") % {"day": d, "rate": r} for d, r in engagement_rows]
    return {
        "followers": {
            "svg": charts.line(
                [p["date"] for p in followers], [p["count"] for p in followers], follower_texts
            )
            if followers
            else "",
            "rows": follower_rows,
        },
        "videos": {
            "svg": charts.candles([p["posted_at"] for p in videos], [p["views"] for p in videos], video_texts)
            if videos
            else "",
            "rows": video_rows,
        },
        "engagement": {
            "svg": charts.rates(
                [p["posted_at"] for p in engagement],
                [p["rate"] for p in engagement],
                engagement_texts,
                headline=headline,
                headline_text=_("All 15: %(rate)s") % {"rate": percent(headline)},
            )
            if engagement
            else "",
            "rows": engagement_rows,
        },
    }


def creator_page(creator: Creator) -> dict[str, Any]:
    """Everything the page shows but the sample videos; five queries at most (metrics.selectors)."""
    history = history_of(creator)
    numbers = creator_numbers(creator, history)
    window = core_window(history[0])
    audience = audience_charts(numbers["audience"])
    trends = trend_charts(numbers)
    authenticity = authenticity_explained(numbers["authenticity"])
    return {
        "numbers": numbers,
        "categories": [category_label(c) for c in creator.categories],
        "window": window,
        "core": core_figures(creator, numbers, window),
        "audience_charts": audience,
        "trend_charts": trends,
        "signals": signal_rows(authenticity["signals"]),
        "authenticity": authenticity,
        "confidence_label": CONFIDENCE_LABELS.get(authenticity["confidence"]),
        "confidence_text": confidence_text(authenticity["confidence"]),
    }
