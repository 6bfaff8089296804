"""The request's state machine: every state × every step, allowed or refused (docs/campaigns.md).

An allowed step moves the request to its next state and writes one step on its timeline; a refused one
raises a message a person can read and changes nothing (no state, no timeline step, no price).
"""

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from vetrina.accounts.tests.factories import UserFactory
from vetrina.collaborations.models import PaymentOption, RequestEvent, RequestState
from vetrina.collaborations.services import (
    TRANSITIONS,
    Action,
    collaboration_request_answer,
    collaboration_request_counter,
    collaboration_request_counter_answer,
    collaboration_request_withdraw,
    collaboration_requests_expire,
)
from vetrina.collaborations.terms import CounterTerms
from vetrina.collaborations.tests.factories import CollaborationRequestFactory

pytestmark = pytest.mark.django_db

COUNTER = CounterTerms(amount=Decimal("2000"), currency="EUR", message="My rate for three videos.")

# Each starting state, as the row holds it. "pending, past its date" is pending in the database but
# expired to everybody: nothing may happen to it any more.
STATES: dict[str, dict[str, Any]] = {
    "pending": {},
    "pending, past its date": {"expires_at_past": True},
    "countered": {
        "state": RequestState.COUNTERED,
        "answered": True,
        "counter_amount": Decimal("2000"),
        "counter_currency": "EUR",
    },
    "accepted": {"state": RequestState.ACCEPTED, "answered": True},
    "declined": {"state": RequestState.DECLINED, "answered": True},
    "counter_declined": {
        "state": RequestState.COUNTER_DECLINED,
        "answered": True,
        "counter_amount": Decimal("2000"),
        "counter_currency": "EUR",
    },
    "withdrawn": {"state": RequestState.WITHDRAWN, "withdrawn": True},
    "expired": {"state": RequestState.EXPIRED},
}

# What each allowed step leads to, and the step it writes on the timeline.
ALLOWED = {
    ("pending", Action.ACCEPT): (RequestState.ACCEPTED, RequestEvent.Kind.ACCEPTED),
    ("pending", Action.DECLINE): (RequestState.DECLINED, RequestEvent.Kind.DECLINED),
    ("pending", Action.COUNTER): (RequestState.COUNTERED, RequestEvent.Kind.COUNTERED),
    ("pending", Action.WITHDRAW): (RequestState.WITHDRAWN, RequestEvent.Kind.WITHDRAWN),
    ("countered", Action.ACCEPT_COUNTER): (RequestState.ACCEPTED, RequestEvent.Kind.COUNTER_ACCEPTED),
    ("countered", Action.DECLINE_COUNTER): (
        RequestState.COUNTER_DECLINED,
        RequestEvent.Kind.COUNTER_DECLINED,
    ),
    ("countered", Action.WITHDRAW): (RequestState.WITHDRAWN, RequestEvent.Kind.WITHDRAWN),
}

ACTIONS = [
    Action.ACCEPT,
    Action.DECLINE,
    Action.COUNTER,
    Action.ACCEPT_COUNTER,
    Action.DECLINE_COUNTER,
    Action.WITHDRAW,
]


def request_in(state: str, organisation):
    values = dict(STATES[state])
    now = timezone.now()
    kwargs = {"campaign__organisation": organisation}
    if values.pop("expires_at_past", False):
        kwargs["sent_at"] = now - timedelta(days=10)
        kwargs["expires_at"] = now - timedelta(days=3)
    if values.pop("answered", False):
        kwargs["answered_at"] = now
    if values.pop("withdrawn", False):
        kwargs["withdrawn_at"] = now
    return CollaborationRequestFactory.create(**kwargs, **values)


def act(action: str, request, brand_member):
    if action == Action.ACCEPT:
        return collaboration_request_answer(request=request, accept=True)
    if action == Action.DECLINE:
        return collaboration_request_answer(request=request, accept=False)
    if action == Action.COUNTER:
        return collaboration_request_counter(request=request, counter=COUNTER)
    if action == Action.ACCEPT_COUNTER:
        return collaboration_request_counter_answer(request=request, accept=True, answered_by=brand_member)
    if action == Action.DECLINE_COUNTER:
        return collaboration_request_counter_answer(request=request, accept=False, answered_by=brand_member)
    assert action == Action.WITHDRAW
    return collaboration_request_withdraw(request=request, withdrawn_by=brand_member)


