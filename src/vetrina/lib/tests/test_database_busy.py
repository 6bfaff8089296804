"""A write that cannot get the lock because someone else writes answers 503 with Retry-After, in the
API's error shape or as a page that says to try again; never 500. Once the lock is free, it works."""

import json
from collections.abc import Iterator

import pytest
from django.db import OperationalError
from django.test import Client

from vetrina.accounts.models import User
from vetrina.api.models import ApiToken
from vetrina.api.services import api_token_create
from vetrina.collaborations.models import Campaign
from vetrina.creators.models import Creator
from vetrina.creators.tests.factories import CreatorFactory
from vetrina.lib.database_busy import is_lock_timeout
from vetrina.lib.tests.locking import lock_timeout, write_lock_held
from vetrina.shortlists.models import Shortlist
from vetrina.shortlists.tests.factories import ShortlistFactory

pytestmark = pytest.mark.django_db(transaction=True)

CONTACT_FORM = {
    "campaign_name": "Spring glow",
    "description": "Three videos about our spring serum.",
    "payment_option": "per_video",
    "payment_amount": "400",
    "payment_currency": "EUR",
    "contact_name": "Anna Rossi",
    "contact_email": "anna@acme.test",
    "contact_phone": "+44 20 7946 0958",
    "deliverable_brief": "The serum on camera.",
    "deliverable_due_date": "2999-01-01",
}


@pytest.fixture(autouse=True)
def short_lock_timeout() -> Iterator[None]:
    with lock_timeout(0.5):
        yield


@pytest.fixture
def anna() -> Creator:
    return CreatorFactory.create(handle="anna.styles", display_name="Anna", manager_email="team@anna.test")


@pytest.fixture
def summer(brand_member: User) -> Shortlist:
    return ShortlistFactory.create(organisation=brand_member.organisation, name="Summer")


@pytest.fixture
def browser(brand_member: User) -> Client:
    # As a browser sees it: the error page, not the exception the test client would raise.
    client = Client(raise_request_exception=False)
    client.force_login(brand_member)
    return client


def assert_busy_page(response) -> None:
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    page = response.content.decode()
    assert "<title>Busy, try again · Vetrina</title>" in page
    assert "could not save yours in time. Nothing was changed." in page
    assert 'class="topbar"' in page  # in the site's frame


def test_adding_to_a_list_while_another_writer_holds_the_lock_says_try_again_then_works(
    browser: Client, anna: Creator, summer: Shortlist
):
    form = {"action": "add", "shortlist": summer.pk}
    # when another writer holds the lock past the write's timeout
    with write_lock_held():
        response = browser.post("/shortlists/picker/anna.styles/", form)
    # then the member is told to try again, and nothing was written
    assert_busy_page(response)
    assert not summer.entries.exists()
    # and trying again once the lock is free works
    assert browser.post("/shortlists/picker/anna.styles/", form).status_code == 302
    assert summer.entries.filter(creator=anna).exists()


def test_contacting_a_creator_while_another_writer_holds_the_lock_says_try_again_then_works(
    browser: Client, anna: Creator
):
    with write_lock_held():
        response = browser.post("/contact/?creator=anna.styles", CONTACT_FORM)
    assert_busy_page(response)
    assert not Campaign.objects.exists()

    assert browser.post("/contact/?creator=anna.styles", CONTACT_FORM).status_code == 302
    assert Campaign.objects.get().requests.count() == 1


def test_an_api_write_while_another_writer_holds_the_lock_answers_503_in_the_api_shape_then_works(
    brand_member: User, anna: Creator, summer: Shortlist
):
    _row, token = api_token_create(user=brand_member, name="Script", scope=ApiToken.Scope.READ_WRITE)
    client = Client(raise_request_exception=False, headers={"Authorization": f"Bearer {token}"})
    url, body = f"/api/v1/shortlists/{summer.pk}/creators", json.dumps({"handle": "anna.styles"})
    # A first call records the token's use, so that the one below has only the entry to write.
    assert client.get(f"/api/v1/shortlists/{summer.pk}").status_code == 200

    with write_lock_held():
        response = client.post(url, body, content_type="application/json")

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json() == {
        "detail": "The database is busy with other changes; try again in a few seconds.",
        "errors": [],
    }
    assert not summer.entries.exists()
    assert client.post(url, body, content_type="application/json").status_code == 201


def test_only_lock_timeouts_count_as_busy():
    # Another database error is a fault, shown as one (500), not hidden behind "try again".
    assert is_lock_timeout(OperationalError("database is locked"))
    assert not is_lock_timeout(OperationalError("no such table: creators_creator"))
    assert not is_lock_timeout(ValueError("database is locked"))
