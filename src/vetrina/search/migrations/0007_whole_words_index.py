from django.db import migrations

from vetrina.search import indexes


class Migration(migrations.Migration):
    dependencies = [("search", "0006_exact_text_tables")]

    operations = [indexes.migration(indexes.whole_words_index, indexes.whole_words_index_undo)]
