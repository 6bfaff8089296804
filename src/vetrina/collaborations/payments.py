"""Writes for payments (docs/campaigns.md): the brand records what is due for an accepted request, then
when it was paid. Services as in services.py: keyword-only, typed, one transaction each, checked against
one table of steps, each writing its step on the timeline and telling the creator's side."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vetrina.accounts.access import may_contact
from vetrina.accounts.models import User
from vetrina.collaborations.models import CollaborationRequest, Payment, RequestEvent, RequestState
from vetrina.collaborations.notices import tell_creator
from vetrina.collaborations.terms import PaymentTerms


class Step:
    RECORD = "record"
    MARK_PAID = "mark_paid"


OPEN, PAID = "open", "paid"
# A payment is recorded for an accepted request; an open payment is marked paid, once.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Step.RECORD: (RequestState.ACCEPTED,),
    Step.MARK_PAID: (OPEN,),
}


def _brand_member_of(request: CollaborationRequest, user: User) -> None:
    if not may_contact(user) or request.campaign.organisation_id != user.organisation_id:
        raise PermissionDenied(_("Only the organisation that sent the request records its payments."))


def payment_record(*, request: CollaborationRequest, terms: PaymentTerms, recorded_by: User) -> Payment:
    """The brand records a payment due for an accepted request."""
    _brand_member_of(request, recorded_by)
    with transaction.atomic():
        request = (
            CollaborationRequest.objects.select_for_update(of=("self",))
            .select_related("campaign__organisation", "creator")
            .get(pk=request.pk)
        )
        if request.state not in TRANSITIONS[Step.RECORD]:
            raise ValidationError(
                _(
                    "Payments are recorded for accepted requests; this one is “%(state)s”, and nothing was changed."
                )
                % {"state": request.get_state_display()}
            )
        now = timezone.now()
        payment = Payment.objects.create(
            request=request,
            amount=terms.amount,
            currency=terms.currency,
            due_date=terms.due_date,
            recorded_at=now,
            recorded_by=recorded_by,
        )
        event = RequestEvent.objects.create(
            request=request,
            payment=payment,
            kind=RequestEvent.Kind.PAYMENT_DUE,
            side=RequestEvent.Side.BRAND,
            actor=recorded_by,
            at=now,
            amount=terms.amount,
            currency=terms.currency,
        )
        tell_creator(event)
    return payment


def payment_mark_paid(*, payment: Payment, paid_on: date, recorded_by: User) -> Payment:
    """The brand records the day it paid; paid after the due date, the payment is late."""
    _brand_member_of(payment.request, recorded_by)
    if paid_on > timezone.localdate():
        raise ValidationError({"paid_on": [_("The day of payment cannot be in the future.")]})
    with transaction.atomic():
        payment = (
            Payment.objects.select_for_update(of=("self",))
            .select_related("request__campaign__organisation", "request__creator")
            .get(pk=payment.pk)
        )
        if (PAID if payment.is_paid else OPEN) not in TRANSITIONS[Step.MARK_PAID]:
            raise ValidationError(_("This payment is recorded as paid already; nothing was changed."))
        payment.paid_on = paid_on
        payment.save(update_fields=["paid_on"])
        event = RequestEvent.objects.create(
            request=payment.request,
            payment=payment,
            kind=RequestEvent.Kind.PAID,
            side=RequestEvent.Side.BRAND,
            actor=recorded_by,
            at=timezone.now(),
            amount=payment.amount,
            currency=payment.currency,
        )
        tell_creator(event)
    return payment
