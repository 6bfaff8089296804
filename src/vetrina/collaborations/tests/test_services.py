import importlib
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from vetrina.accounts.models import Role
from vetrina.accounts.tests.factories import UserFactory
from vetrina.collaborations.models import (
    Campaign,
    CollaborationRequest,
    PaymentOption,
    RequestEvent,
    RequestState,
)
from vetrina.collaborations.services import (
    collaboration_request_answer,
    collaboration_request_withdraw,
    collaboration_requests_expire,
    collaboration_requests_send,
)
from vetrina.collaborations.terms import OfferTerms
from vetrina.collaborations.tests.factories import CollaborationRequestFactory, deliverables
from vetrina.creators.tests.factories import CreatorFactory
from vetrina.mail.models import OutboxMessage
from vetrina.notifications.models import Notification

pytestmark = pytest.mark.django_db

TERMS = {
    "description": "Three videos about our spring serum.",
    "payment_option": PaymentOption.FIXED_FEE,
    "payment_amount": Decimal(1500),
    "payment_currency": "USD",
    "contact_name": "Anna Rossi",
    "contact_email": "anna@acme.test",
    "contact_phone": "+442079460958",
    "deliverables": deliverables(1),
}


def send(user, creators, name="Spring glow", terms=TERMS):
    offer_terms = OfferTerms(campaign_name=name, **terms)
    return collaboration_requests_send(sent_by=user, creators=creators, terms=offer_terms)


@pytest.fixture
def creators():
    return [
        CreatorFactory.create(handle=f"creator.{n}", manager_email=f"team{n}@creators.test") for n in range(3)
    ]


def test_it_sends_one_request_per_creator_in_a_new_campaign_and_e_mails_each_manager(
    brand_member, creators, django_capture_on_commit_callbacks, mailoutbox
):
    # when
    with django_capture_on_commit_callbacks(execute=True):
        result = send(brand_member, creators)
    # then
    campaign = Campaign.objects.get()
    assert (campaign.name, campaign.organisation) == ("Spring glow", brand_member.organisation)
    assert [request.creator.handle for request in result.sent] == ["creator.0", "creator.1", "creator.2"]
    assert set(campaign.requests.values_list("state", flat=True)) == {RequestState.PENDING}
    assert sorted(message.to[0] for message in mailoutbox) == [
        "team0@creators.test",
        "team1@creators.test",
        "team2@creators.test",
    ]
    body = mailoutbox[0].body
    assert "Acme Cosmetics" in body
    assert "Spring glow" in body
    assert "Fixed fee: $1,500.00" in body
    assert "/answer/" in body


def test_a_sent_request_keeps_no_working_answer_link_in_the_outbox(
    brand_member, creators, django_capture_on_commit_callbacks, mailoutbox
):
    # The signed link answers the request without an account: a secret, like a password reset's.
    with django_capture_on_commit_callbacks(execute=True):
        send(brand_member, creators[:1])
    [email] = mailoutbox
    token = re.search(r"/answer/([^/\s]+)/", email.body)
    assert token is not None
    stored = OutboxMessage.objects.get(recipient="team0@creators.test")
    assert stored.state == OutboxMessage.State.SENT
    for body in (stored.text, stored.html):
        assert token.group(1) not in body
        assert "[link removed after sending]" in body


