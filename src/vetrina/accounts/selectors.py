"""Reads for access: the review queue, the visitor quota, invitations by their token, an organisation's team."""

from datetime import datetime
from enum import StrEnum

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Prefetch, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from vetrina.accounts.access import may_see_team
from vetrina.accounts.models import Application, Invitation, OrganisationKind, User
from vetrina.accounts.tokens import invitation_token_hash, strategy_application_id


class InvitationProblem(StrEnum):
    UNKNOWN = "unknown"  # altered, mistyped, or never sent
    USED = "used"
    EXPIRED = "expired"
    REPLACED = "replaced"  # staff sent a fresh one since
    CANCELLED = "cancelled"  # the owner who invited a colleague took it back


class InvitationInvalid(Exception):
    def __init__(self, problem: InvitationProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


_QUEUE_ORDER = Case(
    When(applicant_type=OrganisationKind.BRAND, then=Value(0)),
    When(applicant_type=OrganisationKind.AGENCY, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def applications_review_queue() -> QuerySet[Application]:
    """Pending applications: brands first, then agencies, then visitors; oldest first within each."""
    return (
        Application.objects.filter(state=Application.State.PENDING)
        .annotate(queue_rank=_QUEUE_ORDER)
        .order_by("queue_rank", "created_at", "pk")
    )


def applications_awaiting_sign_up() -> QuerySet[Application]:
    """Approved applications whose applicant has not set a password yet, with their invitations."""
    return (
        Application.objects.filter(
            state=Application.State.APPROVED, organisation__isnull=True, erased_at__isnull=True
        )
        .order_by("-reviewed_at")
        .prefetch_related(Prefetch("invitations", queryset=Invitation.objects.order_by("-created_at")))
    )


def get_application_for(user: User, pk: int) -> Application:
    # Only staff reach the review pages (the views check); the helper keeps the one way in.
    return get_object_or_404(
        Application.objects.select_related("reviewed_by", "organisation").prefetch_related(
            Prefetch("invitations", queryset=Invitation.objects.order_by("-created_at"))
        ),
        pk=pk,
    )


def _month_start(now: datetime) -> datetime:
    return now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def visitor_invitations_this_month(*, now: datetime | None = None) -> int:
    """Visitor applications approved since the first of this month (UTC); sending a link again is free."""
    now = now or timezone.now()
    return Application.objects.filter(
        applicant_type=OrganisationKind.VISITOR,
        state=Application.State.APPROVED,
        reviewed_at__gte=_month_start(now),
    ).count()


def visitor_invitations_left(*, now: datetime | None = None) -> int:
    cap = settings.VETRINA_VISITOR_INVITATIONS_PER_MONTH
    return max(0, cap - visitor_invitations_this_month(now=now))


def get_invitation_for_token(token: str, *, for_update: bool = False) -> Invitation:
    """The invitation a link is for, if it can still be used; raises InvitationInvalid saying why not."""
    invitations = Invitation.objects.select_related("application")
    if for_update:
        # Only the invitation row: PostgreSQL cannot lock the nullable side of the join to its application.
        invitations = invitations.select_for_update(of=("self",))
    invitation = invitations.filter(token_hash=invitation_token_hash(token)).first()
    if invitation is None:
        raise InvitationInvalid(InvitationProblem.UNKNOWN)
    if invitation.used_at is not None:
        raise InvitationInvalid(InvitationProblem.USED)
    if invitation.cancelled_at is not None:
        raise InvitationInvalid(InvitationProblem.CANCELLED)
    if invitation.revoked_at is not None:
        raise InvitationInvalid(InvitationProblem.REPLACED)
    if invitation.expires_at <= timezone.now():
        raise InvitationInvalid(InvitationProblem.EXPIRED)
    return invitation


def get_application_for_strategy_token(token: str) -> Application | None:
    """The application a questionnaire link is for; None when the link was altered or is too old."""
    application_id = strategy_application_id(token)
    if application_id is None:
        return None
    return Application.objects.filter(pk=application_id).first()


# --- Teams --------------------------------------------------------------------------------------------


def team_members_for(user: User) -> QuerySet[User]:
    """The members of the viewer's organisation, the owner first, then by when they joined."""
    if not may_see_team(user):
        raise PermissionDenied(_("Only brand and agency members have a team."))
    return User.objects.filter(organisation=user.organisation, is_active=True).order_by(
        "-is_owner", "date_joined", "pk"
    )


def get_team_member_for(user: User, pk: int) -> User:
    """A member of the viewer's organisation; anyone else's account is as good as missing: 404."""
    return get_object_or_404(team_members_for(user), pk=pk)


def team_invitations_pending_for(user: User) -> QuerySet[Invitation]:
    """Colleagues invited into the viewer's organisation who have not signed up yet, links still live."""
    if not may_see_team(user):
        raise PermissionDenied(_("Only brand and agency members have a team."))
    return Invitation.objects.filter(
        organisation=user.organisation,
        used_at__isnull=True,
        revoked_at__isnull=True,
        cancelled_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).order_by("-created_at")


def get_team_invitation_for(user: User, pk: int) -> Invitation:
    """A pending invitation into the viewer's organisation; any other is as good as missing: 404."""
    return get_object_or_404(team_invitations_pending_for(user), pk=pk)
