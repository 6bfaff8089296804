"""A list's combined audience as the list page shows it: the charts of the metrics page, drawn from the
reach-weighted shares (docs/numbers.md, "A list's audience"), each saying how much of the list it rests
on, and each creator's audience in a row of its own, side by side."""

from typing import Any

from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from vetrina.creators.models import Creator
from vetrina.lib.formatting import compact_number, percent
from vetrina.lib.labels import Labels, filled
from vetrina.lib.urls import handle_url
from vetrina.metrics.compute import WeightedShares
from vetrina.metrics.presentation.page import audience_charts
from vetrina.shortlists.selectors import ListAudience


def audience_section(audience: ListAudience) -> dict[str, Any]:
    """The charts (metrics.presentation.page.audience_charts, each with `basis`: the creators and the
    share of the list's reach it rests on) and the table's rows."""
    charts = audience_charts(
        {dimension: weighted.shares for dimension, weighted in audience.combined.items()}
    )
    for chart in charts:
        chart["basis"] = _basis(audience.combined[chart["key"]], audience)
    return {
        "charts": charts,
        "rows": [_row(creator, shares) for creator, shares in audience.creators],
        "has_audience": any(weighted.shares for weighted in audience.combined.values()),
    }


def _basis(weighted: WeightedShares, audience: ListAudience) -> str:
    if not weighted.creators:
        return _("No creator on the list has these figures and a reach.")
    share = percent(weighted.reach / audience.total_reach) if audience.total_reach else "—"
    return ngettext(
        "From %(count)s of %(all)s creator: %(share)s of the list's reach (%(reach)s).",
        "From %(count)s of %(all)s creators: %(share)s of the list's reach (%(reach)s).",
        len(audience.creators),
    ) % {
        "count": weighted.creators,
        "all": len(audience.creators),
        "share": share,
        "reach": compact_number(weighted.reach),
    }


def _largest(shares: dict[str, float] | None) -> tuple[str, float] | None:
    if not shares:
        return None
    return min(shares.items(), key=lambda item: (-item[1], item[0]))


def _row(creator: Creator, audience: dict[str, dict[str, float] | None]) -> dict[str, Any]:
    """One creator's audience in the table: the largest age bracket and country, the female, iOS and
    active shares; None where the creator's figures are not known."""
    gender, device, activity = audience["gender"], audience["device"], audience["activity"]
    return {
        "creator": creator,
        "age": _largest(audience["age"]),
        "female": gender["female"] if gender else None,
        "country": _largest(audience["country"]),
        "ios": device["ios"] if device else None,
        "active": activity["active"] if activity else None,
        "known": any(audience.values()),
    }


# --- The Add to list control (shortlists/_picker.html) -----------------------------------------------

# The control's words, the same on every card: looked up once per language rather than by {% translate %}
# and {% blocktranslate %} in each control (a search page shows twenty, and each lookup took some 7 us).
_PICKER_LABELS = Labels(
    add=gettext_lazy("Add to list"),
    add_title=gettext_lazy("Add to one of your lists"),
    loading=gettext_lazy("Loading your lists…"),
    open_page=gettext_lazy("Open them on a page"),
    lists_for=gettext_lazy("Lists for @%(handle)s"),
    in_lists=gettext_lazy("In %(names)s"),
    on_lists=gettext_lazy("On your lists: %(names)s"),
)


# What picker_context gives that changes from one creator to the next, or with whether the creator is on a
# list (search's cards fill these into a stencil of the control).
PICKER_PER_CREATOR = ("picker_url", "picker_id", "lists_label", "title", "summary")


def picker_context(handle: str, names: list[str]) -> dict[str, Any]:
    """What shortlists/_picker.html shows besides the lists: its address, its id and its words, for the
    creator `handle` on the lists `names`."""
    labels = _PICKER_LABELS.now()
    listed = ", ".join(names)
    return {
        "picker_url": handle_url("shortlists:picker", handle),
        "picker_id": _slug(handle),
        "labels": labels,
        "lists_label": filled(labels["lists_for"], handle=handle),
        "title": filled(labels["on_lists"], names=listed) if names else labels["add_title"],
        "summary": filled(labels["in_lists"], names=listed) if names else labels["add"],
    }


# The characters of a handle (creators.models.HANDLE_PATTERN).
_HANDLE_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789._")


def _slug(handle: str) -> str:
    """slugify(handle), which drops a handle's dots and the underscores at its ends, at a fifth of its cost
    (some 7 us, on each of a search page's twenty cards)."""
    if _HANDLE_CHARACTERS.issuperset(handle):
        return handle.replace(".", "").strip("_")
    return slugify(handle)
