from django.db import migrations

from vetrina.search import indexes


class Migration(migrations.Migration):
    dependencies = [("search", "0003_country_category_ids")]

    operations = [indexes.migration(indexes.category_indexes, indexes.category_indexes_undo)]
