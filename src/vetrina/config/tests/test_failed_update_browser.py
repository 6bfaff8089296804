"""An in-place update (htmx) the server refuses swaps nothing; the member is told it was not saved."""

import pytest
from playwright.sync_api import Page, expect

from vetrina.accounts.models import OrganisationKind, Role
from vetrina.accounts.tests.factories import OrganisationFactory, UserFactory
from vetrina.creators.tests.factories import CreatorFactory
from vetrina.lib.tests.locking import lock_timeout, write_lock_held
from vetrina.shortlists.tests.factories import ShortlistFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_adding_to_a_list_while_the_database_is_held_says_try_again_then_works(live_server, page: Page):
    organisation = OrganisationFactory.create(name="Acme Cosmetics", kind=OrganisationKind.BRAND)
    UserFactory.create(username="anna@acme.test", role=Role.BRAND, organisation=organisation)
    ShortlistFactory.create(organisation=organisation, name="Summer")
    CreatorFactory.create(handle="rk.style", display_name="Rohan")
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("E-mail or username").fill("anna@acme.test")
    page.get_by_label("Password").fill("a-long-pass-phrase")
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/creators/rk.style/")
    busy = page.get_by_role("alert").get_by_text("Vetrina is busy saving other changes")
    expect(busy).to_be_hidden()

    # when another writer holds the lock past the write's timeout, the in-place add fails
    with lock_timeout(0.5), write_lock_held():
        page.locator(".list-picker > summary").click()
        page.get_by_role("button", name="Add to Summer").click()
        # then the member is told, in the page, that nothing was saved (on PostgreSQL the live
        # server's connection may still wait the production lock timeout of 5 s first)
        expect(busy).to_be_visible(timeout=20_000)
    expect(page.locator(".list-picker > summary")).to_have_text("Add to list")

    # and once the lock is free the same click works and the notice goes away
    page.get_by_role("button", name="Add to Summer").click()
    expect(page.locator(".list-picker > summary")).to_have_text("✓ In Summer")
    expect(busy).to_be_hidden()
