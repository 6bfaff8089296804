"""Reads of campaigns and requests, scoped to who is asking: an organisation sees its own, a creator-side
account the requests of the creators it manages, staff everything."""

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from vetrina.accounts.access import has_request_inbox, is_staff
from vetrina.accounts.models import User
from vetrina.collaborations.models import (
    Campaign,
    CollaborationRequest,
    Deliverable,
    DeliverableState,
    Draft,
    Offer,
    Payment,
    RequestEvent,
    RequestState,
)
from vetrina.collaborations.tokens import answer_request_id
from vetrina.creators.models import Creator
from vetrina.shortlists.models import Shortlist
from vetrina.shortlists.selectors import get_shortlist_for_change


def _state_counts() -> dict[str, Count]:
    counts = {
        f"{state}_count": Count("requests", filter=Q(requests__state=state)) for state in RequestState.values
    }
    return {"sent_count": Count("requests"), **counts}


# How close a video's due date must be to count as "due soon" on My Activity.
DUE_SOON_DAYS = 7


def _campaign_count(rows: QuerySet[Any], campaign_field: str) -> Coalesce:
    """The number of `rows` of each campaign, as a subquery: counts over several relations at once, which
    joins would multiply."""
    counted = (
        rows.filter(**{campaign_field: OuterRef("pk")})
        .order_by()
        .values(campaign_field)
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _progress_counts() -> dict[str, Coalesce]:
    """Where the creators of a campaign stand (docs/campaigns.md, My Activity)."""
    today = timezone.localdate()
    videos = Deliverable.objects.filter(request__state=RequestState.ACCEPTED)
    unposted = videos.exclude(state=DeliverableState.POSTED)
    field = "request__campaign"
    return {
        "drafts_to_review_count": _campaign_count(videos.filter(state=DeliverableState.SUBMITTED), field),
        "due_soon_count": _campaign_count(
            unposted.filter(
                terms__due_date__gte=today, terms__due_date__lte=today + timedelta(days=DUE_SOON_DAYS)
            ),
            field,
        ),
        "overdue_count": _campaign_count(unposted.filter(terms__due_date__lt=today), field),
        "posted_count": _campaign_count(videos.filter(state=DeliverableState.POSTED), field),
        "paid_count": _campaign_count(Payment.objects.filter(paid_on__isnull=False), field),
    }


def campaigns_for(user: User) -> QuerySet[Campaign]:
    """The organisation's campaigns (every one for staff), newest first, with counts per state and of
    where their creators stand."""
    campaigns = (
        Campaign.objects.select_related("organisation")
        .annotate(**_state_counts())
        .annotate(**_progress_counts())
    )
    if is_staff(user):
        return campaigns
    if user.organisation_id is None:
        return campaigns.none()
    return campaigns.filter(organisation_id=user.organisation_id)


def get_campaign_for(user: User, pk: int) -> Campaign:
    """Another organisation's campaign is as good as missing: 404."""
    return get_object_or_404(campaigns_for(user), pk=pk)


def requests_of_campaign(campaign: Campaign) -> QuerySet[CollaborationRequest]:
    return campaign.requests.select_related("creator", "offer").order_by("creator__handle")


def offers_of_campaign(campaign: Campaign) -> QuerySet[Offer]:
    return campaign.offers.prefetch_related("deliverables")


def request_timeline(request: CollaborationRequest) -> QuerySet[RequestEvent]:
    """A request's steps, oldest first."""
    return request.events.select_related("actor")


# The campaign page shows this many latest steps; each request's page has all of its own.
CAMPAIGN_TIMELINE_LENGTH = 100


def campaign_timeline(campaign: Campaign) -> list[RequestEvent]:
    """The latest steps of every request of the campaign, newest first."""
    events = RequestEvent.objects.filter(request__campaign=campaign).select_related(
        "actor", "request__creator", "request__campaign__organisation"
    )
    return list(events.order_by("-at", "-id")[:CAMPAIGN_TIMELINE_LENGTH])


def requests_sent_by(user: User) -> QuerySet[CollaborationRequest]:
    """Every request the organisation sent (every request for staff), newest first."""
    requests = CollaborationRequest.objects.select_related("campaign", "creator", "offer").prefetch_related(
        "offer__deliverables"
    )
    if is_staff(user):
        return requests
    if user.organisation_id is None:
        return requests.none()
    return requests.filter(campaign__organisation_id=user.organisation_id)


def get_sent_request_for(user: User, pk: int) -> CollaborationRequest:
    return get_object_or_404(requests_sent_by(user), pk=pk)


def requests_received_by(user: User) -> QuerySet[CollaborationRequest]:
    """A creator-side account's inbox: the requests sent to its address (every request for staff).

    The address recorded on each request when it was sent decides, not the creator's manager e-mail of
    today: a re-import that gives creator B the manager of creator A must not hand A's account the
    requests B's manager was sent (nor let it answer them).
    """
    requests = CollaborationRequest.objects.select_related(
        "campaign__organisation", "creator", "offer"
    ).prefetch_related("offer__deliverables")
    if is_staff(user):
        return requests
    if not has_request_inbox(user):
        raise PermissionDenied(_("Only creator-side accounts have an inbox of requests."))
    if not user.email:
        return requests.none()
    return requests.filter(sent_to__iexact=user.email.strip())


def get_received_request_for(user: User, pk: int) -> CollaborationRequest:
    return get_object_or_404(requests_received_by(user), pk=pk)


def get_request_for_answer_token(token: str) -> CollaborationRequest:
    """The one request an e-mailed link is for; 404 for an altered link."""
    request_id = answer_request_id(token)
    if request_id is None:
        raise Http404("altered link")
    return get_object_or_404(
        CollaborationRequest.objects.select_related("campaign__organisation", "creator", "offer"),
        pk=request_id,
    )


@dataclass
class Recipients:
    """The creators a contact form is for, from its query string."""

    creators: list[Creator] = field(default_factory=list)
    # Handles that name no creator the viewer may contact (or, from a list, no creator on it).
    unknown: list[str] = field(default_factory=list)
    # The list they were chosen from, if any.
    shortlist: Shortlist | None = None

    @property
    def unreachable(self) -> list[Creator]:
        """The creators with no address to send a request to: a send to them stops before anything goes
        out (services.collaboration_requests_send), so the form says so before it is filled in."""
        return [creator for creator in self.creators if not creator.manager_email.strip()]

    def query_without_unreachable(self) -> str:
        """The contact form's query string for the other creators, from the same list if any."""
        unreachable = {creator.pk for creator in self.unreachable}
        items = [("creator", creator.handle) for creator in self.creators if creator.pk not in unreachable]
        if self.shortlist is not None:
            items.append(("shortlist", str(self.shortlist.pk)))
        return urlencode(items)


def contact_recipients(
    user: Any, *, handles: list[str], shortlist_id: int | None = None, whole_list: bool = False
) -> Recipients:
    """Verified creators by handle, in the order given, each once.

    From a shortlist (the organisation's own, else 404): the creators of the list named by `handles`, or
    with `whole_list`, every creator on it in the list's order.
    """
    wanted = list(dict.fromkeys(handle.strip().lower() for handle in handles if handle.strip()))
    creators = Creator.objects.filter(verified=True)
    shortlist = None
    if shortlist_id is not None:
        shortlist = get_shortlist_for_change(user, shortlist_id)
        creators = creators.filter(shortlist_entries__shortlist=shortlist)
        if whole_list:
            ordered = creators.order_by("shortlist_entries__added_at", "shortlist_entries__id")
            return Recipients(creators=list(ordered), shortlist=shortlist)
    found = {creator.handle: creator for creator in creators.filter(handle__in=wanted)}
    return Recipients(
        creators=[found[handle] for handle in wanted if handle in found],
        unknown=[handle for handle in wanted if handle not in found],
        shortlist=shortlist,
    )


# --- The videos of accepted requests, and their drafts -----------------------------------------------------


def deliverables_of(request: CollaborationRequest) -> QuerySet[Deliverable]:
    """A request's videos in order, with what was asked and every draft (oldest first)."""
    drafts = Draft.objects.order_by("submitted_at", "id")
    return request.deliverables.select_related("terms").prefetch_related(Prefetch("drafts", queryset=drafts))


def get_deliverable_for_brand(user: User, pk: int) -> Deliverable:
    """A video of one of the organisation's requests; another organisation's is as good as missing."""
    requests = requests_sent_by(user)
    return get_object_or_404(
        Deliverable.objects.select_related("request__campaign__organisation", "request__creator").filter(
            request__in=requests
        ),
        pk=pk,
    )


def get_deliverable_for_creator_side(request: CollaborationRequest, pk: int) -> Deliverable:
    """A video of the request the creator's side opened (its inbox page or its signed link)."""
    return get_object_or_404(Deliverable.objects.select_related("request"), pk=pk, request=request)


def _draft_files(requests: QuerySet[CollaborationRequest]) -> QuerySet[Draft]:
    return Draft.objects.filter(deliverable__request__in=requests).exclude(file_path="")


def get_draft_file_for_brand(user: User, pk: int) -> Draft:
    """A draft's file, for the organisation that sent the request only: staff read campaigns, but the
    creators' unpublished work is the two sides' alone."""
    if is_staff(user):
        raise PermissionDenied(_("Only the two sides of a collaboration open its drafts."))
    return get_object_or_404(_draft_files(requests_sent_by(user)), pk=pk)


def get_draft_file_for_inbox(user: User, pk: int) -> Draft:
    if is_staff(user):
        raise PermissionDenied(_("Only the two sides of a collaboration open its drafts."))
    return get_object_or_404(_draft_files(requests_received_by(user)), pk=pk)


def get_draft_file_for_token(token: str, pk: int) -> Draft:
    request = get_request_for_answer_token(token)
    return get_object_or_404(Draft.objects.exclude(file_path=""), pk=pk, deliverable__request=request)


# --- Payments --------------------------------------------------------------------------------------------


def payments_of(request: CollaborationRequest) -> QuerySet[Payment]:
    return request.payments.order_by("due_date", "id")


def get_payment_for_brand(user: User, pk: int) -> Payment:
    return get_object_or_404(
        Payment.objects.select_related("request__campaign__organisation").filter(
            request__in=requests_sent_by(user)
        ),
        pk=pk,
    )


@dataclass
class PaymentRecord:
    """How a brand has paid creators on Vetrina (docs/campaigns.md): payments paid by their due date, paid
    after it, and not paid yet."""

    organisation_id: int
    organisation_name: str
    on_time: int = 0
    late: int = 0
    open: int = 0


def payment_records(organisation_ids: list[int]) -> dict[int, PaymentRecord]:
    """Each organisation's record, over every payment it recorded to any creator; one query."""
    rows = (
        Payment.objects.filter(request__campaign__organisation_id__in=organisation_ids)
        .values("request__campaign__organisation_id", "request__campaign__organisation__name")
        .annotate(
            on_time=Count("id", filter=Q(paid_on__isnull=False, paid_on__lte=F("due_date"))),
            late=Count("id", filter=Q(paid_on__isnull=False, paid_on__gt=F("due_date"))),
            open=Count("id", filter=Q(paid_on__isnull=True)),
        )
    )
    records = {
        row["request__campaign__organisation_id"]: PaymentRecord(
            organisation_id=row["request__campaign__organisation_id"],
            organisation_name=row["request__campaign__organisation__name"],
            on_time=row["on_time"],
            late=row["late"],
            open=row["open"],
        )
        for row in rows
    }
    return records


def payment_records_for_inbox(user: User) -> list[PaymentRecord]:
    """The record of each brand in a creator-side account's inbox, by name; brands with no payment yet
    show zeros."""
    brands = dict(
        requests_received_by(user)
        .order_by()
        .values_list("campaign__organisation_id", "campaign__organisation__name")
        .distinct()
    )
    records = payment_records(list(brands))
    return sorted(
        (
            records.get(pk) or PaymentRecord(organisation_id=pk, organisation_name=name)
            for pk, name in brands.items()
        ),
        key=lambda record: record.organisation_name.lower(),
    )


# --- My Activity: what needs the organisation ---------------------------------------------------------------

NEEDS_YOU_LIMIT = 50


@dataclass
class NeedsYou:
    """What waits for the organisation: counter-offers to answer, drafts to review, payments past due."""

    counters: list[CollaborationRequest]
    drafts: list[Deliverable]
    overdue_payments: list[Payment]

    @property
    def count(self) -> int:
        return len(self.counters) + len(self.drafts) + len(self.overdue_payments)


def needs_you(user: User) -> NeedsYou:
    """The oldest first of each, NEEDS_YOU_LIMIT at most; none for staff, who act for nobody."""
    if is_staff(user) or user.organisation_id is None:
        return NeedsYou(counters=[], drafts=[], overdue_payments=[])
    requests = requests_sent_by(user)
    counters = requests.filter(state=RequestState.COUNTERED).order_by("answered_at", "id")
    drafts = (
        Deliverable.objects.filter(
            request__in=requests, request__state=RequestState.ACCEPTED, state=DeliverableState.SUBMITTED
        )
        .select_related("request__campaign", "request__creator")
        .order_by("submitted_at", "id")
    )
    overdue = (
        Payment.objects.filter(request__in=requests, paid_on__isnull=True, due_date__lt=timezone.localdate())
        .select_related("request__campaign", "request__creator")
        .order_by("due_date", "id")
    )
    return NeedsYou(
        counters=list(counters[:NEEDS_YOU_LIMIT]),
        drafts=list(drafts[:NEEDS_YOU_LIMIT]),
        overdue_payments=list(overdue[:NEEDS_YOU_LIMIT]),
    )
