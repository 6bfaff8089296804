"""A new API token is copied with one click, by a static script (no inline one), through the Clipboard
API; the token it copies opens the API."""

import pytest
from django.test import Client
from playwright.sync_api import Browser, expect

from vetrina.creators.tests.factories import CreatorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_copy_button_puts_the_new_token_on_the_clipboard(live_server, browser: Browser, brand_member):
    # given a brand member on the API tokens page, in a browser that lets the page use the clipboard
    CreatorFactory.create(handle="anna.styles", verified=True)
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("E-mail or username").fill(brand_member.username)
    page.get_by_label("Password").fill("a-long-pass-phrase")
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/settings/api-tokens/")
    # no Copy button before there is a token to copy
    expect(page.get_by_role("button", name="Copy the token")).to_have_count(0)

    # when they make a token and press Copy
    page.get_by_label("Name").fill("Agency dashboard")
    page.get_by_role("button", name="Create token").click()
    token = page.locator("#new-token").inner_text()
    page.get_by_role("button", name="Copy the token").click()

    # then the clipboard holds the token, the page says so, and the token opens the API
    expect(page.get_by_text("Copied.")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == token
    assert token.startswith("vtr_")
    response = Client().get("/api/v1/creators/anna.styles", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    # and the page carries no inline script: the button works from a static file
    assert page.locator("script:not([src])").count() == 0
    context.close()
