"""Writes of creators' own: staff verifying a creator; a posted video's counts over time. (Imports,
exports and recomputing live in ingest.)"""

from collections.abc import Collection
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from vetrina.accounts.models import Invitation, User
from vetrina.accounts.services import creator_manager_invitation_send
from vetrina.creators.models import Creator, Video, VideoPoint


@transaction.atomic
def creator_verify_and_invite(*, creator: Creator, invited_by: User) -> Invitation | None:
    """Verifies the creator and invites its manager e-mail to a creator-side account.

    The account is tied to every creator with that manager e-mail. None when the account exists
    already: it sees the newly verified creator at once, with no e-mail needed.
    """
    if not creator.manager_email.strip():
        raise ValidationError(_("@%(handle)s has no manager e-mail to invite.") % {"handle": creator.handle})
    # The invitation is checked (and queued, on commit) first: an address that belongs to a brand's
    # account stops the whole step, and the creator stays unverified.
    invitation = creator_manager_invitation_send(email=creator.manager_email, invited_by=invited_by)
    Creator.objects.filter(pk=creator.pk).update(verified=True)
    return invitation


# Video ids are 64-bit in the database: a larger number names no video and must not reach a query.
MAX_VIDEO_ID = 2**63 - 1
_POINT_CHUNK = 500  # ids per query, under every database's limit of parameters


def video_points_record(*, video_ids: Collection[int], at: datetime | None = None) -> int:
    """A point in time (VideoPoint) for each of these videos that is stored and whose counts differ from
    its latest point, or that has none yet; returns how many were written. The caller chooses the videos:
    a campaign's posted ones (results.services). Set-based: a few queries whatever the number of videos."""
    ids = sorted({video_id for video_id in video_ids if 0 < video_id <= MAX_VIDEO_ID})
    if not ids:
        return 0
    at = at or timezone.now()
    latest = VideoPoint.objects.filter(video=OuterRef("pk")).order_by("-at")
    counts = ("views", "likes", "comments", "shares")
    points = []
    for start in range(0, len(ids), _POINT_CHUNK):
        rows = (
            Video.objects.filter(pk__in=ids[start : start + _POINT_CHUNK])
            .annotate(**{f"last_{name}": Subquery(latest.values(name)[:1]) for name in counts})
            .values_list("pk", *counts, *(f"last_{name}" for name in counts))
        )
        for pk, *values in rows:
            now, before = tuple(values[:4]), tuple(values[4:])
            if now != before:
                points.append(VideoPoint(video_id=pk, at=at, **dict(zip(counts, now, strict=True))))
    # A point already at this very moment (two writes in one instant) is as good as this one.
    VideoPoint.objects.bulk_create(points, ignore_conflicts=True)
    return len(points)
