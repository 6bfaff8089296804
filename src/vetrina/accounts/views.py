from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.timezone import localtime
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.i18n import set_language

from vetrina.accounts.access import (
    AuthenticatedHttpRequest,
    is_staff,
    may_manage_team,
    organisation_member_required,
    staff_required,
)
from vetrina.accounts.forms import (
    ApplicationForm,
    LoginForm,
    PasswordChoiceForm,
    PasswordResetForm,
    RejectForm,
    SetPasswordForm,
    StrategyForm,
    TeamInviteForm,
)
from vetrina.accounts.limits import form_mail_allowed, form_mail_limited_message
from vetrina.accounts.selectors import (
    InvitationInvalid,
    InvitationProblem,
    applications_awaiting_sign_up,
    applications_review_queue,
    get_application_for,
    get_application_for_strategy_token,
    get_invitation_for_token,
    get_team_invitation_for,
    get_team_member_for,
    team_invitations_pending_for,
    team_members_for,
    visitor_invitations_this_month,
)
from vetrina.accounts.services import (
    application_approve,
    application_erase,
    application_reject,
    application_strategy_answer,
    application_strategy_answerable,
    application_strategy_ask,
    application_submit,
    invitation_accept,
    invitation_send_again,
    team_invitation_cancel,
    team_member_invite,
    team_member_remove,
    team_owner_hand_on,
    user_language_set,
)
from vetrina.mail.emails import absolute_url


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not form_mail_allowed(request, address=form.cleaned_data["contact_email"]):
            form.add_error(None, form_mail_limited_message())
            return render(request, "accounts/apply.html", {"form": form}, status=429)
        # The applicant's e-mails are written in the language they applied in.
        application_submit(**form.cleaned_data, language=get_language())
        return redirect("accounts:apply_sent")
    return render(request, "accounts/apply.html", {"form": form})


@require_GET
def apply_sent(request: HttpRequest) -> HttpResponse:
    # The same page whether the address was new, known, or already applied: nothing to enumerate.
    return render(request, "accounts/apply_sent.html")


@require_http_methods(["GET", "POST"])
def strategy_answer(request: HttpRequest, token: str) -> HttpResponse:
    application = get_application_for_strategy_token(token)
    if application is None:
        return render(request, "accounts/link_invalid.html", {"kind": "strategy"}, status=404)
    if not application_strategy_answerable(application):
        return render(request, "accounts/strategy_done.html", {"application": application})
    form = StrategyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application_strategy_answer(application=application, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect(request.path)
    return render(request, "accounts/strategy_form.html", {"application": application, "form": form})


# --- Signing in ----------------------------------------------------------------------------------------


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None, credentials: Any
) -> HttpResponse:
    """django-axes calls this for a log-in refused by the lock-out (AXES_LOCKOUT_CALLABLE)."""
    form = LoginForm(request, initial={"username": request.POST.get("username", "")})
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    # Locked for guessing across many accounts from here, rather than at this one account.
    client_locked_out = getattr(request, "vetrina_client_locked_out", False)
    context = {
        "form": form,
        "locked_out": True,
        "client_locked_out": client_locked_out,
        "cooloff_minutes": minutes,
    }
    return render(request, "accounts/login.html", context, status=429)


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = PasswordResetForm  # its e-mail goes through the outbox
    success_url = reverse_lazy("accounts:password_reset_sent")

    def form_valid(self, form: Any) -> HttpResponse:
        # Counted whether or not the address has an account, so the limit tells nobody which do.
        if not form_mail_allowed(self.request, address=form.cleaned_data["email"]):
            form.add_error(None, form_mail_limited_message())
            return self.render_to_response(self.get_context_data(form=form), status=429)
        # E-mails take their links from VETRINA_BASE_URL, never from the request's Host header.
        self.extra_email_context = {"base_url": absolute_url("")}
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = SetPasswordForm  # states the password rule
    success_url = reverse_lazy("accounts:password_reset_complete")


# --- Invitations --------------------------------------------------------------------------------------


def _invitation_invalid(request: HttpRequest, problem: InvitationProblem) -> HttpResponse:
    status = 404 if problem == InvitationProblem.UNKNOWN else 410
    return render(request, "accounts/invitation_invalid.html", {"problem": problem.value}, status=status)


