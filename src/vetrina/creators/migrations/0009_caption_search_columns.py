from collections import defaultdict
from typing import Any

from django.db import migrations, models

COLUMNS = ["search_text", "caption_tags"]


def fill_caption_columns(apps: Any, schema_editor: Any) -> None:
    # Creators imported before captions were searched: their captions' words and tags, once, as the
    # import now writes them (`vetrina recompute` does the same).
    from vetrina.search.indexing import search_columns

    Creator = apps.get_model("creators", "Creator")
    Video = apps.get_model("creators", "Video")
    last_pk = 0
    while True:
        creators = list(
            Creator.objects.filter(pk__gt=last_pk)
            .order_by("pk")
            .only("pk", "handle", "display_name", "bio", "categories")[:2000]
        )
        if not creators:
            return
        captions: dict[int, list[str]] = defaultdict(list)
        videos = Video.objects.filter(creator_id__gte=creators[0].pk, creator_id__lte=creators[-1].pk)
        for creator_id, caption in videos.exclude(caption="").values_list("creator_id", "caption"):
            captions[creator_id].append(caption)
        changed = []
        for creator in creators:
            if creator.pk not in captions:
                continue
            columns = search_columns(
                handle=creator.handle,
                display_name=creator.display_name,
                bio=creator.bio,
                categories=creator.categories,
                captions=captions[creator.pk],
            )
            for column in COLUMNS:
                setattr(creator, column, columns[column])
            changed.append(creator)
        Creator.objects.bulk_update(changed, COLUMNS, batch_size=500)
        last_pk = creators[-1].pk


class Migration(migrations.Migration):
    dependencies = [("creators", "0008_video_points")]

    operations = [
        migrations.AddField(
            model_name="creator",
            name="caption_tags",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill_caption_columns, migrations.RunPython.noop, elidable=True),
    ]