def test_a_withdrawal_e_mailed_to_the_creator_side_keeps_no_working_link(
    brand_member, creators, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        [request] = send(brand_member, creators[:1]).sent
    with django_capture_on_commit_callbacks(execute=True):
        collaboration_request_withdraw(request=request, withdrawn_by=brand_member)
    # then the withdrawal's e-mail, as every e-mail to the creator's side, keeps no working link
    stored = OutboxMessage.objects.filter(recipient="team0@creators.test")
    assert stored.count() == len(mailoutbox) == 2
    token = re.search(r"/answer/([^/\s]+)/", mailoutbox[-1].body)
    assert token is not None
    for message in stored:
        assert message.state == OutboxMessage.State.SENT
        assert token.group(1) not in message.text
        assert token.group(1) not in message.html


def test_it_expires_requests_after_the_configured_days(brand_member, creators, settings):
    settings.VETRINA_REQUEST_EXPIRY_DAYS = 3
    result = send(brand_member, creators[:1])
    request = result.sent[0]
    assert request.expires_at - request.sent_at == timedelta(days=3)


def test_the_same_name_in_another_case_is_the_same_campaign_and_creators_who_have_it_are_skipped(
    brand_member, creators
):
    # given
    send(brand_member, creators[:2], name="Spring glow")
    # when
    result = send(brand_member, creators, name="  spring GLOW ")
    # then
    assert Campaign.objects.count() == 1
    assert [creator.handle for creator in result.already_contacted] == ["creator.0", "creator.1"]
    assert [request.creator.handle for request in result.sent] == ["creator.2"]
    assert CollaborationRequest.objects.count() == 3


def test_another_organisation_may_use_the_same_campaign_name(brand_member, agency_member, creators):
    send(brand_member, creators[:1])
    result = send(agency_member, creators[:1])
    assert len(result.sent) == 1
    assert Campaign.objects.count() == 2


def test_it_refuses_when_every_creator_already_has_the_campaign(brand_member, creators):
    send(brand_member, creators[:1])
    with pytest.raises(ValidationError, match="already has the campaign"):
        send(brand_member, creators[:1])


def test_a_creator_without_a_manager_e_mail_stops_the_whole_send_with_the_reason(brand_member, creators):
    # given
    unreachable = CreatorFactory.create(handle="no.manager", manager_email="")
    # when / then
    with pytest.raises(ValidationError, match=r"@no\.manager has no manager e-mail"):
        send(brand_member, [*creators, unreachable])
    assert not Campaign.objects.exists()
    assert not CollaborationRequest.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_an_earlier_offer_is_kept_when_the_campaign_is_sent_again_with_other_terms(brand_member, creators):
    # given
    first = send(brand_member, creators[:1]).sent[0]
    # when
    other_terms = {
        "description": "A free jar for an honest review.",
        "payment_option": PaymentOption.FREE_PRODUCT,
        "contact_name": "Anna Rossi",
        "contact_email": "anna@acme.test",
        "deliverables": deliverables(1),
    }
    second = send(brand_member, creators[1:2], terms=other_terms).sent[0]
    # then
    first.refresh_from_db()
    assert first.offer.payment_summary() == "Fixed fee: $1,500.00"
    assert second.offer.payment_summary() == "Free product"


@pytest.mark.parametrize("user_fixture", ["visitor", "creator_account", "staff_user"])
def test_only_brand_and_agency_members_contact_creators(request, user_fixture, creators):
    user = request.getfixturevalue(user_fixture)
    with pytest.raises(PermissionDenied):
        send(user, creators)


def test_an_answer_notifies_every_member_of_the_organisation_and_e_mails_them(
    brand_member, creators, django_capture_on_commit_callbacks, mailoutbox
):
    # given a second member of the brand, and a request
    teammate = UserFactory.create(role=Role.BRAND, organisation=brand_member.organisation)
    request = send(brand_member, creators[:1]).sent[0]
    mailoutbox.clear()
    # when the creator accepts
    with django_capture_on_commit_callbacks(execute=True):
        collaboration_request_answer(request=request, accept=True, message="Happy to! Late April works.")
    # then
    request.refresh_from_db()
    assert request.state == RequestState.ACCEPTED
    assert request.message == "Happy to! Late April works."
    assert request.answered_at is not None
    assert set(Notification.objects.values_list("user", flat=True)) == {brand_member.pk, teammate.pk}
    assert sorted(message.to[0] for message in mailoutbox) == sorted([brand_member.email, teammate.email])
    assert "@creator.0 accepted your request" in mailoutbox[0].body


def test_a_request_is_answered_once(creators):
    request = CollaborationRequestFactory.create()
    collaboration_request_answer(request=request, accept=False)
    with pytest.raises(ValidationError, match="declined already"):
        collaboration_request_answer(request=request, accept=True)


def test_withdrawing_tells_the_manager_and_closes_the_request(
    brand_member, creators, django_capture_on_commit_callbacks, mailoutbox
):
    # given
    request = send(brand_member, creators[:1]).sent[0]
    mailoutbox.clear()
    # when
    with django_capture_on_commit_callbacks(execute=True):
        collaboration_request_withdraw(request=request, withdrawn_by=brand_member)
    # then
    request.refresh_from_db()
    assert request.state == RequestState.WITHDRAWN
    assert [message.to for message in mailoutbox] == [["team0@creators.test"]]
    assert "withdrew its request" in mailoutbox[0].body
    with pytest.raises(ValidationError, match="withdrawn already"):
        collaboration_request_answer(request=request, accept=True)


def test_another_organisation_cannot_withdraw_a_request(brand_member, agency_member, creators):
    request = send(brand_member, creators[:1]).sent[0]
    with pytest.raises(PermissionDenied):
        collaboration_request_withdraw(request=request, withdrawn_by=agency_member)
    request.refresh_from_db()
    assert request.state == RequestState.PENDING


def test_the_periodic_job_expires_pending_requests_past_their_date_only():
    # given
    now = timezone.now()
    overdue = CollaborationRequestFactory.create(sent_at=now - timedelta(days=8))
    fresh = CollaborationRequestFactory.create(sent_at=now - timedelta(days=6))
    answered = CollaborationRequestFactory.create(sent_at=now - timedelta(days=8))
    CollaborationRequest.objects.filter(pk=answered.pk).update(state=RequestState.ACCEPTED, answered_at=now)
    # when
    expired = collaboration_requests_expire()
    # then
    assert expired == 1
    states = dict(CollaborationRequest.objects.values_list("pk", "state"))
    assert states == {
        overdue.pk: RequestState.EXPIRED,
        fresh.pk: RequestState.PENDING,
        answered.pk: RequestState.ACCEPTED,
    }


def test_an_answer_after_the_date_is_refused_and_the_request_is_expired_even_before_the_job_runs():
    request = CollaborationRequestFactory.create(sent_at=timezone.now() - timedelta(days=8))
    with pytest.raises(ValidationError, match="expired already"):
        collaboration_request_answer(request=request, accept=True)
    request.refresh_from_db()
    assert request.state == RequestState.EXPIRED
    assert not Notification.objects.exists()


def test_the_expiry_job_is_one_of_the_workers_periodic_jobs():
    from vetrina.worker.runner import PERIODIC_JOBS

    assert collaboration_requests_expire in PERIODIC_JOBS


def test_the_migration_gives_a_request_without_a_recorded_address_its_creators_manager_e_mail():
    recorded = CollaborationRequestFactory.create(sent_to="team@first.example")
    missing = CollaborationRequestFactory.create(creator__manager_email=" Team@Now.example ")
    CollaborationRequest.objects.filter(pk=missing.pk).update(sent_to="")
    migration = importlib.import_module("vetrina.collaborations.migrations.0002_request_sent_to_backfill")
    migration.backfill_sent_to(apps, None)
    assert dict(CollaborationRequest.objects.values_list("pk", "sent_to")) == {
        recorded.pk: "team@first.example",
        missing.pk: "team@now.example",
    }


def test_the_offer_keeps_its_deliverables_and_use_in_ads_and_each_request_starts_its_timeline(
    brand_member, creators
):
    # when
    terms = {**TERMS, "deliverables": deliverables(2), "usage_rights_days": 60}
    result = send(brand_member, creators[:2], terms=terms)
    # then
    offer = result.sent[0].offer
    assert [(item.position, item.brief) for item in offer.deliverables.all()] == [
        (1, "Video 0: the serum on camera."),
        (2, "Video 1: the serum on camera."),
    ]
    assert offer.usage_rights_days == 60
    for request in result.sent:
        assert list(request.events.values_list("kind", "side", "actor")) == [
            (RequestEvent.Kind.SENT, RequestEvent.Side.BRAND, brand_member.pk)
        ]
