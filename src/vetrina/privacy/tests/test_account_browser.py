"""A member finds their data under their name, downloads it and deletes their account, in a browser and
under the Content-Security-Policy (the shared fixture fails the test on any violation)."""

import json

import pytest
from playwright.sync_api import Page, expect

from vetrina.accounts.models import User
from vetrina.accounts.tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_downloads_their_data_and_deletes_their_account(live_server, page: Page):
    # given a signed-in visitor
    UserFactory.create(username="visitor@curious.test", role="visitor", is_owner=True)
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("E-mail").fill("visitor@curious.test")
    page.get_by_label("Password").fill("a-long-pass-phrase")
    page.get_by_role("button", name="Log in").click()

    # when they open Your data from the menu under their name
    page.locator("details.menu summary").click()
    page.get_by_role("link", name="Your data").click()
    expect(page.get_by_role("heading", name="Your data", exact=True)).to_be_visible()

    # then the download is their data
    with page.expect_download() as download:
        page.get_by_role("link", name="Download your data").click()
    data = json.loads(download.value.path().read_text())
    assert data["account"]["email"] == "visitor@curious.test"

    # and once they confirm with their password, the account is gone and they are logged out
    page.get_by_label("Your password").fill("a-long-pass-phrase")
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_text("Your account is deleted.")).to_be_visible()
    expect(page.get_by_role("banner").get_by_role("link", name="Log in")).to_be_visible()
    assert not User.objects.filter(username="visitor@curious.test").exists()
