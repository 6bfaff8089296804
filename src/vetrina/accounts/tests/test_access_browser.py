import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from vetrina.accounts.models import User
from vetrina.conftest import messages_in, text_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def invitation_link(mail_folder: Path) -> str:
    for message in messages_in(mail_folder):
        if message["Subject"] == "Your invitation to Vetrina":
            found = re.search(r"http://\S+/invitation/[\w-]+/", text_of(message))
            assert found is not None
            return found.group(0)
    raise AssertionError(f"no invitation among {[file.name for file in mail_folder.iterdir()]}")


def test_apply_get_approved_follow_the_e_mailed_link_and_land_home(
    live_server, page: Page, mail_folder: Path
):
    # given e-mails written to files, as a local run does, with links to this server (mail_folder)
    User.objects.create_user(
        username="ada", email="ada@vetrina.test", password="staff-pass-phrase", is_staff=True
    )

    # when a brand applies from the landing page
    page.goto(live_server.url)
    page.get_by_role("link", name="Apply for access").first.click()
    page.get_by_label("Company name").fill("Acme Cosmetics")
    page.get_by_label("Brand", exact=True).check()
    page.get_by_label("Country of operation").select_option("GB")
    page.get_by_label("Region").fill("London")
    page.get_by_label("Phone number").fill("+44 20 7946 0958")
    page.get_by_label("Contact name").fill("Anna Rossi")
    page.get_by_label("Contact e-mail").fill("anna@acme.test")
    page.get_by_role("button", name="Send application").click()
    expect(page.get_by_role("heading", name="Thank you, we have your application")).to_be_visible()

    # and staff approve it in the review queue
    page.goto(f"{live_server.url}/review/")
    page.get_by_label("E-mail or username").fill("ada")
    page.get_by_label("Password").fill("staff-pass-phrase")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="Acme Cosmetics")).to_be_visible()
    page.get_by_role("button", name="Approve Acme Cosmetics").click()
    expect(page.get_by_role("status")).to_contain_text("Approved Acme Cosmetics")
    page.get_by_text("ada@vetrina.test", exact=True).click()  # the user menu
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("banner").get_by_role("link", name="Log in")).to_be_visible()

    # and the applicant opens the link from the e-mail file and chooses a password
    page.goto(invitation_link(mail_folder))
    expect(page.get_by_role("heading", name="Choose your password")).to_be_visible()
    page.get_by_label(re.compile(r"^Password:?$")).fill("velvet-harbour-42")
    page.get_by_label("Password again").fill("velvet-harbour-42")
    page.get_by_role("button", name="Create my account").click()

    # then they land on the home page with its three sections, signed in
    expect(page).to_have_url(f"{live_server.url}/")
    for section in ["My Activity", "Creator Search", "Shortlist"]:
        expect(page.get_by_role("heading", name=section)).to_be_visible()
        expect(
            page.get_by_role("navigation", name="Sections").get_by_role("link", name=section)
        ).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Welcome to Vetrina")
