import json

import pytest
from django.test import Client

from vetrina.api.models import ApiToken
from vetrina.api.services import api_token_create
from vetrina.conftest import client_for
from vetrina.saved_searches.models import SavedSearch, SavedSearchAlert
from vetrina.saved_searches.services import filters_from_mapping, saved_search_create

pytestmark = pytest.mark.django_db

API = "/api/v1/saved-searches"


def post(client: Client, body: dict, **headers):
    return client.post(API, data=json.dumps(body), content_type="application/json", headers=headers)


@pytest.fixture
def agency_search(agency_member) -> SavedSearch:
    return saved_search_create(
        organisation=agency_member.organisation,
        created_by=agency_member,
        name="Agency's",
        filters=filters_from_mapping({"country": ["US"]}),
    )


def test_a_member_saves_a_search_and_lists_the_organisations_searches(brand_member, agency_search):
    brand = client_for(brand_member)
    response = post(
        brand,
        {
            "name": "Fit in India",
            "filters": {"country": "IN", "category": ["fitness"], "followers_min": 10000},
            "alerts": True,
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["filters"]["country"] == ["IN"]
    assert body["filters"]["followers_min"] == 10000
    assert body["query"] == "country=IN&category=fitness&followers_min=10000"
    assert body["search_url"] == "/search/?country=IN&category=fitness&followers_min=10000"
    assert (body["alerts"], body["new_matches"], body["errors"]) == (True, 0, [])
    listed = brand.get(API).json()
    assert listed["count"] == 1
    assert [result["name"] for result in listed["results"]] == ["Fit in India"]


def test_bad_filters_are_a_400_naming_the_filter_and_save_nothing(brand_member):
    response = post(client_for(brand_member), {"name": "Bad", "filters": {"category": ["knitting"]}})
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "filters.category", "message": "'knitting' is not a category."}
    ]
    assert not SavedSearch.objects.exists()


def test_a_saved_search_whose_filters_no_longer_hold_is_listed_with_the_reason(brand_member):
    saved_search_create(
        organisation=brand_member.organisation,
        created_by=brand_member,
        name="Old",
        filters=filters_from_mapping({"category": "fashion"}),
    )
    SavedSearch.objects.update(query="category=old-category")
    (result,) = client_for(brand_member).get(API).json()["results"]
    assert result["filters"] is None
    assert result["errors"] == ["'old-category' is not a category."]


def test_another_organisations_saved_search_is_a_404_and_stays(brand_member, agency_search):
    response = client_for(brand_member).delete(f"{API}/{agency_search.pk}")
    assert response.status_code == 404
    assert SavedSearch.objects.filter(pk=agency_search.pk).exists()


def test_the_owner_deletes_its_saved_search_with_its_alerts(agency_member, agency_search):
    SavedSearchAlert.objects.create(saved_search=agency_search, user=agency_member)
    response = client_for(agency_member).delete(f"{API}/{agency_search.pk}")
    assert response.status_code == 204
    assert not SavedSearch.objects.exists()
    assert not SavedSearchAlert.objects.exists()


def test_a_read_only_token_reads_but_may_not_save_or_delete(brand_member, agency_member, agency_search):
    _row, read_only = api_token_create(user=agency_member, name="ro", scope=ApiToken.Scope.READ)
    auth = {"Authorization": f"Bearer {read_only}"}
    assert Client().get(API, headers=auth).status_code == 200
    assert post(Client(), {"name": "X", "filters": {"country": "US"}}, **auth).status_code == 403
    assert Client().delete(f"{API}/{agency_search.pk}", headers=auth).status_code == 403
    _row, read_write = api_token_create(user=agency_member, name="rw", scope=ApiToken.Scope.READ_WRITE)
    auth = {"Authorization": f"Bearer {read_write}"}
    assert post(Client(), {"name": "X", "filters": {"country": "US"}}, **auth).status_code == 201
    assert Client().delete(f"{API}/{agency_search.pk}", headers=auth).status_code == 204


@pytest.mark.parametrize("role", ["visitor", "creator_account", "staff_user"])
def test_visitors_creator_accounts_and_staff_keep_no_saved_searches(request, role):
    client = client_for(request.getfixturevalue(role))
    assert client.get(API).status_code == 403
    assert post(client, {"name": "X", "filters": {"country": "US"}}).status_code == 403
    assert not SavedSearch.objects.exists()


def test_anonymous_callers_get_401():
    assert Client().get(API).status_code == 401
    assert post(Client(), {"name": "X", "filters": {"country": "US"}}).status_code == 401


def test_text_that_cannot_be_stored_is_a_400(brand_member):
    body = '{"name": "Odd", "filters": {"q": "\\ud800 anna"}}'
    response = client_for(brand_member).post(API, data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "filters", "message": "This text has characters that cannot be stored."}
    ]
    assert not SavedSearch.objects.exists()
