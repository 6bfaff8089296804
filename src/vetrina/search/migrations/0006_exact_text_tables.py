from django.db import migrations

from vetrina.search import indexes


class Migration(migrations.Migration):
    dependencies = [("search", "0005_caption_tags_index")]

    operations = [indexes.migration(indexes.exact_text_tables, indexes.exact_text_tables_undo)]
