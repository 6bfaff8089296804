from django.db import migrations

from vetrina.search import indexes


class Migration(migrations.Migration):
    dependencies = [("search", "0002_narrower_indexes")]

    operations = [indexes.migration(indexes.country_category_ids, indexes.country_category_ids_undo)]
