from django.db import migrations

from vetrina.search import indexes


class Migration(migrations.Migration):
    dependencies = [("search", "0001_search_indexes")]

    operations = [indexes.migration(indexes.narrower, indexes.narrower_undo)]
