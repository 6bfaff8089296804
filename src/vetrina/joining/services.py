"""Writes of creators who join by themselves (docs/creators-joining.md): applying, confirming the e-mail
(which makes the creator-side account), storing what a sync read through the import, staff's decision,
and the creator's own changes: profile, pause, leaving.

E-mails are written to the outbox in the transaction of the change that causes them (mail.emails)."""

import json
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vetrina.accounts.models import Role, User
from vetrina.collaborations.models import CollaborationRequest
from vetrina.creators.audience import SHARE_COLUMNS
from vetrina.creators.models import AudienceCountry, Creator, FollowerSnapshot, Video
from vetrina.ingest.importing import creators_import
from vetrina.joining.eligibility import eligibility_of, handle_taken
from vetrina.joining.models import CreatorApplication, CreatorApplicationRefusal
from vetrina.joining.tokens import CONFIRM_LINK_MAX_AGE, confirm_token_for
from vetrina.mail.emails import absolute_url, email_language, email_queue
from vetrina.metrics.services import creator_verify, creators_recompute, peers_refresh_queue
from vetrina.privacy.services import account_delete
from vetrina.search.indexing import search_columns

State = CreatorApplication.State


def _normalised_email(email: str) -> str:
    return email.strip().lower()


# --- Applying and confirming the e-mail -----------------------------------------------------------------


@transaction.atomic
def creator_application_submit(
    *,
    handle: str,
    email: str,
    country: str,
    categories: list[str],
    languages: list[str],
    date_of_birth: date,
    rate_per_video: Decimal,
    rate_currency: str,
    language: str | None = None,
) -> CreatorApplication | None:
    """Files a creator's application and e-mails the link that confirms the address; None when the
    address has an account, or an application past confirming, which the e-mail then says instead.

    The page after the form is the same either way: it tells nobody which addresses are known. Applying
    again before confirming replaces what the first form said and sends the link again.
    """
    email = _normalised_email(email)
    language = email_language(language or translation.get_language())
    fields = {
        "handle": handle,
        "country": country,
        "categories": categories,
        "languages": languages,
        "date_of_birth": date_of_birth,
        "rate_per_video": rate_per_video,
        "rate_currency": rate_currency,
        "language": language,
    }
    existing = CreatorApplication.objects.select_for_update().filter(email__iexact=email).first()
    refused = existing is not None and existing.state == State.REFUSED
    if User.objects.filter(email__iexact=email).exists() or (
        existing is not None and existing.state != State.UNCONFIRMED
    ):
        _again_send(email=email, language=language, refused=refused)
        return None
    if existing is not None:
        for name, value in fields.items():
            setattr(existing, name, value)
        # The fresh link's days count from now (creator_applications_unconfirmed_prune).
        existing.created_at = timezone.now()
        existing.save(update_fields=[*fields, "created_at"])
        application = existing
    else:
        try:
            # A savepoint: a concurrent twin trips the one-per-address constraint, not this transaction.
            with transaction.atomic():
                application = CreatorApplication.objects.create(email=email, **fields)
        except IntegrityError:
            return None
    link = absolute_url(reverse("joining:confirm", args=[confirm_token_for(application.pk)]))
    email_queue(
        to=email,
        subject=gettext_lazy("Confirm your e-mail to join Vetrina as a creator"),
        template="creator_confirm",
        context={"application": application, "link": link},
        language=application.language,
        # The link opens an account: the outbox keeps it only until the message is sent.
        secret_parts=[link],
    )
    return application


def _again_send(*, email: str, language: str, refused: bool) -> None:
    # A refused creator keeps the account and applies again from their space, not from this form: the
    # e-mail says where (docs/creators-joining.md, "Applying again after a refusal").
    email_queue(
        to=email,
        subject=gettext_lazy("Your application to Vetrina"),
        template="creator_application_again",
        context={
            "login_url": absolute_url(reverse("accounts:login")),
            "password_reset_url": absolute_url(reverse("accounts:password_reset")),
            "space_url": absolute_url(reverse("joining:space")),
            "refused": refused,
        },
        language=language,
    )


