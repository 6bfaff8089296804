from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from vetrina.collaborations.tests.factories import due_in
from vetrina.conftest import answer_link, log_in
from vetrina.creators.tests.factories import CreatorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_first_video(page: Page) -> None:
    page.get_by_label("Video 1: what it must show").fill("The serum in a morning routine.")
    page.get_by_label("Video 1: due date").fill(due_in(30).isoformat())


def test_a_brand_contacts_a_creator_the_manager_accepts_from_the_e_mail_and_the_brand_sees_it(
    live_server, page: Page, browser: Browser, mail_folder: Path, brand_member
):
    # given a creator with a manager
    CreatorFactory.create(handle="asha.fits", display_name="Asha Sharma", manager_email="team@asha.test")

    # when the brand contacts the creator from the creator's page
    log_in(page, live_server, brand_member.username)
    page.goto(f"{live_server.url}/creators/asha.fits/")
    page.get_by_role("link", name="Contact @asha.fits").click()
    expect(page.get_by_role("heading", name="1 recipient")).to_be_visible()
    page.get_by_label("Campaign name").fill("Spring glow")
    page.get_by_label("Description of the opportunity").fill("Three videos about our spring serum.")
    fill_first_video(page)
    page.get_by_label("Fixed fee").check()
    page.get_by_label("Amount").fill("1500")
    page.get_by_label("Currency").select_option("USD")
    page.get_by_label("Contact name").fill("Anna Rossi")
    expect(page.get_by_label("Contact e-mail")).to_have_value("brand@acme.test")
    page.get_by_role("button", name="Send to 1 creator").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Sent to 1 creator. Follow the answers under My Activity."
    )
    expect(page.get_by_role("heading", name="Spring glow")).to_be_visible()

    # and the manager opens the link from the e-mail, with no account, and accepts
    manager = browser.new_page()
    manager.goto(answer_link(mail_folder, to="team@asha.test"))
    expect(manager.get_by_text("Fixed fee: $1,500.00")).to_be_visible()
    manager.get_by_label("Message to the brand (optional)").fill("Happy to! Late April works.")
    manager.get_by_role("button", name="Accept").click()
    expect(manager.get_by_role("status")).to_contain_text("This request was accepted on")
    manager.close()

    # then the brand has a notification, and sees "accepted" under My Activity
    page.goto(f"{live_server.url}/activity/")
    expect(page.get_by_role("link", name="Notifications 1 unread")).to_be_visible()
    page.get_by_role("link", name="Spring glow").click()
    row = page.get_by_role("row").filter(has_text="@asha.fits")
    expect(row.get_by_text("Accepted")).to_be_visible()
    expect(row).to_contain_text("Happy to! Late April works.")
    # and having seen the answer on the campaign, the notification is read
    bell = page.get_by_role("link", name="Notifications", exact=True)
    expect(bell).to_be_visible()
    bell.click()
    expect(page.get_by_text("@asha.fits accepted your request in “Spring glow”.")).to_be_visible()
    expect(page.get_by_role("button", name="Mark all read")).to_have_count(0)


def test_a_brand_shortlists_three_creators_contacts_the_whole_list_and_sees_the_acceptance(
    live_server, page: Page, browser: Browser, mail_folder: Path, brand_member
):
    # given three creators with managers
    for handle, name in [("asha.fits", "Asha"), ("rk.style", "Rohan"), ("mia.cooks", "Mia")]:
        CreatorFactory.create(handle=handle, display_name=name, manager_email=f"team@{handle}.test")
    log_in(page, live_server, brand_member.username)

    # when the brand shortlists them from their pages
    page.goto(f"{live_server.url}/creators/asha.fits/")
    page.locator(".list-picker > summary").click()
    page.get_by_label("New list…").fill("Spring launch")
    page.get_by_role("button", name="Create and add").click()
    expect(page.locator(".list-picker > summary")).to_have_text("✓ In Spring launch")
    for handle in ["rk.style", "mia.cooks"]:
        page.goto(f"{live_server.url}/creators/{handle}/")
        page.locator(".list-picker > summary").click()
        page.get_by_role("button", name="Add to Spring launch").click()
        expect(page.locator(".list-picker > summary")).to_have_text("✓ In Spring launch")

    # and contacts the whole list
    page.get_by_role("navigation", name="Sections").get_by_role("link", name="Shortlist").click()
    page.get_by_role("link", name="Spring launch", exact=True).click()
    page.get_by_role("button", name="Contact all").click()
    expect(page.get_by_role("heading", name="3 recipients")).to_be_visible()
    page.get_by_label("Campaign name").fill("Spring glow")
    page.get_by_label("Description of the opportunity").fill("Three videos about our spring serum.")
    fill_first_video(page)
    page.get_by_label("Free product").check()
    page.get_by_label("Contact name").fill("Anna Rossi")
    page.get_by_role("button", name="Send to 3 creators").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Sent to 3 creators. Follow the answers under My Activity."
    )

    # and one manager opens the link from the e-mail and accepts
    manager = browser.new_page()
    manager.goto(answer_link(mail_folder, to="team@rk.style.test"))
    manager.get_by_role("button", name="Accept").click()
    expect(manager.get_by_role("status")).to_contain_text("This request was accepted on")
    manager.close()

    # then the brand has a notification, and sees "accepted" under My Activity, the others pending
    page.goto(f"{live_server.url}/activity/")
    page.get_by_role("link", name="Notifications 1 unread").click()
    expect(page.get_by_text("@rk.style accepted your request in “Spring glow”.")).to_be_visible()
    page.get_by_role("button", name="Open the campaign").click()
    expect(page.get_by_role("row").filter(has_text="@rk.style").get_by_text("Accepted")).to_be_visible()
    for handle in ["asha.fits", "mia.cooks"]:
        expect(page.get_by_role("row").filter(has_text=f"@{handle}").get_by_text("Pending")).to_be_visible()


def test_switching_a_fee_to_affiliate_sends_though_the_hidden_amount_holds_a_bad_value(
    live_server, page: Page, brand_member
):
    # given a creator, and the contact form with an amount typed for a fixed fee
    CreatorFactory.create(handle="asha.fits", display_name="Asha Sharma", manager_email="team@asha.test")
    log_in(page, live_server, brand_member.username)
    page.goto(f"{live_server.url}/contact/?creator=asha.fits")
    page.get_by_label("Campaign name").fill("Spring glow")
    page.get_by_label("Description of the opportunity").fill("Three videos about our spring serum.")
    fill_first_video(page)
    page.get_by_label("Fixed fee").check()
    page.get_by_label("Amount").fill("0")

    # when the payment is switched to affiliate, which hides the amount
    page.get_by_label("Affiliate commission").check()
    expect(page.get_by_label("Amount")).to_be_hidden()
    page.get_by_label("Commission (%)").fill("12.5")
    page.get_by_label("Contact name").fill("Anna Rossi")
    page.get_by_role("button", name="Send to 1 creator").click()

    # then it is sent, with the commission only
    expect(page.get_by_role("status")).to_contain_text("Sent to 1 creator.")
    expect(page.get_by_role("heading", name="Spring glow")).to_be_visible()
    expect(page.locator(".offer summary")).to_contain_text("Affiliate commission: 12.5%")
