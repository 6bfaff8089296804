"""Who may answer a request is decided by the address recorded on it when it was sent (`sent_to`), no
longer by the creator's manager e-mail of today. Every send records it; a row left without one (made
outside the send, e.g. by hand in the admin or a script) gets the creator's current manager e-mail, the
best record there is, so that it keeps an owner."""

from django.db import migrations
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Lower, Trim


def backfill_sent_to(apps, schema_editor):
    CollaborationRequest = apps.get_model("collaborations", "CollaborationRequest")
    Creator = apps.get_model("creators", "Creator")
    manager_email = Creator.objects.filter(pk=OuterRef("creator_id")).values(
        email=Lower(Trim("manager_email"))
    )[:1]
    CollaborationRequest.objects.filter(sent_to="").update(sent_to=Subquery(manager_email))


class Migration(migrations.Migration):
    dependencies = [
        ("collaborations", "0001_initial"),
        ("creators", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(backfill_sent_to, migrations.RunPython.noop),
    ]
