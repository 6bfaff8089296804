"""Reads of creators' applications, scoped to who is asking."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from vetrina.accounts.models import User
from vetrina.joining.models import CreatorApplication
from vetrina.joining.tokens import confirm_application_id


def application_of(user: User) -> CreatorApplication | None:
    """The application of a creator-side account that joined by itself; None for any other account
    (a manager invited by staff, staff themselves)."""
    return CreatorApplication.objects.select_related("creator").filter(user=user).first()


def get_application_for_confirm_token(token: str) -> CreatorApplication | None:
    application_id = confirm_application_id(token)
    if application_id is None:
        return None
    return CreatorApplication.objects.filter(pk=application_id).first()


def applications_to_review() -> QuerySet[CreatorApplication]:
    """Staff's queue: the creators every condition held for at a sync, oldest first."""
    return (
        CreatorApplication.objects.filter(state=CreatorApplication.State.IN_REVIEW)
        .select_related("creator")
        .order_by("submitted_at", "pk")
    )


def get_application_for(user: User, pk: int) -> CreatorApplication:
    """An application for staff to review (the views are staff_required)."""
    return get_object_or_404(CreatorApplication.objects.select_related("creator", "user"), pk=pk)
