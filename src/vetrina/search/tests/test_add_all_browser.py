"""Add all to a list in a browser: from the search's button to the list, at a laptop's and a phone's
width, with no Content-Security-Policy violation (the browser fixtures fail on one)."""

import pytest
from playwright.sync_api import Page, expect

from vetrina.creators.tests.factories import CreatorFactory
from vetrina.shortlists.models import Shortlist

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_sideways_scroll(page: Page) -> bool:
    scroll_width, client_width = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    return scroll_width <= client_width


@pytest.mark.parametrize("width", [1440, 390])
def test_a_brand_member_adds_a_whole_search_to_a_new_list(live_server, page: Page, brand_member, width):
    for number in range(3):
        CreatorFactory.create(
            handle=f"fit.{number}", country="IN", categories=["fitness"], reach=1000 * (number + 1)
        )
    CreatorFactory.create(handle="tech.one", country="IN", categories=["tech"])
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("E-mail or username").fill(brand_member.username)
    page.get_by_label("Password").fill("a-long-pass-phrase")
    page.get_by_role("button", name="Log in").click()

    page.goto(f"{live_server.url}/search/?category=fitness")
    button = page.get_by_role("link", name="Add all 3 to a list")
    expect(button).to_be_visible()
    assert no_sideways_scroll(page)
    button.click()

    expect(page.get_by_role("heading", name="Add the search to a list")).to_be_visible()
    assert no_sideways_scroll(page)
    page.get_by_label("Name of the new list").fill("Fitness picks")
    page.get_by_role("button", name="Add 3 creators").click()

    expect(page.get_by_text("Added 3 creators to “Fitness picks”.")).to_be_visible()
    expect(page.get_by_role("heading", name="Fitness picks")).to_be_visible()
    shortlist = Shortlist.objects.get(name="Fitness picks")
    assert sorted(shortlist.entries.values_list("creator__handle", flat=True)) == ["fit.0", "fit.1", "fit.2"]
