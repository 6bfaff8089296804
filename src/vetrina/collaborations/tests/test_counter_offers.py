"""The counter-offer on the pages: the creator's side counters (signed link or inbox), the brand answers,
each step reaches the other side in the bell and by e-mail, in the recipient's language, and shows on
both timelines."""

import re
from decimal import Decimal

import pytest

from vetrina.accounts.models import Role
from vetrina.accounts.tests.factories import UserFactory
from vetrina.collaborations.models import CollaborationRequest, RequestEvent, RequestState
from vetrina.collaborations.services import collaboration_request_counter
from vetrina.collaborations.terms import CounterTerms
from vetrina.collaborations.tests.factories import CollaborationRequestFactory
from vetrina.collaborations.tokens import answer_request_id, answer_token_for
from vetrina.conftest import client_for
from vetrina.mail.models import OutboxMessage
from vetrina.notifications.models import Notification

pytestmark = pytest.mark.django_db

COUNTER = {"answer": "counter", "amount": "2000", "currency": "EUR", "message": "Three videos take a week."}


@pytest.fixture
def request_to_anna(brand_member) -> CollaborationRequest:
    # Sent to the address of the creator account of the shared conftest (team@anna.example).
    return CollaborationRequestFactory.create(
        campaign__organisation=brand_member.organisation,
        campaign__name="Spring glow",
        creator__handle="anna.styles",
        creator__manager_email="team@anna.example",
    )


def countered(request: CollaborationRequest) -> CollaborationRequest:
    return collaboration_request_counter(
        request=request, counter=CounterTerms(amount=Decimal(2000), currency="EUR", message="A week")
    )


def test_the_creator_counters_from_the_e_mailed_link_and_the_brand_is_told(
    brand_member, request_to_anna, client
):
    # given a colleague who reads Vetrina in Italian
    colleague = UserFactory.create(
        role=Role.BRAND, organisation=brand_member.organisation, email="gio@acme.test", language="it"
    )
    # when the creator's side counters through the link of the e-mail, with no account
    response = client.post(f"/answer/{answer_token_for(request_to_anna.pk)}/", COUNTER)
    # then the request waits for the brand, with the price and the message
    assert response.status_code == 302
    request_to_anna.refresh_from_db()
    assert request_to_anna.state == RequestState.COUNTERED
    assert (request_to_anna.counter_amount, request_to_anna.counter_currency) == (Decimal(2000), "EUR")
    assert request_to_anna.agreed_amount is None
    # and each member of the organisation has it in the bell and by e-mail, in their language
    assert set(Notification.objects.values_list("user", "kind")) == {
        (brand_member.pk, Notification.Kind.REQUEST_STEP),
        (colleague.pk, Notification.Kind.REQUEST_STEP),
    }
    english = OutboxMessage.objects.get(recipient=brand_member.email)
    italian = OutboxMessage.objects.get(recipient="gio@acme.test")
    assert english.subject == "Counter-offer made: @anna.styles in “Spring glow”"
    assert "@anna.styles made a counter-offer of €2,000.00 in “Spring glow”." in english.text
    assert "Three videos take a week." in english.text
    assert f"/activity/requests/{request_to_anna.pk}/" in english.text
    assert italian.language == "it"
    assert italian.subject == "Controproposta inviata: @anna.styles in “Spring glow”"


def test_a_counter_offer_without_a_price_is_refused_and_changes_nothing(request_to_anna, client):
    response = client.post(
        f"/answer/{answer_token_for(request_to_anna.pk)}/", {**COUNTER, "amount": "", "currency": "XYZ"}
    )
    assert response.status_code == 400
    assert "Give the amount of the fee." in response.text
    assert "Give the currency of the fee (ISO 4217, e.g. USD)." in response.text
    request_to_anna.refresh_from_db()
    assert request_to_anna.state == RequestState.PENDING
    assert not RequestEvent.objects.filter(kind=RequestEvent.Kind.COUNTERED).exists()
    assert not OutboxMessage.objects.exists()


def test_the_creator_account_counters_from_its_inbox(creator_account, request_to_anna):
    response = client_for(creator_account).post(f"/requests/{request_to_anna.pk}/", COUNTER)
    assert response.status_code == 302
    event = RequestEvent.objects.get(kind=RequestEvent.Kind.COUNTERED)
    assert (event.actor, event.amount, event.message) == (creator_account, Decimal(2000), COUNTER["message"])


def test_the_brand_sees_the_counter_offer_on_the_campaign_and_the_request(brand_member, request_to_anna):
    countered(request_to_anna)
    client = client_for(brand_member)
    campaign = client.get(request_to_anna.campaign.get_absolute_url()).text
    assert "€2,000.00" in campaign
    assert "Answer the counter-offer" in campaign
    page = client.get(f"/activity/requests/{request_to_anna.pk}/").text
    assert "Counter-offer: €2,000.00" in page
    assert "Accept the counter-offer" in page
    assert "A week" in page


