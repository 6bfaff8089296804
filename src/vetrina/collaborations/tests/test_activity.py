"""My Activity: where each campaign's creators stand, with counts, and what needs the organisation on top
(docs/campaigns.md)."""

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from vetrina.accounts.tests.factories import OrganisationFactory
from vetrina.collaborations.models import Deliverable, DeliverableState, Payment, RequestState
from vetrina.collaborations.selectors import DUE_SOON_DAYS, campaigns_for, needs_you
from vetrina.collaborations.tests.factories import CampaignFactory, CollaborationRequestFactory
from vetrina.conftest import client_for

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def accepted(campaign, videos):
    """An accepted request with videos given as (state, days until due)."""
    request = CollaborationRequestFactory.create(
        campaign=campaign, state=RequestState.ACCEPTED, answered_at=timezone.now()
    )
    now = timezone.now()
    for position, (state, days) in enumerate(videos, start=1):
        terms = request.offer.deliverables.create(
            position=position, brief="v", due_date=today() + timedelta(days=days)
        )
        Deliverable.objects.create(
            request=request,
            terms=terms,
            position=position,
            state=state,
            submitted_at=now if state == DeliverableState.SUBMITTED else None,
            approved_at=now if state in (DeliverableState.APPROVED, DeliverableState.POSTED) else None,
            posted_at=now if state == DeliverableState.POSTED else None,
            video_id="7234567890123456789" if state == DeliverableState.POSTED else "",
        )
    return request


@pytest.fixture
def campaign(brand_member):
    campaign = CampaignFactory.create(organisation=brand_member.organisation, name="Spring glow")
    CollaborationRequestFactory.create(
        campaign=campaign,
        state=RequestState.COUNTERED,
        answered_at=timezone.now(),
        counter_amount=Decimal(2000),
        counter_currency="EUR",
    )
    first = accepted(
        campaign,
        [
            (DeliverableState.SUBMITTED, 3),
            (DeliverableState.TO_DO, -1),
            (DeliverableState.POSTED, -5),
            (DeliverableState.APPROVED, DUE_SOON_DAYS),
            (DeliverableState.TO_DO, DUE_SOON_DAYS + 1),
        ],
    )
    accepted(campaign, [(DeliverableState.CHANGES_REQUESTED, 0), (DeliverableState.POSTED, 2)])
    Payment.objects.create(
        request=first,
        amount=1,
        currency="USD",
        due_date=today() - timedelta(days=2),
        paid_on=today(),
        recorded_at=timezone.now(),
    )
    Payment.objects.create(
        request=first,
        amount=500,
        currency="USD",
        due_date=today() - timedelta(days=1),
        recorded_at=timezone.now(),
    )
    return campaign


def test_each_campaign_counts_where_its_creators_stand(brand_member, campaign):
    # given the raw rows, counted here one by one
    videos = list(Deliverable.objects.filter(request__campaign=campaign).select_related("terms"))
    unposted = [video for video in videos if video.state != DeliverableState.POSTED]
    expected = {
        "countered": campaign.requests.filter(state=RequestState.COUNTERED).count(),
        "drafts_to_review": sum(video.state == DeliverableState.SUBMITTED for video in videos),
        "due_soon": sum(0 <= (video.terms.due_date - today()).days <= DUE_SOON_DAYS for video in unposted),
        "overdue": sum(video.terms.due_date < today() for video in unposted),
        "posted": sum(video.state == DeliverableState.POSTED for video in videos),
        "paid": Payment.objects.filter(request__campaign=campaign, paid_on__isnull=False).count(),
    }
    # when
    row: Any = campaigns_for(brand_member).get(pk=campaign.pk)
    # then
    got = {
        "countered": row.countered_count,
        "drafts_to_review": row.drafts_to_review_count,
        "due_soon": row.due_soon_count,
        "overdue": row.overdue_count,
        "posted": row.posted_count,
        "paid": row.paid_count,
    }
    assert got == expected
    assert expected == {
        "countered": 1,
        "drafts_to_review": 1,
        "due_soon": 3,
        "overdue": 1,
        "posted": 2,
        "paid": 1,
    }
    # the request counts are not multiplied by the videos and payments
    assert (row.sent_count, row.accepted_count) == (3, 2)


def test_the_needs_you_list_names_counters_drafts_and_overdue_payments(brand_member, campaign):
    page = client_for(brand_member).get("/activity/").text
    assert "Needs you: 3 things" in page
    assert "Answer the counter-offer of @" in page
    assert "€2,000.00" in page
    assert "Review the draft of video 1 by @" in page
    assert "Pay $500.00 to @" in page


def test_another_organisation_and_staff_see_nothing_that_needs_them(campaign, agency_member, staff_user):
    assert needs_you(agency_member).count == 0
    assert needs_you(staff_user).count == 0
    assert "Needs you" not in client_for(agency_member).get("/activity/").text


def test_my_activity_costs_as_many_queries_for_many_campaigns_as_for_one(brand_member, campaign):
    client = client_for(brand_member)
    with CaptureQueriesContext(connection) as one:
        client.get("/activity/")
    for _ in range(4):
        other = CampaignFactory.create(organisation=brand_member.organisation)
        accepted(other, [(DeliverableState.SUBMITTED, 1)])
    with CaptureQueriesContext(connection) as five:
        client.get("/activity/")
    assert len(five.captured_queries) == len(one.captured_queries)


def test_other_organisations_rows_are_not_counted(brand_member, campaign):
    other = CampaignFactory.create(organisation=OrganisationFactory.create())
    accepted(other, [(DeliverableState.SUBMITTED, 1)])
    row: Any = campaigns_for(brand_member).get(pk=campaign.pk)
    assert row.drafts_to_review_count == 1
