"""Add all to a list, from a search: the first ADD_ALL_LIMIT matches in the search's order, onto a list of
the organisation's or a new one, in one transaction, skipping those already on it."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from vetrina.api.models import ApiToken
from vetrina.api.services import api_token_create
from vetrina.conftest import client_for
from vetrina.creators.tests.factories import CreatorFactory
from vetrina.shortlists import services
from vetrina.shortlists.models import Shortlist, ShortlistEntry
from vetrina.shortlists.tests.factories import ShortlistEntryFactory, ShortlistFactory

pytestmark = pytest.mark.django_db

URL = "/search/add-to-list/"


@pytest.fixture
def brand(brand_member) -> Client:
    return client_for(brand_member)


@pytest.fixture
def creators():
    # Five fashion creators in India, by reach; one of them unverified; one in tech.
    made = {
        handle: CreatorFactory.create(handle=handle, country="IN", categories=["fashion"], reach=reach)
        for handle, reach in [
            ("a.one", 500),
            ("b.two", 400),
            ("c.three", 300),
            ("d.four", 200),
            ("e.five", 100),
        ]
    }
    CreatorFactory.create(
        handle="hidden.one", country="IN", categories=["fashion"], reach=900, verified=False
    )
    CreatorFactory.create(handle="tech.one", country="IN", categories=["tech"], reach=1000)
    return made


def handles_on(shortlist: Shortlist) -> list[str]:
    return sorted(shortlist.entries.values_list("creator__handle", flat=True))


def flash(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_the_search_says_how_many_it_adds_on_its_button(brand, creators):
    page = brand.get("/search/", {"category": "fashion"}).content.decode()
    assert "Add all 5 to a list" in page
    assert f'href="{URL}?category=fashion"' in page


def test_over_the_limit_the_button_says_it_adds_the_first_ones(brand, creators, monkeypatch):
    monkeypatch.setattr(services, "ADD_ALL_LIMIT", 3)
    monkeypatch.setattr("vetrina.search.views.ADD_ALL_LIMIT", 3)
    page = brand.get("/search/", {"category": "fashion"}).content.decode()
    assert "Add the first 3 of 5 to a list" in page


def test_visitors_and_staff_get_no_button(visitor, staff_user, creators):
    for user in (visitor, staff_user):
        assert "to a list</a>" not in client_for(user).get("/search/").content.decode()


def test_it_adds_every_match_to_an_existing_list_and_skips_those_on_it(brand, brand_member, creators):
    shortlist = ShortlistFactory.create(organisation=brand_member.organisation, name="Fashion")
    ShortlistEntryFactory.create(shortlist=shortlist, creator=creators["b.two"], note="Keep")

    response = brand.post(f"{URL}?category=fashion&country=IN", {"shortlist": shortlist.pk})

    assert (response.status_code, response["Location"]) == (302, f"/shortlists/{shortlist.pk}/")
    assert flash(response) == ["Added 4 creators to “Fashion”. 1 was already on it."]
    assert handles_on(shortlist) == ["a.one", "b.two", "c.three", "d.four", "e.five"]
    assert ShortlistEntry.objects.get(shortlist=shortlist, creator=creators["b.two"]).note == "Keep"


def test_it_makes_a_new_list_with_the_first_matches_in_the_searchs_order(
    brand, brand_member, creators, monkeypatch
):
    monkeypatch.setattr("vetrina.search.views.ADD_ALL_LIMIT", 2)

    response = brand.post(
        f"{URL}?category=fashion&sort=-followers", {"shortlist": "new", "name": "Smallest two"}
    )

    shortlist = Shortlist.objects.get(organisation=brand_member.organisation, name="Smallest two")
    assert response["Location"] == f"/shortlists/{shortlist.pk}/"
    assert handles_on(shortlist) == ["d.four", "e.five"]
    assert flash(response) == ["Added 2 creators to “Smallest two”."]


def test_a_failure_leaves_nothing_half_written(brand, brand_member, creators):
    ShortlistFactory.create(organisation=brand_member.organisation, name="Taken")

    response = brand.post(f"{URL}?category=fashion", {"shortlist": "new", "name": "taken"})

    assert response.status_code == 400
    assert "There is already a list named “taken”." in response.content.decode()
    assert Shortlist.objects.filter(organisation=brand_member.organisation).count() == 1
    assert not ShortlistEntry.objects.exists()


def test_a_new_list_is_not_made_when_an_add_fails(brand_member, creators):
    unverified = CreatorFactory.create(handle="not.yet", verified=False)
    with pytest.raises(services.ValidationError, match="Only verified creators"):
        services.shortlist_create_with_creators(
            organisation=brand_member.organisation,
            created_by=brand_member,
            name="Half",
            creator_ids=[creators["a.one"].pk, unverified.pk],
        )
    assert not Shortlist.objects.filter(name="Half").exists()
    assert not ShortlistEntry.objects.exists()


def test_the_page_asks_which_list_and_says_how_many(brand, brand_member, creators):
    ShortlistFactory.create(organisation=brand_member.organisation, name="Autumn")
    page = brand.get(URL, {"category": "fashion"}).content.decode()
    assert "All 5 creators this search finds." in page
    assert "Autumn" in page
    assert "Add 5 creators" in page


def test_another_organisations_list_is_404(brand, agency_member, creators):
    theirs = ShortlistFactory.create(organisation=agency_member.organisation)
    response = brand.post(f"{URL}?category=fashion", {"shortlist": theirs.pk})
    assert response.status_code == 404
    assert not theirs.entries.exists()


def test_bad_filters_go_back_to_the_search_which_says_what_is_wrong(brand, creators):
    response = brand.get(URL, {"er_min": "2"})
    assert (response.status_code, response["Location"]) == (302, "/search/?er_min=2")


def test_the_add_costs_a_few_queries_whatever_the_number_of_creators(
    brand_member, django_assert_max_num_queries
):
    shortlist = ShortlistFactory.create(organisation=brand_member.organisation)
    ids = [creator.pk for creator in CreatorFactory.create_batch(services.ADD_ALL_LIMIT)]
    with django_assert_max_num_queries(8):
        added = services.shortlist_creators_add(shortlist=shortlist, creator_ids=ids, added_by=brand_member)
    assert added == services.Added(added=services.ADD_ALL_LIMIT, already=0)
    again = services.shortlist_creators_add(shortlist=shortlist, creator_ids=ids, added_by=brand_member)
    assert again == services.Added(added=0, already=services.ADD_ALL_LIMIT)


# The API: POST /api/v1/shortlists/{id}/creators/from-search with the search's parameters ------------


def test_the_api_adds_a_searchs_matches_and_says_how_many(brand, brand_member, creators):
    shortlist = ShortlistFactory.create(organisation=brand_member.organisation)
    ShortlistEntryFactory.create(shortlist=shortlist, creator=creators["a.one"])

    response = brand.post(
        f"/api/v1/shortlists/{shortlist.pk}/creators/from-search?category=fashion&followers_min=200"
    )

    assert response.status_code == 200, response.json()
    assert response.json() == {"matched": 4, "added": 3, "already_listed": 1}
    assert handles_on(shortlist) == ["a.one", "b.two", "c.three", "d.four"]


def test_the_api_refuses_bad_filters_and_others_lists(brand, brand_member, agency_member, creators):
    mine = ShortlistFactory.create(organisation=brand_member.organisation)
    theirs = ShortlistFactory.create(organisation=agency_member.organisation)

    bad = brand.post(f"/api/v1/shortlists/{mine.pk}/creators/from-search?er_min=2")
    other = brand.post(f"/api/v1/shortlists/{theirs.pk}/creators/from-search?category=fashion")

    assert bad.status_code == 400
    assert bad.json()["errors"][0]["field"] == "er_min"
    assert other.status_code == 404
    assert not ShortlistEntry.objects.exists()


def test_the_api_lets_no_visitor_staff_or_read_only_token_add(visitor, staff_user, brand_member, creators):
    shortlist = ShortlistFactory.create(organisation=brand_member.organisation)
    url = f"/api/v1/shortlists/{shortlist.pk}/creators/from-search"
    for user in (visitor, staff_user):
        assert client_for(user).post(url).status_code in (403, 404)
    _token, secret = api_token_create(user=brand_member, name="Reader", scope=ApiToken.Scope.READ)
    assert Client().post(url, headers={"Authorization": f"Bearer {secret}"}).status_code == 403
    assert not ShortlistEntry.objects.exists()


def test_a_search_finding_nobody_offers_nothing_to_add(brand, creators):
    page = brand.get(URL, {"category": "travel"}).content.decode()
    assert "No creator matches this search: there is nothing to add." in page
    assert "creators this search finds" not in page
    assert "<form" not in page.split("<main", 1)[1]
