"""Writes for the videos of an accepted request (docs/campaigns.md): drafts, reviews, the auto-approval,
posting. Services as in services.py: keyword-only, typed, one transaction each, checked against one table
of steps (`TRANSITIONS`), each writing its step on the request's timeline and telling the other side.

A draft's file is written under the data folder, under a random name, before its row; if the row cannot
be written the file is removed again, so that no file is left that no draft names.
"""

import mimetypes
import re
import secrets
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vetrina.accounts.access import may_contact
from vetrina.accounts.models import User
from vetrina.collaborations.models import (
    CollaborationRequest,
    Deliverable,
    DeliverableState,
    Draft,
    RequestEvent,
    RequestState,
)
from vetrina.collaborations.notices import tell_brand, tell_creator
from vetrina.creators.services import video_points_record

NOTE_MAX_LENGTH = 2000
LINK_MAX_LENGTH = 2000
DRAFTS_FOLDER = "drafts"


class Step:
    SUBMIT = "submit"
    APPROVE = "approve"
    REQUEST_CHANGES = "request_changes"
    AUTO_APPROVE = "auto_approve"
    POST = "post"


TRANSITIONS: dict[str, tuple[str, ...]] = {
    Step.SUBMIT: (DeliverableState.TO_DO, DeliverableState.CHANGES_REQUESTED),
    Step.APPROVE: (DeliverableState.SUBMITTED,),
    Step.REQUEST_CHANGES: (DeliverableState.SUBMITTED,),
    Step.AUTO_APPROVE: (DeliverableState.SUBMITTED,),
    Step.POST: (DeliverableState.APPROVED,),
}


def deliverables_create(*, request: CollaborationRequest) -> list[Deliverable]:
    """The videos of a request that was just accepted, one per video of its offer. Call it in the
    acceptance's transaction."""
    return Deliverable.objects.bulk_create(
        Deliverable(request=request, terms=terms, position=terms.position)
        for terms in request.offer.deliverables.all()
    )


def _locked_for(deliverable: Deliverable, step: str) -> Deliverable:
    locked = (
        Deliverable.objects.select_for_update(of=("self",))
        .select_related("request__campaign__organisation", "request__creator", "terms")
        .get(pk=deliverable.pk)
    )
    if locked.request.state != RequestState.ACCEPTED or locked.state not in TRANSITIONS[step]:
        raise ValidationError(
            _("Video %(number)s is “%(state)s”; that step is not possible now, and nothing was changed.")
            % {"number": locked.position, "state": locked.get_state_display()}
        )
    return locked


def _event(
    deliverable: Deliverable, kind: str, *, side: str, actor: User | None, at: datetime, message: str = ""
) -> RequestEvent:
    return RequestEvent.objects.create(
        request=deliverable.request,
        deliverable=deliverable,
        kind=kind,
        side=side,
        actor=actor,
        at=at,
        message=message,
    )


def _brand_member_of(deliverable: Deliverable, user: User) -> None:
    if not may_contact(user) or deliverable.request.campaign.organisation_id != user.organisation_id:
        raise PermissionDenied(_("Only the organisation that sent the request reviews its videos."))


def _note(text: str, field: str, message: str) -> str:
    text = text.strip()
    if "\x00" in text:
        raise ValidationError({field: [_("Null characters are not allowed.")]})
    if len(text) > NOTE_MAX_LENGTH:
        raise ValidationError({field: [message]})
    return text


def draft_link_check(link: str) -> str:
    link = link.strip()
    try:
        if len(link) > LINK_MAX_LENGTH:
            raise ValidationError("too long")
        URLValidator(schemes=["http", "https"])(link)
    except ValidationError:
        raise ValidationError(
            {"link": [_("Give a link that starts with https:// (up to 2,000 characters).")]}
        ) from None
    return link


