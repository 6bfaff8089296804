from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from vetrina.accounts.access import AuthenticatedHttpRequest, has_request_inbox, notifications_required
from vetrina.notifications.selectors import get_notification_for, notifications_for, unread_notification_count
from vetrina.notifications.services import notification_mark_read, notifications_mark_all_read


@notifications_required
@require_GET
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = {
        "notifications": notifications_for(request.user)[:100],
        "unread": unread_notification_count(request.user),
    }
    return render(request, "notifications/index.html", context)


@notifications_required
@require_GET
def bell(request: AuthenticatedHttpRequest) -> HttpResponse:
    # The top bar asks for the count after the page has loaded, and again now and then: pages don't pay
    # for it, and an answer shows up without a reload.
    return render(
        request, "notifications/index.html#bell", {"unread": unread_notification_count(request.user)}
    )


@notifications_required
@require_POST
def mark_read(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    notification = get_notification_for(request.user, pk)
    notification_mark_read(notification=notification)
    # Opening a notification reads it and goes to what it is about.
    if request.POST.get("open"):
        if notification.saved_search is not None:
            return redirect(notification.saved_search)
        collaboration = notification.request
        assert collaboration is not None  # every other kind tells about a request
        if has_request_inbox(request.user):
            return redirect(collaboration)  # the creator side's page of the request
        if notification.event_id is not None:
            return redirect("collaborations:sent_request", collaboration.pk)
        return redirect(collaboration.campaign)
    return redirect("notifications:index")


@notifications_required
@require_POST
def mark_all_read(request: AuthenticatedHttpRequest) -> HttpResponse:
    notifications_mark_all_read(user=request.user)
    return redirect("notifications:index")
