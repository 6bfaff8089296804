"""A list as a CSV file: the list page's columns, for a spreadsheet or a script (docs/numbers.md, "The
shortlist CSV"). Each number is rounded to what a reader can use, in the unit its header names, with a
decimal point and no thousands separator whatever the reader's language. After the creators, one row
for the list as a whole: its combined audience, with no handle."""

import csv
from collections.abc import Iterable, Mapping

from django.http import HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from vetrina.creators.audience import SHARE_COLUMNS
from vetrina.lib.audience import FIXED_DIMENSIONS
from vetrina.lib.formatting import plain_decimal
from vetrina.shortlists.models import Shortlist, ShortlistEntry
from vetrina.shortlists.selectors import ListAudience

# Each bucket of the fixed audience dimensions, as (dimension, bucket), in the columns' order.
AUDIENCE_BUCKETS = [
    (dimension, bucket) for dimension, buckets in FIXED_DIMENSIONS.items() for bucket in buckets
]

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
    # Each audience share, in percent: the column of the share's bucket (audience_age_18_24_percent).
    *(f"{SHARE_COLUMNS[dimension][bucket]}_percent" for dimension, bucket in AUDIENCE_BUCKETS),
]


def _csv_text(value: str) -> str:
    # A spreadsheet runs a cell that starts with one of these as a formula; a quote keeps it text.
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _shares(audience: Mapping[str, Mapping[str, float] | None]) -> list[str]:
    cells = []
    for dimension, bucket in AUDIENCE_BUCKETS:
        shares = audience.get(dimension)
        cells.append(plain_decimal(shares.get(bucket) if shares else None, places=1, scale=100))
    return cells


def csv_response(
    *, shortlist: Shortlist, rows: Iterable[ShortlistEntry], audience: ListAudience
) -> HttpResponse:
    """The file to download, named after the list; `rows` as `selectors.shortlist_rows` gives them,
    `audience` as `selectors.shortlist_audience` does."""
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
                *_shares({dimension: creator.audience_shares(dimension) for dimension in FIXED_DIMENSIONS}),
            ]
        )
    if audience.creators:
        combined = {dimension: weighted.shares for dimension, weighted in audience.combined.items()}
        countries = combined["country"]
        top = next(iter(countries.items()), None) if countries else None
        writer.writerow(
            [
                "",
                _("All creators, reach-weighted"),
                plain_decimal(audience.total_reach, places=0),
                "",
                "",
                "",
                top[0] if top else "",
                plain_decimal(top[1] if top else None, places=1, scale=100),
                "",
                "",
                *_shares(combined),
            ]
        )
    return response
