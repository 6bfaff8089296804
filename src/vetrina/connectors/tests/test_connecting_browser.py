"""Connecting TikTok in a real browser: the connect form's answer redirects to TikTok's consent page, which
the Content-Security-Policy's form-action must allow (browsers hold a form's redirects to it), and TikTok's
answer comes back to the callback, which returns to the page the creator came from."""

import pytest
from playwright.sync_api import Page, expect

from vetrina.conftest import log_in
from vetrina.connectors.models import TikTokConnection

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The creator's own space (the joining app) holds the real button; the test posts the same form.
_POST_CONNECT = """
() => {
  const form = document.createElement("form");
  form.method = "post";
  form.action = "/connect/tiktok/";
  const token = document.cookie.split("; ").find((c) => c.startsWith("csrftoken=")).split("=")[1];
  for (const [name, value] of [["csrfmiddlewaretoken", token], ["next", "/requests/"]]) {
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = name;
    input.value = value;
    form.append(input);
  }
  document.body.append(form);
  form.submit();
}
"""


def test_a_creator_connects_tiktok_and_comes_back_to_their_page(
    live_server, page: Page, settings, fake_tiktok, creator_account
):
    settings.VETRINA_BASE_URL = live_server.url
    log_in(page, live_server, creator_account.username)
    page.goto(f"{live_server.url}/requests/")
    page.evaluate(_POST_CONNECT)
    expect(page.get_by_text("TikTok connected: @anna.styles.")).to_be_visible()
    assert page.url == f"{live_server.url}/requests/"
    assert TikTokConnection.objects.get(user=creator_account).state == TikTokConnection.State.CONNECTED
