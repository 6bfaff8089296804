"""What the search page shows around the results: the active filters as chips, the hint of the empty
state, the choices of the filter panel and the page links. Reads nothing from the database."""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django_countries import countries

from vetrina.lib.audience import AGE_BRACKETS
from vetrina.lib.categories import CATEGORY_CHOICES
from vetrina.lib.formatting import (
    category_label,
    compact_number,
    country_name,
    current_locale,
    exact_number,
    exact_percent,
    percent,
    whole_number,
)
from vetrina.metrics.authenticity import is_suspicious
from vetrina.search.filters import SearchFilters, Sort
from vetrina.search.indexing import WORD, query_terms, term_spans, words
from vetrina.search.selectors import SearchPage, categories_named

SORT_LABELS: dict[Sort, Promise] = {
    Sort.FOLLOWERS: gettext_lazy("Highest reach"),
    Sort.FOLLOWERS_ASCENDING: gettext_lazy("Lowest reach"),
    Sort.AVG_VIEWS: gettext_lazy("Most average views"),
    Sort.AVG_VIEWS_ASCENDING: gettext_lazy("Fewest average views"),
    Sort.ENGAGEMENT_RATE: gettext_lazy("Highest engagement rate"),
    Sort.ENGAGEMENT_RATE_ASCENDING: gettext_lazy("Lowest engagement rate"),
    Sort.GROWTH: gettext_lazy("Fastest growth (30 days)"),
    Sort.GROWTH_ASCENDING: gettext_lazy("Slowest growth (30 days)"),
    Sort.AUTHENTICITY: gettext_lazy("Highest authenticity"),
    Sort.AUTHENTICITY_ASCENDING: gettext_lazy("Lowest authenticity"),
}
GENDER_LABELS = {
    "female": gettext_lazy("female"),
    "male": gettext_lazy("male"),
    "other": gettext_lazy("other"),
}
DEVICE_LABELS = {"ios": "iOS", "android": "Android", "other": gettext_lazy("other devices")}
# The fields the page shows as percentages; the query string keeps them as fractions (see search.js).
PERCENT_FIELDS = (
    "er_min",
    "audience_country_min",
    "audience_age_min",
    "audience_gender_min",
    "audience_device_min",
    "audience_active_min",
)
# The parameters the panel has a field for, each with a slot for its messages ({% field_errors %}).
PANEL_FIELDS = tuple(name for name in SearchFilters.model_fields if name not in ("sort", "page", "page_size"))


@dataclass
class Chip:
    label: str
    url: str


@dataclass
class ActiveFilter:
    """A filter in force, by the key search.selectors gives its condition, with its chips."""

    key: str
    label: str
    url: str  # the search without it
    chips: list[Chip] = field(default_factory=list)


def search_url(items: list[tuple[str, str]]) -> str:
    base = reverse("search:index")
    return f"{base}?{urlencode(items)}" if items else base


def _without(filters: SearchFilters, *removed: tuple[str, str | None]) -> str:
    """The search without some parameters (a name and None) or values (a name and the value), from page 1."""
    items = [
        (name, value)
        for name, value in filters.query_items()
        if name != "page"
        and not any(name == gone and (only is None or value == only) for gone, only in removed)
    ]
    return search_url(items)


