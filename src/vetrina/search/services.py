"""Writes of the search app: keeping the columns search reads in step with the profiles and captions."""

import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Iterator

from django.db import transaction
from django.db.models import QuerySet

from vetrina.creators.models import Creator, Video
from vetrina.lib.bulk_reads import fetched
from vetrina.lib.workers import WorkerPool, in_processes
from vetrina.search.indexing import search_columns

CHUNK_SIZE = 2000
COLUMNS = ["search_text", "caption_tags", "category_mask"]


def search_columns_refresh(*, on_progress: Callable[[int], None] | None = None, workers: int = 1) -> int:
    """Rewrite the columns search reads (search.indexing) where they differ from the profile and the
    captions; returns how many creators changed. Imports keep them current; this repairs rows written
    another way (the admin, a script, data from before captions were searched). With workers > 1, that
    many other processes read the chunks and work the columns out (nearly all of the time), while this
    one writes what changed."""
    return search_columns_write(stale_search_columns_found(workers=workers), on_progress=on_progress)


def stale_search_columns_found(
    *, workers: int = 1, pool: WorkerPool | None = None
) -> Iterator[tuple[int, list[Creator]]]:
    """`stale_search_columns` of every chunk of creators, in order, for `search_columns_write`. In a pool,
    every chunk is handed to its workers at once: they work the columns out while this process does
    something else (`vetrina recompute`: the peers' numbers)."""
    ids = list(Creator.objects.order_by("pk").values_list("pk", flat=True))
    # Chunks by a range of creators: the videos' index starts with the creator.
    ranges = [(chunk[0], chunk[-1]) for chunk in itertools.batched(ids, CHUNK_SIZE)]
    return in_processes(
        f"{__name__}:stale_search_columns", ranges, workers=workers, pool=pool, all_at_once=True
    )


def search_columns_write(
    found: Iterable[tuple[int, list[Creator]]], *, on_progress: Callable[[int], None] | None = None
) -> int:
    """Write the columns `stale_search_columns_found` found stale; returns how many creators changed."""
    changed = 0
    done = 0
    for count, stale in found:
        _stale_write(stale)
        changed += len(stale)
        done += count
        if on_progress:
            on_progress(done)
    return changed


def stale_search_columns(first_pk: int, last_pk: int) -> tuple[int, list[Creator]]:
    """How many creators there are from `first_pk` to `last_pk`, and those whose search columns are not
    what their profile and captions give, with the columns they should have. Reads only."""
    rows = list(
        Creator.objects.filter(pk__gte=first_pk, pk__lte=last_pk).values(
            "pk", "handle", "display_name", "bio", "categories", *COLUMNS
        )
    )
    videos = Video.objects.filter(creator_id__gte=first_pk, creator_id__lte=last_pk)
    return len(rows), _stale(rows, videos)


def creator_search_columns_refresh(*, creator_id: int) -> None:
    """The same for one creator, after staff edited its profile or a video in the admin."""
    rows = list(
        Creator.objects.filter(pk=creator_id).values(
            "pk", "handle", "display_name", "bio", "categories", *COLUMNS
        )
    )
    _rewrite(rows, Video.objects.filter(creator_id=creator_id))


def _rewrite(rows: list[dict], videos: QuerySet[Video]) -> int:
    stale = _stale(rows, videos)
    _stale_write(stale)
    return len(stale)


def _stale(rows: list[dict], videos: QuerySet[Video]) -> list[Creator]:
    captions = _captions(videos)
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
    return stale


def _captions(videos: QuerySet[Video]) -> dict[int, list[str]]:
    """Each creator's captions but the empty ones (in no particular order: the columns sort what they
    find). Grouped from the columns with zip and Counter, in C: a loop in Python over each of millions of
    videos costs a good part of the refresh."""
    rows = fetched(videos.exclude(caption="").order_by("creator_id").values_list("creator_id", "caption"))
    if not rows:
        return {}
    creator_ids, texts = zip(*rows, strict=True)
    captions = {}
    start = 0
    # Counter keeps the creators in the order the rows name them first: each creator's rows are together.
    for creator_id, count in Counter(creator_ids).items():
        captions[creator_id] = list(texts[start : start + count])
        start += count
    return captions


def _stale_write(stale: list[Creator]) -> None:
    with transaction.atomic():
        Creator.objects.bulk_update(stale, COLUMNS, batch_size=500)
