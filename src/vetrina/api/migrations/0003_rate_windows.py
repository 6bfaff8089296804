"""The rate limit's counts move from a database cache (read, changed and written back, which lost the
counts of requests arriving at once) to a row per token counted in one statement. The cache's table goes.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('api', '0002_rate_limit_cache_table'),
    ]

    operations = [
        migrations.CreateModel(
            name='ApiTokenRateWindow',
            fields=[
                ('token', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='+', serialize=False, to='api.apitoken')),
                ('started_at', models.FloatField()),
                ('requests', models.PositiveIntegerField()),
            ],
        ),
        migrations.RunSQL("DROP TABLE IF EXISTS vetrina_rate_limits", reverse_sql=migrations.RunSQL.noop),
    ]
