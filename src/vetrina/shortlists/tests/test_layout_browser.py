"""The list page fits its box: at a laptop's 1440 px every column, Remove included, shows without
scrolling the table; on a 390 px phone the page itself never scrolls sideways (the table may, in its
frame)."""

import pytest
from playwright.sync_api import Page, expect

from vetrina.conftest import log_in
from vetrina.creators.tests.factories import AudienceCountryFactory, CreatorFactory
from vetrina.shortlists.tests.factories import ShortlistEntryFactory, ShortlistFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def full_list(brand_member):
    # Long names, every number, a top audience country with a long name: the widest rows a list has.
    shortlist = ShortlistFactory.create(organisation=brand_member.organisation, name="Autumn skincare launch")
    for number, (handle, name, country) in enumerate(
        [
            ("asha.fits.and.wellness.daily", "Asha Sharma Fitness & Wellness", "IN"),
            ("rk.style.official", "Rohan Kapoor Style Official", "BA"),
            ("mia.cooks.at.home", "Mia Rossi Cooks at Home", "GB"),
        ]
    ):
        creator = CreatorFactory.create(
            handle=handle,
            display_name=name,
            reach=12_345_678 + number,
            avg_views=1_598_590.9333333333,
            engagement_rate=0.040687103279113006,
            authenticity_score=91.7,
        )
        AudienceCountryFactory.create(creator=creator, country=country, share=0.4567)
        ShortlistEntryFactory.create(shortlist=shortlist, creator=creator, note="Ask for rates " * 10)
    return shortlist


@pytest.mark.parametrize("language", ["en", "it"])  # Italian's column names are longer
def test_at_1440_px_the_whole_table_shows_remove_column_included(
    live_server, page: Page, brand_member, full_list, language
):
    page.set_viewport_size({"width": 1440, "height": 900})
    log_in(page, live_server, brand_member.username)
    page.set_extra_http_headers({"Accept-Language": language})
    page.goto(f"{live_server.url}{full_list.get_absolute_url()}")
    expect(page.locator("html")).to_have_attribute("lang", language)

    frame = page.locator("#shortlist-creators .table-wrap")
    expect(frame).to_be_visible()
    scroll_width, client_width = frame.evaluate("el => [el.scrollWidth, el.clientWidth]")
    assert scroll_width <= client_width
    # and the last Remove button lies inside the frame's box
    frame_box = frame.bounding_box()
    remove_box = page.locator("tr[data-handle='mia.cooks.at.home'] td:last-child button").bounding_box()
    assert frame_box is not None
    assert remove_box is not None
    assert remove_box["x"] + remove_box["width"] <= frame_box["x"] + frame_box["width"]


def test_at_390_px_the_list_page_does_not_scroll_sideways(live_server, page: Page, brand_member, full_list):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, brand_member.username)
    page.goto(f"{live_server.url}{full_list.get_absolute_url()}")

    expect(page.locator("#shortlist-creators .table-wrap")).to_be_visible()
    scroll_width, client_width = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll_width <= client_width