@transaction.atomic
def creator_application_confirm(*, application: CreatorApplication, password: str) -> User:
    """The confirmation link, followed: makes the creator-side account with the password chosen. The
    account manages the creator the sync will import, whose manager e-mail is the account's address.
    Raises ValidationError when the link was used already or the password is refused."""
    application = CreatorApplication.objects.select_for_update().get(pk=application.pk)
    if application.state != State.UNCONFIRMED:
        raise ValidationError(_("This link was used already: log in with your e-mail and password."))
    user = User(
        username=application.email,
        email=application.email,
        role=Role.CREATOR,
        language=application.language,
    )
    validate_password(password, user)
    if User.objects.filter(email__iexact=application.email).exists():
        raise ValidationError(_("An account with this e-mail exists already: log in, or reset its password."))
    user.set_password(password)
    user.save()
    application.user = user
    application.state = State.JOINED
    application.confirmed_at = timezone.now()
    application.save(update_fields=["user", "state", "confirmed_at"])
    return user


# --- What a sync read, through the import ---------------------------------------------------------------


class SyncRefused(Exception):
    """The sync stored nothing; the reason, in words for the creator, is the application's sync_problem."""


def sync_profile(application: CreatorApplication) -> dict[str, Any]:
    """What Vetrina knows of the creator that TikTok does not tell: the import line's profile fields.
    Once the creator exists they are its own (the creator edits them in their space), so a sync never
    undoes an edit."""
    creator = application.creator
    if creator is not None:
        return {
            "handle": application.handle,
            "display_name": creator.display_name,
            "country": str(creator.country),
            "categories": list(creator.categories),
            "languages": list(creator.languages),
            "bio": creator.bio,
            "manager_email": application.user.email if application.user else application.email,
        }
    return {
        "handle": application.handle,
        "display_name": application.handle,
        "country": str(application.country),
        "categories": list(application.categories),
        "languages": list(application.languages),
        "bio": "",
        "manager_email": application.user.email if application.user else application.email,
    }


def creator_records_import(*, records: list[tuple[CreatorApplication, dict[str, Any]]]) -> None:
    """Stores what syncs read (one import-format line per creator) through the import, as `vetrina
    import` would, so that every number is computed the one way; then each creator's eligibility.

    One import for all of them: the peers' numbers are worked out once. A line whose handle another
    creator holds is not imported (it would write over that creator); a line the import refuses leaves
    its creator as it was. Either is told to the creator in their space (sync_problem).
    """
    now = timezone.now()
    lines: dict[str, str] = {}
    problems: dict[int, str] = {}
    for application, record in records:
        if handle_taken(application):
            problems[application.pk] = _(
                "Another creator on Vetrina has the handle @%(handle)s, so your numbers were not stored. "
                "Write to us to claim it."
            ) % {"handle": application.handle}
            continue
        connected_as = str(record.get("handle") or application.handle)
        if connected_as != application.handle:
            # TikTok says whose account it is: nobody joins under a handle that is not theirs.
            problems[application.pk] = _(
                "The TikTok account you connected is @%(connected)s, not @%(handle)s: connect @%(handle)s."
            ) % {"connected": connected_as, "handle": application.handle}
            continue
        # Staff's decision alone verifies a creator.
        line = {**record, "verified": False}
        lines[application.handle] = json.dumps(line, ensure_ascii=False)
    report = creators_import(lines=list(lines.values())) if lines else None
    refused = {}
    if report is not None:
        handles = list(lines)
        for error in report.errors:
            handle = error.handle or handles[error.line - 1]
            refused[handle] = error.reason
    for application, _record in records:
        creator_application_synced(
            application=application,
            at=now,
            problem=problems.get(application.pk)
            or (
                _("TikTok's data could not be stored: %(reason)s") % {"reason": refused[application.handle]}
                if application.handle in refused
                else ""
            ),
        )


