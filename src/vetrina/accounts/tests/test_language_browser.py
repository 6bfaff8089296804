import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_switching_to_italian_on_the_landing_page_turns_the_pages_italian(live_server, page: Page):
    # given an English browser on the landing page
    page.goto(live_server.url)
    expect(
        page.get_by_role("heading", name="Find the creators your audience already watches")
    ).to_be_visible()
    # when
    page.get_by_role("button", name="Italiano").click()
    # then the same page, and the next one, speak Italian
    expect(page.get_by_role("heading", name="Trova i creator che il tuo pubblico guarda già")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "it")
    page.get_by_role("link", name="Richiedi l'accesso").first.click()
    expect(page.get_by_label("Nome dell'azienda")).to_be_visible()
    # and back
    page.get_by_role("button", name="English").click()
    expect(page.get_by_label("Company name")).to_be_visible()
