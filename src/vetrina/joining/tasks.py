from django.tasks import task

from vetrina.joining.models import CreatorApplication
from vetrina.joining.sync import creators_sync


@task
def creator_sync(application_id: int) -> int:
    """One creator's sync, asked for by the creator ("Sync now", or the return from connecting TikTok)."""
    application = (
        CreatorApplication.objects.select_related("user", "creator").filter(pk=application_id).first()
    )
    if application is None:
        return 0
    return creators_sync(applications=[application])