def test_the_table_covers_every_state_and_every_step():
    assert {state for state, _ in ALLOWED} <= set(STATES)
    assert set(ACTIONS) == set(TRANSITIONS)
    assert set(RequestState.values) <= set(STATES)
    # The services' own table allows exactly what this one does.
    allowed_by_services = {(state, action) for action, states in TRANSITIONS.items() for state in states}
    assert allowed_by_services == set(ALLOWED)


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("state", list(STATES))
def test_every_step_from_every_state_is_allowed_or_refused(state, action, brand_member):
    # given
    request = request_in(state, brand_member.organisation)
    before = request.state
    events_before = set(request.events.values_list("pk", flat=True))
    # when / then
    if (state, action) in ALLOWED:
        next_state, kind = ALLOWED[(state, action)]
        act(action, request, brand_member)
        request.refresh_from_db()
        assert request.state == next_state
        assert list(request.events.exclude(pk__in=events_before).values_list("kind", flat=True)) == [kind]
    else:
        with pytest.raises(ValidationError) as refused:
            act(action, request, brand_member)
        assert (
            "nothing was changed" in refused.value.messages[0]
            or "cannot be changed" in refused.value.messages[0]
        )
        request.refresh_from_db()
        if state == "pending, past its date":
            # Refused because it is expired: it is marked so, with that step on its timeline.
            assert request.state == RequestState.EXPIRED
            assert list(request.events.exclude(pk__in=events_before).values_list("kind", flat=True)) == [
                RequestEvent.Kind.EXPIRED
            ]
        else:
            assert request.state == before
            assert not request.events.exclude(pk__in=events_before).exists()
            assert request.agreed_amount is None


def test_accepting_the_offer_binds_its_price(brand_member):
    request = request_in("pending", brand_member.organisation)
    collaboration_request_answer(request=request, accept=True)
    request.refresh_from_db()
    assert (request.agreed_amount, request.agreed_currency) == (Decimal(1500), "USD")


def test_accepting_an_offer_with_no_amount_binds_no_price(brand_member):
    request = CollaborationRequestFactory.create(
        campaign__organisation=brand_member.organisation,
        offer__payment_option=PaymentOption.FREE_PRODUCT,
        offer__payment_amount=None,
        offer__payment_currency="",
    )
    collaboration_request_answer(request=request, accept=True)
    request.refresh_from_db()
    assert (request.agreed_amount, request.agreed_currency) == (None, "")


def test_a_counter_offer_binds_only_once_the_brand_accepts_it(brand_member):
    # given a counter-offer
    request = request_in("pending", brand_member.organisation)
    collaboration_request_counter(request=request, counter=COUNTER)
    request.refresh_from_db()
    assert (request.counter_amount, request.counter_currency, request.message) == (
        Decimal(2000),
        "EUR",
        "My rate for three videos.",
    )
    assert request.agreed_amount is None
    # when the brand accepts it
    collaboration_request_counter_answer(request=request, accept=True, answered_by=brand_member)
    # then its price is the agreed one
    request.refresh_from_db()
    assert (request.state, request.agreed_amount, request.agreed_currency) == (
        RequestState.ACCEPTED,
        Decimal(2000),
        "EUR",
    )
    assert request.counter_answered_by == brand_member


def test_a_declined_counter_offer_binds_nothing(brand_member):
    request = request_in("countered", brand_member.organisation)
    collaboration_request_counter_answer(
        request=request, accept=False, answered_by=brand_member, message="Too much"
    )
    request.refresh_from_db()
    assert (request.state, request.agreed_amount) == (RequestState.COUNTER_DECLINED, None)
    assert request.events.get().message == "Too much"


def test_another_organisation_may_not_answer_a_counter_offer(brand_member, agency_member):
    request = request_in("countered", brand_member.organisation)
    with pytest.raises(PermissionDenied):
        collaboration_request_counter_answer(request=request, accept=True, answered_by=agency_member)
    request.refresh_from_db()
    assert request.state == RequestState.COUNTERED


def test_a_visitor_may_not_answer_a_counter_offer(brand_member):
    visitor = UserFactory.create(role="visitor", organisation=brand_member.organisation)
    request = request_in("countered", brand_member.organisation)
    with pytest.raises(PermissionDenied):
        collaboration_request_counter_answer(request=request, accept=False, answered_by=visitor)


def test_the_timeline_names_who_made_each_step_and_the_price(brand_member, creator_account):
    request = request_in("pending", brand_member.organisation)
    collaboration_request_counter(request=request, counter=COUNTER, answered_by=creator_account)
    collaboration_request_counter_answer(request=request, accept=True, answered_by=brand_member)
    steps = [(event.kind, event.side, event.actor, event.amount) for event in request.events.all()]
    assert steps == [
        (RequestEvent.Kind.COUNTERED, RequestEvent.Side.CREATOR, creator_account, Decimal(2000)),
        (RequestEvent.Kind.COUNTER_ACCEPTED, RequestEvent.Side.BRAND, brand_member, Decimal(2000)),
    ]


def test_the_expiry_job_writes_the_step_once_however_often_it_runs(brand_member):
    request = request_in("pending, past its date", brand_member.organisation)
    assert collaboration_requests_expire() == 1
    assert collaboration_requests_expire() == 0
    request.refresh_from_db()
    assert request.state == RequestState.EXPIRED
    assert list(request.events.values_list("kind", "side")) == [
        (RequestEvent.Kind.EXPIRED, RequestEvent.Side.SYSTEM)
    ]
