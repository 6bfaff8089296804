import re

import pytest
from playwright.sync_api import Page, expect

from vetrina.creators.tests.factories import CreatorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def cards(page: Page) -> list[str]:
    return page.locator(".creator-card .creator-handle").all_inner_texts()


def test_a_brand_narrows_the_search_live_and_gets_it_back_after_a_reload(
    live_server, page: Page, brand_member
):
    # given six verified creators
    for handle, country, category, young in [
        ("in.fashion.a", "IN", "fashion", 0.5),
        ("in.fashion.b", "IN", "fashion", 0.3),
        ("in.fashion.c", "IN", "fashion", 0.1),
        ("in.tech", "IN", "tech", 0.6),
        ("us.fashion", "US", "fashion", 0.6),
        ("de.food", "DE", "food", 0.9),
    ]:
        CreatorFactory.create(
            handle=handle, country=country, categories=[category], audience_age_18_24=young, reach=len(handle)
        )
    page.goto(f"{live_server.url}/login/?next=/search/")
    page.get_by_label("E-mail or username").fill("brand@acme.test")
    page.get_by_label("Password").fill("a-long-pass-phrase")
    page.get_by_role("button", name="Log in").click()
    count = page.locator("#result-count")
    expect(count).to_have_text("6 creators")
    page.evaluate("window.stillTheSamePage = true")

    # when the brand sets a country, a category and an audience age
    page.get_by_label("India", exact=True).check()
    expect(count).to_have_text("4 creators")
    page.get_by_label("Fashion", exact=True).check()
    expect(count).to_have_text("3 creators")
    page.get_by_label("Age", exact=True).select_option("18-24")
    page.get_by_label("Share of the audience of that age, at least (%)").fill("30")

    # then the count and the cards change without a reload, and the address holds the filters
    expect(count).to_have_text("2 creators")
    assert cards(page) == ["@in.fashion.a", "@in.fashion.b"]
    assert page.evaluate("window.stillTheSamePage") is True
    expect(page).to_have_url(
        re.compile(r"/search/\?country=IN&category=fashion&audience_age=18-24&audience_age_min=0\.3$")
    )
    expect(page.get_by_role("link", name="Remove the filter Audience aged 18-24 ≥ 30%")).to_be_visible()

    # and a reload shows the same filters and results
    page.reload()
    expect(count).to_have_text("2 creators")
    assert cards(page) == ["@in.fashion.a", "@in.fashion.b"]
    expect(page.get_by_label("India", exact=True)).to_be_checked()
    expect(page.get_by_label("Fashion", exact=True)).to_be_checked()
    expect(page.get_by_label("Age", exact=True)).to_have_value("18-24")
    expect(page.get_by_label("Share of the audience of that age, at least (%)")).to_have_value("30")

    # and removing a chip, then going back, works as a marketer expects
    page.get_by_role("link", name="Remove the filter Category: Fashion").click()
    expect(count).to_have_text("3 creators")
    expect(page.get_by_label("Fashion", exact=True)).not_to_be_checked()
    page.go_back()
    expect(count).to_have_text("2 creators")
    expect(page.get_by_label("Fashion", exact=True)).to_be_checked()
