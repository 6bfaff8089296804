from django.db import migrations

from vetrina.search import indexes


class Migration(migrations.Migration):
    dependencies = [("creators", "0003_search_columns")]

    operations = [indexes.migration(indexes.create, indexes.drop)]