def test_the_brand_accepts_the_counter_offer_and_the_creators_side_is_told(
    brand_member, creator_account, request_to_anna
):
    # given a counter-offer
    countered(request_to_anna)
    # when the brand accepts it
    response = client_for(brand_member).post(
        f"/activity/requests/{request_to_anna.pk}/counter/", {"answer": "accept", "message": "Deal."}
    )
    # then its price binds
    assert response.status_code == 302
    request_to_anna.refresh_from_db()
    assert request_to_anna.state == RequestState.ACCEPTED
    assert (request_to_anna.agreed_amount, request_to_anna.agreed_currency) == (Decimal(2000), "EUR")
    # and the creator's side is told: an e-mail to the address the request went to, and the bell of its
    # account
    message = OutboxMessage.objects.get(recipient="team@anna.example")
    assert "Acme Cosmetics accepted the counter-offer of €2,000.00 from @anna.styles" in message.text
    assert "Deal." in message.text
    # The link is read from the e-mail: a signed link carries the second it was made, so one made again
    # here would differ from it whenever the two fall in different seconds.
    link = re.search(r"/answer/([\w:-]+)/", message.text)
    assert link is not None
    assert answer_request_id(link.group(1)) == request_to_anna.pk
    assert Notification.objects.filter(
        user=creator_account, event__kind=RequestEvent.Kind.COUNTER_ACCEPTED
    ).exists()
    # and both sides see it on their timelines
    creator_page = client_for(creator_account).get(f"/requests/{request_to_anna.pk}/").text
    assert "Counter-offer accepted" in creator_page
    assert "accepted your counter-offer of €2,000.00" in creator_page
    brand_page = client_for(brand_member).get(request_to_anna.campaign.get_absolute_url()).text
    assert "Counter-offer accepted" in brand_page


def test_the_brand_declines_the_counter_offer_and_the_request_ends(brand_member, request_to_anna, client):
    countered(request_to_anna)
    client_for(brand_member).post(f"/activity/requests/{request_to_anna.pk}/counter/", {"answer": "decline"})
    request_to_anna.refresh_from_db()
    assert (request_to_anna.state, request_to_anna.agreed_amount) == (RequestState.COUNTER_DECLINED, None)
    page = client.get(f"/answer/{answer_token_for(request_to_anna.pk)}/").text
    assert "declined your counter-offer of €2,000.00" in page
    assert 'value="counter"' not in page


def test_an_answer_to_a_counter_offer_that_is_not_there_is_refused(brand_member, request_to_anna):
    # The request is still pending: there is no counter-offer to accept.
    response = client_for(brand_member).post(
        f"/activity/requests/{request_to_anna.pk}/counter/", {"answer": "accept"}, follow=True
    )
    assert "That step is not possible while the request is “Pending”; nothing was changed." in response.text
    request_to_anna.refresh_from_db()
    assert request_to_anna.state == RequestState.PENDING


def test_the_creator_accounts_bell_shows_the_step_and_opens_the_request(
    creator_account, brand_member, request_to_anna
):
    countered(request_to_anna)
    client_for(brand_member).post(f"/activity/requests/{request_to_anna.pk}/counter/", {"answer": "decline"})
    client = client_for(creator_account)
    assert "bell-count" in client.get("/notifications/bell/").text
    page = client.get("/notifications/").text
    assert "Acme Cosmetics declined the counter-offer of €2,000.00 from @anna.styles" in page
    notification = Notification.objects.get(user=creator_account)
    response = client.post(f"/notifications/{notification.pk}/read/", {"open": "1"})
    assert response["Location"] == f"/requests/{request_to_anna.pk}/"


def test_a_new_request_shows_in_the_bell_of_the_creator_account_it_went_to(
    brand_member, creator_account, terms
):
    from vetrina.collaborations.services import collaboration_requests_send
    from vetrina.creators.tests.factories import CreatorFactory

    creator = CreatorFactory.create(handle="anna.styles", manager_email="Team@Anna.example")
    collaboration_requests_send(sent_by=brand_member, creators=[creator], terms=terms)
    notification = Notification.objects.get(user=creator_account)
    assert notification.event is not None
    assert notification.event.kind == RequestEvent.Kind.SENT


def test_the_campaign_timeline_lists_every_step_newest_first(brand_member, request_to_anna):
    countered(request_to_anna)
    client_for(brand_member).post(f"/activity/requests/{request_to_anna.pk}/counter/", {"answer": "accept"})
    page = client_for(brand_member).get(request_to_anna.campaign.get_absolute_url()).text
    timeline = page[page.index("Timeline") :]
    assert timeline.index("Counter-offer accepted") < timeline.index("Counter-offer made")
