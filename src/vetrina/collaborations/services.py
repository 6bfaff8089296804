"""Writes for collaborations: contacting creators, their answers and counter-offers, the brand's answer to
a counter-offer, withdrawing, expiry (docs/roles.md, steps 7, 9 and 10; docs/campaigns.md).

Each step of a request is one service here: it locks the request, checks that the step is allowed from
the request's state (`TRANSITIONS`), changes the row, writes the step to the request's timeline
(`RequestEvent`) and queues what tells the other side, all in one transaction.

Every e-mail is queued in the outbox inside the transaction of the change it tells about, so it exists
exactly when the change does.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vetrina.accounts.access import may_contact
from vetrina.accounts.models import User
from vetrina.collaborations.deliverables import deliverables_create
from vetrina.collaborations.models import (
    PAID_OPTIONS,
    Campaign,
    CollaborationRequest,
    Offer,
    OfferDeliverable,
    RequestEvent,
    RequestState,
)
from vetrina.collaborations.notices import tell_brand, tell_creator, tell_creators_sent
from vetrina.collaborations.terms import CounterTerms, OfferTerms
from vetrina.collaborations.tokens import answer_token_for
from vetrina.creators.models import Creator
from vetrina.mail.emails import absolute_url, email_queue
from vetrina.notifications.services import notifications_send_for_answer


@dataclass
class ContactResult:
    campaign: Campaign
    sent: list[CollaborationRequest] = field(default_factory=list)
    # Creators who already had a request in this campaign: left alone, and named to the sender.
    already_contacted: list[Creator] = field(default_factory=list)


def _organisation_member(user: User) -> None:
    # Brands and agencies contact creators; visitors may only look, staff do not act for an organisation.
    if not may_contact(user):
        raise PermissionDenied(_("Only brand and agency members contact creators."))


@transaction.atomic
def collaboration_requests_send(
    *, sent_by: User, creators: list[Creator], terms: OfferTerms
) -> ContactResult:
    """Sends the offer to each creator as a request in the terms' campaign, made if new. The terms were
    checked when they were made (`collaborations.terms`), for the form and the API alike.

    Creators who already have a request in the campaign are skipped and returned by name. The others are
    sent all together or not at all: a creator with no manager e-mail, or one not verified, stops the
    whole send with the reason, so the sender can take them out and send again.
    """
    _organisation_member(sent_by)
    if not creators:
        raise ValidationError(_("Choose at least one creator to contact."))

    campaign = _campaign_for_update(sent_by=sent_by, name=terms.campaign_name)
    contacted = set(campaign.requests.filter(creator__in=creators).values_list("creator_id", flat=True))
    result = ContactResult(campaign=campaign)
    to_send = []
    for creator in _unique(creators):
        if creator.pk in contacted:
            result.already_contacted.append(creator)
        else:
            to_send.append(creator)
    if not to_send:
        raise ValidationError(
            _("Every chosen creator already has the campaign “%(campaign)s”; nothing was sent.")
            % {"campaign": campaign.name}
        )
    unverified = [creator for creator in to_send if not creator.verified]
    if unverified:
        raise ValidationError(
            _("Not sent to anyone: %(handles)s is not verified yet.") % {"handles": _handles(unverified)}
        )
    paused = [creator for creator in to_send if creator.requests_paused]
    if paused:
        raise ValidationError(
            _("Not sent to anyone: %(handles)s is not taking requests now.") % {"handles": _handles(paused)}
        )
    unreachable = [creator for creator in to_send if not creator.manager_email.strip()]
    if unreachable:
        raise ValidationError(
            _(
                "Not sent to anyone: %(handles)s has no manager e-mail to send the request to. "
                "Take them out and send again."
            )
            % {"handles": _handles(unreachable)}
        )

    now = timezone.now()
    offer = Offer.objects.create(
        campaign=campaign,
        description=terms.description,
        payment_option=terms.payment_option,
        payment_amount=terms.payment_amount,
        payment_currency=terms.payment_currency,
        commission_percent=terms.commission_percent,
        contact_name=terms.contact_name,
        contact_email=terms.contact_email,
        contact_phone=terms.contact_phone,
        usage_rights_days=terms.usage_rights_days,
        sent_by=sent_by,
        sent_at=now,
    )
    OfferDeliverable.objects.bulk_create(
        OfferDeliverable(offer=offer, position=position, brief=item.brief, due_date=item.due_date)
        for position, item in enumerate(terms.deliverables, start=1)
    )
    expires_at = now + timedelta(days=settings.VETRINA_REQUEST_EXPIRY_DAYS)
    requests = CollaborationRequest.objects.bulk_create(
        CollaborationRequest(
            campaign=campaign,
            offer=offer,
            creator=creator,
            sent_to=creator.manager_email.strip().lower(),
            sent_at=now,
            expires_at=expires_at,
        )
        for creator in to_send
    )
    events = RequestEvent.objects.bulk_create(
        RequestEvent(
            request=request, kind=RequestEvent.Kind.SENT, side=RequestEvent.Side.BRAND, actor=sent_by, at=now
        )
        for request in requests
    )
    tell_creators_sent(events)
    for request in requests:
        _request_email_send(request)
    result.sent = requests
    return result


def _unique(creators: list[Creator]) -> list[Creator]:
    seen: dict[int, Creator] = {}
    for creator in creators:
        seen.setdefault(creator.pk, creator)
    return list(seen.values())


def _handles(creators: list[Creator]) -> str:
    return ", ".join(f"@{creator.handle}" for creator in creators)


def _campaign_for_update(*, sent_by: User, name: str) -> Campaign:
    """The organisation's campaign of that name, made if new, locked: two sends to one campaign take turns,
    so that neither sends a creator a second request."""
    organisation = sent_by.organisation
    assert organisation is not None
    existing = (
        Campaign.objects.select_for_update().filter(organisation=organisation, name__iexact=name).first()
    )
    if existing is not None:
        return existing
    try:
        # A savepoint: a concurrent twin trips the one-name constraint, not this transaction.
        with transaction.atomic():
            return Campaign.objects.create(organisation=organisation, name=name, created_by=sent_by)
    except IntegrityError:
        return Campaign.objects.select_for_update().get(organisation=organisation, name__iexact=name)


def _request_email_send(request: CollaborationRequest) -> None:
    creator = request.creator
    link = answer_link(request)
    email_queue(
        to=request.sent_to,
        subject=format_lazy(gettext_lazy("A collaboration request for @{handle}"), handle=creator.handle),
        template="collaboration_request",
        context={
            "request": request,
            "offer": request.offer,
            "campaign": request.campaign,
            "organisation": request.campaign.organisation,
            "creator": creator,
            "link": link,
        },
        # A manager told us no language; the creator's first one is the best guess we have.
        language=creator.languages[0] if creator.languages else None,
        # The signed link answers the request without an account: gone from the stored copy once sent.
        secret_parts=[link],
    )


def answer_link(request: CollaborationRequest) -> str:
    return absolute_url(reverse("collaborations:answer", args=[answer_token_for(request.pk)]))


# The steps, and the states each may start from. Anything else is refused with the request's state.
class Action:
    ACCEPT = "accept"
    DECLINE = "decline"
    COUNTER = "counter"
    ACCEPT_COUNTER = "accept_counter"
    DECLINE_COUNTER = "decline_counter"
    WITHDRAW = "withdraw"


TRANSITIONS: dict[str, tuple[str, ...]] = {
    Action.ACCEPT: (RequestState.PENDING,),
    Action.DECLINE: (RequestState.PENDING,),
    Action.COUNTER: (RequestState.PENDING,),
    Action.ACCEPT_COUNTER: (RequestState.COUNTERED,),
    Action.DECLINE_COUNTER: (RequestState.COUNTERED,),
    Action.WITHDRAW: (RequestState.PENDING, RequestState.COUNTERED),
}


def _expire_if_due(request: CollaborationRequest) -> None:
    # Past its date, though the periodic job has not come round to it yet: it is expired. Its own
    # transaction, so that this sticks even though the change asked for is then refused.
    with transaction.atomic():
        _expire(request.pk, now=timezone.now())


def _expire(pk: int, *, now: datetime) -> bool:
    # One conditional UPDATE: of two workers (or a worker and a page) at once, one expires it and writes the
    # step, the other changes nothing.
    expired = CollaborationRequest.objects.filter(
        pk=pk, state=RequestState.PENDING, expires_at__lte=now
    ).update(state=RequestState.EXPIRED)
    if expired:
        request = CollaborationRequest.objects.only("expires_at").get(pk=pk)
        _event(request, RequestEvent.Kind.EXPIRED, side=RequestEvent.Side.SYSTEM, at=request.expires_at)
    return bool(expired)


def _locked_for(request: CollaborationRequest, action: str) -> CollaborationRequest:
    """The request, locked (so that two steps at the same moment take turns), if `action` is allowed from
    its state; else ValidationError with the state."""
    locked = (
        CollaborationRequest.objects.select_for_update(of=("self",))
        .select_related("campaign__organisation", "creator", "offer")
        .get(pk=request.pk)
    )
    if locked.state not in TRANSITIONS[action]:
        state = locked.get_state_display()
        if locked.state in (RequestState.PENDING, RequestState.COUNTERED):
            # Still in talks, but waiting on the other side (or on another step).
            raise ValidationError(
                _("That step is not possible while the request is “%(state)s”; nothing was changed.")
                % {"state": state}
            )
        raise ValidationError(
            _("This request is %(state)s already; it cannot be changed.") % {"state": state.lower()}
        )
    return locked


def _event(
    request: CollaborationRequest,
    kind: str,
    *,
    side: str,
    actor: User | None = None,
    at: datetime | None = None,
    message: str = "",
    amount: Decimal | None = None,
    currency: str = "",
) -> RequestEvent:
    return RequestEvent.objects.create(
        request=request,
        kind=kind,
        side=side,
        actor=actor,
        at=at or timezone.now(),
        message=message,
        amount=amount,
        currency=currency,
    )


def _organisation_of_request(request: CollaborationRequest, user: User, message: str) -> None:
    _organisation_member(user)
    if request.campaign.organisation_id != user.organisation_id:
        raise PermissionDenied(message)


def collaboration_request_answer(
    *, request: CollaborationRequest, accept: bool, message: str = "", answered_by: User | None = None
) -> CollaborationRequest:
    """The creator's answer, through the e-mailed link (no account) or the inbox (`answered_by`).

    Accepting binds the offer's price. The organisation's members get a notification in Vetrina and an
    e-mail.
    """
    _expire_if_due(request)
    with transaction.atomic():
        request = _locked_for(request, Action.ACCEPT if accept else Action.DECLINE)
        now = timezone.now()
        request.state = RequestState.ACCEPTED if accept else RequestState.DECLINED
        request.answered_at = now
        request.answered_by = answered_by
        request.message = message.strip()
        if accept and request.offer.payment_option in PAID_OPTIONS:
            request.agreed_amount = request.offer.payment_amount
            request.agreed_currency = request.offer.payment_currency
        if accept:
            deliverables_create(request=request)
        request.save(
            update_fields=[
                "state",
                "answered_at",
                "answered_by",
                "message",
                "agreed_amount",
                "agreed_currency",
            ]
        )
        _event(
            request,
            RequestEvent.Kind.ACCEPTED if accept else RequestEvent.Kind.DECLINED,
            side=RequestEvent.Side.CREATOR,
            actor=answered_by,
            at=now,
            message=request.message,
        )
        notifications_send_for_answer(request=request)
    return request


def collaboration_request_counter(
    *, request: CollaborationRequest, counter: CounterTerms, answered_by: User | None = None
) -> CollaborationRequest:
    """The creator names another price, with a message. Nothing binds until the brand accepts it."""
    _expire_if_due(request)
    with transaction.atomic():
        request = _locked_for(request, Action.COUNTER)
        now = timezone.now()
        request.state = RequestState.COUNTERED
        request.answered_at = now
        request.answered_by = answered_by
        request.message = counter.message
        request.counter_amount = counter.amount
        request.counter_currency = counter.currency
        request.save(
            update_fields=[
                "state",
                "answered_at",
                "answered_by",
                "message",
                "counter_amount",
                "counter_currency",
            ]
        )
        event = _event(
            request,
            RequestEvent.Kind.COUNTERED,
            side=RequestEvent.Side.CREATOR,
            actor=answered_by,
            at=now,
            message=counter.message,
            amount=counter.amount,
            currency=counter.currency,
        )
        tell_brand(event)
    return request


def collaboration_request_counter_answer(
    *, request: CollaborationRequest, accept: bool, answered_by: User, message: str = ""
) -> CollaborationRequest:
    """The brand accepts the creator's counter-offer (its price binds: the request is accepted) or declines
    it (the request ends)."""
    _organisation_of_request(
        request, answered_by, _("Only the organisation that sent a request may answer its counter-offer.")
    )
    _expire_if_due(request)
    with transaction.atomic():
        request = _locked_for(request, Action.ACCEPT_COUNTER if accept else Action.DECLINE_COUNTER)
        now = timezone.now()
        request.counter_answered_at = now
        request.counter_answered_by = answered_by
        if accept:
            request.state = RequestState.ACCEPTED
            request.agreed_amount = request.counter_amount
            request.agreed_currency = request.counter_currency
            deliverables_create(request=request)
        else:
            request.state = RequestState.COUNTER_DECLINED
        request.save(
            update_fields=[
                "state",
                "counter_answered_at",
                "counter_answered_by",
                "agreed_amount",
                "agreed_currency",
            ]
        )
        event = _event(
            request,
            RequestEvent.Kind.COUNTER_ACCEPTED if accept else RequestEvent.Kind.COUNTER_DECLINED,
            side=RequestEvent.Side.BRAND,
            actor=answered_by,
            at=now,
            message=message.strip(),
            amount=request.counter_amount,
            currency=request.counter_currency,
        )
        tell_creator(event)
    return request


def collaboration_request_withdraw(
    *, request: CollaborationRequest, withdrawn_by: User
) -> CollaborationRequest:
    """The organisation takes back a request still in talks (pending, or its counter-offer unanswered); the
    creator's manager is told by e-mail."""
    _organisation_of_request(
        request, withdrawn_by, _("Only the organisation that sent a request may withdraw it.")
    )
    _expire_if_due(request)
    with transaction.atomic():
        request = _locked_for(request, Action.WITHDRAW)
        now = timezone.now()
        request.state = RequestState.WITHDRAWN
        request.withdrawn_at = now
        request.save(update_fields=["state", "withdrawn_at"])
        event = _event(
            request, RequestEvent.Kind.WITHDRAWN, side=RequestEvent.Side.BRAND, actor=withdrawn_by, at=now
        )
        # The e-mail below says it; the bell of a creator-side account too.
        tell_creator(event, email=False)
        creator = request.creator
        link = answer_link(request)
        email_queue(
            to=request.sent_to,
            subject=format_lazy(
                gettext_lazy("The collaboration request for @{handle} was withdrawn"), handle=creator.handle
            ),
            template="collaboration_withdrawn",
            context={
                "request": request,
                "campaign": request.campaign,
                "organisation": request.campaign.organisation,
                "creator": creator,
                "link": link,
            },
            language=creator.languages[0] if creator.languages else None,
            # The signed link still opens the request without an account: gone once sent.
            secret_parts=[link],
        )
    return request


def collaboration_requests_expire(*, now: datetime | None = None) -> int:
    """The worker's periodic job: pending requests past their date expire, each with its step on the
    timeline. Returns how many.

    Each row is one conditional UPDATE, so several workers may run it at once: whichever changes the row
    writes its step.
    """
    now = now or timezone.now()
    due = CollaborationRequest.objects.filter(state=RequestState.PENDING, expires_at__lte=now)
    expired = 0
    for pk in list(due.values_list("pk", flat=True)[:1000]):
        with transaction.atomic():
            expired += _expire(pk, now=now)
    return expired
