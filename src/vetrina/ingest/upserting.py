"""Storing a line over what the database already holds: the careful path of an import.

A line whose creator is already stored (or that the fast insert of new creators could not take) is
compared with what is stored: only what differs is written, a video that belongs to someone else
makes the line bad, and a line that changes nothing leaves the creator untouched, `updated_at` too.
"""

import enum
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vetrina.creators.models import AudienceCountry, Creator, FollowerSnapshot, Video
from vetrina.ingest.columns import CREATOR_FIELDS, VIDEO_FIELDS
from vetrina.ingest.numbers import numbers_after_import
from vetrina.ingest.parsing import BadLine, SnapshotRecord, VideoRecord
from vetrina.ingest.preparing import Prepared, line_countries, line_snapshots, line_videos
from vetrina.search.indexing import search_columns


class Outcome(enum.Enum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class Incoming:
    """A prepared line as the careful path reads it: Python values, not database rows."""

    number: int
    handle: str
    verified: bool
    values: dict[str, Any]  # the Creator fields the line sets (columns.creator_values)
    videos: list[VideoRecord]
    snapshots: list[SnapshotRecord]
    countries: dict[str, float] | None  # None: the line gives no country dimension

    @classmethod
    def of(cls, line: Prepared, *, vendor: str) -> "Incoming":
        return cls(
            number=line.number,
            handle=line.handle,
            verified=line.verified,
            values=line.values,
            videos=line_videos(line, vendor=vendor),
            snapshots=line_snapshots(line, vendor=vendor),
            countries=line_countries(line),
        )


@dataclass
class StoredBatch:
    """What the database holds of the creators of one batch, and who owns the videos its lines name."""

    creators: dict[str, dict[str, Any]]  # handle -> pk and CREATOR_FIELDS
    videos: dict[int, dict[int, VideoRecord]]  # creator pk -> video id -> every video of the creator
    owners: dict[int, tuple[int, str]]  # video id named by a line -> its creator's pk and handle
    snapshots: dict[int, dict[date, int]]  # creator pk -> date -> count
    countries: dict[int, dict[str, float]]  # creator pk -> country -> share

    @classmethod
    def load(cls, lines: Sequence[Incoming]) -> "StoredBatch":
        creators = {
            row["handle"]: row
            for row in Creator.objects.filter(handle__in=[line.handle for line in lines]).values(
                "pk", "handle", *CREATOR_FIELDS
            )
        }
        pks = {row["pk"]: handle for handle, row in creators.items()}
        # Every video of a stored creator: its numbers are worked out over all of them.
        videos: dict[int, dict[int, VideoRecord]] = defaultdict(dict)
        owners: dict[int, tuple[int, str]] = {}
        for creator_id, *row in Video.objects.filter(creator_id__in=pks).values_list(
            "creator_id", "id", *VIDEO_FIELDS
        ):
            video = VideoRecord._make(row)
            videos[creator_id][video.id] = video
            owners[video.id] = (creator_id, pks[creator_id])
        # The other videos the lines name, in case someone else has them. in_bulk splits the id list to
        # stay under SQLite's limit on query parameters.
        others = [video.id for line in lines for video in line.videos if video.id not in owners]
        named = Video.objects.select_related("creator").only("id", "creator__handle").in_bulk(others)
        for other in named.values():
            owners[other.id] = (other.creator_id, other.creator.handle)
        snapshots: dict[int, dict[date, int]] = defaultdict(dict)
        for creator_id, day, count in FollowerSnapshot.objects.filter(creator_id__in=pks).values_list(
            "creator_id", "date", "count"
        ):
            snapshots[creator_id][day] = count
        countries: dict[int, dict[str, float]] = defaultdict(dict)
        for creator_id, country, share in AudienceCountry.objects.filter(creator_id__in=pks).values_list(
            "creator_id", "country", "share"
        ):
            countries[creator_id][country] = share
        return cls(creators=creators, videos=videos, owners=owners, snapshots=snapshots, countries=countries)


def creator_upsert(*, line: Incoming, stored: StoredBatch) -> tuple[Outcome, int]:
    """Store one line against what the batch read, its numbers with it; raises BadLine or a database
    error having stored nothing."""
    existing = stored.creators.get(line.handle)
    creator_id: int | None = existing["pk"] if existing else None
    for index, video in enumerate(line.videos):
        owner = stored.owners.get(video.id)
        if owner is not None and owner[0] != creator_id:
            raise BadLine(
                f"videos[{index}].id",
                _("video %(id)d already belongs to another creator, @%(owner)s")
                % {"id": video.id, "owner": owner[1]},
            )

    values = line.values
    videos = stored.videos.get(creator_id, {}) if creator_id is not None else {}
    if videos:
        # The words and tags search reads are of every caption the creator will have: the stored ones
        # the line leaves out, and the line's in place of those with the same id.
        captions = {video_id: video.caption for video_id, video in videos.items()}
        captions.update((video.id, video.caption) for video in line.videos)
        values = {
            **values,
            **search_columns(
                handle=line.handle,
                display_name=values["display_name"],
                bio=values["bio"],
                categories=values["categories"],
                captions=captions.values(),
            ),
        }
    changes = (
        {} if existing is None else {name: value for name, value in values.items() if existing[name] != value}
    )
    new_videos = [video for video in line.videos if video.id not in videos]
    changed_videos = [video for video in line.videos if video.id in videos and videos[video.id] != video]
    snapshots = stored.snapshots.get(creator_id, {}) if creator_id is not None else {}
    new_snapshots = [snapshot for snapshot in line.snapshots if snapshot.date not in snapshots]
    changed_snapshots = [
        snapshot
        for snapshot in line.snapshots
        if snapshot.date in snapshots and snapshots[snapshot.date] != snapshot.count
    ]
    countries = line.countries
    stored_countries = stored.countries.get(creator_id, {}) if creator_id is not None else {}
    replace_countries = countries is not None and countries != stored_countries

    if creator_id is not None and not (
        changes or new_videos or changed_videos or new_snapshots or changed_snapshots or replace_countries
    ):
        # Not even updated_at moves: the same file twice changes nothing.
        return Outcome.UNCHANGED, creator_id

    numbers = numbers_after_import(
        videos=line.videos,
        snapshots=line.snapshots,
        stored_videos=videos,
        stored_snapshots=snapshots,
    )
    with transaction.atomic():
        if creator_id is None:
            creator = Creator.objects.create(handle=line.handle, verified=line.verified, **values, **numbers)
            creator_id = creator.pk
            outcome = Outcome.CREATED
        else:
            # `verified` is not among the changes: once the creator exists, staff's decision stands.
            Creator.objects.filter(pk=creator_id).update(**changes, **numbers, updated_at=timezone.now())
            outcome = Outcome.UPDATED
        Video.objects.bulk_create([_video(creator_id, video) for video in new_videos])
        Video.objects.bulk_update([_video(creator_id, video) for video in changed_videos], VIDEO_FIELDS)
        FollowerSnapshot.objects.bulk_create(
            [
                FollowerSnapshot(creator_id=creator_id, date=snapshot.date, count=snapshot.count)
                for snapshot in new_snapshots
            ]
        )
        FollowerSnapshot.objects.bulk_update(
            [
                FollowerSnapshot(creator_id=creator_id, date=snapshot.date, count=snapshot.count)
                for snapshot in changed_snapshots
            ],
            ["count"],
        )
        if countries is not None and replace_countries:
            if stored_countries:
                AudienceCountry.objects.filter(creator_id=creator_id).delete()
            AudienceCountry.objects.bulk_create(
                [
                    AudienceCountry(creator_id=creator_id, country=country, share=share)
                    for country, share in countries.items()
                ]
            )
    return outcome, creator_id


def _video(creator_id: int, video: VideoRecord) -> Video:
    return Video(
        id=video.id,
        creator_id=creator_id,
        posted_at=video.posted_at,
        views=video.views,
        likes=video.likes,
        comments=video.comments,
        shares=video.shares,
        duration_s=video.duration_s,
        caption=video.caption,
    )