@transaction.atomic
def creator_application_synced(*, application: CreatorApplication, at: Any, problem: str) -> None:
    """Notes a sync and what came of it: links the creator the first one imported (with the rates the
    creator gave), and sends the creator to staff's queue once every condition holds."""
    application = CreatorApplication.objects.select_for_update().get(pk=application.pk)
    application.sync_problem = problem
    fields = ["sync_problem"]
    if not problem:
        application.synced_at = at
        fields.append("synced_at")
        if application.creator_id is None:
            creator = Creator.objects.get(handle=application.handle)
            Creator.objects.filter(pk=creator.pk).update(
                rate_per_video=application.rate_per_video, rate_currency=application.rate_currency
            )
            application.creator = creator
            fields.append("creator")
    application.save(update_fields=fields)
    application.refresh_from_db()
    creator_application_review_update(application=application)


def creator_application_review_update(*, application: CreatorApplication) -> None:
    """Sends the application to staff's queue when every condition holds now."""
    if application.state == State.JOINED and eligibility_of(application).eligible:
        application.state = State.IN_REVIEW
        application.submitted_at = timezone.now()
        application.save(update_fields=["state", "submitted_at"])


# --- Staff's decision -----------------------------------------------------------------------------------


def _in_review_locked(application: CreatorApplication) -> CreatorApplication:
    locked = (
        CreatorApplication.objects.select_for_update(of=("self",))
        .select_related("creator")
        .get(pk=application.pk)
    )
    if locked.state != State.IN_REVIEW or locked.creator is None:
        raise ValidationError(
            _("This application is not waiting for review (it is: %(state)s).")
            % {"state": locked.get_state_display().lower()}
        )
    return locked


@transaction.atomic
def creator_application_verify(*, application: CreatorApplication, reviewed_by: User) -> None:
    """Verifies the creator: members find it from now on. The creator is told by e-mail."""
    application = _in_review_locked(application)
    assert application.creator is not None
    # The manager e-mail is the creator's own account's: no invitation goes out.
    creator_verify(creator=application.creator, invited_by=reviewed_by)
    application.state = State.VERIFIED
    application.reviewed_at = timezone.now()
    application.reviewed_by = reviewed_by
    application.save(update_fields=["state", "reviewed_at", "reviewed_by"])
    email_queue(
        to=application.user.email if application.user else application.email,
        subject=gettext_lazy("You are verified on Vetrina"),
        template="creator_verified",
        context={"application": application, "space_url": absolute_url(reverse("joining:space"))},
        language=application.language,
    )


@transaction.atomic
def creator_application_refuse(*, application: CreatorApplication, reviewed_by: User, reason: str) -> None:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the creator a reason; it is sent to them.")})
    application = _in_review_locked(application)
    application.state = State.REFUSED
    application.reviewed_at = timezone.now()
    application.reviewed_by = reviewed_by
    application.refusal_reason = reason
    application.save(update_fields=["state", "reviewed_at", "reviewed_by", "refusal_reason"])
    email_queue(
        to=application.user.email if application.user else application.email,
        subject=gettext_lazy("Your application to Vetrina"),
        template="creator_refused",
        context={"application": application},
        language=application.language,
    )


@transaction.atomic
def creator_application_apply_again(*, user: User) -> CreatorApplication:
    """A refused creator applies again (docs/creators-joining.md): the refusal goes to the application's
    history, which staff see beside the application, and the application is back among those syncs read:
    it goes to staff's queue again once every condition holds, at once when they hold already."""
    application = CreatorApplication.objects.select_for_update().filter(user=user).first()
    if application is None or application.state != State.REFUSED:
        raise ValidationError(_("Only an application our team refused can be sent again."))
    CreatorApplicationRefusal.objects.create(
        application=application,
        refused_at=application.reviewed_at or timezone.now(),
        refused_by=application.reviewed_by,
        reason=application.refusal_reason,
    )
    application.state = State.JOINED
    application.submitted_at = None
    application.reviewed_at = None
    application.reviewed_by = None
    application.refusal_reason = ""
    application.save(update_fields=["state", "submitted_at", "reviewed_at", "reviewed_by", "refusal_reason"])
    creator_application_review_update(application=application)
    return application


