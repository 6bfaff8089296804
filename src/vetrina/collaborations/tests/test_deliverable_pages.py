"""The videos on the pages: the creator's side sends drafts (a file through the signed link, a link from
the inbox) and records the post; the brand reviews; the drafts' files reach the two sides only."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from vetrina.collaborations.models import DeliverableState, Draft, RequestEvent
from vetrina.collaborations.services import collaboration_request_answer
from vetrina.collaborations.tests.factories import CollaborationRequestFactory, due_in
from vetrina.collaborations.tokens import answer_token_for
from vetrina.conftest import client_for

pytestmark = pytest.mark.django_db

VIDEO_ID = "7234567890123456789"


@pytest.fixture
def accepted(brand_member):
    request = CollaborationRequestFactory.create(
        campaign__organisation=brand_member.organisation,
        creator__handle="anna.styles",
        creator__manager_email="team@anna.example",
    )
    request.offer.deliverables.create(position=1, brief="Unboxing the serum", due_date=due_in(10))
    collaboration_request_answer(request=request, accept=True)
    return request


def test_a_draft_goes_round_until_approved_and_posted(accepted, brand_member, creator_account, client):
    link = f"/answer/{answer_token_for(accepted.pk)}/"
    deliverable = accepted.deliverables.get()
    brand = client_for(brand_member)
    # the creator's side sees the video to do, and sends a file through the signed link
    page = client.get(link).text
    assert "Unboxing the serum" in page
    assert "Send the draft of video 1" in page
    upload = SimpleUploadedFile("first cut.mp4", b"first cut", content_type="video/mp4")
    response = client.post(
        link, {"step": "draft", "deliverable": deliverable.pk, "file": upload, "note": "Rough"}
    )
    assert response.status_code == 302
    draft = Draft.objects.get()
    # the brand sees it, opens the file, and asks for changes
    page = brand.get(f"/activity/requests/{accepted.pk}/").text
    assert f"/activity/drafts/{draft.pk}/file/" in page
    download = brand.get(f"/activity/drafts/{draft.pk}/file/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"first cut"  # type: ignore[attr-defined]
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    response = brand.post(
        f"/activity/deliverables/{deliverable.pk}/review/",
        {"decision": "changes", "comment": "Show the label."},
    )
    assert response.status_code == 302
    # the creator account reads the comment in its inbox, and sends a link this time
    inbox = client_for(creator_account)
    page = inbox.get(f"/requests/{accepted.pk}/").text
    assert "Show the label." in page
    assert f"/requests/drafts/{draft.pk}/file/" in page
    response = inbox.post(
        f"/requests/{accepted.pk}/",
        {"step": "draft", "deliverable": deliverable.pk, "link": "https://drive.example/v2"},
    )
    assert response.status_code == 302
    # the brand approves
    brand.post(f"/activity/deliverables/{deliverable.pk}/review/", {"decision": "approve"})
    # a wrong id is refused with a clear error; the link of the video is read
    response = client.post(
        link, {"step": "post", "deliverable": deliverable.pk, "video": "https://vm.tiktok.com/ZMx/"}
    )
    assert response.status_code == 400
    assert "Give the TikTok video&#x27;s id" in response.text
    response = client.post(
        link,
        {
            "step": "post",
            "deliverable": deliverable.pk,
            "video": f"https://www.tiktok.com/@anna.styles/video/{VIDEO_ID}",
        },
    )
    assert response.status_code == 302
    deliverable.refresh_from_db()
    assert (deliverable.state, deliverable.video_id) == (DeliverableState.POSTED, VIDEO_ID)
    # and both timelines hold every step
    kinds = list(accepted.events.values_list("kind", flat=True))
    assert kinds == [
        RequestEvent.Kind.ACCEPTED,
        RequestEvent.Kind.DRAFT_SUBMITTED,
        RequestEvent.Kind.CHANGES_REQUESTED,
        RequestEvent.Kind.DRAFT_SUBMITTED,
        RequestEvent.Kind.DRAFT_APPROVED,
        RequestEvent.Kind.POSTED,
    ]
    assert "Video posted" in brand.get(accepted.campaign.get_absolute_url()).text
    assert "Video posted" in client.get(link).text


def test_a_bad_draft_shows_the_reason_on_the_page_and_keeps_nothing(accepted, client):
    link = f"/answer/{answer_token_for(accepted.pk)}/"
    deliverable = accepted.deliverables.get()
    upload = SimpleUploadedFile("page.html", b"<script>", content_type="text/html")
    response = client.post(link, {"step": "draft", "deliverable": deliverable.pk, "file": upload})
    assert response.status_code == 400
    assert "Upload a file of one of these types" in response.text
    assert not Draft.objects.exists()


def test_asking_for_changes_without_a_comment_is_refused(accepted, brand_member, client):
    deliverable = accepted.deliverables.get()
    client.post(
        f"/answer/{answer_token_for(accepted.pk)}/",
        {"step": "draft", "deliverable": deliverable.pk, "link": "https://drive.example/v1"},
    )
    response = client_for(brand_member).post(
        f"/activity/deliverables/{deliverable.pk}/review/", {"decision": "changes"}
    )
    assert response.status_code == 400
    assert "Say what to change" in response.text
    deliverable.refresh_from_db()
    assert deliverable.state == DeliverableState.SUBMITTED


def test_a_signed_link_reaches_its_own_requests_drafts_only(accepted, brand_member, client):
    deliverable = accepted.deliverables.get()
    link = f"/answer/{answer_token_for(accepted.pk)}/"
    client.post(
        link, {"step": "draft", "deliverable": deliverable.pk, "file": SimpleUploadedFile("a.mp4", b"x")}
    )
    draft = Draft.objects.get()
    other = CollaborationRequestFactory.create(campaign=accepted.campaign)
    assert client.get(f"{link}drafts/{draft.pk}/file/").status_code == 200
    assert client.get(f"/answer/{answer_token_for(other.pk)}/drafts/{draft.pk}/file/").status_code == 404
    assert client.get(f"/answer/altered-token/drafts/{draft.pk}/file/").status_code == 404


def test_a_signed_link_cannot_send_a_draft_for_another_requests_video(accepted, client):
    other = CollaborationRequestFactory.create(campaign=accepted.campaign)
    response = client.post(
        f"/answer/{answer_token_for(other.pk)}/",
        {"step": "draft", "deliverable": accepted.deliverables.get().pk, "link": "https://drive.example/v1"},
    )
    assert response.status_code == 404
    assert not Draft.objects.exists()


def test_staff_read_the_request_but_not_the_drafts_files(accepted, staff_client, client):
    deliverable = accepted.deliverables.get()
    client.post(
        f"/answer/{answer_token_for(accepted.pk)}/",
        {"step": "draft", "deliverable": deliverable.pk, "file": SimpleUploadedFile("a.mp4", b"x")},
    )
    draft = Draft.objects.get()
    assert staff_client.get(f"/activity/requests/{accepted.pk}/").status_code == 200
    assert staff_client.get(f"/activity/drafts/{draft.pk}/file/").status_code == 403
