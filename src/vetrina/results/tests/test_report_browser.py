"""The report page in a browser: a figure's formula opens in one click, a header sorts the table, and the
chart is drawn with no script (the Content-Security-Policy watches every page: conftest)."""

import pytest
from playwright.sync_api import Page, expect

from vetrina.collaborations.tests.factories import CampaignFactory
from vetrina.creators.tests.factories import CreatorFactory
from vetrina.results.tests.factories import accepted_request, videos_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page: Page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("E-mail or username").fill(username)
    page.get_by_label("Password").fill("a-long-pass-phrase")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("navigation", name="Sections")).to_be_visible()


def test_a_formula_is_one_click_away_and_a_header_sorts_the_table(page: Page, live_server, brand_member):
    # given a campaign with two creators' posted videos and one that never arrived
    campaign = CampaignFactory.create(organisation=brand_member.organisation, name="Autumn serum")
    asha, rohan = CreatorFactory.create(handle="asha.fits"), CreatorFactory.create(handle="rk.style")
    asha_video = videos_of(asha, [100, 200, 300], first_id=7_400_000_000_000_000_000)[-1]
    rohan_video = videos_of(rohan, [5000, 9000], first_id=7_410_000_000_000_000_000)[-1]
    accepted_request(campaign=campaign, creator=asha, videos=[str(asha_video.pk), "7499999999999999999"])
    accepted_request(campaign=campaign, creator=rohan, videos=[str(rohan_video.pk)])
    log_in(page, live_server, brand_member.username)

    # when the brand opens the campaign, then its results
    page.goto(f"{live_server.url}/activity/campaigns/{campaign.pk}/")
    page.get_by_role("link", name="Results").click()
    expect(page.get_by_role("heading", name="Results of Autumn serum")).to_be_visible()

    # then a total's formula opens in one click
    views = page.locator("#total-cpm-USD")
    formula = views.get_by_text("Cost / views × 1,000", exact=False)
    expect(formula).to_be_hidden()
    views.get_by_text("How it is computed").click()
    expect(formula).to_be_visible()

    # and the Views header sorts the table, most viewed first, the video that never arrived last
    page.get_by_role("link", name="Views").click()
    expect(page).to_have_url(f"{live_server.url}/activity/campaigns/{campaign.pk}/results/?sort=-views")
    rows = page.locator(".results-table tbody tr")
    expect(rows.nth(0)).to_contain_text("@rk.style")
    expect(rows.nth(2)).to_contain_text("Not arrived yet")