def active_filters(filters: SearchFilters) -> list[ActiveFilter]:
    found: list[ActiveFilter] = []

    def single(key: str, label: str, *params: str) -> None:
        url = _without(filters, *((param, None) for param in (params or (key,))))
        found.append(ActiveFilter(key, label, url, [Chip(label, url)]))

    def several(key: str, title: str, values: list[str], name: Callable[[str], str]) -> None:
        names = [name(value) for value in values]
        chips = [
            Chip(f"{title}: {label}", _without(filters, (key, value)))
            for value, label in zip(values, names, strict=True)
        ]
        found.append(ActiveFilter(key, f"{title}: {', '.join(names)}", _without(filters, (key, None)), chips))

    if filters.q.strip():
        single("q", _("Text: “%(q)s”") % {"q": filters.q})
    if filters.country:
        several("country", _("Country"), filters.country, country_name)
    if filters.category:
        several("category", _("Category"), filters.category, category_label)
    bounds: list[tuple[str, str, Callable[[Any], str]]] = [
        ("followers_min", _("Reach ≥ %(value)s"), compact_number),
        ("followers_max", _("Reach ≤ %(value)s"), compact_number),
        ("avg_views_min", _("Average views ≥ %(value)s"), compact_number),
        ("avg_views_max", _("Average views ≤ %(value)s"), compact_number),
        ("er_min", _("Engagement rate ≥ %(value)s"), exact_percent),
        ("authenticity_min", _("Authenticity ≥ %(value)s"), whole_number),
    ]
    for name, text, shown in bounds:
        value = getattr(filters, name)
        if value is not None:
            single(name, text % {"value": shown(value)})
    # An audience bucket and its least share are one filter, and one chip.
    audience: list[tuple[str, str, str, Callable[[str], Any]]] = [
        ("audience_country", _("Audience in %(country)s ≥ %(share)s"), "country", country_name),
        ("audience_age", _("Audience aged %(bracket)s ≥ %(share)s"), "bracket", str),
        ("audience_gender", _("Audience %(gender)s ≥ %(share)s"), "gender", GENDER_LABELS.__getitem__),
        ("audience_device", _("Audience on %(device)s ≥ %(share)s"), "device", DEVICE_LABELS.__getitem__),
    ]
    for name, text, placeholder, bucket_name in audience:
        bucket, least = getattr(filters, name), getattr(filters, f"{name}_min")
        if bucket and least is not None:
            # The enums' values (18-24, female, ios), a country's code as it is.
            shown = bucket_name(getattr(bucket, "value", bucket))
            single(name, text % {placeholder: shown, "share": exact_percent(least)}, name, f"{name}_min")
    if filters.audience_active_min is not None:
        single(
            "audience_active_min",
            _("Active audience ≥ %(share)s") % {"share": exact_percent(filters.audience_active_min)},
        )
    return found


def other_errors(errors: dict[str, list[str]]) -> list[str]:
    """The messages of parameters the panel has no field for (sort, page), to show beside its alert."""
    return [message for name, messages in errors.items() if name not in PANEL_FIELDS for message in messages]


def category_words(filters: SearchFilters) -> list[tuple[str, list[str]]]:
    """The words of `q` that name categories, with those categories' names: why a creator whose text
    lacks the word was found."""
    return [
        (word, [category_label(category) for category in categories])
        for word in dict.fromkeys(query_terms(filters.q).words)
        if (categories := categories_named(word))
    ]


def loosen_hint(active: list[ActiveFilter], counts: dict[str, int]) -> tuple[ActiveFilter, int] | None:
    """The filter whose removal alone finds the most creators, with how many; None if none finds any."""
    best = max(active, key=lambda candidate: counts.get(candidate.key, 0), default=None)
    if best is None or not counts.get(best.key):
        return None
    return best, counts[best.key]


def page_links(result: SearchPage) -> dict[str, Any]:
    """Previous, next and the numbers around the current page, with gaps as None."""
    filters = result.filters
    items = [(name, value) for name, value in filters.query_items() if name != "page"]

    def url(number: int) -> str:
        return search_url(items + ([("page", str(number))] if number > 1 else []))

    last = result.num_pages
    if result.count_is_estimate:
        # An estimated count does not know the last page: no link to it, and a next page while this
        # one is full.
        last = result.page + 1 if len(result.results) == result.page_size else result.page
    shown = sorted({1, *range(max(1, result.page - 2), min(last, result.page + 2) + 1)})
    if not result.count_is_estimate:
        shown = sorted({*shown, last})
    numbers: list[dict[str, Any] | None] = []
    for index, number in enumerate(shown):
        if index and number - shown[index - 1] > 1:
            numbers.append(None)
        numbers.append({"number": number, "url": url(number), "current": number == result.page})
    return {
        "previous": url(result.page - 1) if result.page > 1 else None,
        "next": url(result.page + 1) if result.page < last else None,
        "numbers": numbers if last > 1 else [],
    }


