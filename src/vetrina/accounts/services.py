"""Writes for access: applying, reviewing, inviting, accepting an invitation (docs/roles.md, steps 1-3),
and teams: an organisation's owner inviting colleagues and removing them (docs/roles.md).

Every e-mail is written to the outbox in the transaction of the change that causes it and sent once
that transaction has committed: nobody gets a link to a row that was rolled back, and no message is lost
when the mail server is down. E-mails go out in the applicant's language, the one they applied in.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from phonenumber_field.phonenumber import PhoneNumber

from vetrina.accounts.access import may_manage_team
from vetrina.accounts.models import (
    MEMBER_ROLES,
    Application,
    Invitation,
    Organisation,
    OrganisationKind,
    Role,
    User,
)
from vetrina.accounts.selectors import get_invitation_for_token, visitor_invitations_left
from vetrina.accounts.tokens import invitation_token_new, strategy_token_for
from vetrina.mail.emails import absolute_url, email_language, email_queue
from vetrina.mail.services import outbox_recipient_forget


def _normalised_email(email: str) -> str:
    return email.strip().lower()


@transaction.atomic
def application_submit(
    *,
    company_name: str,
    applicant_type: OrganisationKind,
    country: str,
    region: str,
    phone: PhoneNumber | str,
    contact_name: str,
    contact_email: str,
    language: str | None = None,
) -> Application | None:
    """Files an application; None when the address already has an account or an open application.

    The applicant sees the same page either way, so the form tells nobody which addresses are known;
    the e-mail to the address says what happened instead. `language` is the one the applicant used
    (the request's, by default): every e-mail about the application is written in it.
    """
    email = _normalised_email(contact_email)
    language = email_language(language or translation.get_language())
    if User.objects.filter(email__iexact=email).exists():
        _application_again_send(email=email, contact_name=contact_name, has_account=True, language=language)
        return None
    try:
        # A savepoint: a concurrent twin trips the one-open-application constraint, not this transaction.
        with transaction.atomic():
            application = Application.objects.create(
                company_name=company_name.strip(),
                applicant_type=applicant_type,
                country=country,
                region=region.strip(),
                phone=phone,
                contact_name=contact_name.strip(),
                contact_email=email,
                language=language,
            )
    except IntegrityError:
        _application_again_send(email=email, contact_name=contact_name, has_account=False, language=language)
        return None
    email_queue(
        to=email,
        subject=gettext_lazy("We received your application to Vetrina"),
        template="application_received",
        context={"application": application},
        language=application.language,
    )
    return application


def _application_again_send(*, email: str, contact_name: str, has_account: bool, language: str) -> None:
    email_queue(
        to=email,
        subject=gettext_lazy("Your application to Vetrina"),
        template="application_again",
        language=language,
        context={
            "contact_name": contact_name,
            "has_account": has_account,
            "login_url": absolute_url(reverse("accounts:login")),
            "password_reset_url": absolute_url(reverse("accounts:password_reset")),
        },
    )


def _pending_locked(application: Application) -> Application:
    # Lock the row so that two staff clicking at once review it once.
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.state != Application.State.PENDING:
        raise ValidationError(
            _("This application was already %(state)s.") % {"state": locked.get_state_display().lower()}
        )
    return locked


@transaction.atomic
def application_strategy_ask(*, application: Application, asked_by: User) -> None:
    """E-mails the applicant a signed link to a short form about their marketing strategy and audience."""
    application = _pending_locked(application)
    application.strategy_requested_at = timezone.now()
    application.save(update_fields=["strategy_requested_at"])
    link = absolute_url(reverse("accounts:strategy_answer", args=[strategy_token_for(application.pk)]))
    email_queue(
        to=application.contact_email,
        subject=gettext_lazy("A question about your application to Vetrina"),
        template="strategy_question",
        context={"application": application, "link": link},
        language=application.language,
        secret_parts=[link],
    )


def application_strategy_answerable(application: Application) -> bool:
    if application.state != Application.State.PENDING or application.strategy_requested_at is None:
        return False
    answered = application.strategy_answered_at
    return answered is None or answered < application.strategy_requested_at


@transaction.atomic
def application_strategy_answer(
    *, application: Application, marketing_strategy: str, target_audience: str
) -> None:
    application = Application.objects.select_for_update().get(pk=application.pk)
    if not application_strategy_answerable(application):
        raise ValidationError(_("These questions were already answered, or the application was reviewed."))
    application.marketing_strategy = marketing_strategy.strip()
    application.target_audience = target_audience.strip()
    application.strategy_answered_at = timezone.now()
    application.save(update_fields=["marketing_strategy", "target_audience", "strategy_answered_at"])


@transaction.atomic
def application_approve(*, application: Application, reviewed_by: User) -> Invitation:
    application = _pending_locked(application)
    if application.applicant_type == OrganisationKind.VISITOR and visitor_invitations_left() <= 0:
        raise ValidationError(
            _(
                "This month's %(cap)s visitor invitations are used up; approve this visitor next month, "
                "or raise VETRINA_VISITOR_INVITATIONS_PER_MONTH."
            )
            % {"cap": settings.VETRINA_VISITOR_INVITATIONS_PER_MONTH}
        )
    if User.objects.filter(email__iexact=application.contact_email).exists():
        raise ValidationError(_("%(email)s already has an account.") % {"email": application.contact_email})
    application.state = Application.State.APPROVED
    application.reviewed_at = timezone.now()
    application.reviewed_by = reviewed_by
    application.save(update_fields=["state", "reviewed_at", "reviewed_by"])
    return _invitation_send(
        email=application.contact_email,
        role=Role(application.applicant_type),
        application=application,
        sent_by=reviewed_by,
    )


@transaction.atomic
def application_reject(*, application: Application, reviewed_by: User, reason: str) -> None:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the applicant a reason; it is sent to them.")})
    application = _pending_locked(application)
    application.state = Application.State.REJECTED
    application.reviewed_at = timezone.now()
    application.reviewed_by = reviewed_by
    application.rejection_reason = reason
    application.save(update_fields=["state", "reviewed_at", "reviewed_by", "rejection_reason"])
    email_queue(
        to=application.contact_email,
        subject=gettext_lazy("Your application to Vetrina"),
        template="application_rejected",
        context={"application": application},
        language=application.language,
    )


@transaction.atomic
def application_erase(*, application: Application, erased_by: User | None) -> None:
    """Empties every personal field of an application, on the applicant's request (staff) or when the
    account it led to is deleted (erased_by None). The row stays, with its type, country, state and dates,
    as the record that it was erased. A pending one is closed unanswered (no e-mail: there is no address
    left); its links that were never used stop working; the e-mails sent to its address are deleted."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.erased_at is not None:
        raise ValidationError(_("This application was already erased."))
    email = application.contact_email
    now = timezone.now()
    if application.state == Application.State.PENDING:
        application.state = Application.State.REJECTED
        application.reviewed_at = now
        application.reviewed_by = erased_by
    for field in (
        "company_name",
        "region",
        "phone",
        "contact_name",
        "contact_email",
        "rejection_reason",
        "marketing_strategy",
        "target_audience",
    ):
        setattr(application, field, "")
    application.erased_at = now
    application.erased_by = erased_by
    application.save()
    application.invitations.filter(used_at__isnull=True).delete()
    if email:
        outbox_recipient_forget(email=email)


@transaction.atomic
def invitation_send_again(*, application: Application, sent_by: User) -> Invitation:
    """A fresh link for an approved applicant whose link was lost, used up or expired."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if (
        application.state != Application.State.APPROVED
        or application.organisation_id is not None
        or application.erased_at is not None
    ):
        raise ValidationError(_("Only an approved applicant who has not signed up yet can be invited again."))
    return _invitation_send(
        email=application.contact_email,
        role=Role(application.applicant_type),
        application=application,
        sent_by=sent_by,
    )


def creator_manager_invitation_send(*, email: str, invited_by: User) -> Invitation | None:
    """Invites a creator's manager e-mail to a creator-side account (creators.services verifies the
    creator and calls this). None when the account exists already: it sees the creators at once.
    """
    email = _normalised_email(email)
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None and existing.role != Role.CREATOR:
        raise ValidationError(
            _("%(email)s belongs to an account that is not creator-side; it cannot manage creators.")
            % {"email": email}
        )
    if existing is not None:
        return None
    return _invitation_send(email=email, role=Role.CREATOR, application=None, sent_by=invited_by)


def _invitation_send(
    *,
    email: str,
    role: Role,
    application: Application | None,
    sent_by: User | None,
    organisation: Organisation | None = None,
) -> Invitation:
    now = timezone.now()
    # One live link per address: a fresh one replaces the links sent before it.
    Invitation.objects.filter(email__iexact=email, used_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=now
    )
    token, token_hash = invitation_token_new()
    invitation = Invitation.objects.create(
        email=email,
        role=role,
        application=application,
        organisation=organisation,
        token_hash=token_hash,
        created_at=now,
        created_by=sent_by,
        expires_at=now + timedelta(days=settings.VETRINA_INVITATION_DAYS),
    )
    link = absolute_url(reverse("accounts:invitation_accept", args=[token]))
    email_queue(
        to=email,
        subject=gettext_lazy("Your invitation to Vetrina"),
        template="invitation",
        context={
            "invitation": invitation,
            "organisation_name": application.company_name if application else "",
            # A colleague invited by the owner: the organisation joined and who invited them.
            "team_name": organisation.name if organisation else "",
            "invited_by_name": (sent_by.get_full_name() or sent_by.email) if sent_by and organisation else "",
            "link": link,
        },
        # A creator's manager has told us no language: the default one.
        language=application.language if application else None,
        # The link opens an account: the outbox keeps it only until the message is sent.
        secret_parts=[link],
    )
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, password: str) -> User:
    """Makes the account an invitation is for, with the password its owner chose.

    Members get the organisation made from their application, and own it as its first member; a
    colleague invited by an owner joins the owner's organisation. Creator-side accounts get none and
    see the creators whose manager e-mail is theirs. Raises InvitationInvalid for a link that cannot
    be used, ValidationError for a password Django's validators refuse.
    """
    invitation = get_invitation_for_token(token, for_update=True)
    email = _normalised_email(invitation.email)
    application = invitation.application
    user = User(
        username=email,
        email=email,
        role=invitation.role,
        # One name field on the form; Django's first name holds all of it.
        first_name=application.contact_name[:150] if application else "",
        # An applicant keeps the language they applied in, which their e-mails have been written in.
        language=application.language if application else "",
    )
    validate_password(password, user)
    if User.objects.filter(email__iexact=email).exists() or User.objects.filter(username=email).exists():
        raise ValidationError(_("An account with this e-mail exists already: log in, or reset its password."))
    if invitation.role in MEMBER_ROLES and invitation.organisation is not None:
        user.organisation = invitation.organisation
    elif invitation.role in MEMBER_ROLES:
        assert application is not None  # the invitation_application_or_organisation_iff_member constraint
        organisation = Organisation.objects.create(
            name=application.company_name,
            kind=application.applicant_type,
            country=application.country,
            region=application.region,
            phone=application.phone,
        )
        application.organisation = organisation
        application.save(update_fields=["organisation"])
        user.organisation = organisation
        user.is_owner = True
    user.set_password(password)
    user.save()
    invitation.used_at = timezone.now()
    invitation.user = user
    invitation.save(update_fields=["used_at", "user"])
    return user


# --- Teams: the owner invites colleagues and removes them ---------------------------------------------


def _owner(user: User) -> None:
    if not may_manage_team(user):
        raise PermissionDenied(_("Only the owner of a brand or agency manages its team."))


@transaction.atomic
def team_member_invite(*, invited_by: User, email: str) -> Invitation:
    """Invites a colleague into the owner's organisation, with the owner's role: the same single-use,
    expiring invitation as an approved applicant gets (a fresh one replaces an earlier one)."""
    _owner(invited_by)
    email = _normalised_email(email)
    if not email:
        raise ValidationError({"email": _("Give the colleague's e-mail address.")})
    if User.objects.filter(email__iexact=email).exists() or User.objects.filter(username=email).exists():
        raise ValidationError(
            {
                "email": _("%(email)s already has a Vetrina account; it cannot join another organisation.")
                % {"email": email}
            }
        )
    return _invitation_send(
        email=email,
        role=Role(invited_by.role),
        application=None,
        sent_by=invited_by,
        organisation=invited_by.organisation,
    )


@transaction.atomic
def team_invitation_cancel(*, invitation: Invitation, cancelled_by: User) -> None:
    """Takes back an invitation the owner sent a colleague: its link then says it was cancelled."""
    _owner(cancelled_by)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.organisation_id != cancelled_by.organisation_id:
        raise PermissionDenied(_("This invitation is not one into your organisation."))
    if invitation.used_at is not None:
        raise ValidationError(_("%(email)s has already signed up.") % {"email": invitation.email})
    invitation.cancelled_at = timezone.now()
    invitation.save(update_fields=["cancelled_at"])


@transaction.atomic
def team_owner_hand_on(*, owner: User, member: User) -> None:
    """Makes a colleague the organisation's owner; the owner stays on as a member. An owner who wants to
    leave (delete their account) hands the organisation on first."""
    _owner(owner)
    member = User.objects.select_for_update().get(pk=member.pk)
    if member.organisation_id != owner.organisation_id or not member.is_active:
        raise PermissionDenied(_("This account is not a member of your organisation."))
    if member.pk == owner.pk:
        raise ValidationError(_("You already own the organisation."))
    # The old owner first: one owner per organisation is a constraint, checked at each statement.
    User.objects.filter(pk=owner.pk).update(is_owner=False)
    User.objects.filter(pk=member.pk).update(is_owner=True)
    owner.is_owner = False


@transaction.atomic
def team_member_remove(*, member: User, removed_by: User) -> None:
    """Takes a colleague out of the owner's organisation: the account is closed (it can no longer log in,
    its open sessions end at their next request, its API tokens are revoked) and leaves the organisation,
    whose lists and campaigns stay with the organisation. The owner cannot remove themselves."""
    _owner(removed_by)
    member = User.objects.select_for_update().get(pk=member.pk)
    if member.organisation_id != removed_by.organisation_id or not member.is_active:
        raise PermissionDenied(_("This account is not a member of your organisation."))
    if member.pk == removed_by.pk:
        raise ValidationError(_("The owner cannot remove themselves from the organisation."))
    member.is_active = False
    member.role = ""
    member.organisation = None
    member.is_owner = False
    # A new password hash changes the session hash every open session was signed with: they all end.
    member.set_unusable_password()
    member.save(update_fields=["is_active", "role", "organisation", "is_owner", "password"])
    # Through the reverse relation: the api app (tokens) sits above accounts and is not imported here.
    member.api_tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())


def user_language_set(*, user: User, language: str) -> None:
    """Keeps the language a signed-in user chose: their pages and their e-mails are written in it."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("Choose one of the languages offered."))
    User.objects.filter(pk=user.pk).update(language=language)
    user.language = language
