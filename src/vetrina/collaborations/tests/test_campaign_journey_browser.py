"""The whole campaign in a browser (docs/campaigns.md): a brand sends terms to a list; one creator counters
and the brand accepts; that creator's draft goes round once and is approved; a second creator's draft is
approved by the periodic job; the first posts the video; the brand records the payment; both sides see
it all."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from vetrina.collaborations.deliverables import deliverables_auto_approve
from vetrina.collaborations.models import CollaborationRequest
from vetrina.collaborations.tests.factories import due_in
from vetrina.conftest import answer_link, log_in
from vetrina.creators.tests.factories import CreatorFactory
from vetrina.shortlists.tests.factories import ShortlistEntryFactory, ShortlistFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIDEO_ID = "7234567890123456789"


def test_a_campaign_from_terms_to_payment(
    live_server, page: Page, browser: Browser, mail_folder: Path, brand_member, tmp_path: Path
):
    # given two creators on the brand's list
    shortlist = ShortlistFactory.create(organisation=brand_member.organisation, name="Spring launch")
    for handle in ("asha.fits", "rk.style"):
        creator = CreatorFactory.create(
            handle=handle, display_name=handle, manager_email=f"team@{handle}.test"
        )
        ShortlistEntryFactory.create(shortlist=shortlist, creator=creator)

    # when the brand sends its terms to the whole list
    log_in(page, live_server, brand_member.username)
    page.goto(f"{live_server.url}/shortlists/{shortlist.pk}/")
    page.get_by_role("button", name="Contact all").click()
    page.get_by_label("Campaign name").fill("Spring glow")
    page.get_by_label("Description of the opportunity").fill("One video about our spring serum.")
    page.get_by_label("Fixed fee").check()
    page.get_by_label("Amount").fill("1500")
    page.get_by_label("Currency").select_option("USD")
    page.get_by_label("Video 1: what it must show").fill("The serum in a morning routine")
    page.get_by_label("Video 1: due date").fill(due_in(20).isoformat())
    page.get_by_label("30 days").check()
    page.get_by_label("Contact name").fill("Anna Rossi")
    page.get_by_role("button", name="Send to 2 creators").click()
    expect(page.get_by_role("status")).to_contain_text("Sent to 2 creators.")

    # and Asha's manager counters from the e-mailed link
    asha = browser.new_page()
    asha_link = answer_link(mail_folder, to="team@asha.fits.test")
    asha.goto(asha_link)
    expect(asha.get_by_text("In ads for 30 days")).to_be_visible()
    asha.get_by_text("Propose another price").click()
    asha.get_by_label("Your price").fill("2000")
    asha.get_by_label("Currency").select_option("EUR")
    asha.get_by_label("Message to the brand:", exact=True).fill("Morning shoots cost more.")
    asha.get_by_role("button", name="Send the counter-offer").click()
    expect(asha.get_by_role("status").first).to_contain_text("You proposed €2,000.00")

    # and the brand accepts the counter-offer
    page.goto(f"{live_server.url}/activity/")
    expect(page.get_by_text("Answer the counter-offer of @asha.fits")).to_be_visible()
    page.get_by_text("Answer the counter-offer of @asha.fits").click()
    page.get_by_role("button", name="Accept the counter-offer").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "Accepted the counter-offer of @asha.fits: €2,000.00"
    )

    # and Rohan's manager accepts the offer as it is
    rohan = browser.new_page()
    rohan.goto(answer_link(mail_folder, to="team@rk.style.test"))
    rohan.get_by_role("button", name="Accept", exact=True).click()
    expect(rohan.get_by_role("status").first).to_contain_text("This request was accepted on")

    # then Asha sends a draft, the brand asks for changes, Asha sends another, the brand approves it
    asha.goto(asha_link)
    asha.get_by_label("Link to the draft").fill("https://drive.example/asha-cut-1")
    asha.get_by_role("button", name="Send the draft of video 1").click()
    expect(asha.get_by_role("status").first).to_contain_text("Sent the draft of video 1")
    asha_request = CollaborationRequest.objects.get(creator__handle="asha.fits")
    page.goto(f"{live_server.url}/activity/requests/{asha_request.pk}/")
    page.get_by_label("Comment for the creator").fill("Show the label, please.")
    page.get_by_role("button", name="Ask for changes").click()
    expect(page.get_by_role("status").first).to_contain_text("Asked for changes to video 1")
    asha.goto(asha_link)
    expect(asha.get_by_text("Show the label, please.").first).to_be_visible()
    draft_file = tmp_path / "cut 2.mp4"
    draft_file.write_bytes(b"second cut")
    asha.get_by_label("Or upload the file").set_input_files(str(draft_file))
    asha.get_by_role("button", name="Send the draft of video 1").click()
    expect(asha.get_by_role("status").first).to_contain_text("Sent the draft of video 1")
    page.goto(f"{live_server.url}/activity/requests/{asha_request.pk}/")
    expect(page.get_by_role("link", name="cut 2.mp4")).to_be_visible()
    page.get_by_role("button", name="Approve video 1").click()
    expect(page.get_by_role("status").first).to_contain_text("Approved the draft of video 1")

    # and Rohan's draft, left without a review, is approved by the periodic job
    rohan.reload()
    rohan.get_by_label("Link to the draft").fill("https://drive.example/rohan-cut-1")
    rohan.get_by_role("button", name="Send the draft of video 1").click()
    expect(rohan.get_by_role("status").first).to_contain_text("Sent the draft of video 1")
    assert deliverables_auto_approve(now=timezone.now() + timedelta(days=8)) == 1
    rohan.reload()
    expect(rohan.get_by_text("Draft approved by itself")).to_be_visible()
    expect(rohan.get_by_role("button", name="Record video 1 as posted")).to_be_visible()

    # and Asha posts the video, by its link
    asha.goto(asha_link)
    asha.get_by_label("TikTok video id or link").fill(f"https://www.tiktok.com/@asha.fits/video/{VIDEO_ID}")
    asha.get_by_role("button", name="Record video 1 as posted").click()
    expect(asha.get_by_role("status").first).to_contain_text("Recorded video 1 as posted")

    # and the brand records the payment and pays it
    page.goto(f"{live_server.url}/activity/requests/{asha_request.pk}/")
    page.get_by_text("Record a payment due").click()
    expect(page.get_by_label("Amount")).to_have_value("2000.00")
    page.get_by_label("Due on").fill(due_in(30).isoformat())
    page.get_by_role("button", name="Record the payment").click()
    expect(page.get_by_role("status").first).to_contain_text("Recorded a payment of €2,000.00")
    page.get_by_role("button", name="Mark paid").click()
    expect(page.get_by_role("status").first).to_contain_text("as paid")

    # then both sides see it all
    page.goto(f"{live_server.url}/activity/campaigns/{asha_request.campaign_id}/")
    timeline = page.locator(".timeline")
    for step in [
        "Request sent",
        "Counter-offer made",
        "Counter-offer accepted",
        "Changes requested",
        "Draft approved",
        "Draft approved by itself",
        "Video posted",
        "Payment due",
        "Paid",
    ]:
        expect(timeline.get_by_text(step, exact=True).first).to_be_visible()
    asha.goto(asha_link)
    expect(asha.get_by_role("link", name=VIDEO_ID)).to_be_visible()
    expect(asha.get_by_text("Paid on").first).to_be_visible()
    expect(asha.get_by_text("1 on time, 0 late, 0 open")).to_be_visible()
    asha.close()
    rohan.close()
