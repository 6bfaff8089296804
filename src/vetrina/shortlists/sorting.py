"""The list page's sortable columns and the links of their headers.

Which orders exist, and how rows are put in them, is `selectors.parse_sort` / `selectors.shortlist_rows`
(the API sorts the same way); this module says how the page offers them: each column's label, which way a
first click sorts, and the state a header shows (`aria-sort`, ▲ / ▼).
"""

from typing import Any

from django.utils.translation import gettext_lazy

COLUMNS = [
    ("creator", gettext_lazy("Creator")),
    ("reach", gettext_lazy("Reach")),
    ("avg_views", gettext_lazy("Avg views")),
    ("engagement_rate", gettext_lazy("Eng. rate")),
    ("authenticity", gettext_lazy("Authenticity")),
    ("audience_share", gettext_lazy("Top audience country")),
]
# Numbers sort largest first on the first click; the creator column A to Z.
ASCENDING_FIRST = {"creator"}


def sort_headers(sort: str) -> list[dict[str, Any]]:
    """One header per column: its label, whether it holds numbers, the link that sorts by it (the other
    direction when it is the current sort) and, for the current sort, its `aria-sort` value."""
    headers = []
    for key, label in COLUMNS:
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
                "numeric": key != "creator",
                "query": f"?sort={following}",
                "aria_sort": ("descending" if descending else "ascending") if current else None,
            }
        )
    return headers
