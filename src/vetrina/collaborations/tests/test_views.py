from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from vetrina.accounts.models import Role
from vetrina.accounts.tests.factories import UserFactory
from vetrina.collaborations.models import Campaign, CollaborationRequest, RequestState
from vetrina.collaborations.services import collaboration_request_answer, collaboration_request_withdraw
from vetrina.collaborations.tests.factories import CollaborationRequestFactory
from vetrina.collaborations.tokens import answer_token_for
from vetrina.conftest import client_for
from vetrina.creators.tests.factories import CreatorFactory
from vetrina.mail.models import OutboxMessage
from vetrina.shortlists.tests.factories import ShortlistEntryFactory

pytestmark = pytest.mark.django_db

FORM = {
    "campaign_name": "Spring glow",
    "description": "Three videos about our spring serum.",
    "payment_option": "per_video",
    "payment_amount": "400",
    "payment_currency": "EUR",
    "contact_name": "Anna Rossi",
    "contact_email": "anna@acme.test",
    "contact_phone": "+44 20 7946 0958",
}


# --- Contact ------------------------------------------------------------------------------------------


def test_the_contact_form_lists_its_recipients_with_their_count(brand_member, creators):
    response = client_for(brand_member).get("/contact/?creator=asha.fits&creator=rk.style")
    assert response.status_code == 200
    assert "2 recipients" in response.text
    assert "@asha.fits" in response.text
    assert "@rk.style" in response.text
    assert "Send to 2 creators" in response.text


def test_the_contact_form_names_handles_it_cannot_find_and_sends_nothing(brand_member, creators):
    client = client_for(brand_member)
    CreatorFactory.create(handle="not.verified", verified=False, manager_email="x@y.test")
    response = client.post("/contact/?creator=asha.fits&creator=not.verified", FORM)
    assert "@not.verified" in response.text
    assert "name no creator you can contact" in response.text
    assert not Campaign.objects.exists()


def test_sending_the_form_creates_the_requests_and_says_what_happened(brand_member, creators):
    # given asha has the campaign already
    client = client_for(brand_member)
    client.post("/contact/?creator=asha.fits", FORM)
    # when both are contacted under the same name
    response = client.post("/contact/?creator=asha.fits&creator=rk.style", FORM, follow=True)
    # then
    campaign = Campaign.objects.get()
    assert response.redirect_chain[-1][0] == campaign.get_absolute_url()
    assert "Sent to 1 creator. Follow the answers under My Activity." in response.text
    assert "Already contacted, so skipped: 1 (@asha.fits)." in response.text
    assert campaign.requests.count() == 2


def test_a_send_that_cannot_go_out_shows_the_reason_on_the_form(brand_member, creators):
    CreatorFactory.create(handle="no.manager", manager_email="")
    response = client_for(brand_member).post("/contact/?creator=asha.fits&creator=no.manager", FORM)
    assert response.status_code == 400
    assert "Not sent to anyone: @no.manager has no manager e-mail" in response.text
    assert not CollaborationRequest.objects.exists()


def test_the_form_names_creators_without_an_address_before_it_is_filled_in(brand_member, shortlist):
    unreachable = CreatorFactory.create(handle="no.manager", manager_email=" ")
    ShortlistEntryFactory.create(shortlist=shortlist, creator=unreachable)
    client = client_for(brand_member)

    response = client.get(f"/contact/?creator=asha.fits&creator=no.manager&shortlist={shortlist.pk}")
    alone = client.get("/contact/?creator=no.manager")

    assert "This creator has no e-mail address to send a request to" in response.text
    assert "@no.manager." in response.text
    others = f'href="/contact/?creator=asha.fits&amp;shortlist={shortlist.pk}">Contact the others only</a>'
    assert others in response.text
    assert "@no.manager." in alone.text
    assert "Contact the others only" not in alone.text


def test_a_fee_needs_an_amount_and_a_currency(brand_member, creators):
    form = {**FORM, "payment_amount": "", "payment_currency": ""}
    response = client_for(brand_member).post("/contact/?creator=asha.fits", form)
    assert response.status_code == 400
    assert "Give the amount of the fee." in response.text
    assert "Give the currency of the fee." in response.text