# --- The creator's own changes --------------------------------------------------------------------------


def _own_creator(user: User) -> Creator:
    application = CreatorApplication.objects.select_related("creator").filter(user=user).first()
    if application is None or application.creator is None:
        raise PermissionDenied(_("Connect TikTok first: your profile exists once your numbers are read."))
    return application.creator


@transaction.atomic
def creator_profile_update(
    *,
    user: User,
    bio: str,
    categories: list[str],
    languages: list[str],
    rate_per_video: Decimal,
    rate_currency: str,
) -> Creator:
    """The creator's own profile: what they write, the categories they are found under, their rate."""
    creator = _own_creator(user)
    creator = Creator.objects.select_for_update().get(pk=creator.pk)
    main_changed = creator.primary_category != categories[0]
    creator.bio = bio.strip()
    creator.categories = categories
    creator.primary_category = categories[0]
    creator.languages = languages
    creator.rate_per_video = rate_per_video
    creator.rate_currency = rate_currency
    for name, value in search_columns(
        handle=creator.handle, display_name=creator.display_name, bio=creator.bio, categories=categories
    ).items():
        setattr(creator, name, value)
    creator.save()
    if main_changed and creator.verified:
        # The main category is the peer group: its percentiles and typical values, and its peers'.
        peers_refresh_queue()
    return creator


@transaction.atomic
def creator_requests_pause(*, user: User, paused: bool) -> Creator:
    """Paused: hidden from search and no new requests; the requests already sent stay as they are."""
    creator = _own_creator(user)
    Creator.objects.filter(pk=creator.pk).update(requests_paused=paused)
    creator.requests_paused = paused
    return creator


@transaction.atomic
def creator_leave(*, user: User, password: str) -> None:
    """The creator leaves: the account goes (privacy.services.account_delete: sessions, e-mails, log-in
    records) and with it the application; the creator's data is erased. The requests brands sent stay
    theirs, anonymised: they point at a creator with no name, no handle of theirs, no data.
    """
    if not user.check_password(password):
        raise ValidationError({"password": _("That is not your password.")})
    application = CreatorApplication.objects.filter(user=user).select_related("creator").first()
    if application is not None:
        if application.creator is not None:
            _creator_erase(application.creator)
        application.delete()
    # Fetched again: privacy's account page sends a creator who joined here, by their application.
    account_delete(user=User.objects.get(pk=user.pk), password=password)


def _creator_erase(creator: Creator) -> None:
    Video.objects.filter(creator=creator).delete()
    FollowerSnapshot.objects.filter(creator=creator).delete()
    AudienceCountry.objects.filter(creator=creator).delete()
    was_verified = creator.verified
    # A handle the import can never give (it has a '-'), so no import ever writes onto this row again.
    handle = f"former-{creator.pk}"
    blank: dict[str, Any] = {
        "handle": handle,
        "display_name": _("Former creator"),
        "bio": "",
        "avatar_url": "",
        "categories": [],
        "primary_category": "",
        "languages": [],
        "manager_email": "",
        "verified": False,
        "requests_paused": True,
        "rate_per_video": None,
        "rate_currency": "",
        **search_columns(handle=handle, display_name="", bio="", categories=[]),
        **{column: None for columns in SHARE_COLUMNS.values() for column in columns.values()},
    }
    Creator.objects.filter(pk=creator.pk).update(**blank)
    # The address the requests went to was the creator's.
    CollaborationRequest.objects.filter(creator=creator).update(sent_to="")
    creators_recompute(creator_ids=[creator.pk])
    if was_verified:
        peers_refresh_queue()


def creator_applications_unconfirmed_prune() -> int:
    """The worker's periodic job: applications whose e-mail was never confirmed go once their link can
    no longer work (docs/privacy.md): an address nobody confirmed is kept no longer than that."""
    expired = timezone.now() - CONFIRM_LINK_MAX_AGE
    deleted, _rows = CreatorApplication.objects.filter(
        state=State.UNCONFIRMED, created_at__lt=expired
    ).delete()
    return deleted
