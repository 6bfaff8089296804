import re

import pytest
from playwright.sync_api import Page, expect

from vetrina.creators.tests.factories import CreatorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_brand_saves_a_search_and_runs_it_again_in_one_click(live_server, page: Page, brand_member):
    # given creators in two countries
    CreatorFactory.create(handle="in.one", country="IN")
    CreatorFactory.create(handle="in.two", country="IN")
    CreatorFactory.create(handle="us.one", country="US")
    page.goto(f"{live_server.url}/login/?next=/search/?country=IN")
    page.get_by_label("E-mail or username").fill("brand@acme.test")
    page.get_by_label("Password").fill("a-long-pass-phrase")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#result-count")).to_have_text("2 creators")

    # when the brand saves the search under a name
    page.get_by_text("Save this search").click()
    page.get_by_label("Name", exact=True).fill("Indian creators")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Saved “Indian creators”.")).to_be_visible()

    # then Saved searches lists it, and Run opens the search with its filters
    page.get_by_role("link", name="Saved searches").click()
    expect(page.get_by_role("heading", name="Indian creators")).to_be_visible()
    page.get_by_role("link", name="Run", exact=True).click()
    expect(page).to_have_url(re.compile(r"/search/\?country=IN$"))
    expect(page.locator("#result-count")).to_have_text("2 creators")
    expect(page.get_by_label("India", exact=True)).to_be_checked()