def test_an_affiliate_offer_sends_whatever_the_hidden_amount_fields_still_hold(brand_member, creators):
    # The amount was typed for a fee, then the payment switched to affiliate, which hides it.
    form = {**FORM, "payment_option": "affiliate", "payment_amount": "0", "commission_percent": "12.5"}
    response = client_for(brand_member).post("/contact/?creator=asha.fits", form)
    assert response.status_code == 302
    offer = CollaborationRequest.objects.get().offer
    assert (offer.payment_amount, offer.payment_currency, offer.commission_percent) == (
        None,
        "",
        Decimal("12.5"),
    )


def test_the_form_and_the_api_give_the_same_message_for_the_same_mistake(brand_member, creators):
    client = client_for(brand_member)
    form = {**FORM, "payment_amount": "12.345", "contact_email": "not an address"}
    page = client.post("/contact/?creator=asha.fits", form)
    api = client.post(
        "/api/v1/collaborations", {**form, "creators": ["asha.fits"]}, content_type="application/json"
    )
    assert api.status_code == 400
    messages = {error["field"]: error["message"] for error in api.json()["errors"]}
    assert messages == {
        "payment_amount": "Give the amount with at most 2 decimals.",
        "contact_email": "Give an e-mail address the creator can write to.",
    }
    assert page.status_code == 400
    for message in messages.values():
        assert message in page.text
    assert not CollaborationRequest.objects.exists()


def test_the_contact_button_of_a_creator_leads_to_the_form_for_that_creator(brand_member, creators):
    response = client_for(brand_member).get("/creators/asha.fits/")
    assert 'href="/contact/?creator=asha.fits"' in response.text


# --- My Activity --------------------------------------------------------------------------------------


def test_my_activity_counts_each_campaigns_requests_per_state(brand_member):
    # given a campaign of the brand with one request in each of three states
    first = CollaborationRequestFactory.create(campaign__organisation=brand_member.organisation)
    campaign = first.campaign
    second = CollaborationRequestFactory.create(campaign=campaign)
    CollaborationRequestFactory.create(campaign=campaign)
    collaboration_request_answer(request=first, accept=True, message="Count me in")
    collaboration_request_withdraw(request=second, withdrawn_by=brand_member)
    # and another organisation's campaign
    CollaborationRequestFactory.create(campaign__name="Not ours")
    # when
    response = client_for(brand_member).get("/activity/")
    # then
    assert campaign.name in response.text
    assert "Not ours" not in response.text
    counts = response.context["campaigns"].get()
    assert (counts.sent_count, counts.pending_count, counts.accepted_count, counts.withdrawn_count) == (
        3,
        1,
        1,
        1,
    )


def test_a_campaign_page_shows_each_request_with_its_state_and_message(brand_member):
    request = CollaborationRequestFactory.create(campaign__organisation=brand_member.organisation)
    collaboration_request_answer(request=request, accept=False, message="Booked until June, sorry.")
    response = client_for(brand_member).get(request.campaign.get_absolute_url())
    assert "badge-declined" in response.text
    assert "Booked until June, sorry." in response.text
    assert f"@{request.creator.handle}" in response.text


def test_the_brand_withdraws_a_pending_request_from_the_campaign_page(brand_member):
    request = CollaborationRequestFactory.create(campaign__organisation=brand_member.organisation)
    response = client_for(brand_member).post(f"/activity/requests/{request.pk}/withdraw/", follow=True)
    request.refresh_from_db()
    assert request.state == RequestState.WITHDRAWN
    assert f"Withdrew the request to @{request.creator.handle}; the creator was told." in response.text


