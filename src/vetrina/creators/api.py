from django.http import HttpRequest
from ninja import Query, Router

from vetrina.api.errors import ERRORS
from vetrina.creators.schemas import VideoList
from vetrina.creators.selectors import (
    MAX_VIDEOS,
    SAMPLE_SIZE,
    VideoSort,
    get_creator_for,
    sample_videos,
)

router = Router(tags=["creators"])


@router.get(
    "/{handle}/videos",
    response={200: VideoList, **ERRORS},
    summary="A creator's videos, most recent or most popular",
)
def list_videos(
    request: HttpRequest,
    handle: str,
    sort: VideoSort = VideoSort.RECENT,
    limit: int = Query(SAMPLE_SIZE, ge=1, le=MAX_VIDEOS),
) -> dict:
    """`recent`: newest first (ties by id, newest first); `popular`: most views first, then as recent.
    `limit`: 1 to 100 videos, 4 by default (the metrics page's sample)."""
    creator = get_creator_for(request.user, handle)
    videos = sample_videos(creator, sort=sort, limit=limit)
    return {
        "sort": sort.value,
        "results": [
            {
                "id": str(video.id),
                "posted_at": video.posted_at,
                "views": video.views,
                "likes": video.likes,
                "comments": video.comments,
                "shares": video.shares,
                "duration_s": video.duration_s,
                "caption": video.caption,
                "url": video.tiktok_url,
            }
            for video in videos
        ],
    }
