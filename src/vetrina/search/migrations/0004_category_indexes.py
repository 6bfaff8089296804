from typing import Any

from django.db import migrations


def create(apps: Any, schema_editor: Any) -> None:
    from vetrina.search import indexes

    for statement in indexes.category_indexes(schema_editor.connection.vendor):
        schema_editor.execute(statement)


def drop(apps: Any, schema_editor: Any) -> None:
    from vetrina.search import indexes

    for statement in indexes.category_indexes_undo(schema_editor.connection.vendor):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_country_category_ids")]

    operations = [migrations.RunPython(create, drop)]