def test_withdraw_on_the_campaign_page_asks_first_and_says_the_creator_will_be_told(brand_member):
    # given a pending request
    request = CollaborationRequestFactory.create(campaign__organisation=brand_member.organisation)
    client = client_for(brand_member)
    url = f"/activity/requests/{request.pk}/withdraw/"
    # when the brand follows Withdraw from the campaign page
    campaign_page = client.get(request.campaign.get_absolute_url()).text
    assert f'href="{url}"' in campaign_page
    assert f'action="{url}"' not in campaign_page  # no one-click form
    confirm = client.get(url)
    # then a page asks, saying the creator will be told, and nothing has happened yet
    assert confirm.status_code == 200
    assert f"Withdraw the request to @{request.creator.handle}?" in confirm.text
    assert "is told by e-mail that you withdrew it" in confirm.text
    assert "Withdraw and tell the creator" in confirm.text
    assert '<form method="post" class="actions">' in confirm.text
    request.refresh_from_db()
    assert request.state == RequestState.PENDING
    assert not OutboxMessage.objects.exists()


def test_the_withdraw_page_of_a_closed_request_offers_nothing_to_confirm(brand_member):
    request = CollaborationRequestFactory.create(campaign__organisation=brand_member.organisation)
    collaboration_request_answer(request=request, accept=False, message="")
    page = client_for(brand_member).get(f"/activity/requests/{request.pk}/withdraw/")
    assert page.status_code == 200
    assert "This request is declined: there is nothing to withdraw." in page.text
    assert "Withdraw and tell the creator" not in page.text


def test_staff_read_a_campaign_but_get_no_withdraw_page(brand_member, staff_client):
    request = CollaborationRequestFactory.create(campaign__organisation=brand_member.organisation)
    assert staff_client.get(f"/activity/requests/{request.pk}/withdraw/").status_code == 403
    request.refresh_from_db()
    assert request.state == RequestState.PENDING


def test_another_organisation_cannot_see_or_withdraw_a_request(brand_member, agency_member):
    request = CollaborationRequestFactory.create(campaign__organisation=brand_member.organisation)
    client = client_for(agency_member)
    assert client.get(request.campaign.get_absolute_url()).status_code == 404
    assert client.get(f"/activity/requests/{request.pk}/withdraw/").status_code == 404
    assert client.post(f"/activity/requests/{request.pk}/withdraw/").status_code == 404
    request.refresh_from_db()
    assert request.state == RequestState.PENDING


# --- The creator's side -------------------------------------------------------------------------------


def test_the_answer_link_opens_its_request_without_an_account_and_accepts_it(brand_member):
    # given
    request = CollaborationRequestFactory.create(campaign__organisation=brand_member.organisation)
    url = f"/answer/{answer_token_for(request.pk)}/"
    page = Client().get(url)
    assert request.campaign.name in page.text
    assert "Fixed fee: $1,500.00" in page.text
    # when
    response = Client().post(url, {"answer": "accept", "message": "Yes please"}, follow=True)
    # then
    request.refresh_from_db()
    assert (request.state, request.message, request.answered_by) == (
        RequestState.ACCEPTED,
        "Yes please",
        None,
    )
    assert "This request was accepted on" in response.text
    assert 'value="accept"' not in response.text


def test_an_altered_answer_link_opens_nothing():
    request = CollaborationRequestFactory.create()
    token = answer_token_for(request.pk)
    assert Client().get(f"/answer/{token[:-2]}xx/").status_code == 404
    assert Client().get(f"/answer/{request.pk + 1}/").status_code == 404


def test_an_answer_link_touches_its_own_request_only():
    # given two requests
    mine, other = CollaborationRequestFactory.create_batch(2)
    # when mine's link is used, with the other's id slipped into the form
    Client().post(f"/answer/{answer_token_for(mine.pk)}/", {"answer": "decline", "pk": other.pk})
    # then only mine changed
    assert dict(CollaborationRequest.objects.values_list("pk", "state")) == {
        mine.pk: RequestState.DECLINED,
        other.pk: RequestState.PENDING,
    }


def test_the_answer_link_says_when_the_request_was_withdrawn_or_expired(brand_member):
    withdrawn = CollaborationRequestFactory.create(campaign__organisation=brand_member.organisation)
    collaboration_request_withdraw(request=withdrawn, withdrawn_by=brand_member)
    expired = CollaborationRequestFactory.create(sent_at=timezone.now() - timedelta(days=8))
    withdrawn_page = Client().get(f"/answer/{answer_token_for(withdrawn.pk)}/")
    expired_page = Client().get(f"/answer/{answer_token_for(expired.pk)}/")
    assert "The brand withdrew this request" in withdrawn_page.text
    assert "This request expired on" in expired_page.text
    response = Client().post(f"/answer/{answer_token_for(expired.pk)}/", {"answer": "accept"})
    assert response.status_code == 409
    assert "This request is expired; it can no longer be answered" in response.text


