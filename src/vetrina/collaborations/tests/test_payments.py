"""Payments: the brand records what is due for an accepted request and when it paid; late payments are
marked; the creator's side reads each brand's record (docs/campaigns.md)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from vetrina.accounts.tests.factories import OrganisationFactory
from vetrina.collaborations.models import Payment, RequestEvent, RequestState
from vetrina.collaborations.payments import payment_mark_paid, payment_record
from vetrina.collaborations.selectors import payment_records
from vetrina.collaborations.terms import PaymentTerms
from vetrina.collaborations.tests.factories import CollaborationRequestFactory
from vetrina.collaborations.tokens import answer_token_for
from vetrina.conftest import client_for
from vetrina.mail.models import OutboxMessage
from vetrina.notifications.models import Notification

pytestmark = pytest.mark.django_db


def today() -> date:
    return timezone.localdate()


def terms(due: date | None = None) -> PaymentTerms:
    return PaymentTerms(amount=Decimal(1500), currency="USD", due_date=due or today() + timedelta(days=30))


def request_in(state: str, organisation, **extra):
    now = timezone.now()
    values: dict = {"state": state, "campaign__organisation": organisation, **extra}
    if state in ("accepted", "declined", "countered", "counter_declined"):
        values["answered_at"] = now
    if state in ("countered", "counter_declined"):
        values.update(counter_amount=Decimal(9), counter_currency="USD")
    if state == "withdrawn":
        values["withdrawn_at"] = now
    return CollaborationRequestFactory.create(**values)


@pytest.mark.parametrize("state", RequestState.values)
def test_a_payment_is_recorded_for_an_accepted_request_only(state, brand_member):
    request = request_in(state, brand_member.organisation)
    if state == RequestState.ACCEPTED:
        payment = payment_record(request=request, terms=terms(), recorded_by=brand_member)
        assert (payment.amount, payment.currency, payment.paid_on) == (Decimal(1500), "USD", None)
        assert list(request.events.values_list("kind", flat=True)) == [RequestEvent.Kind.PAYMENT_DUE]
    else:
        with pytest.raises(ValidationError, match="nothing was changed"):
            payment_record(request=request, terms=terms(), recorded_by=brand_member)
        assert not Payment.objects.exists()
        assert not request.events.exists()


@pytest.mark.parametrize("paid_before", [False, True])
def test_an_open_payment_is_marked_paid_once(paid_before, brand_member):
    payment = payment_record(
        request=request_in("accepted", brand_member.organisation), terms=terms(), recorded_by=brand_member
    )
    if paid_before:
        payment_mark_paid(payment=payment, paid_on=today(), recorded_by=brand_member)
        with pytest.raises(ValidationError, match="paid already; nothing was changed"):
            payment_mark_paid(payment=payment, paid_on=today() - timedelta(days=1), recorded_by=brand_member)
        payment.refresh_from_db()
        assert payment.paid_on == today()
    else:
        payment_mark_paid(payment=payment, paid_on=today(), recorded_by=brand_member)
        payment.refresh_from_db()
        assert payment.paid_on == today()
    assert payment.events.filter(kind=RequestEvent.Kind.PAID).count() == 1


def test_a_payment_after_its_due_date_is_late_and_an_unpaid_one_past_it_overdue(brand_member):
    request = request_in("accepted", brand_member.organisation)
    late = payment_record(
        request=request, terms=terms(today() - timedelta(days=10)), recorded_by=brand_member
    )
    on_time = payment_record(
        request=request, terms=terms(today() - timedelta(days=1)), recorded_by=brand_member
    )
    payment_mark_paid(payment=late, paid_on=today() - timedelta(days=2), recorded_by=brand_member)
    payment_mark_paid(payment=on_time, paid_on=today() - timedelta(days=1), recorded_by=brand_member)
    overdue = payment_record(
        request=request, terms=terms(today() - timedelta(days=1)), recorded_by=brand_member
    )
    not_yet = payment_record(request=request, terms=terms(today()), recorded_by=brand_member)
    for payment in (late, on_time):
        payment.refresh_from_db()
    assert [late.is_late, on_time.is_late, overdue.is_late, not_yet.is_late] == [True, False, True, False]


def test_a_day_of_payment_in_the_future_is_refused(brand_member):
    payment = payment_record(
        request=request_in("accepted", brand_member.organisation), terms=terms(), recorded_by=brand_member
    )
    with pytest.raises(ValidationError) as refused:
        payment_mark_paid(payment=payment, paid_on=today() + timedelta(days=1), recorded_by=brand_member)
    assert refused.value.message_dict == {"paid_on": ["The day of payment cannot be in the future."]}


def test_another_organisation_records_no_payment(brand_member, agency_member):
    request = request_in("accepted", brand_member.organisation)
    with pytest.raises(PermissionDenied):
        payment_record(request=request, terms=terms(), recorded_by=agency_member)


def test_the_creators_side_is_told_of_each_payment(brand_member, creator_account):
    request = request_in(
        "accepted",
        brand_member.organisation,
        creator__handle="anna.styles",
        creator__manager_email="team@anna.example",
    )
    payment = payment_record(
        request=request, terms=terms(today() - timedelta(days=3)), recorded_by=brand_member
    )
    payment_mark_paid(payment=payment, paid_on=today(), recorded_by=brand_member)
    texts = list(
        OutboxMessage.objects.filter(recipient="team@anna.example")
        .order_by("pk")
        .values_list("text", flat=True)
    )
    assert "recorded a payment of $1,500.00 to @anna.styles" in texts[0]
    assert "paid $1,500.00 to @anna.styles" in texts[1]
    assert "(late)" in texts[1]
    assert Notification.objects.filter(user=creator_account).count() == 2


def test_each_brands_record_counts_on_time_late_and_open_payments(brand_member):
    # given brand A: 2 paid on time, 1 paid late, 1 open; brand B: 1 paid late
    other = OrganisationFactory.create(name="Other Brand")
    a = request_in("accepted", brand_member.organisation)
    b = request_in("accepted", other)
    rows = [
        (a, today() - timedelta(days=5), today() - timedelta(days=5)),
        (a, today() - timedelta(days=5), today() - timedelta(days=6)),
        (a, today() - timedelta(days=5), today() - timedelta(days=4)),
        (a, today() - timedelta(days=5), None),
        (b, today() - timedelta(days=9), today() - timedelta(days=1)),
    ]
    for request, due, paid in rows:
        Payment.objects.create(
            request=request, amount=1, currency="USD", due_date=due, paid_on=paid, recorded_at=timezone.now()
        )
    # when
    records = payment_records([brand_member.organisation_id, other.pk])
    # then
    expected: dict[int, list[int]] = {}
    for request, due, paid in rows:
        counts = expected.setdefault(request.campaign.organisation_id, [0, 0, 0])
        counts[0 if paid is not None and paid <= due else 1 if paid is not None else 2] += 1
    assert {pk: [r.on_time, r.late, r.open] for pk, r in records.items()} == expected
    assert expected == {brand_member.organisation_id: [2, 1, 1], other.pk: [0, 1, 0]}


def test_the_brand_records_a_payment_and_marks_it_paid_on_the_page(brand_member, client):
    request = request_in(
        "accepted", brand_member.organisation, agreed_amount=Decimal(1500), agreed_currency="USD"
    )
    brand = client_for(brand_member)
    page = brand.get(f"/activity/requests/{request.pk}/").text
    assert "Record a payment due" in page
    assert 'value="1500.00"' in page
    # a bad one is refused with the field's message
    response = brand.post(f"/activity/requests/{request.pk}/payments/", {"amount": "0", "currency": "USD"})
    assert response.status_code == 400
    assert "Give the amount of the fee." in response.text
    assert "Give the date the payment is due (YYYY-MM-DD)." in response.text
    assert not Payment.objects.exists()
    # a good one is recorded, then paid late
    due = today() - timedelta(days=3)
    response = brand.post(
        f"/activity/requests/{request.pk}/payments/",
        {"amount": "1500", "currency": "USD", "due_date": due.isoformat()},
    )
    assert response.status_code == 302
    payment = Payment.objects.get()
    assert "Overdue" in brand.get(f"/activity/requests/{request.pk}/").text
    response = brand.post(f"/activity/payments/{payment.pk}/paid/", {"paid_on": today().isoformat()})
    assert response.status_code == 302
    # the creator's side sees it, and the brand's record
    page = client.get(f"/answer/{answer_token_for(request.pk)}/").text
    assert "Paid late, on" in page
    assert "0 on time, 1 late, 0 open" in page


def test_the_inbox_shows_the_record_of_each_brand(brand_member, creator_account):
    request = request_in("accepted", brand_member.organisation, creator__manager_email="team@anna.example")
    Payment.objects.create(
        request=request,
        amount=1,
        currency="USD",
        due_date=today(),
        paid_on=today(),
        recorded_at=timezone.now(),
    )
    page = client_for(creator_account).get("/requests/").text
    assert "How brands pay" in page
    row = page[page.index("How brands pay") :]
    assert "Acme Cosmetics" in row