@require_http_methods(["GET", "POST"])
def invitation_accept_view(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = get_invitation_for_token(token)
    except InvitationInvalid as invalid:
        return _invitation_invalid(request, invalid.problem)
    form = PasswordChoiceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = invitation_accept(token=token, password=form.cleaned_data["password1"])
        except InvitationInvalid as invalid:
            return _invitation_invalid(request, invalid.problem)
        except ValidationError as error:
            form.add_error("password1", error)
        else:
            login(request, user, backend="vetrina.accounts.backends.EmailOrUsernameBackend")
            messages.success(
                request, _("Welcome to Vetrina. Sign in next time with %(email)s.") % {"email": user.email}
            )
            return redirect("home")
    return render(request, "accounts/invitation_accept.html", {"invitation": invitation, "form": form})


# --- The review queue (staff) -----------------------------------------------------------------------


@staff_required
@require_GET
def review_queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    used = visitor_invitations_this_month()
    context = {
        "queue": applications_review_queue(),
        "awaiting": applications_awaiting_sign_up()[:50],
        "visitors_used": used,
        "visitors_cap": settings.VETRINA_VISITOR_INVITATIONS_PER_MONTH,
    }
    return render(request, "accounts/review_queue.html", context)


@staff_required
@require_GET
def application_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = get_application_for(request.user, pk)
    return render(
        request, "accounts/application_detail.html", {"application": application, "reject_form": RejectForm()}
    )


@staff_required
@require_POST
def application_ask(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = get_application_for(request.user, pk)
    try:
        application_strategy_ask(application=application, asked_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Sent %(email)s the questions about strategy and audience; the answers will show here.")
            % {"email": application.contact_email},
        )
    return redirect(application)


@staff_required
@require_POST
def application_approve_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = get_application_for(request.user, pk)
    try:
        invitation = application_approve(application=application, reviewed_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_back(request, application.get_absolute_url()))
    messages.success(
        request,
        _("Approved %(company)s. The invitation went to %(email)s and works until %(expires)s.")
        % {
            "company": application.company_name,
            "email": invitation.email,
            "expires": date_format(localtime(invitation.expires_at), "j M Y"),
        },
    )
    return redirect("accounts:review_queue")


@staff_required
@require_POST
def application_reject_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = get_application_for(request.user, pk)
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            application_reject(
                application=application, reviewed_by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(application)
        messages.success(
            request,
            _("Rejected %(company)s; the reason was e-mailed to %(email)s.")
            % {"company": application.company_name, "email": application.contact_email},
        )
        return redirect("accounts:review_queue")
    context = {"application": application, "reject_form": form}
    return render(request, "accounts/application_detail.html", context, status=400)


@staff_required
@require_POST
def application_invite_again(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = get_application_for(request.user, pk)
    try:
        invitation = invitation_send_again(application=application, sent_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Sent a fresh invitation to %(email)s; the earlier links no longer work.")
            % {"email": invitation.email},
        )
    return redirect(_back(request, reverse("accounts:review_queue")))


@staff_required
@require_POST
def application_erase_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = get_application_for(request.user, pk)
    try:
        application_erase(application=application, erased_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Erased the application's personal data; the record that it was erased stays.")
        )
    return redirect(application)


def _back(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


# --- Team: an organisation's members; its owner invites and removes them --------------------------------


@organisation_member_required
@require_GET
def team(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _team_page(request, TeamInviteForm())


def _team_page(request: AuthenticatedHttpRequest, form: TeamInviteForm, *, status: int = 200) -> HttpResponse:
    user = request.user
    may_manage = may_manage_team(user)
    context = {
        "members": team_members_for(user),
        "invitations": team_invitations_pending_for(user) if may_manage else [],
        "may_manage": may_manage,
        "form": form,
    }
    return render(request, "accounts/team.html", context, status=status)


@organisation_member_required
@require_POST
def team_invite(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not may_manage_team(request.user):
        raise PermissionDenied(_("Only the owner of a brand or agency manages its team."))
    form = TeamInviteForm(request.POST)
    if form.is_valid():
        if not form_mail_allowed(request, address=form.cleaned_data["email"]):
            form.add_error(None, form_mail_limited_message())
            return _team_page(request, form, status=429)
        try:
            invitation = team_member_invite(invited_by=request.user, email=form.cleaned_data["email"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Invited %(email)s to join your team.") % {"email": invitation.email})
            return redirect("accounts:team")
    return _team_page(request, form, status=400)


@organisation_member_required
@require_POST
def team_member_remove_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    if not may_manage_team(request.user):
        raise PermissionDenied(_("Only the owner of a brand or agency manages its team."))
    member = get_team_member_for(request.user, pk)
    try:
        team_member_remove(member=member, removed_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Removed %(email)s from your team.") % {"email": member.email})
    return redirect("accounts:team")


@organisation_member_required
@require_POST
def team_owner_hand_on_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    if not may_manage_team(request.user):
        raise PermissionDenied(_("Only the owner of a brand or agency manages its team."))
    member = get_team_member_for(request.user, pk)
    try:
        team_owner_hand_on(owner=request.user, member=member)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(email)s now owns your organisation.") % {"email": member.email})
    return redirect("accounts:team")


@organisation_member_required
@require_POST
def team_invitation_cancel_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    if not may_manage_team(request.user):
        raise PermissionDenied(_("Only the owner of a brand or agency manages its team."))
    invitation = get_team_invitation_for(request.user, pk)
    try:
        team_invitation_cancel(invitation=invitation, cancelled_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Cancelled the invitation to %(email)s; its link no longer works.")
            % {"email": invitation.email},
        )
    return redirect("accounts:team")


# --- The admin's door ----------------------------------------------------------------------------------


@require_GET
def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin signs in through Vetrina's own log-in page (with its lock-out), not a second form."""
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = ""
    if request.user.is_authenticated:
        if is_staff(request.user):
            return redirect(target or "admin:index")
        raise PermissionDenied(gettext_lazy("The admin is for Vetrina's staff."))
    return redirect_to_login(target or reverse("admin:index"))


@require_POST
def language_set(request: HttpRequest) -> HttpResponse:
    """Django's set_language (the language cookie, then back to `next`), and for a signed-in user the
    choice kept on the account, so that their other devices and their e-mails follow it."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        user_language_set(user=request.user, language=language)
    return response
