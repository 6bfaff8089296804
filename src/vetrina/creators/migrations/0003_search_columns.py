from typing import Any

from django.db import migrations, models


def fill_search_columns(apps: Any, schema_editor: Any) -> None:
    # Creators imported before these columns existed: derive them once, as the import now does.
    from vetrina.search.indexing import search_columns

    Creator = apps.get_model("creators", "Creator")
    batch = []
    for creator in Creator.objects.only("pk", "handle", "display_name", "bio", "categories").iterator(
        chunk_size=2000
    ):
        for field, value in search_columns(
            handle=creator.handle, display_name=creator.display_name, bio=creator.bio, categories=creator.categories
        ).items():
            setattr(creator, field, value)
        batch.append(creator)
        if len(batch) == 2000:
            Creator.objects.bulk_update(batch, ["search_text", "category_mask"])
            batch = []
    Creator.objects.bulk_update(batch, ["search_text", "category_mask"])


class Migration(migrations.Migration):
    dependencies = [
        ("creators", "0002_authenticity_and_percentiles"),
    ]

    operations = [
        migrations.AddField(
            model_name="creator",
            name="category_mask",
            field=models.BigIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="creator",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill_search_columns, migrations.RunPython.noop, elidable=True),
    ]