@pytest.mark.parametrize("state", ["withdrawn", "expired", "accepted", "declined"])
def test_the_answer_link_of_a_closed_request_is_read_only_and_refuses_an_answer(brand_member, state):
    # given a request that was withdrawn, expired or answered
    request = CollaborationRequestFactory.create(campaign__organisation=brand_member.organisation)
    if state == "withdrawn":
        collaboration_request_withdraw(request=request, withdrawn_by=brand_member)
    elif state == "expired":
        CollaborationRequest.objects.filter(pk=request.pk).update(state=RequestState.EXPIRED)
    else:
        collaboration_request_answer(request=request, accept=state == "accepted", message="Thanks")
    url = f"/answer/{answer_token_for(request.pk)}/"
    # when its link is opened, then the page shows the state and no form
    page = Client().get(url)
    assert page.status_code == 200
    assert "<form" not in page.text.split("<main", 1)[-1]
    assert 'value="accept"' not in page.text
    if state in ("accepted", "declined"):
        assert f"This request was {state} on" in page.text
        assert "Thanks" in page.text
    # when an answer is posted anyway, then it is refused with the reason and nothing changes
    before = CollaborationRequest.objects.values("state", "message", "answered_at").get(pk=request.pk)
    response = Client().post(url, {"answer": "decline" if state == "accepted" else "accept", "message": "x"})
    assert response.status_code == 409
    assert f"This request is {state}; it can no longer be answered" in response.text
    assert 'value="accept"' not in response.text
    assert CollaborationRequest.objects.values("state", "message", "answered_at").get(pk=request.pk) == before


def test_a_creator_side_account_sees_and_answers_the_requests_of_its_creators_only(creator_account):
    # given a request to a creator the account manages, and one to another creator
    anna = CreatorFactory.create(handle="anna.styles", manager_email="team@anna.example")
    mine = CollaborationRequestFactory.create(creator=anna, campaign__name="Anna's campaign")
    other = CollaborationRequestFactory.create(campaign__name="Someone else's")
    client = client_for(creator_account)
    # when
    inbox = client.get("/requests/")
    # then
    assert "Anna&#x27;s campaign" in inbox.text
    assert "Someone else" not in inbox.text
    assert client.get(f"/requests/{other.pk}/").status_code == 404
    client.post(f"/requests/{mine.pk}/", {"answer": "accept", "message": "Sure"})
    mine.refresh_from_db()
    assert (mine.state, mine.answered_by) == (RequestState.ACCEPTED, creator_account)


def test_a_request_stays_with_the_address_it_was_sent_to_when_the_creator_changes_manager(creator_account):
    # given creator B's request, sent to B's manager, and creator A managed by the account
    CreatorFactory.create(handle="anna.styles", manager_email="team@anna.example")
    bruno = CreatorFactory.create(handle="bruno.eats", manager_email="team@bruno.example")
    earlier = CollaborationRequestFactory.create(creator=bruno, campaign__name="Bruno's campaign")
    # when a re-import gives B the account's address as its manager e-mail
    bruno.manager_email = "team@anna.example"
    bruno.save(update_fields=["manager_email"])
    client = client_for(creator_account)
    # then the account neither sees B's earlier request nor answers it
    assert "Bruno" not in client.get("/requests/").text
    assert client.get(f"/requests/{earlier.pk}/").status_code == 404
    assert client.post(f"/requests/{earlier.pk}/", {"answer": "accept"}).status_code == 404
    earlier.refresh_from_db()
    assert (earlier.state, earlier.sent_to) == (RequestState.PENDING, "team@bruno.example")
    # and a request sent to B after the change is the account's
    later = CollaborationRequestFactory.create(creator=bruno, campaign__name="Later campaign")
    assert "Later campaign" in client.get("/requests/").text
    assert client.get(f"/requests/{later.pk}/").status_code == 200


