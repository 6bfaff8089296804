"""Telling the other side of a collaboration about a step (docs/campaigns.md): a notification in the bell
and an e-mail through the outbox, in each recipient's language.

The brand's side is every active member of the organisation that sent the request. The creator's side is
the address the request was sent to (`sent_to`), and in the bell the creator-side accounts of that
address. Called by the services, inside the step's transaction.
"""

from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from vetrina.accounts.models import Role, User
from vetrina.collaborations.models import CollaborationRequest, RequestEvent
from vetrina.collaborations.tokens import answer_token_for
from vetrina.mail.emails import absolute_url, email_queue
from vetrina.notifications.services import notifications_send_for_step


def brand_members(request: CollaborationRequest) -> list[User]:
    return list(
        User.objects.filter(organisation_id=request.campaign.organisation_id, is_active=True).order_by("pk")
    )


def creator_accounts(request: CollaborationRequest) -> list[User]:
    """The creator-side accounts whose inbox holds the request: those of the address it was sent to."""
    return list(
        User.objects.filter(role=Role.CREATOR, is_active=True, email__iexact=request.sent_to).order_by("pk")
    )


def brand_link(request: CollaborationRequest) -> str:
    return absolute_url(reverse("collaborations:sent_request", args=[request.pk]))


def creator_link(request: CollaborationRequest) -> str:
    # The signed link works with no account, like the request's first e-mail.
    return absolute_url(reverse("collaborations:answer", args=[answer_token_for(request.pk)]))


def _subject(event: RequestEvent) -> object:
    return format_lazy(
        gettext_lazy("{step}: @{handle} in “{campaign}”"),
        step=RequestEvent.Kind(event.kind).label,
        handle=event.request.creator.handle,
        campaign=event.request.campaign.name,
    )


def tell_brand(event: RequestEvent, *, email: bool = True) -> None:
    """A step of the creator's side (or Vetrina's), for the organisation's members."""
    request = event.request
    members = brand_members(request)
    notifications_send_for_step(users=members, request=request, event=event)
    if not email:
        return
    link = brand_link(request)
    for member in members:
        if member.email:
            email_queue(
                to=member.email,
                subject=_subject(event),  # type: ignore[arg-type]
                template="collaboration_step",
                context={"event": event, "request": request, "link": link, "side": "brand"},
                language=member.language,
            )


def tell_creator(event: RequestEvent, *, email: bool = True) -> None:
    """A step of the brand's side (or Vetrina's), for the creator's side."""
    request = event.request
    accounts = creator_accounts(request)
    notifications_send_for_step(users=accounts, request=request, event=event)
    if not email:
        return
    creator = request.creator
    # The account's language when the address has one; else the creator's first, the best guess there is.
    language = accounts[0].language if accounts and accounts[0].language else None
    if language is None and creator.languages:
        language = creator.languages[0]
    link = creator_link(request)
    email_queue(
        to=request.sent_to,
        subject=_subject(event),  # type: ignore[arg-type]
        template="collaboration_step",
        context={"event": event, "request": request, "link": link, "side": "creator"},
        language=language,
        # The signed link works without an account: gone from the stored copy once sent.
        secret_parts=[link],
    )


def tell_creators_sent(events: list[RequestEvent]) -> None:
    """New requests, in the bell of the creator-side accounts they were sent to (the e-mail of each request
    is its own: services._request_email_send). One query for the accounts, however many requests."""
    addresses = {event.request.sent_to for event in events}
    accounts: dict[str, list[User]] = {}
    users = User.objects.annotate(address=Lower("email")).filter(
        role=Role.CREATOR, is_active=True, address__in=addresses
    )
    for user in users.order_by("pk"):
        accounts.setdefault(user.address, []).append(user)
    for event in events:
        users_of = accounts.get(event.request.sent_to.lower(), [])
        if users_of:
            notifications_send_for_step(users=users_of, request=event.request, event=event)
