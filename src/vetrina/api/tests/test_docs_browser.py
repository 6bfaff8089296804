"""The interactive docs load every file from Vetrina itself: no request leaves 127.0.0.1."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Request, expect

from vetrina.accounts.tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_docs_load_only_from_this_server(live_server, page: Page):
    # given a signed-in brand member
    UserFactory.create(username="brand@acme.test", email="brand@acme.test")
    hosts: list[str] = []

    def record(request: Request) -> None:
        if not request.url.startswith(("data:", "blob:")):
            hosts.append(urlsplit(request.url).hostname or "")

    page.on("request", record)
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("E-mail").fill("brand@acme.test")
    page.get_by_label("Password").fill("a-long-pass-phrase")
    page.get_by_role("button", name="Log in").click()

    # when the docs open
    page.goto(f"{live_server.url}/api/v1/docs")

    # then Swagger UI draws the API from the schema, and every request stayed on this machine
    expect(page.get_by_text("Vetrina API").first).to_be_visible()
    expect(page.locator(".opblock-summary-path").first).to_be_visible()
    assert hosts, "no request was seen"
    assert set(hosts) == {"127.0.0.1"} or set(hosts) == {"localhost"}, hosts
