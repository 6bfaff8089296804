"""The whole way in, in a browser (docs/creators-joining.md): a creator applies, confirms the e-mail,
connects the fake TikTok, sees that they are eligible; staff verify; a brand finds them in search and
contacts them; the creator answers in their space."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from vetrina.collaborations.tests.factories import due_in
from vetrina.conftest import log_in, messages_in, text_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-pass-phrase"


def confirm_link(mail_folder: Path, *, to: str) -> str:
    for message in messages_in(mail_folder):
        if message["To"] == to and "Confirm your e-mail" in message["Subject"]:
            found = re.search(r"http://\S+/join/confirm/[\w:-]+/", text_of(message))
            assert found is not None
            return found.group(0)
    raise AssertionError(f"no confirmation to {to}")


def test_a_creator_joins_is_verified_found_contacted_and_answers(
    live_server, page: Page, browser: Browser, mail_folder: Path, brand_member, staff_user, fake_tiktok
):
    staff_user.set_password(PASSWORD)
    staff_user.save()

    # given a creator who applies from the landing page
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Join as a creator").click()
    page.get_by_label("Your TikTok handle").fill(fake_tiktok.account.username)
    page.get_by_label("Contact e-mail").fill("nina@bakes.test")
    page.get_by_label("Country").select_option("GB")
    page.get_by_label("Main category").select_option("food")
    page.get_by_label("Lifestyle").check()
    page.get_by_label("English").check()
    page.get_by_label("Date of birth").fill("1998-04-02")
    page.get_by_label("Your rate per video").fill("250")
    page.get_by_label("Currency").select_option("GBP")
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()

    # when they confirm the e-mail and choose a password
    page.goto(confirm_link(mail_folder, to="nina@bakes.test"))
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_label("Password again:").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("heading", name="My creator profile")).to_be_visible()

    # and connect TikTok (the fake one), which reads their numbers
    page.get_by_role("button", name="Connect TikTok").click()
    expect(page.get_by_text("You meet every condition")).to_be_visible()
    checklist = page.locator(".checklist")
    expect(checklist).not_to_contain_text("✗")

    # then staff verify them
    staff = browser.new_page()
    log_in(staff, live_server, staff_user.username)
    staff.goto(f"{live_server.url}/review/")
    staff.get_by_role("link", name="Creators who applied").click()
    staff.get_by_role("link", name=f"@{fake_tiktok.account.username}").click()
    staff.get_by_role("button", name="Verify").click()
    expect(staff.get_by_role("status").first).to_contain_text(f"Verified @{fake_tiktok.account.username}")

    # and a brand finds them in search and contacts them
    brand = browser.new_page()
    log_in(brand, live_server, brand_member.username)
    brand.goto(f"{live_server.url}/search/?q={fake_tiktok.account.username}")
    brand.get_by_role("link", name=f"Contact @{fake_tiktok.account.username}").click()
    brand.get_by_label("Campaign name").fill("Autumn bakes")
    brand.get_by_label("Description of the opportunity").fill("One video with our flour.")
    brand.get_by_label("Fixed fee").check()
    brand.get_by_label("Amount").fill("300")
    brand.get_by_label("Currency").select_option("GBP")
    brand.get_by_label("Video 1: what it must show").fill("A loaf from start to finish")
    brand.get_by_label("Video 1: due date").fill(due_in(20).isoformat())
    brand.get_by_label("30 days").check()
    brand.get_by_label("Contact name").fill("Anna Rossi")
    brand.get_by_role("button", name="Send to 1 creator").click()
    expect(brand.get_by_role("status")).to_contain_text("Sent to 1 creator.")

    # and the creator answers in their space
    page.goto(f"{live_server.url}/my-creator/")
    page.get_by_role("link", name="My requests").click()
    page.get_by_role("link", name="Autumn bakes").click()
    page.get_by_role("button", name="Accept", exact=True).click()
    expect(page.get_by_role("status").first).to_contain_text("This request was accepted on")
