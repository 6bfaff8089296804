"""A list's combined audience in a browser: the charts show (drawn by the server, so with no script and
nothing for the Content-Security-Policy to refuse: the browser fixtures fail on a violation), and the page
fits a laptop's 1440 px and a phone's 390 px without scrolling sideways."""

import pytest
from playwright.sync_api import Page, expect

from vetrina.creators.tests.factories import AudienceCountryFactory, CreatorFactory
from vetrina.shortlists.tests.factories import ShortlistEntryFactory, ShortlistFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page: Page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("E-mail or username").fill(username)
    page.get_by_label("Password").fill("a-long-pass-phrase")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("navigation", name="Sections")).to_be_visible()


@pytest.fixture
def audience_list(brand_member):
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
            reach=1_000_000 * (number + 1),
            audience_age_18_24=0.6,
            audience_age_25_34=0.4,
            audience_gender_female=0.7 - number / 10,
            audience_gender_male=0.3 + number / 10,
            audience_device_ios=0.55,
            audience_device_android=0.45,
            audience_activity_active=0.8,
            audience_activity_passive=0.2,
        )
        AudienceCountryFactory.create(creator=creator, country=country, share=0.6)
        AudienceCountryFactory.create(creator=creator, country="US", share=0.4)
        ShortlistEntryFactory.create(shortlist=shortlist, creator=creator)
    return shortlist


@pytest.mark.parametrize("width", [1440, 390])
def test_the_combined_audience_charts_show_and_the_page_fits(
    live_server, page: Page, brand_member, audience_list, width
):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, brand_member.username)
    page.goto(f"{live_server.url}{audience_list.get_absolute_url()}")

    for dimension in ("age", "gender", "device", "activity", "country", "continent"):
        chart = page.locator(f"#chart-list-{dimension} svg")
        chart.scroll_into_view_if_needed()
        expect(chart).to_be_visible()
        box = chart.bounding_box()
        assert box is not None
        assert box["width"] > 100
    expect(page.locator("#shortlist-audience .table-wrap")).to_be_visible()
    expect(page.locator("[data-audience-handle='mia.cooks.at.home']")).to_be_visible()
    scroll_width, client_width = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll_width <= client_width
