import json

import pytest
from django.test import Client

from vetrina.api.models import ApiToken
from vetrina.api.services import api_token_create
from vetrina.conftest import client_for
from vetrina.creators.tests.factories import AudienceCountryFactory, CreatorFactory
from vetrina.shortlists.models import Shortlist, ShortlistEntry
from vetrina.shortlists.tests.factories import ShortlistEntryFactory, ShortlistFactory

pytestmark = pytest.mark.django_db

API = "/api/v1/shortlists"


def send(client: Client, method: str, url: str, body: dict | None = None):
    if method == "get":
        return client.get(url)
    return getattr(client, method)(url, data=json.dumps(body or {}), content_type="application/json")


@pytest.fixture
def brand(brand_member) -> Client:
    return client_for(brand_member)


@pytest.fixture
def summer(brand_member):
    shortlist = ShortlistFactory.create(
        organisation=brand_member.organisation, name="Summer", description="June"
    )
    asha = CreatorFactory.create(
        handle="asha.fits",
        display_name="Asha",
        reach=1_234_567,
        avg_views=240_123.4,
        engagement_rate=0.0612345678,
        authenticity_score=91.7,
    )
    AudienceCountryFactory.create(creator=asha, country="IN", share=0.7123)
    AudienceCountryFactory.create(creator=asha, country="US", share=0.2877)
    ShortlistEntryFactory.create(shortlist=shortlist, creator=asha, note="Yes")
    ShortlistEntryFactory.create(
        shortlist=shortlist, creator=CreatorFactory.create(handle="new.face", reach=None)
    )
    return shortlist


def test_it_lists_the_organisations_lists_with_totals(brand, summer, agency_member):
    ShortlistFactory.create(organisation=agency_member.organisation, name="Agency's")
    body = brand.get(API).json()
    assert body["count"] == 1
    (result,) = body["results"]
    assert (result["id"], result["name"], result["description"]) == (summer.pk, "Summer", "June")
    assert (result["creator_count"], result["total_reach"]) == (2, 1_234_567)  # the undefined reach adds 0


def test_it_returns_a_list_with_its_creators_numbers_at_full_precision(brand, summer):
    body = brand.get(f"{API}/{summer.pk}").json()
    assert [creator["handle"] for creator in body["creators"]] == ["asha.fits", "new.face"]
    asha, new = body["creators"]
    assert {key: asha[key] for key in asha if key != "added_at"} == {
        "handle": "asha.fits",
        "display_name": "Asha",
        "reach": 1_234_567,
        "avg_views": 240_123.4,
        "engagement_rate": 0.0612345678,
        "authenticity": 91.7,
        "top_audience_country": "IN",
        "top_audience_country_share": 0.7123,
        "note": "Yes",
    }
    assert (new["reach"], new["engagement_rate"], new["top_audience_country"]) == (None, None, None)
    assert [c["handle"] for c in brand.get(f"{API}/{summer.pk}?sort=-reach").json()["creators"]] == [
        "asha.fits",
        "new.face",
    ]
    assert brand.get(f"{API}/{summer.pk}/creators/asha.fits").json()["note"] == "Yes"
    assert len(brand.get(f"{API}/{summer.pk}/creators").json()) == 2


def test_it_creates_renames_and_deletes_a_list(brand, brand_member):
    created = send(brand, "post", API, {"name": "Autumn", "description": "Coats"})
    assert created.status_code == 201
    shortlist_id = created.json()["id"]
    assert (created.json()["name"], created.json()["creator_count"], created.json()["creators"]) == (
        "Autumn",
        0,
        [],
    )
    assert Shortlist.objects.get(pk=shortlist_id).organisation == brand_member.organisation

    renamed = send(brand, "patch", f"{API}/{shortlist_id}", {"name": "Winter"})
    assert (renamed.status_code, renamed.json()["name"], renamed.json()["description"]) == (
        200,
        "Winter",
        "Coats",
    )

    assert brand.delete(f"{API}/{shortlist_id}").status_code == 204
    assert not Shortlist.objects.filter(pk=shortlist_id).exists()


def test_a_bad_name_is_a_400_in_the_one_error_shape(brand, summer):
    response = send(brand, "post", API, {"name": "summer"})
    assert response.status_code == 400
    assert response.json() == {
        "detail": "The request has invalid parameters.",
        "errors": [{"field": "name", "message": "There is already a list named “summer”."}],
    }


def test_it_adds_a_creator_once_and_says_so_the_second_time(brand, summer):
    CreatorFactory.create(handle="rk.style", reach=310_000)
    added = send(brand, "post", f"{API}/{summer.pk}/creators", {"handle": "rk.style", "note": "Ask rates"})
    assert added.status_code == 201
    assert (added.json()["handle"], added.json()["reach"], added.json()["note"]) == (
        "rk.style",
        310_000,
        "Ask rates",
    )

    again = send(brand, "post", f"{API}/{summer.pk}/creators", {"handle": "rk.style"})
    assert again.status_code == 409
    assert again.json() == {
        "detail": "The creator is already on the list.",
        "errors": [{"field": "handle", "message": "@rk.style is already on “Summer”."}],
    }
    assert summer.entries.filter(creator__handle="rk.style").count() == 1


