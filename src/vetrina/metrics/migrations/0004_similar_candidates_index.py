"""The similar-creators lookup's first step (metrics/similar.py) from one index alone: the verified
creators of a first category within a reach range, with every share its cheap distance reads. Without
it SQLite walked every verified creator (20 ms at 10,000, ten times that at 100,000)."""

from django.db import migrations

COLUMNS = (
    "primary_category, verified, reach, "
    "audience_age_13_17, audience_age_18_24, audience_age_25_34, audience_age_35_44, audience_age_45_54, audience_age_55_plus, audience_gender_female, audience_gender_male, audience_gender_other, audience_device_ios, audience_device_android, audience_device_other"
)


class Migration(migrations.Migration):
    dependencies = [("metrics", "0003_peer_groups_by_tier_and_category"), ("creators", "0005_peer_groups_and_confidence")]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX similar_candidates ON creators_creator ({COLUMNS})",
            "DROP INDEX similar_candidates",
        )
    ]
