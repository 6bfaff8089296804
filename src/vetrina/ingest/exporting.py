"""Writing every creator out in the import format of docs/import-format.md (`vetrina export`)."""

import itertools
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, Protocol

from django.db import connection
from django.db.models import F
from django.db.models.functions import Collate

from vetrina.creators.audience import SHARE_COLUMNS
from vetrina.creators.models import AudienceCountry, Creator, FollowerSnapshot, Video
from vetrina.ingest.columns import CREATOR_FIELDS, VIDEO_FIELDS
from vetrina.ingest.parsing import AUDIENCE_DIMENSIONS
from vetrina.lib.audience import FIXED_DIMENSIONS

# Creators per round of queries.
EXPORT_CHUNK_SIZE = 500


class TextSink(Protocol):
    def write(self, text: str, /) -> object: ...


def creators_export(*, out: TextSink, on_progress: Callable[[int], None] | None = None) -> int:
    """Write every creator, ordered by handle, as JSON Lines that `creators_import` reads back.

    Exporting, importing the file into an empty database and exporting again gives the same bytes.
    Returns the number of creators written; `on_progress` gets that count after each chunk.
    """
    written = 0
    creators = (
        Creator.objects.order_by(_handle_order())
        .values("pk", "handle", "verified", *CREATOR_FIELDS)
        .iterator(chunk_size=EXPORT_CHUNK_SIZE)
    )
    for chunk in itertools.batched(creators, EXPORT_CHUNK_SIZE):
        creator_ids = [row["pk"] for row in chunk]
        videos = _grouped(
            Video.objects.filter(creator_id__in=creator_ids)
            .order_by("creator_id", "posted_at", "id")
            .values("creator_id", "id", *VIDEO_FIELDS)
        )
        snapshots = _grouped(
            FollowerSnapshot.objects.filter(creator_id__in=creator_ids)
            .order_by("creator_id", "date")
            .values("creator_id", "date", "count")
        )
        countries = _grouped(
            AudienceCountry.objects.filter(creator_id__in=creator_ids)
            .order_by("creator_id", "-share", "country")
            .values("creator_id", "country", "share")
        )
        for row in chunk:
            line = _export_line(row, videos[row["pk"]], snapshots[row["pk"]], countries[row["pk"]])
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
        written += len(chunk)
        if on_progress:
            on_progress(written)
    return written


def _handle_order() -> F | Collate:
    # Byte order, whatever the database's collation: PostgreSQL's usual en_US collation ignores '.'
    # and '_', which would make an export's order depend on where it was made.
    if connection.vendor == "postgresql":
        return Collate(F("handle"), "C")
    return F("handle")


def _grouped[Row: Mapping[str, Any]](rows: Iterable[Row]) -> defaultdict[int, list[Row]]:
    groups: defaultdict[int, list[Row]] = defaultdict(list)
    for row in rows:
        groups[row["creator_id"]].append(row)
    return groups


def _export_line(
    creator: dict[str, Any],
    videos: Sequence[Mapping[str, Any]],
    snapshots: Sequence[Mapping[str, Any]],
    countries: Sequence[Mapping[str, Any]],
) -> dict[str, Any]:
    """One creator in the import format, keys in the order of docs/import-format.md."""
    return {
        "handle": creator["handle"],
        "display_name": creator["display_name"],
        "country": creator["country"],
        "categories": creator["categories"],
        "bio": creator["bio"],
        # A picture among Vetrina's own static files (the demo's) has no address another Vetrina could
        # load, and the import format takes web addresses only: it leaves the creator with initials.
        "avatar_url": creator["avatar_url"]
        if creator["avatar_url"].startswith(("http://", "https://"))
        else None,
        "languages": creator["languages"],
        "verified": creator["verified"],
        "manager_email": creator["manager_email"],
        "followers": [
            {"date": snapshot["date"].isoformat(), "count": snapshot["count"]} for snapshot in snapshots
        ],
        "videos": [
            {
                "id": str(video["id"]),
                "posted_at": _utc_text(video["posted_at"]),
                "views": video["views"],
                "likes": video["likes"],
                "comments": video["comments"],
                "shares": video["shares"],
                "duration_s": video["duration_s"],
                "caption": video["caption"],
            }
            for video in videos
        ],
        "audience": dict(_export_audience(creator, countries)),
    }


def _export_audience(
    creator: dict[str, Any], countries: Sequence[Mapping[str, Any]]
) -> Iterator[tuple[str, dict[str, float]]]:
    for dimension in AUDIENCE_DIMENSIONS:
        if dimension == "country":
            if countries:
                yield dimension, {row["country"]: row["share"] for row in countries}
            continue
        shares = {bucket: creator[column] for bucket, column in SHARE_COLUMNS[dimension].items()}
        # A dimension is known when any of its buckets is; the others of a known one are 0.
        if any(share is not None for share in shares.values()):
            yield dimension, {bucket: shares[bucket] or 0.0 for bucket in FIXED_DIMENSIONS[dimension]}


def _utc_text(moment: datetime) -> str:
    # 2026-10-02T18:00:00Z, with microseconds only when there are some.
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def creator_line(creator_id: int) -> dict[str, Any]:
    """One creator in the import format, as `creators_export` writes it: what a creator who joined
    downloads of their own (vetrina.joining)."""
    row = Creator.objects.values("pk", "handle", "verified", *CREATOR_FIELDS).get(pk=creator_id)
    videos = (
        Video.objects.filter(creator_id=creator_id).order_by("posted_at", "id").values("id", *VIDEO_FIELDS)
    )
    snapshots = (
        FollowerSnapshot.objects.filter(creator_id=creator_id).order_by("date").values("date", "count")
    )
    countries = (
        AudienceCountry.objects.filter(creator_id=creator_id)
        .order_by("-share", "country")
        .values("country", "share")
    )
    return _export_line(row, list(videos), list(snapshots), list(countries))
