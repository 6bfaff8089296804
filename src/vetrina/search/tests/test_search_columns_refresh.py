"""Repairing the columns search reads (`vetrina recompute`), in this process or in others."""

import pytest

from vetrina.creators.models import Creator
from vetrina.creators.tests.factories import CreatorFactory, VideoFactory
from vetrina.search import services
from vetrina.search.indexing import search_columns


def stale_creators(count: int) -> None:
    for n in range(count):
        creator = CreatorFactory.create(handle=f"maker.{n}", bio=f"Bio number {n}")
        VideoFactory.create(creator=creator, caption=f"Thrift haul #ootd{n} with @friend{n}")
    # Written another way than by an import: nothing search reads is set.
    Creator.objects.update(search_text="", caption_tags="", category_mask=0)


def wanted() -> dict[str, tuple[object, ...]]:
    columns: dict[str, tuple[object, ...]] = {}
    for creator in Creator.objects.prefetch_related("videos"):
        found = search_columns(
            handle=creator.handle,
            display_name=creator.display_name,
            bio=creator.bio,
            categories=creator.categories,
            captions=[video.caption for video in creator.videos.all() if video.caption],
        )
        columns[creator.handle] = (found["search_text"], found["caption_tags"], found["category_mask"])
    return columns


def stored() -> dict[str, tuple[object, ...]]:
    return {
        handle: (text, tags, mask)
        for handle, text, tags, mask in Creator.objects.values_list(
            "handle", "search_text", "caption_tags", "category_mask"
        )
    }


@pytest.mark.parametrize("workers", [1, 2])
def test_it_rewrites_the_stale_columns_chunk_by_chunk_in_one_process_or_several(
    transactional_db, monkeypatch, workers
):
    # given five stale creators, refreshed two to a chunk (committed: other processes read them)
    monkeypatch.setattr(services, "CHUNK_SIZE", 2)
    stale_creators(5)
    progress: list[int] = []
    # when
    changed = services.search_columns_refresh(on_progress=progress.append, workers=workers)
    # then every creator has the columns its profile and captions give, and a second pass finds none stale
    assert (changed, progress) == (5, [2, 4, 5])
    assert stored() == wanted()
    assert "#ootd3" in str(stored()["maker.3"][1])
    assert services.search_columns_refresh(workers=workers) == 0
