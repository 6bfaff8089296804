from typing import cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vetrina.accounts.access import (
    AuthenticatedHttpRequest,
    creator_side_required,
    may_answer_requests,
    may_contact,
    organisation_member_required,
)
from vetrina.collaborations.deliverables import (
    deliverable_draft_review,
    deliverable_draft_submit,
    deliverable_post,
    draft_path,
)
from vetrina.collaborations.forms import (
    AnswerForm,
    ContactForm,
    CounterAnswerForm,
    CounterForm,
    DraftForm,
    PaidForm,
    PaymentForm,
    PostForm,
    ReviewForm,
)
from vetrina.collaborations.models import CollaborationRequest, Deliverable, Draft, Payment
from vetrina.collaborations.payments import payment_mark_paid, payment_record
from vetrina.collaborations.selectors import (
    PaymentRecord,
    campaign_timeline,
    campaigns_for,
    contact_recipients,
    deliverables_of,
    get_campaign_for,
    get_deliverable_for_brand,
    get_deliverable_for_creator_side,
    get_draft_file_for_brand,
    get_draft_file_for_inbox,
    get_draft_file_for_token,
    get_payment_for_brand,
    get_received_request_for,
    get_request_for_answer_token,
    get_sent_request_for,
    needs_you,
    offers_of_campaign,
    payment_records,
    payment_records_for_inbox,
    payments_of,
    request_timeline,
    requests_of_campaign,
    requests_received_by,
)
from vetrina.collaborations.services import (
    collaboration_request_answer,
    collaboration_request_counter,
    collaboration_request_counter_answer,
    collaboration_request_withdraw,
    collaboration_requests_send,
)
from vetrina.collaborations.terms import payment_terms_from
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
    context = {"campaigns": campaigns_for(request.user), "needs_you": needs_you(request.user)}
    return render(request, "collaborations/activity.html", context)


