"""Writes of the search app: keeping the columns search reads in step with the profiles."""

from collections.abc import Callable

from django.db import transaction

from vetrina.creators.models import Creator
from vetrina.search.indexing import search_columns

CHUNK_SIZE = 2000


def search_columns_refresh(*, on_progress: Callable[[int], None] | None = None) -> int:
    """Rewrite `search_text` and `category_mask` where they differ from the profile; returns how many
    changed. Imports keep them current; this repairs rows written another way (the admin, a script)."""
    changed = 0
    done = 0
    last_pk = 0
    while True:
        rows = list(
            Creator.objects.filter(pk__gt=last_pk)
            .order_by("pk")
            .values("pk", "handle", "display_name", "bio", "categories", "search_text", "category_mask")[
                :CHUNK_SIZE
            ]
        )
        if not rows:
            return changed
        stale = []
        for row in rows:
            wanted = search_columns(
                handle=row["handle"],
                display_name=row["display_name"],
                bio=row["bio"],
                categories=row["categories"],
            )
            if wanted["search_text"] != row["search_text"] or wanted["category_mask"] != row["category_mask"]:
                stale.append(Creator(pk=row["pk"], **wanted))
        with transaction.atomic():
            Creator.objects.bulk_update(stale, ["search_text", "category_mask"], batch_size=500)
        changed += len(stale)
        done += len(rows)
        last_pk = rows[-1]["pk"]
        if on_progress:
            on_progress(done)
