"""Syncing creators who joined: the TikTok connector reads each one into a line of the import format
(connectors.services.tiktok_record), and the lines go through the import (joining.services), so that
every number is computed the one way. The worker runs `creators_sync_due` among its periodic jobs; the
creator's "Sync now" and the return from TikTok queue `tasks.creator_sync`."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from vetrina.connectors.models import TikTokConnection
from vetrina.connectors.services import (
    TikTokNotConnected,
    TikTokReconnectNeeded,
    connection_for,
    tiktok_record,
)
from vetrina.connectors.tiktok.client import TikTokError
from vetrina.joining.models import CreatorApplication
from vetrina.joining.services import creator_application_synced, creator_records_import, sync_profile

logger = logging.getLogger(__name__)

# The states in which a creator is read: from the account's making on; a refused one is not.
SYNCED_STATES = [
    CreatorApplication.State.JOINED,
    CreatorApplication.State.IN_REVIEW,
    CreatorApplication.State.VERIFIED,
]


def creators_sync(*, applications: list[CreatorApplication]) -> int:
    """Reads each creator from TikTok and stores what was read in one import (one pass of the peers'
    numbers for all of them); returns how many were read. TikTok is called outside any transaction.

    A creator whose grant was revoked or expired is marked "reconnect needed" by the connector, which
    e-mails them; one TikTok did not answer for is tried again at the next sync. Either is said in the
    creator's space."""
    now = timezone.now()
    records = []
    for application in applications:
        CreatorApplication.objects.filter(pk=application.pk).update(sync_attempted_at=now)
        if application.state not in SYNCED_STATES or application.user is None:
            continue
        connection = connection_for(application.user)
        try:
            if connection is None:
                raise TikTokNotConnected(application.handle)
            record = tiktok_record(connection=connection, profile=sync_profile(application))
        except TikTokReconnectNeeded:
            problem = _("TikTok no longer lets us read your account: connect it again.")
        except TikTokNotConnected:
            problem = _("Connect your TikTok account so that we can read your numbers.")
        except TikTokError as error:
            logger.warning("Could not read @%s from TikTok: %s", application.handle, error)
            problem = _("TikTok did not answer; we try again at the next sync.")
        else:
            # TikTok says whose account it is: nobody joins under a handle that is not theirs.
            username = connection.username.lower()
            if not username or username == application.handle:
                records.append((application, record))
                continue
            problem = _(
                "The TikTok account you connected is @%(connected)s, not @%(handle)s: connect @%(handle)s."
            ) % {"connected": username, "handle": application.handle}
        creator_application_synced(application=application, at=now, problem=problem)
    creator_records_import(records=records)
    return len(records)


def creators_sync_due() -> int:
    """The worker's periodic job: every creator connected to TikTok whose last sync was tried more than
    VETRINA_TIKTOK_SYNC_HOURS ago, in one import."""
    since = timezone.now() - timedelta(hours=settings.VETRINA_TIKTOK_SYNC_HOURS)
    due = list(
        CreatorApplication.objects.filter(
            state__in=SYNCED_STATES, user__tiktok_connection__state=TikTokConnection.State.CONNECTED
        )
        .filter(Q(sync_attempted_at__isnull=True) | Q(sync_attempted_at__lte=since))
        .select_related("user", "creator")
        .order_by("pk")
    )
    if not due:
        return 0
    return creators_sync(applications=due)
