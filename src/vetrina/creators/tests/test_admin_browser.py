import pytest
from playwright.sync_api import Page, expect

from vetrina.accounts.models import User
from vetrina.creators.tests.factories import CreatorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_sign_in_and_find_a_creator_in_the_admin(live_server, page: Page):
    # given
    User.objects.create_user(username="ada", password="a-long-pass-phrase", is_staff=True, is_superuser=True)
    CreatorFactory.create(handle="anna.styles", display_name="Anna", reach=120_000)
    # when
    page.goto(f"{live_server.url}/admin/creators/creator/")
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Password").fill("a-long-pass-phrase")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("searchbox").fill("anna")
    page.get_by_role("searchbox").press("Enter")
    # then: the stylesheet was served by Vetrina itself and the creator is listed
    expect(page.get_by_role("link", name="anna.styles")).to_be_visible()
    assert page.evaluate("getComputedStyle(document.body).fontFamily") != ""
    assert page.evaluate("[...document.styleSheets].some(s => s.href && s.href.includes('/static/admin/'))")
