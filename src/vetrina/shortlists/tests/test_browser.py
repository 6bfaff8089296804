import csv
import re

import pytest
from playwright.sync_api import Page, expect

from vetrina.accounts.models import OrganisationKind, Role
from vetrina.accounts.tests.factories import OrganisationFactory, UserFactory
from vetrina.creators.tests.factories import AudienceCountryFactory, CreatorFactory
from vetrina.shortlists.models import ShortlistEntry

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_brand_member_shortlists_creators_compares_them_and_exports_the_list(live_server, page: Page):
    # given a brand member and two verified creators
    organisation = OrganisationFactory.create(name="Acme Cosmetics", kind=OrganisationKind.BRAND)
    UserFactory.create(username="anna@acme.test", role=Role.BRAND, organisation=organisation)
    asha = CreatorFactory.create(
        handle="asha.fits", display_name="Asha", reach=1_200_000, avg_views=240_000.0, engagement_rate=0.061
    )
    AudienceCountryFactory.create(creator=asha, country="IN", share=0.7)
    CreatorFactory.create(handle="rk.style", display_name="Rohan", reach=310_000, engagement_rate=0.04)

    page.goto(f"{live_server.url}/login/")
    page.get_by_label("E-mail or username").fill("anna@acme.test")
    page.get_by_label("Password").fill("a-long-pass-phrase")
    page.get_by_role("button", name="Log in").click()

    # when they add Rohan to a new list from his page
    page.goto(f"{live_server.url}/creators/rk.style/")
    page.evaluate("window.notReloaded = true")
    button = page.locator(".list-picker > summary")
    expect(button).to_have_text("Add to list")
    button.click()
    page.get_by_label("New list…").fill("Q4 launch")
    page.get_by_role("button", name="Create and add").click()

    # then the button says where he is, and the page was not reloaded
    expect(page.get_by_role("status")).to_have_text("Created “Q4 launch” with @rk.style on it.")
    expect(page.locator(".list-picker > summary")).to_have_text("✓ In Q4 launch")
    assert page.evaluate("window.notReloaded") is True

    # and Asha joins the same list from her page, the picker saying where she is not yet
    page.goto(f"{live_server.url}/creators/asha.fits/")
    page.locator(".list-picker > summary").click()
    page.get_by_role("button", name="Add to Q4 launch").click()
    expect(page.locator(".list-picker > summary")).to_have_text("✓ In Q4 launch")
    expect(page.get_by_text("already here")).to_be_visible()

    # when they open the list from the navigation
    page.get_by_role("navigation", name="Sections").get_by_role("link", name="Shortlist").click()
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name="Q4 launch", exact=True))
    expect(row).to_contain_text("1.5M")  # 1,200,000 + 310,000
    row.get_by_role("link", name="Q4 launch", exact=True).click()

    # then the creators are side by side in the order they came; sorting by reach puts the larger first
    handles = page.locator("tbody tr").and_(page.locator("[data-handle]"))
    expect(handles).to_have_count(2)
    assert [h.get_attribute("data-handle") for h in handles.all()] == ["rk.style", "asha.fits"]
    page.get_by_role("link", name=re.compile(r"^Reach")).click()
    expect(page).to_have_url(re.compile(r"\?sort=-reach$"))
    assert [h.get_attribute("data-handle") for h in handles.all()] == ["asha.fits", "rk.style"]
    page.get_by_role("link", name=re.compile(r"^Reach")).click()
    expect(page).to_have_url(re.compile(r"\?sort=reach$"))
    assert [h.get_attribute("data-handle") for h in handles.all()] == ["rk.style", "asha.fits"]

    # when they write a note on Asha, in place
    page.get_by_label("Note on @asha.fits").fill("Loves skincare; ask for rates")
    page.locator("tr[data-handle='asha.fits']").get_by_role("button", name="Save note").click()
    expect(page.locator("tr[data-handle='asha.fits']").get_by_role("status")).to_have_text("Saved")
    assert ShortlistEntry.objects.get(creator__handle="asha.fits").note == "Loves skincare; ask for rates"

    # and select all for Contact
    page.get_by_label("Select all creators").check()
    expect(page.get_by_label("Select @asha.fits")).to_be_checked()
    expect(page.get_by_text("2 selected")).to_be_visible()

    # and export the list
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export CSV").click()
    download = download_info.value
    assert download.suggested_filename == "q4-launch.csv"
    path = download.path()
    with open(path, newline="", encoding="utf-8") as exported:
        rows = list(csv.DictReader(exported))

    # then the file holds the page's columns, in the units their headers name, in the page's order
    # (and, last, the list as a whole, without a handle: docs/numbers.md, "The shortlist CSV")
    assert [row["handle"] for row in rows] == ["rk.style", "asha.fits", ""]
    assert {
        key: rows[1][key]
        for key in (
            "reach_followers",
            "avg_views_per_video",
            "engagement_rate_percent",
            "top_audience_country",
        )
    } == {
        "reach_followers": "1200000",
        "avg_views_per_video": "240000",
        "engagement_rate_percent": "6.10",
        "top_audience_country": "IN",
    }
    assert rows[1]["top_audience_country_percent"] == "70.0"
    assert rows[1]["note"] == "Loves skincare; ask for rates"
    assert rows[0]["avg_views_per_video"] == ""  # undefined
