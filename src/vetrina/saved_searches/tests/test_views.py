from datetime import timedelta

import pytest
from django.utils import timezone

from vetrina.conftest import client_for
from vetrina.creators.tests.factories import CreatorFactory
from vetrina.notifications.models import Notification
from vetrina.saved_searches.models import SavedSearch, SavedSearchAlert
from vetrina.saved_searches.services import filters_from_mapping, saved_search_alerts_set, saved_search_create
from vetrina.saved_searches.watching import saved_searches_check

pytestmark = pytest.mark.django_db


@pytest.fixture
def saved_search(brand_member) -> SavedSearch:
    return saved_search_create(
        organisation=brand_member.organisation,
        created_by=brand_member,
        name="Italian fashion",
        filters=filters_from_mapping({"country": "IT", "category": "fashion"}),
    )


def test_the_search_page_offers_to_save_its_filters_to_brands_not_to_visitors(brand_member, visitor):
    CreatorFactory.create(country="IT")
    page = client_for(brand_member).get("/search/?country=IT&page=1").content.decode()
    assert 'action="/search/saved/new/"' in page
    assert 'name="query" value="country=IT"' in page
    assert "Save this search" not in client_for(visitor).get("/search/?country=IT").content.decode()


def test_saving_from_the_search_page_keeps_the_filters_and_opts_the_member_in(brand_member):
    response = client_for(brand_member).post(
        "/search/saved/new/", {"name": "Italy", "query": "country=IT&sort=growth", "alerts": "on"}
    )
    saved_search = SavedSearch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == "/search/?country=IT&sort=growth"
    assert saved_search.query == "country=IT&sort=growth"
    assert SavedSearchAlert.objects.filter(saved_search=saved_search, user=brand_member).exists()


def test_saving_bad_filters_goes_back_to_the_search_with_the_reason(brand_member):
    client = client_for(brand_member)
    response = client.post("/search/saved/new/", {"name": "Bad", "query": "category=knitting"}, follow=True)
    assert not SavedSearch.objects.exists()
    assert "&#x27;knitting&#x27; is not a category." in response.content.decode()


def test_the_list_runs_each_saved_search_in_one_click(brand_member, saved_search):
    page = client_for(brand_member).get("/search/saved/").content.decode()
    assert 'href="/search/?country=IT&amp;category=fashion"' in page
    assert "Italian fashion" in page
    assert "Country: Italy · Category: Fashion" in page


def test_a_member_renames_deletes_and_opts_in_and_out(brand_member, saved_search):
    client = client_for(brand_member)
    assert client.post(f"/search/saved/{saved_search.pk}/rename/", {"name": "Moda"}).status_code == 302
    saved_search.refresh_from_db()
    assert saved_search.name == "Moda"
    assert client.post(f"/search/saved/{saved_search.pk}/rename/", {"name": ""}).status_code == 400
    client.post(f"/search/saved/{saved_search.pk}/alerts/", {"alerts": "on"})
    assert SavedSearchAlert.objects.filter(user=brand_member).exists()
    client.post(f"/search/saved/{saved_search.pk}/alerts/", {"alerts": "off"})
    assert not SavedSearchAlert.objects.exists()
    assert client.post(f"/search/saved/{saved_search.pk}/delete/").status_code == 302
    assert not SavedSearch.objects.exists()


def test_a_saved_search_whose_filters_no_longer_hold_still_opens_with_a_message(brand_member, saved_search):
    # a category renamed since it was saved
    SavedSearch.objects.update(query="country=IT&category=old-category")
    client = client_for(brand_member)
    detail = client.get(f"/search/saved/{saved_search.pk}/").content.decode()
    assert "These filters no longer work as saved" in detail
    assert "&#x27;old-category&#x27; is not a category." in detail
    search = client.get("/search/?country=IT&category=old-category")
    assert search.status_code == 200
    assert "&#x27;old-category&#x27; is not a category." in search.content.decode()


def test_another_organisations_saved_search_is_a_404_on_every_path(agency_member, saved_search):
    client = client_for(agency_member)
    for path in ("rename/", "delete/", "alerts/"):
        assert (
            client.post(f"/search/saved/{saved_search.pk}/{path}", {"name": "X", "alerts": "on"}).status_code
            == 404
        )
    assert client.get(f"/search/saved/{saved_search.pk}/").status_code == 404
    assert SavedSearch.objects.get().name == "Italian fashion"


def test_the_bell_tells_of_new_matches_and_opens_the_saved_searchs_page(brand_member, saved_search):
    # given a check that found a new creator for the saved search the brand member watches
    saved_search_alerts_set(saved_search=saved_search, user=brand_member, on=True)
    saved_searches_check(now=timezone.now())
    CreatorFactory.create(
        handle="nuova.moda", display_name="Nuova Moda", country="IT", categories=["fashion"]
    )
    saved_searches_check(now=timezone.now() + timedelta(minutes=10))
    client = client_for(brand_member)
    # then the notifications say so, and opening it reads it and shows the new match
    page = client.get("/notifications/").content.decode()
    assert "1 new creator matches your saved search “Italian fashion”." in page
    notification = Notification.objects.get(user=brand_member)
    response = client.post(f"/notifications/{notification.pk}/read/", {"open": "1"})
    assert response["Location"] == f"/search/saved/{saved_search.pk}/"
    assert "@nuova.moda" in client.get(response["Location"]).content.decode()
    notification.refresh_from_db()
    assert notification.read_at is not None
