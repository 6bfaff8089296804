from datetime import timedelta

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vetrina.accounts.access import AuthenticatedHttpRequest, creator_side_required, staff_required
from vetrina.accounts.forms import PasswordChoiceForm
from vetrina.accounts.limits import form_mail_allowed, form_mail_limited_message
from vetrina.connectors.models import TikTokConnection
from vetrina.connectors.services import connection_for
from vetrina.creators.selectors import VideoSort, sample_videos
from vetrina.joining.eligibility import eligibility_of
from vetrina.joining.exporting import creator_data_export
from vetrina.joining.forms import CreatorApplicationForm, ProfileForm, RefuseForm
from vetrina.joining.models import CreatorApplication
from vetrina.joining.selectors import (
    application_of,
    applications_to_review,
    get_application_for,
    get_application_for_confirm_token,
)
from vetrina.joining.services import (
    creator_application_apply_again,
    creator_application_confirm,
    creator_application_refuse,
    creator_application_submit,
    creator_application_verify,
    creator_leave,
    creator_profile_update,
    creator_requests_pause,
)
from vetrina.joining.sync import SYNCED_STATES
from vetrina.joining.tasks import creator_sync
from vetrina.metrics.presentation.page import creator_page
from vetrina.privacy.forms import CurrentPasswordForm
from vetrina.privacy.responses import data_download, erased_with_password


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = CreatorApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not form_mail_allowed(request, address=form.cleaned_data["email"]):
            form.add_error(None, form_mail_limited_message())
            return render(request, "joining/apply.html", {"form": form}, status=429)
        data = form.cleaned_data
        creator_application_submit(
            handle=data["handle"],
            email=data["email"],
            country=data["country"],
            categories=form.categories(),
            languages=data["languages"],
            date_of_birth=data["date_of_birth"],
            rate_per_video=data["rate_per_video"],
            rate_currency=data["rate_currency"],
            language=get_language(),
        )
        return redirect("joining:apply_sent")
    return render(request, "joining/apply.html", {"form": form})


@require_GET
def apply_sent(request: HttpRequest) -> HttpResponse:
    # The same page whether the address was new or known: nothing to enumerate.
    return render(request, "joining/apply_sent.html")


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    application = get_application_for_confirm_token(token)
    if application is None:
        return render(request, "accounts/link_invalid.html", status=404)
    if application.state != CreatorApplication.State.UNCONFIRMED:
        return render(request, "joining/confirm_used.html", status=410)
    form = PasswordChoiceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = creator_application_confirm(
                application=application, password=form.cleaned_data["password1"]
            )
        except ValidationError as error:
            form.add_error("password1", error)
        else:
            login(request, user, backend="vetrina.accounts.backends.EmailOrUsernameBackend")
            messages.success(
                request,
                _(
                    "Your e-mail is confirmed. Next, connect your TikTok account so that we can read your numbers."
                ),
            )
            return redirect("joining:space")
    return render(request, "joining/confirm.html", {"application": application, "form": form})


# --- The creator's own space ----------------------------------------------------------------------------


def _space(
    request: AuthenticatedHttpRequest,
    *,
    profile_form: ProfileForm | None = None,
    leave_form: CurrentPasswordForm | None = None,
    status: int = 200,
) -> HttpResponse:
    application = application_of(request.user)
    context: dict[str, object] = {"application": application}
    if application is not None:
        creator = application.creator
        context["eligibility"] = eligibility_of(application)
        if creator is not None and profile_form is None:
            profile_form = ProfileForm(
                initial={
                    "bio": creator.bio,
                    "main_category": creator.categories[0] if creator.categories else "",
                    "other_categories": creator.categories[1:],
                    "languages": creator.languages,
                    "rate_per_video": creator.rate_per_video,
                    "rate_currency": creator.rate_currency,
                }
            )
        context.update(
            creator=creator, profile_form=profile_form, leave_form=leave_form or CurrentPasswordForm()
        )
        context.update(_connection_context(request))
    return render(request, "joining/space.html", context, status=status)


def _connection_context(request: AuthenticatedHttpRequest) -> dict[str, object]:
    connection = connection_for(request.user)
    states: dict[str, str] = {
        TikTokConnection.State.CONNECTED: "connected",
        TikTokConnection.State.RECONNECT_NEEDED: "reconnect",
        TikTokConnection.State.DISCONNECTED: "disconnected",
    }
    return {
        "tiktok_state": states.get(connection.state, "none") if connection else "none",
        "tiktok_username": connection.username if connection else "",
    }