@organisation_member_required
@require_GET
def campaign(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    campaign = get_campaign_for(request.user, pk)
    # Seeing the answers here is reading their notifications: the bell stops counting them.
    notifications_mark_read_for_campaign(user=request.user, campaign_id=campaign.pk)
    context = {
        "campaign": campaign,
        "offers": offers_of_campaign(campaign),
        "requests": requests_of_campaign(campaign),
        "timeline": campaign_timeline(campaign),
    }
    return render(request, "collaborations/campaign.html", context)


@organisation_member_required
@require_GET
def sent_request(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One request as the brand sees it: its terms, the creator's answer or counter-offer, its timeline."""
    collaboration = get_sent_request_for(request.user, pk)
    return _sent_request_page(request, collaboration, CounterAnswerForm())


def _sent_request_page(
    request: AuthenticatedHttpRequest,
    collaboration: CollaborationRequest,
    counter_form: CounterAnswerForm,
    status: int = 200,
    extra: dict[str, object] | None = None,
) -> HttpResponse:
    context = {
        "collaboration": collaboration,
        "offer": collaboration.offer,
        "timeline": request_timeline(collaboration),
        "counter_form": counter_form,
        "may_act": may_contact(request.user),
        "deliverables": _videos_with_forms(collaboration, side="brand"),
        "payments": _payments_with_forms(collaboration),
        "payment_form": PaymentForm(
            initial={
                "amount": collaboration.agreed_amount,
                "currency": collaboration.agreed_currency or collaboration.offer.payment_currency,
            }
        ),
        "side": "brand",
        **(extra or {}),
    }
    return render(request, "collaborations/sent_request.html", context, status=status)


@organisation_member_required
@require_POST
def counter_answer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The brand accepts or declines the creator's counter-offer."""
    collaboration = get_sent_request_for(request.user, pk)
    if not may_contact(request.user):
        # Staff read the request; answering is the organisation's.
        raise PermissionDenied(_("Only brand and agency members answer a counter-offer."))
    form = CounterAnswerForm(request.POST)
    choice = request.POST.get("answer")
    if not form.is_valid() or choice not in ("accept", "decline"):
        if choice not in ("accept", "decline"):
            form.add_error(None, _("Choose whether to accept or decline the counter-offer."))
        return _sent_request_page(request, collaboration, form, status=400)
    try:
        collaboration = collaboration_request_counter_answer(
            request=collaboration,
            accept=choice == "accept",
            answered_by=request.user,
            message=form.cleaned_data["message"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if choice == "accept":
            text = _("Accepted the counter-offer of @%(handle)s: %(price)s. The creator was told.")
        else:
            text = _("Declined the counter-offer of @%(handle)s. The creator was told.")
        messages.success(
            request, text % {"handle": collaboration.creator.handle, "price": collaboration.counter_summary()}
        )
    return redirect("collaborations:sent_request", collaboration.pk)


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


@organisation_member_required
@require_POST
def review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The brand approves a video's draft, or asks for changes with a comment."""
    deliverable = get_deliverable_for_brand(request.user, pk)
    if not may_contact(request.user):
        raise PermissionDenied(_("Only brand and agency members review drafts."))
    decision = request.POST.get("decision")
    try:
        if decision not in ("approve", "changes"):
            raise ValidationError(_("Choose whether to approve the draft or ask for changes."))
        deliverable_draft_review(
            deliverable=deliverable,
            approve=decision == "approve",
            reviewed_by=request.user,
            comment=request.POST.get("comment", ""),
        )
    except ValidationError as error:
        extra = {"step_failed": deliverable.pk, "step_errors": error.messages}
        return _sent_request_page(request, deliverable.request, CounterAnswerForm(), status=400, extra=extra)
    if decision == "approve":
        text = _("Approved the draft of video %(number)s; the creator was told.")
    else:
        text = _("Asked for changes to video %(number)s; the creator was told.")
    messages.success(request, text % {"number": deliverable.position})
    return redirect("collaborations:sent_request", deliverable.request_id)


@organisation_member_required
@require_POST
def record_payment(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The brand records a payment due for an accepted request."""
    collaboration = get_sent_request_for(request.user, pk)
    if not may_contact(request.user):
        raise PermissionDenied(_("Only brand and agency members record payments."))
    try:
        payment = payment_record(
            request=collaboration, terms=payment_terms_from(request.POST), recorded_by=request.user
        )
    except ValidationError as error:
        form = PaymentForm(request.POST)
        if hasattr(error, "error_dict"):
            for field, field_errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, field_errors)
        else:
            form.add_error(None, error)
        extra: dict[str, object] = {"payment_form": form}
        return _sent_request_page(request, collaboration, CounterAnswerForm(), status=400, extra=extra)
    messages.success(
        request,
        _("Recorded a payment of %(amount)s due %(date)s; the creator was told.")
        % {"amount": payment.amount_summary(), "date": date_format(payment.due_date, "j M Y")},
    )
    return redirect("collaborations:sent_request", collaboration.pk)


@organisation_member_required
@require_POST
def payment_paid(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The brand records the day it paid."""
    payment = get_payment_for_brand(request.user, pk)
    if not may_contact(request.user):
        raise PermissionDenied(_("Only brand and agency members record payments."))
    form = PaidForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError({"paid_on": [_("Give the day you paid (YYYY-MM-DD).")]})
        payment = payment_mark_paid(
            payment=payment, paid_on=form.cleaned_data["paid_on"], recorded_by=request.user
        )
    except ValidationError as error:
        extra = {"payment_failed": payment.pk, "payment_errors": error.messages}
        return _sent_request_page(request, payment.request, CounterAnswerForm(), status=400, extra=extra)
    messages.success(
        request,
        _("Recorded the payment of %(amount)s as paid; the creator was told.")
        % {"amount": payment.amount_summary()},
    )
    return redirect("collaborations:sent_request", payment.request_id)


def _draft_file(draft: Draft) -> HttpResponse:
    # Always a download, never shown inline: an uploaded file must not run as a page of this site.
    path = draft_path(draft)
    if not path.is_file():
        raise Http404("file missing")
    response = FileResponse(
        path.open("rb"), as_attachment=True, filename=draft.file_name, content_type=draft.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    # A streamed response; the role decorators are typed for HttpResponse, and treat both alike.
    return cast(HttpResponse, response)


@organisation_member_required
@require_GET
def brand_draft_file(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _draft_file(get_draft_file_for_brand(request.user, pk))


@creator_side_required
@require_GET
def inbox_draft_file(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _draft_file(get_draft_file_for_inbox(request.user, pk))


@require_GET
def link_draft_file(request: HttpRequest, token: str, pk: int) -> HttpResponse:
    return _draft_file(get_draft_file_for_token(token, pk))


# --- The creator's side: the inbox, and the page of the e-mailed link --------------------------------


@creator_side_required
@require_GET
def requests(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = {
        "requests": requests_received_by(request.user),
        "payment_records": payment_records_for_inbox(request.user),
    }
    return render(request, "collaborations/requests.html", context)


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
    return _answer_page(request, collaboration, "collaborations/answer.html", may_answer=True, token=token)


def _answer_page(
    request: HttpRequest,
    collaboration: CollaborationRequest,
    template: str,
    *,
    may_answer: bool,
    token: str = "",
) -> HttpResponse:
    if request.method == "POST" and not may_answer:
        raise PermissionDenied(_("Only the creator's side answers a request."))
    context: dict[str, object] = {
        "collaboration": collaboration,
        "timeline": request_timeline(collaboration),
        "form": None,
        "counter_form": None,
        "may_answer": False,
        # The videos, once accepted: the creator's side sends drafts and records the posts.
        "deliverables": _videos_with_forms(collaboration, side="creator"),
        "may_work": may_answer,
        "side": "creator",
        "token": token,
        "payments": _payments_with_forms(collaboration),
        "brand_record": _brand_record(collaboration),
    }
    step = request.POST.get("step") if request.method == "POST" else None
    if step in ("draft", "post"):
        return _deliverable_step(request, collaboration, template, context, step=step)
    if not collaboration.is_open:
        # The link outlives the answer, to follow the request (its state, its timeline), but a withdrawn,
        # expired or answered request has no form; an answer posted anyway is refused and changes nothing.
        status = 200
        if request.method == "POST":
            messages.error(request, _closed_message(collaboration))
            status = 409
        return render(request, template, context, status=status)
    choice = request.POST.get("answer") if request.method == "POST" else None
    form = AnswerForm(request.POST if choice in ("accept", "decline") else None)
    # Its own ids: the answer's form beside it has a message field too.
    counter_form = CounterForm(
        request.POST if choice == "counter" else None,
        initial={"currency": collaboration.offer.payment_currency},
        auto_id="counter_%s",
    )
    context.update({"form": form, "counter_form": counter_form, "may_answer": may_answer})
    answered_by = request.user if request.user.is_authenticated else None
    if choice == "counter":
        if not counter_form.is_valid():
            return render(request, template, context, status=400)
        try:
            collaboration_request_counter(
                request=collaboration, counter=counter_form.counter(), answered_by=answered_by
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(request.path)
    if request.method == "POST" and form.is_valid() and choice in ("accept", "decline"):
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
    return render(request, template, context)


def _videos_with_forms(collaboration: CollaborationRequest, *, side: str) -> list[Deliverable]:
    """The request's videos, each with the forms of its side; each form has ids of its own, so that
    every label names its own field however many videos the page shows."""
    videos = list(deliverables_of(collaboration))
    for video in videos:
        prefix = f"video{video.pk}_%s"
        if side == "brand":
            video.review_form = ReviewForm(auto_id=prefix)  # type: ignore[attr-defined]
        else:
            video.draft_form = DraftForm(auto_id=prefix)  # type: ignore[attr-defined]
            video.post_form = PostForm(auto_id=prefix)  # type: ignore[attr-defined]
    return videos


def _payments_with_forms(collaboration: CollaborationRequest) -> list[Payment]:
    payments = list(payments_of(collaboration))
    for payment in payments:
        payment.paid_form = PaidForm(  # type: ignore[attr-defined]
            initial={"paid_on": timezone.localdate()}, auto_id=f"payment{payment.pk}_%s"
        )
    return payments


def _brand_record(collaboration: CollaborationRequest) -> PaymentRecord:
    organisation = collaboration.campaign.organisation
    record = payment_records([organisation.pk]).get(organisation.pk)
    return record or PaymentRecord(organisation_id=organisation.pk, organisation_name=organisation.name)


def _deliverable_step(
    request: HttpRequest,
    collaboration: CollaborationRequest,
    template: str,
    context: dict[str, object],
    *,
    step: str,
) -> HttpResponse:
    """A draft sent, or a post recorded, by the creator's side, from the request's page."""
    raw = request.POST.get("deliverable", "")
    if not raw.isdigit() or len(raw) > 18:
        raise Http404("no such video")
    deliverable = get_deliverable_for_creator_side(collaboration, int(raw))
    by = request.user if request.user.is_authenticated else None
    try:
        if step == "draft":
            deliverable_draft_submit(
                deliverable=deliverable,
                link=request.POST.get("link", ""),
                file=request.FILES.get("file"),
                note=request.POST.get("note", ""),
                submitted_by=by,
            )
            text = _("Sent the draft of video %(number)s; the brand was told.")
        else:
            deliverable_post(deliverable=deliverable, video=request.POST.get("video", ""), posted_by=by)
            text = _("Recorded video %(number)s as posted; the brand was told.")
    except ValidationError as error:
        context.update({"step_failed": deliverable.pk, "step_errors": error.messages})
        return render(request, template, context, status=400)
    messages.success(request, text % {"number": deliverable.position})
    return redirect(request.path)


def _closed_message(collaboration: CollaborationRequest) -> str:
    return _("This request is %(state)s; it can no longer be answered, and nothing was changed.") % {
        "state": collaboration.current_state_label.lower()
    }
