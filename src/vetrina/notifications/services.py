"""Writes for notifications: telling an organisation's members what happened to their requests."""

from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from vetrina.accounts.models import User
from vetrina.mail.emails import absolute_url, email_queue
from vetrina.notifications.models import Notification

if TYPE_CHECKING:  # collaborations and saved searches call this module; only the types come the other way
    from vetrina.collaborations.models import CollaborationRequest, RequestEvent
    from vetrina.saved_searches.models import SavedSearch


def notifications_send_for_answer(*, request: "CollaborationRequest") -> list[Notification]:
    """A creator answered: every active member of the organisation gets a notification and an e-mail.

    Call it in the answer's transaction, so that the notifications exist exactly when the answer does.
    """
    organisation = request.campaign.organisation
    members = list(User.objects.filter(organisation=organisation, is_active=True).order_by("pk"))
    notifications = Notification.objects.bulk_create(
        Notification(user=member, kind=Notification.Kind.REQUEST_ANSWERED, request=request)
        for member in members
    )
    link = absolute_url(request.campaign.get_absolute_url())
    for member in members:
        if not member.email:
            continue
        email_queue(
            to=member.email,
            subject=format_lazy(
                gettext_lazy("@{handle} answered your request in “{campaign}”"),
                handle=request.creator.handle,
                campaign=request.campaign.name,
            ),
            template="collaboration_answered",
            context={
                "request": request,
                "campaign": request.campaign,
                "creator": request.creator,
                "link": link,
            },
            language=member.language,
        )
    return notifications


def notifications_send_for_step(
    *, users: list[User], request: "CollaborationRequest", event: "RequestEvent"
) -> list[Notification]:
    """A step of a collaboration (`event`) for each of `users`, in the bell. The e-mails are the caller's,
    as what they say depends on the step. Call it in the step's transaction."""
    return Notification.objects.bulk_create(
        Notification(user=user, kind=Notification.Kind.REQUEST_STEP, request=request, event=event)
        for user in users
    )


def notifications_send_for_saved_search(
    *, users: list[User], saved_search: "SavedSearch", count: int
) -> list[Notification]:
    """`count` new creators match the saved search: a notification for each of `users`, in the bell. The
    e-mail is the saved searches' own, at most daily. Call it in the transaction recording the matches."""
    return Notification.objects.bulk_create(
        Notification(
            user=user,
            kind=Notification.Kind.SAVED_SEARCH_MATCHES,
            saved_search=saved_search,
            match_count=count,
        )
        for user in users
    )


@transaction.atomic
def notification_mark_read(*, notification: Notification) -> None:
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now())


def notifications_mark_read_for_campaign(*, user: User, campaign_id: int) -> int:
    """The account opened a campaign: the answers it was told about there are read. Returns how many."""
    unread = _unread(user).filter(request__campaign_id=campaign_id)
    # Most openings find nothing unread; checking first spares the database a write on every one.
    if not unread.exists():
        return 0
    return unread.update(read_at=timezone.now())


@transaction.atomic
def notifications_mark_all_read(*, user: User) -> int:
    return _unread(user).update(read_at=timezone.now())


def _unread(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user, read_at__isnull=True)
