"""A list as a CSV file: the list page's columns, with exact numbers (rates and shares as fractions)."""

import csv
from collections.abc import Iterable

from django.http import HttpResponse
from django.utils.text import slugify

from vetrina.shortlists.models import Shortlist, ShortlistEntry

CSV_HEADER = [
    "handle",
    "display_name",
    "reach",
    "avg_views",
    "engagement_rate",
    "authenticity",
    "top_audience_country",
    "top_audience_country_share",
    "note",
    "added_at",
]


def _csv_text(value: str) -> str:
    # A spreadsheet runs a cell that starts with one of these as a formula; a quote keeps it text.
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _csv_number(value: float | None) -> str:
    return "" if value is None else repr(value)


def csv_response(*, shortlist: Shortlist, rows: Iterable[ShortlistEntry]) -> HttpResponse:
    """The file to download, named after the list; `rows` as `selectors.shortlist_rows` gives them."""
    filename = f"{slugify(shortlist.name) or 'shortlist'}.csv"
    response = HttpResponse(
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
    writer = csv.writer(response)
    writer.writerow(CSV_HEADER)
    for row in rows:
        creator = row.creator
        writer.writerow(
            [
                creator.handle,
                _csv_text(creator.display_name),
                _csv_number(creator.reach),
                _csv_number(creator.avg_views),
                _csv_number(creator.engagement_rate),
                _csv_number(creator.authenticity_score),
                vars(row)["top_audience_country"] or "",
                _csv_number(vars(row)["top_audience_share"]),
                _csv_text(row.note),
                row.added_at.isoformat(),
            ]
        )
    return response
