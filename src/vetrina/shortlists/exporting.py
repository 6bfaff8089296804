"""A list as a CSV file: the list page's columns, for a spreadsheet or a script (docs/numbers.md, "The
shortlist CSV"). Each number is rounded to what a reader can use, in the unit its header names, with a
decimal point and no thousands separator whatever the reader's language."""

import csv
from collections.abc import Iterable

from django.http import HttpResponse
from django.utils.text import slugify

from vetrina.lib.formatting import plain_decimal
from vetrina.shortlists.models import Shortlist, ShortlistEntry

CSV_HEADER = [
    "handle",
    "display_name",
    "reach_followers",
    "avg_views_per_video",
    "engagement_rate_percent",
    "authenticity_score",
    "top_audience_country",
    "top_audience_country_percent",
    "note",
    "added_at",
]


def _csv_text(value: str) -> str:
    # A spreadsheet runs a cell that starts with one of these as a formula; a quote keeps it text.
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


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
                plain_decimal(creator.reach, places=0),
                plain_decimal(creator.avg_views, places=0),
                plain_decimal(creator.engagement_rate, places=2, scale=100),
                plain_decimal(creator.authenticity_score, places=1),
                vars(row)["top_audience_country"] or "",
                plain_decimal(vars(row)["top_audience_share"], places=1, scale=100),
                _csv_text(row.note),
                row.added_at.isoformat(),
            ]
        )
    return response
