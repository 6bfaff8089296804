"""The brand's steps through the API: one request with its timeline, videos and payments; the answer to a
counter-offer; the review of a draft; payments. The same rules as the pages, the one error shape, and
each step tried as every role."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from vetrina.api.models import ApiToken
from vetrina.api.services import api_token_create
from vetrina.collaborations.deliverables import deliverable_draft_submit
from vetrina.collaborations.models import DeliverableState, Payment, RequestState
from vetrina.collaborations.services import collaboration_request_answer, collaboration_request_counter
from vetrina.collaborations.terms import CounterTerms
from vetrina.collaborations.tests.factories import CollaborationRequestFactory, due_in
from vetrina.conftest import client_for

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "visitor", "agency", "creator", "staff")


@pytest.fixture
def others(visitor, agency_member, creator_account, staff_user):
    return {
        "anonymous": Client(),
        "visitor": client_for(visitor),
        "agency": client_for(agency_member),
        "creator": client_for(creator_account),
        "staff": client_for(staff_user),
    }


def post(client: Client, url: str, body: dict):
    return client.post(url, body, content_type="application/json")


@pytest.fixture
def countered(brand_member):
    request = CollaborationRequestFactory.create(campaign__organisation=brand_member.organisation)
    request.offer.deliverables.create(position=1, brief="Unboxing", due_date=due_in(10))
    return collaboration_request_counter(
        request=request, counter=CounterTerms(amount=Decimal(2000), currency="EUR", message="A week")
    )


@pytest.fixture
def in_review(brand_member):
    request = CollaborationRequestFactory.create(campaign__organisation=brand_member.organisation)
    request.offer.deliverables.create(position=1, brief="Unboxing", due_date=due_in(10))
    collaboration_request_answer(request=request, accept=True)
    deliverable_draft_submit(
        deliverable=request.deliverables.get(), link="https://drive.example/v1", note="Cut 1"
    )
    return request


def test_a_request_reads_with_its_timeline_videos_and_payments(brand_member, in_review):
    Payment.objects.create(
        request=in_review,
        amount=10,
        currency="USD",
        due_date=timezone.localdate(),
        recorded_at=timezone.now(),
    )
    body = client_for(brand_member).get(f"/api/v1/collaborations/{in_review.pk}").json()
    assert body["state"] == "accepted"
    assert body["offer"]["deliverables"][0]["brief"] == "Unboxing"
    assert [step["kind"] for step in body["timeline"]] == ["accepted", "draft_submitted"]
    assert body["timeline"][1]["video"] == 1
    [video] = body["videos"]
    assert (video["number"], video["state"], video["drafts"][0]["note"]) == (1, "submitted", "Cut 1")
    assert body["payments"][0]["amount"] == "10.00"


def test_the_brand_accepts_a_counter_offer_through_the_api(brand_member, countered, others):
    url = f"/api/v1/collaborations/{countered.pk}/counter"
    got = {role: post(others[role], url, {"answer": "accept"}).status_code for role in ROLES}
    assert got == {"anonymous": 401, "visitor": 403, "agency": 404, "creator": 403, "staff": 403}
    response = post(client_for(brand_member), url, {"answer": "accept", "message": "Deal"})
    assert response.status_code == 200
    body = response.json()
    assert (body["state"], body["agreed_amount"], body["agreed_currency"]) == ("accepted", "2000.00", "EUR")
    assert body["videos"][0]["state"] == "to_do"
    again = post(client_for(brand_member), url, {"answer": "decline"})
    assert again.status_code == 400
    assert set(again.json()) == {"detail", "errors"}


def test_a_bad_answer_is_a_400_naming_the_field(brand_member, countered):
    response = post(
        client_for(brand_member), f"/api/v1/collaborations/{countered.pk}/counter", {"answer": "maybe"}
    )
    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == ["answer"]
    countered.refresh_from_db()
    assert countered.state == RequestState.COUNTERED


def test_the_brand_reviews_a_draft_through_the_api(brand_member, in_review, others):
    url = f"/api/v1/collaborations/{in_review.pk}/videos/1/review"
    got = {role: post(others[role], url, {"decision": "approve"}).status_code for role in ROLES}
    assert got == {"anonymous": 401, "visitor": 403, "agency": 404, "creator": 403, "staff": 403}
    brand = client_for(brand_member)
    refused = post(brand, url, {"decision": "changes"})
    assert refused.status_code == 400
    assert refused.json()["errors"] == [
        {"field": "comment", "message": "Say what to change: the creator reads it with the request."}
    ]
    response = post(brand, url, {"decision": "changes", "comment": "Louder"})
    assert response.status_code == 200
    assert response.json()["videos"][0]["state"] == DeliverableState.CHANGES_REQUESTED
    assert (
        post(
            brand, f"/api/v1/collaborations/{in_review.pk}/videos/2/review", {"decision": "approve"}
        ).status_code
        == 404
    )


def test_the_brand_records_a_payment_and_its_day_through_the_api(brand_member, in_review, others):
    url = f"/api/v1/collaborations/{in_review.pk}/payments"
    due = (timezone.localdate() - timedelta(days=3)).isoformat()
    good = {"amount": "1500", "currency": "usd", "due_date": due}
    got = {role: post(others[role], url, good).status_code for role in ROLES}
    assert got == {"anonymous": 401, "visitor": 403, "agency": 404, "creator": 403, "staff": 403}
    brand = client_for(brand_member)
    bad = post(brand, url, {"amount": "-1", "currency": "USD", "due_date": due})
    assert bad.status_code == 400
    assert bad.json()["errors"] == [{"field": "amount", "message": "Give the amount of the fee."}]
    created = post(brand, url, good)
    assert created.status_code == 201
    payment = created.json()
    assert (payment["amount"], payment["currency"], payment["paid_on"], payment["late"]) == (
        "1500.00",
        "USD",
        None,
        True,
    )
    paid_url = f"{url}/{payment['id']}/paid"
    got = {role: post(others[role], paid_url, {"paid_on": due}).status_code for role in ROLES}
    assert got == {"anonymous": 401, "visitor": 403, "agency": 404, "creator": 403, "staff": 403}
    future = post(brand, paid_url, {"paid_on": (timezone.localdate() + timedelta(days=1)).isoformat()})
    assert future.status_code == 400
    paid = post(brand, paid_url, {"paid_on": timezone.localdate().isoformat()})
    assert paid.status_code == 200
    assert (paid.json()["paid_on"], paid.json()["late"]) == (timezone.localdate().isoformat(), True)


def test_a_read_only_token_reads_a_request_but_takes_no_step(brand_member, countered):
    _, token = api_token_create(user=brand_member, name="reports", scope=ApiToken.Scope.READ)
    headers = {"Authorization": f"Bearer {token}"}
    client = Client()
    assert client.get(f"/api/v1/collaborations/{countered.pk}", headers=headers).status_code == 200
    response = client.post(
        f"/api/v1/collaborations/{countered.pk}/counter",
        {"answer": "accept"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 403
    countered.refresh_from_db()
    assert countered.state == RequestState.COUNTERED


def test_the_openapi_description_names_each_schema_once(brand_member):
    # Two schemas of one name would be one component, and one endpoint described by the other's.
    schema = client_for(brand_member).get("/api/v1/openapi.json").json()
    components = schema["components"]["schemas"]
    assert "CampaignVideoOut" in components
    assert "views" in components["VideoOut"]["properties"]