def draft_file_check(file: UploadedFile) -> str:
    """The file's extension, if the file may be a draft; else ValidationError saying what may."""
    extension = Path(file.name or "").suffix.lower().lstrip(".")
    if extension not in settings.VETRINA_DRAFT_FILE_TYPES:
        raise ValidationError(
            {
                "file": [
                    _("Upload a file of one of these types: %(types)s.")
                    % {"types": ", ".join(settings.VETRINA_DRAFT_FILE_TYPES)}
                ]
            }
        )
    if file.size is None or file.size > settings.VETRINA_DRAFT_MAX_MB * 1024 * 1024:
        raise ValidationError(
            {
                "file": [
                    _("The file is larger than %(size)s MB; upload a smaller one or give a link.")
                    % {"size": settings.VETRINA_DRAFT_MAX_MB}
                ]
            }
        )
    if file.size == 0:
        raise ValidationError({"file": [_("The file is empty.")]})
    return extension


def _store(file: UploadedFile, extension: str) -> str:
    folder = Path(settings.DATA_DIR) / DRAFTS_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    relative = f"{DRAFTS_FOLDER}/{secrets.token_hex(16)}.{extension}"
    with open(Path(settings.DATA_DIR) / relative, "xb") as out:
        for chunk in file.chunks():
            out.write(chunk)
    return relative


def draft_path(draft: Draft) -> Path:
    """Where a draft's file is kept. Only ever the stored name under the data folder."""
    return Path(settings.DATA_DIR) / draft.file_path


def deliverable_draft_submit(
    *,
    deliverable: Deliverable,
    link: str = "",
    file: UploadedFile | None = None,
    note: str = "",
    submitted_by: User | None = None,
) -> Draft:
    """The creator's side sends a draft of a video: a link or a file, with a note. The brand is told."""
    link = link.strip()
    if bool(link) == (file is not None):
        raise ValidationError({"link": [_("Give a link to the draft or upload its file: one of the two.")]})
    note = _note(note, "note", _("Keep the note to 2,000 characters or fewer."))
    if link:
        link = draft_link_check(link)
    extension = draft_file_check(file) if file is not None else ""
    # Refused steps fail before a file is written.
    with transaction.atomic():
        _locked_for(deliverable, Step.SUBMIT)
    stored = _store(file, extension) if file is not None else ""
    try:
        with transaction.atomic():
            deliverable = _locked_for(deliverable, Step.SUBMIT)
            now = timezone.now()
            draft = Draft.objects.create(
                deliverable=deliverable,
                link=link,
                file_name=Path(file.name or "").name[:255] if file is not None else "",
                file_path=stored,
                file_size=file.size if file is not None else None,
                content_type=mimetypes.types_map.get(f".{extension}", "application/octet-stream")
                if extension
                else "",
                note=note,
                submitted_at=now,
                submitted_by=submitted_by,
            )
            deliverable.state = DeliverableState.SUBMITTED
            deliverable.submitted_at = now
            deliverable.save(update_fields=["state", "submitted_at"])
            event = _event(
                deliverable,
                RequestEvent.Kind.DRAFT_SUBMITTED,
                side=RequestEvent.Side.CREATOR,
                actor=submitted_by,
                at=now,
                message=note,
            )
            tell_brand(event)
    except BaseException:
        if stored:
            (Path(settings.DATA_DIR) / stored).unlink(missing_ok=True)
        raise
    return draft


def deliverable_draft_review(
    *, deliverable: Deliverable, approve: bool, reviewed_by: User, comment: str = ""
) -> Deliverable:
    """The brand approves the latest draft, or asks for changes with a comment. The creator's side is
    told."""
    _brand_member_of(deliverable, reviewed_by)
    comment = _note(comment, "comment", _("Keep the comment to 2,000 characters or fewer."))
    if not approve and not comment:
        raise ValidationError({"comment": [_("Say what to change: the creator reads it with the request.")]})
    with transaction.atomic():
        deliverable = _locked_for(deliverable, Step.APPROVE if approve else Step.REQUEST_CHANGES)
        now = timezone.now()
        Draft.objects.filter(pk=_latest_draft_id(deliverable)).update(
            review=Draft.Review.APPROVED if approve else Draft.Review.CHANGES_REQUESTED,
            review_comment=comment,
            reviewed_at=now,
            reviewed_by=reviewed_by,
        )
        if approve:
            deliverable.state = DeliverableState.APPROVED
            deliverable.approved_at = now
        else:
            deliverable.state = DeliverableState.CHANGES_REQUESTED
        deliverable.save(update_fields=["state", "approved_at"])
        event = _event(
            deliverable,
            RequestEvent.Kind.DRAFT_APPROVED if approve else RequestEvent.Kind.CHANGES_REQUESTED,
            side=RequestEvent.Side.BRAND,
            actor=reviewed_by,
            at=now,
            message=comment,
        )
        tell_creator(event)
    return deliverable


