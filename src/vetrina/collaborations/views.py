from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from vetrina.accounts.access import (
    AuthenticatedHttpRequest,
    creator_side_required,
    may_answer_requests,
    may_contact,
    organisation_member_required,
)
from vetrina.collaborations.forms import AnswerForm, ContactForm
from vetrina.collaborations.models import CollaborationRequest
from vetrina.collaborations.selectors import (
    campaigns_for,
    contact_recipients,
    get_campaign_for,
    get_received_request_for,
    get_request_for_answer_token,
    get_sent_request_for,
    requests_of_campaign,
    requests_received_by,
)
from vetrina.collaborations.services import (
    collaboration_request_answer,
    collaboration_request_withdraw,
    collaboration_requests_send,
)
from vetrina.notifications.services import notifications_mark_read_for_campaign

# --- Contact (brands and agencies) ----------------------------------------------------------------------


@organisation_member_required
@require_http_methods(["GET", "POST"])
def contact(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The contact form. Its recipients come from the query string: ?creator=<handle> (repeatable), and
    with ?shortlist=<id> the creators of that list among them (the list's "Contact selected" and "Contact
    all" send the handles they mean)."""
    user = request.user
    if not may_contact(user) or user.organisation is None:
        # Staff read everything but contact nobody: requests go out in an organisation's name.
        raise PermissionDenied(_("Only brand and agency members contact creators."))
    recipients = contact_recipients(
        user, handles=request.GET.getlist("creator"), shortlist_id=_shortlist_id(request)
    )
    form = ContactForm(
        request.POST or None,
        initial={"contact_name": user.get_full_name(), "contact_email": user.email},
        phone_region=str(user.organisation.country),
    )
    if request.method == "POST" and form.is_valid() and recipients.creators and not recipients.unknown:
        try:
            result = collaboration_requests_send(
                sent_by=user,
                creators=recipients.creators,
                terms=form.terms(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            sent = len(result.sent)
            text = ngettext(
                "Sent to %(count)s creator. Follow the answers under My Activity.",
                "Sent to %(count)s creators. Follow the answers under My Activity.",
                sent,
            ) % {"count": sent}
            if result.already_contacted:
                text += " " + _("Already contacted, so skipped: %(count)s (%(handles)s).") % {
                    "count": len(result.already_contacted),
                    "handles": ", ".join(f"@{creator.handle}" for creator in result.already_contacted),
                }
            messages.success(request, text)
            return redirect(result.campaign)
    context = {"form": form, "recipients": recipients}
    return render(request, "collaborations/contact.html", context, status=400 if form.errors else 200)


def _shortlist_id(request: HttpRequest) -> int | None:
    raw = request.GET.get("shortlist", "")
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 18:
        raise Http404("no such list")
    return int(raw)


# --- My Activity: campaign management (brands and agencies) ------------------------------------------


@organisation_member_required
@require_GET
def activity(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "collaborations/activity.html", {"campaigns": campaigns_for(request.user)})


@organisation_member_required
@require_GET
def campaign(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    campaign = get_campaign_for(request.user, pk)
    # Seeing the answers here is reading their notifications: the bell stops counting them.
    notifications_mark_read_for_campaign(user=request.user, campaign_id=campaign.pk)
    context = {"campaign": campaign, "requests": requests_of_campaign(campaign)}
    return render(request, "collaborations/campaign.html", context)


@organisation_member_required
@require_http_methods(["GET", "POST"])
def withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """GET asks first (withdrawing cannot be undone, and the creator is e-mailed); POST withdraws."""
    collaboration = get_sent_request_for(request.user, pk)
    if not may_contact(request.user):
        raise PermissionDenied(_("Only the organisation that sent a request may withdraw it."))
    if request.method == "GET":
        return render(request, "collaborations/withdraw.html", {"collaboration": collaboration})
    try:
        collaboration = collaboration_request_withdraw(request=collaboration, withdrawn_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Withdrew the request to @%(handle)s; the creator was told.")
            % {"handle": collaboration.creator.handle},
        )
    return redirect(collaboration.campaign)


# --- The creator's side: the inbox, and the page of the e-mailed link --------------------------------


@creator_side_required
@require_GET
def requests(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "collaborations/requests.html", {"requests": requests_received_by(request.user)})


@creator_side_required
@require_http_methods(["GET", "POST"])
def request_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    collaboration = get_received_request_for(request.user, pk)
    # Staff read the inbox; answering is the creator's.
    may_answer = may_answer_requests(request.user)
    return _answer_page(request, collaboration, "collaborations/request.html", may_answer=may_answer)


@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, token: str) -> HttpResponse:
    """The page of the e-mailed link: no account needed, and it opens its own request only."""
    collaboration = get_request_for_answer_token(token)
    return _answer_page(request, collaboration, "collaborations/answer.html", may_answer=True)


def _answer_page(
    request: HttpRequest, collaboration: CollaborationRequest, template: str, *, may_answer: bool
) -> HttpResponse:
    if request.method == "POST" and not may_answer:
        raise PermissionDenied(_("Only the creator's side answers a request."))
    if not collaboration.is_open:
        # The link dies with its request: a withdrawn, expired or answered request is read-only (its
        # state and its answer), with no form; an answer posted anyway is refused and changes nothing.
        status = 200
        if request.method == "POST":
            messages.error(request, _closed_message(collaboration))
            status = 409
        closed: dict[str, object] = {"collaboration": collaboration, "form": None, "may_answer": False}
        return render(request, template, closed, status=status)
    form = AnswerForm(request.POST or None)
    if request.method == "POST":
        choice = request.POST.get("answer")
        if form.is_valid() and choice in ("accept", "decline"):
            answered_by = request.user if request.user.is_authenticated else None
            try:
                collaboration_request_answer(
                    request=collaboration,
                    accept=choice == "accept",
                    message=form.cleaned_data["message"],
                    answered_by=answered_by,
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            return redirect(request.path)
    context = {"collaboration": collaboration, "form": form, "may_answer": may_answer}
    return render(request, template, context)


def _closed_message(collaboration: CollaborationRequest) -> str:
    return _("This request is %(state)s; it can no longer be answered, and nothing was changed.") % {
        "state": collaboration.current_state_label.lower()
    }
