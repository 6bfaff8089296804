"""The videos of an accepted request: every state × every step, drafts (link or file), reviews, the
auto-approval job, posting (docs/campaigns.md)."""

from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from vetrina.collaborations.deliverables import (
    TRANSITIONS,
    Step,
    deliverable_draft_review,
    deliverable_draft_submit,
    deliverable_post,
    deliverables_auto_approve,
    tiktok_video_id,
)
from vetrina.collaborations.models import (
    Deliverable,
    DeliverableState,
    Draft,
    RequestEvent,
    RequestState,
)
from vetrina.collaborations.services import (
    collaboration_request_answer,
    collaboration_request_counter,
    collaboration_request_counter_answer,
)
from vetrina.collaborations.terms import CounterTerms
from vetrina.collaborations.tests.factories import CollaborationRequestFactory, due_in
from vetrina.mail.models import OutboxMessage
from vetrina.notifications.models import Notification

pytestmark = pytest.mark.django_db

VIDEO_ID = "7234567890123456789"


def accepted_request(organisation, videos: int = 2, handle: str = "anna.styles"):
    request = CollaborationRequestFactory.create(
        campaign__organisation=organisation,
        creator__handle=handle,
        creator__manager_email="team@anna.example",
    )
    for position in range(1, videos + 1):
        request.offer.deliverables.create(
            position=position, brief=f"Video {position}", due_date=due_in(10 * position)
        )
    collaboration_request_answer(request=request, accept=True)
    return request


def deliverable_in(state: str, organisation, handle: str = "anna.styles") -> Deliverable:
    deliverable = accepted_request(organisation, videos=1, handle=handle).deliverables.get()
    now = timezone.now()
    values: dict[str, Any] = {"state": state}
    if state == DeliverableState.SUBMITTED:
        values["submitted_at"] = now - timedelta(days=30)
        Draft.objects.create(deliverable=deliverable, link="https://drive.example/v1", submitted_at=now)
    if state in (DeliverableState.APPROVED, DeliverableState.POSTED):
        values["approved_at"] = now
    if state == DeliverableState.POSTED:
        values.update(posted_at=now, video_id=VIDEO_ID)
    Deliverable.objects.filter(pk=deliverable.pk).update(**values)
    deliverable.refresh_from_db()
    return deliverable


ALLOWED = {
    (DeliverableState.TO_DO, Step.SUBMIT): (DeliverableState.SUBMITTED, RequestEvent.Kind.DRAFT_SUBMITTED),
    (DeliverableState.CHANGES_REQUESTED, Step.SUBMIT): (
        DeliverableState.SUBMITTED,
        RequestEvent.Kind.DRAFT_SUBMITTED,
    ),
    (DeliverableState.SUBMITTED, Step.APPROVE): (DeliverableState.APPROVED, RequestEvent.Kind.DRAFT_APPROVED),
    (DeliverableState.SUBMITTED, Step.REQUEST_CHANGES): (
        DeliverableState.CHANGES_REQUESTED,
        RequestEvent.Kind.CHANGES_REQUESTED,
    ),
    (DeliverableState.SUBMITTED, Step.AUTO_APPROVE): (
        DeliverableState.APPROVED,
        RequestEvent.Kind.DRAFT_AUTO_APPROVED,
    ),
    (DeliverableState.APPROVED, Step.POST): (DeliverableState.POSTED, RequestEvent.Kind.POSTED),
}


def take(step: str, deliverable: Deliverable, brand_member) -> None:
    if step == Step.SUBMIT:
        deliverable_draft_submit(deliverable=deliverable, link="https://drive.example/v2")
    elif step == Step.APPROVE:
        deliverable_draft_review(deliverable=deliverable, approve=True, reviewed_by=brand_member)
    elif step == Step.REQUEST_CHANGES:
        deliverable_draft_review(
            deliverable=deliverable, approve=False, reviewed_by=brand_member, comment="Show the label."
        )
    elif step == Step.AUTO_APPROVE:
        if deliverables_auto_approve() == 0:
            raise ValidationError("nothing was approved, and nothing was changed")
    else:
        deliverable_post(deliverable=deliverable, video=VIDEO_ID)


def test_the_table_covers_every_state_and_every_step():
    assert {step for _, step in ALLOWED} == set(TRANSITIONS)
    assert {(state, step) for step, states in TRANSITIONS.items() for state in states} == set(ALLOWED)


@pytest.mark.parametrize("step", list(TRANSITIONS))
@pytest.mark.parametrize("state", DeliverableState.values)
def test_every_step_from_every_state_is_allowed_or_refused(state, step, brand_member):
    deliverable = deliverable_in(state, brand_member.organisation)
    before = set(RequestEvent.objects.values_list("pk", flat=True))
    if (state, step) in ALLOWED:
        next_state, kind = ALLOWED[(state, step)]
        take(step, deliverable, brand_member)
        deliverable.refresh_from_db()
        assert deliverable.state == next_state
        assert list(RequestEvent.objects.exclude(pk__in=before).values_list("kind", flat=True)) == [kind]
    else:
        with pytest.raises(ValidationError, match="nothing was changed"):
            take(step, deliverable, brand_member)
        deliverable.refresh_from_db()
        assert deliverable.state == state
        assert not RequestEvent.objects.exclude(pk__in=before).exists()


