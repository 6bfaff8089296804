import pytest
from django.test import Client

from vetrina.creators.models import Creator
from vetrina.joining.models import CreatorApplication
from vetrina.joining.tests.helpers import joined, synced
from vetrina.search.filters import SearchFilters
from vetrina.search.selectors import creators_search

pytestmark = pytest.mark.django_db


def found(viewer) -> list[str]:
    return [
        card["handle"]
        for card in creators_search(viewer=viewer, filters=SearchFilters.model_validate({})).results
    ]


def test_staff_see_the_eligible_creators_in_the_creators_tab(staff_client: Client):
    synced(joined())
    synced(joined(handle="low.reach", email="low@reach.test"), followers=50)
    page = staff_client.get("/review/joined/").content.decode()
    assert "@nina.bakes" in page
    assert "@low.reach" not in page
    assert 'href="/review/joined/"' in staff_client.get("/review/").content.decode()


def test_staff_verify_a_creator_who_is_then_found_and_told(
    staff_client: Client, post, mailoutbox, brand_member
):
    application = synced(joined())
    assert "nina.bakes" not in found(brand_member)
    response = post(staff_client, f"/review/joined/{application.pk}/verify/")
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == CreatorApplication.State.VERIFIED
    assert Creator.objects.get(handle="nina.bakes").verified
    assert "nina.bakes" in found(brand_member)
    [message] = [m for m in mailoutbox if m.to == ["nina@bakes.test"]]
    assert "verified @nina.bakes" in message.body


def test_staff_refuse_with_a_reason_that_is_e_mailed(staff_client: Client, post, mailoutbox, brand_member):
    application = synced(joined())
    response = post(staff_client, f"/review/joined/{application.pk}/refuse/", {"reason": ""})
    assert response.status_code == 400
    response = post(staff_client, f"/review/joined/{application.pk}/refuse/", {"reason": "Reposted videos."})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == CreatorApplication.State.REFUSED
    assert not Creator.objects.get(handle="nina.bakes").verified
    assert "nina.bakes" not in found(brand_member)
    [message] = [m for m in mailoutbox if m.to == ["nina@bakes.test"]]
    assert "Reposted videos." in message.body


def test_a_creator_not_in_review_cannot_be_verified(staff_client: Client, post):
    application = synced(joined(), followers=50)
    post(staff_client, f"/review/joined/{application.pk}/verify/")
    assert not Creator.objects.get(handle="nina.bakes").verified