def panel_choices(values: dict[str, Any]) -> dict[str, Any]:
    return {
        "markets": [(code, country_name(code)) for code in settings.SERVED_MARKETS],
        "categories": CATEGORY_CHOICES,
        "audience_country_options": audience_country_options(str(values.get("audience_country", ""))),
        "age_brackets": AGE_BRACKETS,
        "genders": list(GENDER_LABELS.items()),
        "devices": list(DEVICE_LABELS.items()),
        "sorts": [(sort.value, label) for sort, label in SORT_LABELS.items()],
    }


def audience_country_options(selected: str) -> SafeString:
    """The <option>s of every country: some 250 of them on every full page, made once per language."""
    options = _country_options(get_language())
    code = selected.strip().upper()
    if code:
        options = options.replace(f'<option value="{code}">', f'<option value="{code}" selected>', 1)
    return mark_safe(options)


@lru_cache(maxsize=16)
def _country_options(language: str | None) -> str:
    return str(format_html_join("", '<option value="{}">{}</option>', ((c.code, c.name) for c in countries)))


def panel_values(query: Any) -> dict[str, Any]:
    """What the panel's fields show: the query string as typed, shares and rates as percentages."""
    values: dict[str, Any] = {name: query.get(name, "") for name in SearchFilters.model_fields}
    values["country"] = query.getlist("country")
    values["category"] = query.getlist("category")
    for name in PERCENT_FIELDS:
        values[name] = _as_percent(values[name])
    return values


def _as_percent(text: str) -> str:
    try:
        fraction = float(text)
    except ValueError:
        return text
    return f"{round(fraction * 100, 6):g}"


# A card's four numbers, each shown short (`<name>_shown`) with its exact value in a tooltip (`<name>_exact`).
FIGURES = ("reach", "avg_views", "engagement_rate", "authenticity")


def card_figures_attach(cards: list[dict[str, Any]]) -> None:
    """Sets each card's four numbers as its <dl> shows them (`<name>_shown`, short, and `<name>_exact`, for
    the tooltip; docs/numbers.md) and whether its authenticity is suspicious: written here, in the
    language looked up once, rather than through eight template filters a card."""
    locale = current_locale()
    for card in cards:
        reach, views, rate, score = (
            card["reach"],
            card["avg_views"],
            card["engagement_rate"],
            card["authenticity"],
        )
        card.update(
            reach_shown=compact_number(reach, locale),
            reach_exact=exact_number(reach, locale),
            avg_views_shown=compact_number(views, locale),
            avg_views_exact=exact_number(views, locale),
            engagement_rate_shown=percent(rate, locale),
            engagement_rate_exact=exact_percent(rate, locale),
            authenticity_shown=whole_number(score, locale),
            authenticity_exact=exact_number(score, locale),
            # Under the threshold the metrics page calls suspicious; undefined is not a score.
            suspicious=bool(is_suspicious(score)),
        )


# A long caption is shown as this many characters around its first match.
CAPTION_SHOWN = 200


def caption_marked(caption: str, q: str) -> SafeString:
    """The caption a card shows, escaped, with each word, hashtag and mention the search matched in a
    <mark>; a long one cut to CAPTION_SHOWN characters around its first match."""
    terms = query_terms(q)
    spans = [(start, end) for start, end, term in term_spans(caption) if term in terms.tags]
    spans += [
        match.span()
        for match in WORD.finditer(caption)
        if any(said.startswith(word) for said in words(match.group()) for word in terms.words)
    ]
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    begin, finish = 0, len(caption)
    if finish > CAPTION_SHOWN:
        begin = max(0, (merged[0][0] if merged else 0) - CAPTION_SHOWN // 4)
        finish = min(finish, begin + CAPTION_SHOWN)
    parts = ["…" if begin else ""]
    at = begin
    for start, end in merged:
        start, end = max(start, at), min(end, finish)
        if start >= end:
            continue
        parts += [escape(caption[at:start]), format_html("<mark>{}</mark>", caption[start:end])]
        at = end
    parts += [escape(caption[at:finish]), "…" if finish < len(caption) else ""]
    # Every piece of the caption was escaped above.
    return mark_safe("".join(parts))