def test_unverified_and_unknown_creators_are_not_found(brand, summer):
    CreatorFactory.create(handle="hidden.one", verified=False)
    for handle in ("hidden.one", "no.such"):
        response = send(brand, "post", f"{API}/{summer.pk}/creators", {"handle": handle})
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found.", "errors": []}
    assert summer.entries.count() == 2


def test_it_writes_a_note_and_removes_a_creator(brand, summer):
    noted = send(brand, "patch", f"{API}/{summer.pk}/creators/new.face", {"note": "Rising"})
    assert noted.json()["note"] == "Rising"
    assert brand.delete(f"{API}/{summer.pk}/creators/new.face").status_code == 204
    assert brand.delete(f"{API}/{summer.pk}/creators/new.face").status_code == 404
    assert list(summer.entries.values_list("creator__handle", flat=True)) == ["asha.fits"]


def every_call(shortlist: Shortlist) -> list[tuple[str, str, dict]]:
    base = f"{API}/{shortlist.pk}"
    return [
        ("get", base, {}),
        ("patch", base, {"name": "Taken"}),
        ("delete", base, {}),
        ("get", f"{base}/creators", {}),
        ("post", f"{base}/creators", {"handle": "rk.style"}),
        ("get", f"{base}/creators/asha.fits", {}),
        ("patch", f"{base}/creators/asha.fits", {"note": "Mine"}),
        ("delete", f"{base}/creators/asha.fits", {}),
    ]


def test_another_organisations_member_gets_404_on_every_path_and_method(agency_member, summer):
    CreatorFactory.create(handle="rk.style")
    agency = client_for(agency_member)
    for method, url, body in every_call(summer):
        response = send(agency, method, url, body)
        assert (response.status_code, response.json()["detail"]) == (404, "Not found."), (method, url)
    summer.refresh_from_db()
    assert (summer.name, summer.entries.count(), summer.entries.get(creator__handle="asha.fits").note) == (
        "Summer",
        2,
        "Yes",
    )


def test_visitors_and_creators_get_403_and_anonymous_callers_401(visitor, creator_account, summer):
    for user, status in ((visitor, 403), (creator_account, 403), (None, 401)):
        caller = client_for(user)
        for method, url, body in [("get", API, {}), ("post", API, {"name": "Mine"}), *every_call(summer)]:
            response = send(caller, method, url, body)
            assert response.status_code == status, (user, method, url)
            assert set(response.json()) == {"detail", "errors"}
    assert Shortlist.objects.count() == 1


def test_staff_read_every_list_and_change_none(staff_user, summer):
    staff = client_for(staff_user)
    assert staff.get(API).json()["count"] == 1
    assert staff.get(f"{API}/{summer.pk}").status_code == 200
    for method, url, body in [("post", API, {"name": "Staff's"}), *every_call(summer)]:
        if method != "get":
            assert send(staff, method, url, body).status_code == 403, (method, url)
    assert (Shortlist.objects.count(), ShortlistEntry.objects.count()) == (1, 2)


def test_tokens_reach_the_lists_and_a_read_only_one_changes_nothing(brand_member, summer):
    _row, reader = api_token_create(user=brand_member, name="Reader", scope=ApiToken.Scope.READ)
    _row, writer = api_token_create(user=brand_member, name="Writer", scope=ApiToken.Scope.READ_WRITE)
    anonymous = Client()

    def call(method: str, url: str, token: str, body: dict | None = None):
        headers = {"Authorization": f"Bearer {token}"}
        if method == "get":
            return anonymous.get(url, headers=headers)
        return getattr(anonymous, method)(
            url, data=json.dumps(body or {}), content_type="application/json", headers=headers
        )

    assert call("get", f"{API}/{summer.pk}", reader).json()["name"] == "Summer"
    refused = call("patch", f"{API}/{summer.pk}", reader, {"name": "Read only"})
    assert (refused.status_code, refused.json()["detail"]) == (403, "This token is read only.")
    assert call("patch", f"{API}/{summer.pk}", writer, {"name": "Written"}).json()["name"] == "Written"
    summer.refresh_from_db()
    assert summer.name == "Written"


def test_a_handle_that_cannot_be_one_is_a_400_or_a_404(brand, summer):
    bad = send(brand, "post", f"{API}/{summer.pk}/creators", {"handle": "Not A Handle\x00"})
    assert (bad.status_code, bad.json()["errors"][0]["field"]) == (400, "payload.handle")
    assert brand.get(f"{API}/{summer.pk}/creators/nul%00").status_code == 404
