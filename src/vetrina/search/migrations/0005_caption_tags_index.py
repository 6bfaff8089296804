from django.db import migrations

from vetrina.search import indexes


class Migration(migrations.Migration):
    dependencies = [("search", "0004_category_indexes"), ("creators", "0009_caption_search_columns")]

    operations = [indexes.migration(indexes.caption_tags_index, indexes.caption_tags_index_undo)]