def _latest_draft_id(deliverable: Deliverable) -> int:
    # A video in review has at least one draft: the one under review.
    draft_id = deliverable.drafts.order_by("-submitted_at", "-id").values_list("pk", flat=True).first()
    return draft_id if draft_id is not None else 0


def deliverables_auto_approve(*, now: datetime | None = None) -> int:
    """The worker's periodic job: drafts left without a review for VETRINA_DRAFT_AUTO_APPROVE_DAYS are
    approved, and both sides told. Returns how many. Each row is one conditional UPDATE, so several
    workers may run it at once: whichever changes the row writes the step and the notices."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.VETRINA_DRAFT_AUTO_APPROVE_DAYS)
    due = Deliverable.objects.filter(
        state=DeliverableState.SUBMITTED, submitted_at__lte=cutoff, request__state=RequestState.ACCEPTED
    )
    approved = 0
    for pk in list(due.values_list("pk", flat=True)[:1000]):
        with transaction.atomic():
            changed = Deliverable.objects.filter(
                pk=pk, state=DeliverableState.SUBMITTED, submitted_at__lte=cutoff
            ).update(state=DeliverableState.APPROVED, approved_at=now, auto_approved=True)
            if not changed:
                continue
            deliverable = Deliverable.objects.select_related(
                "request__campaign__organisation", "request__creator"
            ).get(pk=pk)
            Draft.objects.filter(pk=_latest_draft_id(deliverable)).update(
                review=Draft.Review.AUTO_APPROVED, reviewed_at=now
            )
            event = _event(
                deliverable,
                RequestEvent.Kind.DRAFT_AUTO_APPROVED,
                side=RequestEvent.Side.SYSTEM,
                actor=None,
                at=now,
            )
            tell_brand(event)
            tell_creator(event)
            approved += 1
    return approved


# TikTok's video ids are long numbers; a video's link holds it after /video/.
_VIDEO_ID = re.compile(r"^\d{8,25}$")
_VIDEO_URL = re.compile(
    r"^https?://(?:[\w-]+\.)*tiktok\.com/(?:@[\w.-]+/video|v|embed(?:/v2)?)/(\d{8,25})(?:[/?#].*)?$"
)


def tiktok_video_id(text: str) -> str:
    """The id of a TikTok video, given as its id or its full link; else ValidationError."""
    text = text.strip()
    if _VIDEO_ID.match(text):
        return text
    found = _VIDEO_URL.match(text)
    if found:
        return found.group(1)
    raise ValidationError(
        {
            "video": [
                _(
                    "Give the TikTok video's id (its digits) or its full link, like "
                    "https://www.tiktok.com/@handle/video/7234567890123456789. A short vm.tiktok.com link "
                    "does not hold the id: open it and copy the full link."
                )
            ]
        }
    )


def deliverable_post(*, deliverable: Deliverable, video: str, posted_by: User | None = None) -> Deliverable:
    """The creator's side records the approved video as posted on TikTok, by its id or its link. The brand
    is told."""
    video_id = tiktok_video_id(video)
    with transaction.atomic():
        deliverable = _locked_for(deliverable, Step.POST)
        now = timezone.now()
        deliverable.state = DeliverableState.POSTED
        deliverable.posted_at = now
        deliverable.video_id = video_id
        deliverable.save(update_fields=["state", "posted_at", "video_id"])
        # The video's results start here when it has arrived already, else with the import that brings it
        # (docs/campaigns.md, "Results").
        video_points_record(video_ids=[int(video_id)], at=now)
        event = _event(
            deliverable, RequestEvent.Kind.POSTED, side=RequestEvent.Side.CREATOR, actor=posted_by, at=now
        )
        tell_brand(event)
    return deliverable
