import pytest
from django.test import Client

from vetrina.creators.tests.factories import CreatorFactory
from vetrina.shortlists.models import Shortlist
from vetrina.shortlists.tests.factories import ShortlistEntryFactory, ShortlistFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def brand_client(brand_member) -> Client:
    client = Client()
    client.force_login(brand_member)
    return client


def test_it_lists_the_organisations_lists_with_counts_and_total_reach(
    brand_client, brand_member, agency_member
):
    # given a list with three creators, one of them without a reach yet, and another organisation's list
    shortlist = ShortlistFactory.create(
        organisation=brand_member.organisation, name="Summer launch", description="Beauty for June"
    )
    for reach in (1_200_000, 45_300, None):
        ShortlistEntryFactory.create(shortlist=shortlist, creator=CreatorFactory.create(reach=reach))
    ShortlistFactory.create(organisation=agency_member.organisation, name="Agency secret")

    # when
    response = brand_client.get("/shortlists/")

    # then
    page = response.content.decode()
    assert response.status_code == 200
    assert "Summer launch" in page
    assert "Beauty for June" in page
    assert "Agency secret" not in page
    row = response.context["shortlists"][0]
    assert (row.creator_count, row.total_reach) == (3, 1_200_000 + 45_300)
    assert 'title="1,245,300">1.2M<' in page
    assert "counts as nothing" in page


def test_it_creates_a_list_and_opens_it(brand_client, brand_member):
    response = brand_client.post("/shortlists/new/", {"name": "Autumn", "description": "Coats"})
    shortlist = Shortlist.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/shortlists/{shortlist.pk}/"
    assert (shortlist.organisation, shortlist.name, shortlist.description, shortlist.created_by) == (
        brand_member.organisation,
        "Autumn",
        "Coats",
        brand_member,
    )


def test_it_shows_why_a_list_was_not_created(brand_client, brand_member):
    ShortlistFactory.create(organisation=brand_member.organisation, name="Autumn")
    response = brand_client.post("/shortlists/new/", {"name": "autumn"})
    assert response.status_code == 400
    assert "There is already a list named “autumn”." in response.content.decode()
    assert Shortlist.objects.count() == 1


def test_it_renames_and_describes_a_list(brand_client, brand_member):
    shortlist = ShortlistFactory.create(organisation=brand_member.organisation, name="Old")
    assert brand_client.get(f"/shortlists/{shortlist.pk}/edit/").status_code == 200
    response = brand_client.post(
        f"/shortlists/{shortlist.pk}/edit/", {"name": "New", "description": "Now described"}
    )
    shortlist.refresh_from_db()
    assert response.status_code == 302
    assert (shortlist.name, shortlist.description) == ("New", "Now described")


def test_it_deletes_a_list_only_after_confirmation(brand_client, brand_member):
    shortlist = ShortlistEntryFactory.create(shortlist__organisation=brand_member.organisation).shortlist
    confirmation = brand_client.get(f"/shortlists/{shortlist.pk}/delete/")
    assert "The list and the note on its one creator go" in confirmation.content.decode()
    assert Shortlist.objects.filter(pk=shortlist.pk).exists()

    response = brand_client.post(f"/shortlists/{shortlist.pk}/delete/")
    assert response.status_code == 302
    assert response["Location"] == "/shortlists/"
    assert not Shortlist.objects.filter(pk=shortlist.pk).exists()


def test_staff_see_every_organisations_lists_without_the_forms(staff_client, brand_member, agency_member):
    ShortlistFactory.create(organisation=brand_member.organisation, name="Brand list")
    ShortlistFactory.create(organisation=agency_member.organisation, name="Agency list")
    page = staff_client.get("/shortlists/").content.decode()
    assert "Brand list" in page
    assert "Agency list" in page
    assert "Acme Cosmetics" in page  # the organisation column
    assert "Create list" not in page
    assert staff_client.post("/shortlists/new/", {"name": "Staff list"}).status_code == 403
    assert not Shortlist.objects.filter(name="Staff list").exists()


def test_another_organisations_member_gets_404_on_every_change(agency_member, brand_member):
    # The access matrix GETs every URL; here the changes themselves, as POSTs.
    entry = ShortlistEntryFactory.create(shortlist__organisation=brand_member.organisation, note="Keep")
    shortlist, handle = entry.shortlist, entry.creator.handle
    name = shortlist.name
    client = Client()
    client.force_login(agency_member)
    for url, data in [
        (f"/shortlists/{shortlist.pk}/edit/", {"name": "Taken over"}),
        (f"/shortlists/{shortlist.pk}/delete/", {}),
        (f"/shortlists/{shortlist.pk}/creators/{handle}/note/", {"note": "Mine now"}),
        (f"/shortlists/{shortlist.pk}/creators/{handle}/remove/", {}),
    ]:
        assert client.post(url, data).status_code == 404, url
    picker = client.post(f"/shortlists/picker/{handle}/", {"action": "add", "shortlist": shortlist.pk})
    assert picker.status_code == 404
    entry.refresh_from_db()
    shortlist.refresh_from_db()
    assert (shortlist.name, entry.note, shortlist.entries.count()) == (name, "Keep", 1)