def test_staff_read_a_request_but_do_not_answer_it(staff_user):
    request = CollaborationRequestFactory.create()
    client = client_for(staff_user)
    page = client.get(f"/requests/{request.pk}/")
    assert page.status_code == 200
    assert 'value="accept"' not in page.text
    assert client.post(f"/requests/{request.pk}/", {"answer": "accept"}).status_code == 403


def test_a_teammate_in_the_same_organisation_sees_the_campaign(brand_member):
    teammate = UserFactory.create(role=Role.BRAND, organisation=brand_member.organisation)
    request = CollaborationRequestFactory.create(campaign__organisation=brand_member.organisation)
    assert client_for(teammate).get(request.campaign.get_absolute_url()).status_code == 200


def test_the_pages_of_many_requests_cost_no_more_queries_than_those_of_a_few(
    brand_member, creator_account, django_assert_num_queries
):
    # given a campaign of two requests to the creator account's creators, and the queries its pages take
    anna = CreatorFactory.create(handle="anna.styles", manager_email="team@anna.example")
    first = CollaborationRequestFactory.create(campaign__organisation=brand_member.organisation, creator=anna)
    CollaborationRequestFactory.create(campaign=first.campaign, creator__manager_email="team@anna.example")
    brand, creator_side = client_for(brand_member), client_for(creator_account)
    pages = [
        (brand, "/activity/"),
        (brand, first.campaign.get_absolute_url()),
        (creator_side, "/requests/"),
    ]
    counts = []
    for client, url in pages:
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        counts.append(len(captured.captured_queries))
    # when six more arrive
    CollaborationRequestFactory.create_batch(
        6, campaign=first.campaign, creator__manager_email="team@anna.example"
    )
    # then each page takes as many queries as before
    for (client, url), before in zip(pages, counts, strict=True):
        with django_assert_num_queries(before):
            assert client.get(url).status_code == 200


# --- Contact from a shortlist -------------------------------------------------------------------------


def test_the_lists_contact_buttons_lead_to_the_contact_form(brand_member, shortlist):
    page = client_for(brand_member).get(f"/shortlists/{shortlist.pk}/").text
    assert page.count('action="/contact/"') == 2
    assert "arrives soon" not in page


def test_contact_all_from_a_list_sends_to_every_creator_on_it(brand_member, shortlist):
    client = client_for(brand_member)
    url = f"/contact/?shortlist={shortlist.pk}&creator=asha.fits&creator=rk.style"
    page = client.get(url)
    assert "2 recipients" in page.text
    assert "from the list “Spring launch”" in page.text
    response = client.post(url, FORM, follow=True)
    assert "Sent to 2 creators." in response.text
    assert sorted(CollaborationRequest.objects.values_list("creator__handle", flat=True)) == [
        "asha.fits",
        "rk.style",
    ]


def test_contact_selected_sends_to_the_selected_creators_of_the_list_only(brand_member, shortlist):
    client = client_for(brand_member)
    client.post(f"/contact/?shortlist={shortlist.pk}&creator=rk.style", FORM)
    assert list(CollaborationRequest.objects.values_list("creator__handle", flat=True)) == ["rk.style"]


def test_a_list_with_nothing_selected_contacts_nobody(brand_member, shortlist):
    page = client_for(brand_member).get(f"/contact/?shortlist={shortlist.pk}")
    assert "0 recipients" in page.text
    assert "No creator of the list is selected." in page.text


def test_a_creator_not_on_the_list_is_named_and_nothing_is_sent(brand_member, shortlist):
    CreatorFactory.create(handle="mia.cooks", manager_email="team@mia.test")
    response = client_for(brand_member).post(
        f"/contact/?shortlist={shortlist.pk}&creator=asha.fits&creator=mia.cooks", FORM
    )
    assert "@mia.cooks" in response.text
    assert not CollaborationRequest.objects.exists()


def test_another_organisations_list_is_not_found(agency_member, shortlist):
    client = client_for(agency_member)
    assert client.get(f"/contact/?shortlist={shortlist.pk}&creator=asha.fits").status_code == 404
    assert client.get("/contact/?shortlist=not-a-number").status_code == 404
