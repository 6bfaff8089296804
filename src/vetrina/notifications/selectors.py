from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from vetrina.accounts.models import User
from vetrina.notifications.models import Notification


def notifications_for(user: User) -> QuerySet[Notification]:
    """The account's own notifications, newest first, with what they tell about."""
    return Notification.objects.filter(user=user).select_related(
        "request__campaign__organisation", "request__creator", "event", "saved_search"
    )


def unread_notification_count(user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def get_notification_for(user: User, pk: int) -> Notification:
    # Another account's notification is as good as missing.
    return get_object_or_404(Notification, pk=pk, user=user)