@creator_side_required
@require_GET
def space(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _space(request)


@creator_side_required
@require_POST
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST)
    if not form.is_valid():
        return _space(request, profile_form=form, status=400)
    data = form.cleaned_data
    try:
        creator_profile_update(
            user=request.user,
            bio=data["bio"],
            categories=form.categories(),
            languages=data["languages"],
            rate_per_video=data["rate_per_video"],
            rate_currency=data["rate_currency"],
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _space(request, profile_form=form, status=400)
    messages.success(request, _("Your profile is saved; brands see it as it is now."))
    return redirect("joining:space")


@creator_side_required
@require_POST
def pause(request: AuthenticatedHttpRequest) -> HttpResponse:
    paused = request.POST.get("paused") == "1"
    creator_requests_pause(user=request.user, paused=paused)
    if paused:
        messages.success(
            request,
            _(
                "Requests are paused: brands no longer find you in search, and none can send you a new request. The requests you have stay."
            ),
        )
    else:
        messages.success(
            request, _("You take requests again: brands find you in search once you are verified.")
        )
    return redirect("joining:space")


# The shortest time between two syncs a creator asks for.
SYNC_NOW_INTERVAL = timedelta(minutes=1)


def _sync_queue(request: AuthenticatedHttpRequest) -> None:
    application = application_of(request.user)
    if application is None or application.state not in SYNCED_STATES:
        raise Http404(_("Your account did not join as a creator, or its application was closed."))
    tried = application.sync_attempted_at
    if tried is not None and timezone.now() - tried < SYNC_NOW_INTERVAL:
        # TikTok limits how often an app may call it: a creator clicking again waits a little.
        messages.warning(request, _("Your numbers were read a moment ago; try again in a minute."))
        return
    # The worker reads TikTok (seconds) and runs the import; the page does not wait for it.
    application_id = application.pk
    transaction.on_commit(lambda: creator_sync.enqueue(application_id=application_id))
    messages.success(request, _("Reading your numbers from TikTok; they show here in a minute."))


@creator_side_required
@require_POST
def sync(request: AuthenticatedHttpRequest) -> HttpResponse:
    _sync_queue(request)
    return redirect("joining:space")


@creator_side_required
@require_GET
def connected(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Where TikTok's return (connectors:tiktok_callback) sends the creator: the first sync, at once."""
    if connection_for(request.user) is None:
        return redirect("joining:space")
    _sync_queue(request)
    return redirect("joining:space")


@creator_side_required
@require_GET
def preview(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The creator's own page as members see it (metrics.views.detail), without the parts that act or
    that show other creators. Its sample videos' toggle asks this address again, as the page's does."""
    application = application_of(request.user)
    if application is None or application.creator is None:
        raise Http404(_("Your page exists once TikTok is connected and your numbers are read."))
    creator = application.creator
    sort = VideoSort.POPULAR if request.GET.get("videos") == VideoSort.POPULAR else VideoSort.RECENT
    context = {
        "creator": creator,
        "videos_sort": sort,
        "sample_videos": sample_videos(creator, sort=sort),
        "own_preview": True,
    }
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.history_restore_request:
        return render(request, "metrics/creator.html#sample_videos", context)
    return render(request, "metrics/creator.html", {**context, **creator_page(creator)})


@creator_side_required
@require_GET
def export(request: AuthenticatedHttpRequest) -> HttpResponse:
    application = application_of(request.user)
    if application is None:
        raise Http404(_("Your account did not join as a creator; Your data holds what we keep of it."))
    return data_download(creator_data_export(application), name="vetrina-creator")


@creator_side_required
@require_POST
def leave(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = CurrentPasswordForm(request.POST)
    done = _("You left Vetrina: your account and your data are erased.")
    left = erased_with_password(request, form, erase=creator_leave, done=done)
    return left or _space(request, leave_form=form, status=400)


@creator_side_required
@require_POST
def apply_again(request: AuthenticatedHttpRequest) -> HttpResponse:
    try:
        application = creator_application_apply_again(user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("joining:space")
    if application.state == CreatorApplication.State.IN_REVIEW:
        messages.success(
            request, _("You applied again and meet every condition: our team reviews your profile again.")
        )
    else:
        messages.success(
            request,
            _("You applied again: our team reviews your profile again once you meet every condition."),
        )
    return redirect("joining:space")


# --- Staff's review -------------------------------------------------------------------------------------


@staff_required
@require_GET
def review(request: AuthenticatedHttpRequest) -> HttpResponse:
    rows = [(application, eligibility_of(application)) for application in applications_to_review()]
    return render(request, "joining/review.html", {"rows": rows})


@staff_required
@require_GET
def review_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = get_application_for(request.user, pk)
    context = {
        "application": application,
        "eligibility": eligibility_of(application),
        "refuse_form": RefuseForm(),
    }
    return render(request, "joining/review_detail.html", context)


@staff_required
@require_POST
def verify(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = get_application_for(request.user, pk)
    try:
        creator_application_verify(application=application, reviewed_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("joining:review_detail", pk=application.pk)
    messages.success(
        request,
        _("Verified @%(handle)s: brands find them now, and they were told by e-mail.")
        % {"handle": application.handle},
    )
    return redirect("joining:review")


@staff_required
@require_POST
def refuse(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = get_application_for(request.user, pk)
    form = RefuseForm(request.POST)
    if form.is_valid():
        try:
            creator_application_refuse(
                application=application, reviewed_by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Refused @%(handle)s; the reason went to them by e-mail.") % {"handle": application.handle},
            )
            return redirect("joining:review")
    context = {"application": application, "eligibility": eligibility_of(application), "refuse_form": form}
    return render(request, "joining/review_detail.html", context, status=400)
