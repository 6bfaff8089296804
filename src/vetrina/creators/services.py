"""Writes of creators' own: staff verifying a creator. (Imports, exports and recomputing live in ingest.)"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from vetrina.accounts.models import Invitation, User
from vetrina.accounts.services import creator_manager_invitation_send
from vetrina.creators.models import Creator


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
