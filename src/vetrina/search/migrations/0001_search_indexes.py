from typing import Any

from django.db import migrations


def create(apps: Any, schema_editor: Any) -> None:
    from vetrina.search import indexes

    for statement in indexes.create(schema_editor.connection.vendor):
        schema_editor.execute(statement)


def drop(apps: Any, schema_editor: Any) -> None:
    from vetrina.search import indexes

    for statement in indexes.drop(schema_editor.connection.vendor):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("creators", "0003_search_columns")]

    operations = [migrations.RunPython(create, drop)]
