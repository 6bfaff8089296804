"""A campaign page on a phone: nothing on it scrolls sideways, the requests table neither (each request
becomes a block of its own, Withdraw included); at 1440 px the table fits its frame."""

import pytest
from playwright.sync_api import Page, expect

from vetrina.collaborations.services import collaboration_request_answer
from vetrina.collaborations.tests.factories import CollaborationRequestFactory, OfferFactory
from vetrina.conftest import log_in
from vetrina.creators.tests.factories import CreatorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def busy_campaign(brand_member):
    # A long name, a long description and a long answer: the widest a campaign page gets.
    offer = OfferFactory.create(
        campaign__organisation=brand_member.organisation,
        campaign__name="Autumn skincare launch with the new vitamin C serum",
        description="Three videos about our autumn serum, filmed at home in natural light. " * 4,
        contact_email="anna.rossi.partnerships@acme-cosmetics.example",
    )
    for handle in ["asha.fits.and.wellness.daily", "rk.style.official"]:
        creator = CreatorFactory.create(
            handle=handle, display_name="A rather long display name", manager_email=f"team@{handle}.test"
        )
        request = CollaborationRequestFactory.create(campaign=offer.campaign, offer=offer, creator=creator)
    collaboration_request_answer(
        request=request, accept=False, message="Booked until June, sorry; write again in the summer. " * 3
    )
    return offer.campaign


def page_scroll(page: Page) -> tuple[int, int]:
    return page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")


def test_at_390_px_the_campaign_page_does_not_scroll_sideways(
    live_server, page: Page, brand_member, busy_campaign
):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, brand_member.username)
    page.goto(f"{live_server.url}{busy_campaign.get_absolute_url()}")
    expect(page.get_by_role("heading", name=busy_campaign.name)).to_be_visible()
    page.locator(".offer summary").first.click()  # the offer's facts, opened

    scroll_width, client_width = page_scroll(page)
    assert scroll_width <= client_width
    frame = page.locator(".table-wrap")
    scroll_width, client_width = frame.evaluate("el => [el.scrollWidth, el.clientWidth]")
    assert scroll_width <= client_width
    # and each request's Withdraw lies within the window, with no scrolling sideways to reach it
    withdraw = page.get_by_role("link", name="Withdraw the request to @asha.fits.and.wellness.daily")
    box = withdraw.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= 390
    # and opening the account menu in the top bar does not push the page sideways either
    page.locator(".menu > summary").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    scroll_width, client_width = page_scroll(page)
    assert scroll_width <= client_width


@pytest.mark.parametrize("language", ["en", "it"])
def test_at_1440_px_the_campaign_table_fits_its_frame(
    live_server, page: Page, brand_member, busy_campaign, language
):
    page.set_viewport_size({"width": 1440, "height": 900})
    log_in(page, live_server, brand_member.username)
    page.set_extra_http_headers({"Accept-Language": language})
    page.goto(f"{live_server.url}{busy_campaign.get_absolute_url()}")
    expect(page.locator("html")).to_have_attribute("lang", language)

    frame = page.locator(".table-wrap")
    expect(frame).to_be_visible()
    scroll_width, client_width = frame.evaluate("el => [el.scrollWidth, el.clientWidth]")
    assert scroll_width <= client_width
    assert page_scroll(page)[0] <= page_scroll(page)[1]
