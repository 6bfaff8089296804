"""Writes of campaign results: the points in time of the posted videos' counts, which the import records
after each batch it stores (ingest.importing)."""

from collections.abc import Set

from vetrina.creators.services import video_points_record
from vetrina.results.selectors import posted_video_ids


def posted_video_points_record(*, video_ids: Set[int]) -> int:
    """A point in time for each of `video_ids` that is a campaign's posted video and whose counts changed
    since its latest point (creators.services.video_points_record). One small query when none of them is
    posted, the usual case: the ids of the posted videos, a few thousand at most, against the batch's."""
    if not video_ids:
        return 0
    tracked = posted_video_ids().intersection(video_ids)
    if not tracked:
        return 0
    return video_points_record(video_ids=tracked)
