from django.db import migrations

from vetrina.search import indexes


class Migration(migrations.Migration):
    dependencies = [("search", "0007_whole_words_index")]

    operations = [indexes.migration(indexes.text_indexes_by_country, indexes.text_indexes_by_country_undo)]