def test_accepting_a_request_makes_its_videos_to_do(brand_member):
    request = accepted_request(brand_member.organisation, videos=3)
    assert list(request.deliverables.values_list("position", "state")) == [
        (1, DeliverableState.TO_DO),
        (2, DeliverableState.TO_DO),
        (3, DeliverableState.TO_DO),
    ]


def test_accepting_a_counter_offer_makes_its_videos_to_do(brand_member):
    request = CollaborationRequestFactory.create(campaign__organisation=brand_member.organisation)
    request.offer.deliverables.create(position=1, brief="Unboxing", due_date=due_in(5))
    collaboration_request_counter(
        request=request, counter=CounterTerms(amount=Decimal(900), currency="USD", message="")
    )
    assert not request.deliverables.exists()
    collaboration_request_counter_answer(request=request, accept=True, answered_by=brand_member)
    assert request.deliverables.count() == 1


def test_the_videos_of_a_request_not_accepted_take_no_step(brand_member):
    deliverable = deliverable_in(DeliverableState.TO_DO, brand_member.organisation)
    deliverable.request.__class__.objects.filter(pk=deliverable.request_id).update(
        state=RequestState.WITHDRAWN, withdrawn_at=timezone.now()
    )
    with pytest.raises(ValidationError, match="nothing was changed"):
        deliverable_draft_submit(deliverable=deliverable, link="https://drive.example/v1")


def test_a_draft_file_is_kept_under_the_data_folder_under_a_random_name(brand_member):
    deliverable = deliverable_in(DeliverableState.TO_DO, brand_member.organisation)
    upload = SimpleUploadedFile("../../etc/My draft.mp4", b"video bytes", content_type="text/html")
    draft = deliverable_draft_submit(deliverable=deliverable, file=upload, note="First cut")
    assert draft.file_name == "My draft.mp4"
    assert draft.content_type == "video/mp4"
    assert draft.file_path.startswith("drafts/")
    assert "draft" not in draft.file_path[len("drafts/") :]
    stored = Path(settings.DATA_DIR) / draft.file_path
    assert stored.read_bytes() == b"video bytes"
    assert stored.resolve().is_relative_to(Path(settings.DATA_DIR).resolve())


@pytest.mark.parametrize(
    ("link", "upload", "field", "message"),
    [
        ("", None, "link", "Give a link to the draft or upload its file: one of the two."),
        (
            "https://drive.example/v1",
            SimpleUploadedFile("a.mp4", b"x"),
            "link",
            "Give a link to the draft or upload its file: one of the two.",
        ),
        (
            "javascript:alert(1)",
            None,
            "link",
            "Give a link that starts with https:// (up to 2,000 characters).",
        ),
        (
            "",
            SimpleUploadedFile("a.exe", b"x"),
            "file",
            "Upload a file of one of these types: mp4, mov, webm, jpg, jpeg, png, pdf.",
        ),
        ("", SimpleUploadedFile("a.mp4", b""), "file", "The file is empty."),
    ],
)
def test_a_bad_draft_is_refused_and_leaves_nothing(brand_member, link, upload, field, message):
    deliverable = deliverable_in(DeliverableState.TO_DO, brand_member.organisation)
    with pytest.raises(ValidationError) as refused:
        deliverable_draft_submit(deliverable=deliverable, link=link, file=upload)
    assert refused.value.message_dict == {field: [message]}
    assert not Draft.objects.exists()
    assert not (Path(settings.DATA_DIR) / "drafts").exists() or not any(
        (Path(settings.DATA_DIR) / "drafts").iterdir()
    )


def test_a_draft_file_larger_than_the_cap_is_refused(brand_member, settings):
    settings.VETRINA_DRAFT_MAX_MB = 1
    deliverable = deliverable_in(DeliverableState.TO_DO, brand_member.organisation)
    upload = SimpleUploadedFile("big.mp4", b"x" * (1024 * 1024 + 1))
    with pytest.raises(ValidationError, match="larger than 1 MB"):
        deliverable_draft_submit(deliverable=deliverable, file=upload)


def test_a_draft_sent_for_a_video_not_to_do_writes_no_file(brand_member):
    deliverable = deliverable_in(DeliverableState.APPROVED, brand_member.organisation)
    with pytest.raises(ValidationError):
        deliverable_draft_submit(deliverable=deliverable, file=SimpleUploadedFile("a.mp4", b"x"))
    assert not (Path(settings.DATA_DIR) / "drafts").exists()


