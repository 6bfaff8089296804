from decimal import Decimal

import pytest
from django.test import Client

from vetrina.api.models import ApiToken
from vetrina.api.services import api_token_create
from vetrina.collaborations.models import CollaborationRequest, RequestState
from vetrina.collaborations.tests.factories import CollaborationRequestFactory, deliverables
from vetrina.conftest import client_for

pytestmark = pytest.mark.django_db

BODY = {
    "campaign_name": "Spring glow",
    "description": "Three videos about our spring serum.",
    "payment_option": "affiliate",
    "commission_percent": "12.5",
    "contact_name": "Anna Rossi",
    "contact_email": "anna@acme.test",
    "deliverables": deliverables(2),
}


def test_it_contacts_creators_and_names_those_already_contacted(brand_member, creators):
    client = client_for(brand_member)
    client.post(
        "/api/v1/collaborations", {**BODY, "creators": ["asha.fits"]}, content_type="application/json"
    )
    response = client.post(
        "/api/v1/collaborations",
        {**BODY, "creators": ["asha.fits", "rk.style"]},
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["campaign"]["name"] == "Spring glow"
    assert body["already_contacted"] == ["asha.fits"]
    assert [item["creator"] for item in body["sent"]] == ["rk.style"]
    sent = body["sent"][0]
    assert sent["state"] == "pending"
    assert sent["offer"]["payment_option"] == "affiliate"
    assert Decimal(sent["offer"]["commission_percent"]) == Decimal("12.5")


def test_an_unknown_handle_is_a_400_in_the_one_error_shape(brand_member, creators):
    response = client_for(brand_member).post(
        "/api/v1/collaborations",
        {**BODY, "creators": ["asha.fits", "nobody"]},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "The request has invalid parameters.",
        "errors": [{"field": "creators", "message": "No creator you can contact has the handle nobody."}],
    }
    assert not CollaborationRequest.objects.exists()


def test_incomplete_terms_are_a_400_naming_the_field(brand_member, creators):
    body = {**BODY, "payment_option": "fixed_fee", "creators": ["asha.fits"]}
    response = client_for(brand_member).post("/api/v1/collaborations", body, content_type="application/json")
    assert response.status_code == 400
    fields = {error["field"] for error in response.json()["errors"]}
    assert fields == {"payment_amount", "payment_currency"}


def test_visitors_may_not_contact(visitor, creators):
    response = client_for(visitor).post(
        "/api/v1/collaborations", {**BODY, "creators": ["asha.fits"]}, content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "Only brand and agency members keep campaigns."


def test_the_list_holds_the_organisations_own_requests_only(brand_member, agency_member):
    mine = CollaborationRequestFactory.create(campaign__organisation=brand_member.organisation)
    CollaborationRequestFactory.create(campaign__organisation=agency_member.organisation)
    response = client_for(brand_member).get("/api/v1/collaborations")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert body["results"][0]["id"] == mine.pk
    assert body["results"][0]["campaign"] == {"id": mine.campaign_id, "name": mine.campaign.name}


def test_the_list_filters_by_state(brand_member):
    CollaborationRequestFactory.create(campaign__organisation=brand_member.organisation)
    response = client_for(brand_member).get("/api/v1/collaborations?state=accepted")
    assert response.json() == {"count": 0, "results": []}


def test_only_the_owner_withdraws_a_request_through_the_api_and_only_once(brand_member, agency_member):
    request = CollaborationRequestFactory.create(campaign__organisation=brand_member.organisation)
    assert client_for(agency_member).post(f"/api/v1/collaborations/{request.pk}/withdraw").status_code == 404
    response = client_for(brand_member).post(f"/api/v1/collaborations/{request.pk}/withdraw")
    assert response.status_code == 200
    assert response.json()["state"] == "withdrawn"
    again = client_for(brand_member).post(f"/api/v1/collaborations/{request.pk}/withdraw")
    assert again.status_code == 400
    assert again.json()["errors"] == [
        {"field": "", "message": "This request is withdrawn already; it cannot be changed."}
    ]
    request.refresh_from_db()
    assert request.state == RequestState.WITHDRAWN


def test_a_script_contacts_with_a_read_write_token_and_not_with_a_read_only_one(brand_member, creators):
    _, read_only = api_token_create(user=brand_member, name="reports", scope=ApiToken.Scope.READ)
    _, read_write = api_token_create(user=brand_member, name="crm", scope=ApiToken.Scope.READ_WRITE)
    body = {**BODY, "creators": ["asha.fits"]}

    def post(token: str):
        return Client().post(
            "/api/v1/collaborations",
            body,
            content_type="application/json",
            headers={"Authorization": f"Bearer {token}"},
        )

    assert post(read_only).status_code == 403
    assert post(read_write).status_code == 201
    listed = Client().get("/api/v1/collaborations", headers={"Authorization": f"Bearer {read_only}"})
    assert listed.json()["count"] == 1


def test_it_contacts_a_whole_shortlist_or_its_selected_creators(brand_member, shortlist):
    client = client_for(brand_member)
    selected = client.post(
        "/api/v1/collaborations",
        {**BODY, "shortlist": shortlist.pk, "creators": ["rk.style"]},
        content_type="application/json",
    )
    assert [item["creator"] for item in selected.json()["sent"]] == ["rk.style"]
    whole = client.post(
        "/api/v1/collaborations", {**BODY, "shortlist": shortlist.pk}, content_type="application/json"
    )
    assert whole.status_code == 201
    assert [item["creator"] for item in whole.json()["sent"]] == ["asha.fits"]
    assert whole.json()["already_contacted"] == ["rk.style"]


def test_another_organisations_shortlist_is_a_404(agency_member, shortlist):
    response = client_for(agency_member).post(
        "/api/v1/collaborations", {**BODY, "shortlist": shortlist.pk}, content_type="application/json"
    )
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "errors": []}
