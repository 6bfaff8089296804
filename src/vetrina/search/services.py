"""Writes of the search app: keeping the columns search reads in step with the profiles and captions."""

from collections import defaultdict
from collections.abc import Callable

from django.db import transaction
from django.db.models import QuerySet

from vetrina.creators.models import Creator, Video
from vetrina.search.indexing import search_columns

CHUNK_SIZE = 2000
COLUMNS = ["search_text", "caption_tags", "category_mask"]


def search_columns_refresh(*, on_progress: Callable[[int], None] | None = None) -> int:
    """Rewrite the columns search reads (search.indexing) where they differ from the profile and the
    captions; returns how many creators changed. Imports keep them current; this repairs rows written
    another way (the admin, a script, data from before captions were searched)."""
    changed = 0
    done = 0
    last_pk = 0
    while True:
        rows = list(
            Creator.objects.filter(pk__gt=last_pk)
            .order_by("pk")
            .values("pk", "handle", "display_name", "bio", "categories", *COLUMNS)[:CHUNK_SIZE]
        )
        if not rows:
            return changed
        # The chunk's captions, read by a range of creators (the videos' index starts with the creator).
        videos = Video.objects.filter(creator_id__gte=rows[0]["pk"], creator_id__lte=rows[-1]["pk"])
        changed += _rewrite(rows, videos)
        done += len(rows)
        last_pk = rows[-1]["pk"]
        if on_progress:
            on_progress(done)


def creator_search_columns_refresh(*, creator_id: int) -> None:
    """The same for one creator, after staff edited its profile or a video in the admin."""
    rows = list(
        Creator.objects.filter(pk=creator_id).values(
            "pk", "handle", "display_name", "bio", "categories", *COLUMNS
        )
    )
    _rewrite(rows, Video.objects.filter(creator_id=creator_id))


def _rewrite(rows: list[dict], videos: QuerySet[Video]) -> int:
    captions: dict[int, list[str]] = defaultdict(list)
    for creator_id, caption in videos.exclude(caption="").values_list("creator_id", "caption"):
        captions[creator_id].append(caption)
    stale = []
    for row in rows:
        wanted = search_columns(
            handle=row["handle"],
            display_name=row["display_name"],
            bio=row["bio"],
            categories=row["categories"],
            captions=captions.get(row["pk"], ()),
        )
        if any(wanted[column] != row[column] for column in COLUMNS):
            stale.append(Creator(pk=row["pk"], **wanted))
    with transaction.atomic():
        Creator.objects.bulk_update(stale, COLUMNS, batch_size=500)
    return len(stale)