def test_asking_for_changes_needs_a_comment(brand_member):
    deliverable = deliverable_in(DeliverableState.SUBMITTED, brand_member.organisation)
    with pytest.raises(ValidationError) as refused:
        deliverable_draft_review(
            deliverable=deliverable, approve=False, reviewed_by=brand_member, comment=" "
        )
    assert refused.value.message_dict == {
        "comment": ["Say what to change: the creator reads it with the request."]
    }


def test_another_organisation_may_not_review(brand_member, agency_member):
    deliverable = deliverable_in(DeliverableState.SUBMITTED, brand_member.organisation)
    with pytest.raises(PermissionDenied):
        deliverable_draft_review(deliverable=deliverable, approve=True, reviewed_by=agency_member)


def test_a_review_is_kept_on_the_draft_and_the_creators_side_told(brand_member):
    deliverable = deliverable_in(DeliverableState.SUBMITTED, brand_member.organisation)
    deliverable_draft_review(
        deliverable=deliverable, approve=False, reviewed_by=brand_member, comment="Louder."
    )
    draft = deliverable.drafts.get()
    assert (draft.review, draft.review_comment, draft.reviewed_by) == (
        "changes_requested",
        "Louder.",
        brand_member,
    )
    message = OutboxMessage.objects.get(recipient="team@anna.example")
    assert "asked @anna.styles for changes to video 1" in message.text
    assert "Louder." in message.text


def test_the_job_approves_drafts_left_unreviewed_past_the_days_and_tells_both_sides(
    brand_member, creator_account, settings
):
    # given a draft submitted 7 days ago, and one submitted 6 days ago
    settings.VETRINA_DRAFT_AUTO_APPROVE_DAYS = 7
    old = deliverable_in(DeliverableState.SUBMITTED, brand_member.organisation)
    recent = deliverable_in(DeliverableState.SUBMITTED, brand_member.organisation, handle="rk.style")
    now = timezone.now()
    Deliverable.objects.filter(pk=old.pk).update(submitted_at=now - timedelta(days=7))
    Deliverable.objects.filter(pk=recent.pk).update(submitted_at=now - timedelta(days=6))
    OutboxMessage.objects.all().delete()
    # when the job runs, twice
    assert deliverables_auto_approve(now=now) == 1
    assert deliverables_auto_approve(now=now) == 0
    # then the old one is approved by itself, the recent one waits
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.state, old.auto_approved) == (DeliverableState.APPROVED, True)
    assert recent.state == DeliverableState.SUBMITTED
    assert old.drafts.get().review == Draft.Review.AUTO_APPROVED
    event = RequestEvent.objects.get(kind=RequestEvent.Kind.DRAFT_AUTO_APPROVED)
    assert event.side == RequestEvent.Side.SYSTEM
    # and both sides are told, in the bell and by e-mail
    assert Notification.objects.filter(event=event, user=brand_member).exists()
    assert Notification.objects.filter(event=event, user=creator_account).exists()
    recipients = set(OutboxMessage.objects.values_list("recipient", flat=True))
    assert recipients == {brand_member.email, "team@anna.example"}
    assert all(
        "approved by itself: it waited 7 days" in message.text for message in OutboxMessage.objects.all()
    )


@pytest.mark.parametrize(
    "given",
    [
        VIDEO_ID,
        f" https://www.tiktok.com/@anna.styles/video/{VIDEO_ID}?is_from_webapp=1 ",
        f"https://m.tiktok.com/v/{VIDEO_ID}.html".replace(".html", ""),
        f"https://www.tiktok.com/embed/v2/{VIDEO_ID}",
    ],
)
def test_the_video_id_is_read_from_the_id_or_the_link(given):
    assert tiktok_video_id(given) == VIDEO_ID


@pytest.mark.parametrize(
    "given",
    ["", "12ab", "https://vm.tiktok.com/ZMabc123/", f"https://evil.example/@x/video/{VIDEO_ID}", "1234"],
)
def test_a_wrong_video_id_gets_a_clear_error(given):
    with pytest.raises(ValidationError, match="Give the TikTok video's id"):
        tiktok_video_id(given)


def test_posting_records_the_id_and_the_brand_is_told(brand_member):
    deliverable = deliverable_in(DeliverableState.APPROVED, brand_member.organisation)
    deliverable_post(deliverable=deliverable, video=f"https://www.tiktok.com/@anna.styles/video/{VIDEO_ID}")
    deliverable.refresh_from_db()
    assert (deliverable.state, deliverable.video_id) == (DeliverableState.POSTED, VIDEO_ID)
    assert deliverable.video_url == f"https://www.tiktok.com/@anna.styles/video/{VIDEO_ID}"
    message = OutboxMessage.objects.filter(recipient=brand_member.email).order_by("pk").last()
    assert message is not None
    assert f"posted video 1 of “{deliverable.request.campaign.name}” on TikTok ({VIDEO_ID})" in message.text
