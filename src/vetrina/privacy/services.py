"""A member closing their own account (docs/privacy.md): everything that is theirs alone goes; what they
made for their organisation stays with it."""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from vetrina.accounts.access import is_staff
from vetrina.accounts.models import Application, Invitation, User
from vetrina.accounts.services import application_erase
from vetrina.collaborations.models import Campaign
from vetrina.connectors.services import tiktok_connection_forget
from vetrina.mail.services import outbox_recipient_forget


def account_deletion_blocker(user: User) -> str:
    """Why `user` cannot delete their account now; empty when they can."""
    if is_staff(user):
        return _("Staff accounts are closed by another member of staff, in the admin.")
    if user.is_owner and _colleagues(user).exists():
        return _(
            "You own your organisation: first make a colleague its owner on the Team page, or remove "
            "every colleague to delete the organisation with your account."
        )
    return ""


def _colleagues(user: User) -> QuerySet[User]:
    if user.organisation_id is None:
        return User.objects.none()
    return User.objects.filter(organisation_id=user.organisation_id, is_active=True).exclude(pk=user.pk)


@transaction.atomic
def account_delete(*, user: User, password: str) -> None:
    """Deletes the account once its password is given again.

    Gone with it: its sessions (the account no longer exists), its API tokens, notifications, log-in
    records, the e-mails sent to it and the invitations to its address, and the personal fields of its
    applications. Kept, as the organisation's: the lists it made and the requests it sent, with no sender
    named. An owner with colleagues hands the organisation on first; the last member of an organisation
    (a visitor's is an organisation of one) takes it along, with its lists and campaigns.
    """
    if not user.check_password(password):
        raise ValidationError({"password": _("That is not your password.")})
    blocker = account_deletion_blocker(user)
    if blocker:
        raise PermissionDenied(blocker)
    user = User.objects.select_for_update().get(pk=user.pk)
    organisation = user.organisation
    last_member = organisation is not None and not _colleagues(user).exists()
    for application in Application.objects.filter(contact_email__iexact=user.email, erased_at__isnull=True):
        application_erase(application=application, erased_by=None)
    for model in (AccessLog, AccessFailureLog, AccessAttempt):
        model.objects.filter(username=user.username).delete()
    if user.email:
        outbox_recipient_forget(email=user.email)
        # The invitation it signed up with, and any later one to its address: they name the address.
        Invitation.objects.filter(email__iexact=user.email).delete()
    # Vetrina's access to the creator's TikTok ends too, not only its copy of the tokens.
    tiktok_connection_forget(user=user)
    user.delete()
    if last_member and organisation is not None:
        # Campaigns are protected from a plain delete (their requests are the organisation's record);
        # the organisation itself is going, so they go first, their requests and offers with them.
        Campaign.objects.filter(organisation=organisation).delete()
        organisation.delete()
