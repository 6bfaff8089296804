"""The table of the `rate_limits` cache (settings.CACHES), where the API counts each token's requests.

Made by a migration so that `vetrina migrate` is the only set-up step, on SQLite and PostgreSQL alike.
Since 0003 the counts live in api.ApiTokenRateWindow: with no database cache configured, this makes
nothing, and 0003 drops the table where an older release made it.
"""

from django.core.management import call_command
from django.db import migrations


def cache_table_create(apps, schema_editor) -> None:
    # createcachetable makes every configured database cache's table that is missing, and nothing else.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


def cache_table_drop(apps, schema_editor) -> None:
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name('vetrina_rate_limits')}")


class Migration(migrations.Migration):
    dependencies = [("api", "0001_initial")]

    operations = [migrations.RunPython(cache_table_create, cache_table_drop)]
