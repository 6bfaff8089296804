"""The one route by which an imported creator gets its stored numbers (docs/numbers.md).

A line never deletes: once it is stored, a creator has the videos and follower snapshots it had,
with the line's own added or put in their place. Its numbers are `metrics.services.stored_numbers` of
exactly those, worked out from the parsed line (and, for a creator already stored, what the database
holds of it) before anything is written, so the row goes in with its numbers and nothing is read back
to recompute them. A new creator is the case where nothing is stored.
"""

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from vetrina.ingest.parsing import SnapshotRecord, VideoRecord
from vetrina.metrics.services import stored_numbers


def numbers_after_import(
    *,
    videos: Sequence[VideoRecord],
    snapshots: Sequence[SnapshotRecord],
    stored_videos: Mapping[int, VideoRecord] | None = None,
    stored_snapshots: Mapping[date, int] | None = None,
) -> dict[str, Any]:
    """The stored numbers of a creator once a line giving these videos and snapshots is stored over
    what is stored of it (by video id and by date; the line's win)."""
    if stored_videos:
        videos = list({**stored_videos, **{video.id: video for video in videos}}.values())
    if stored_snapshots:
        counts = {**stored_snapshots, **{snapshot.date: snapshot.count for snapshot in snapshots}}
        snapshots = [SnapshotRecord(day, count) for day, count in counts.items()]
    return stored_numbers(videos, snapshots)
