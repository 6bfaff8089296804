"""The demo's campaigns: the brand's requests at every stage, made once, through the services."""

import pytest

from vetrina.accounts.models import Role, User
from vetrina.collaborations.models import (
    CollaborationRequest,
    Deliverable,
    DeliverableState,
    Payment,
    RequestState,
)
from vetrina.conftest import client_for
from vetrina.creators.tests.factories import CreatorFactory
from vetrina.demo.campaigns import HOLIDAY_STAGES, SPRING_STAGES, demo_campaigns_ensure
from vetrina.demo.logins import demo_logins_ensure

pytestmark = pytest.mark.django_db


@pytest.fixture
def brand() -> User:
    for n in range(len(SPRING_STAGES) + len(HOLIDAY_STAGES)):
        CreatorFactory.create(
            handle=f"creator.{n:02}", reach=1_000_000 - n, manager_email=f"team{n}@creators.test"
        )
    demo_logins_ensure()
    return User.objects.get(role=Role.BRAND)


def test_the_demo_brand_has_requests_at_every_stage_once(brand):
    # when run twice
    made = demo_campaigns_ensure(brand=brand)
    assert demo_campaigns_ensure(brand=brand) == 0
    # then every state of a request, of a video and of a payment is there, once
    assert made == CollaborationRequest.objects.count() == len(SPRING_STAGES) + len(HOLIDAY_STAGES)
    assert set(CollaborationRequest.objects.values_list("state", flat=True)) == set(RequestState.values)
    assert set(Deliverable.objects.values_list("state", flat=True)) == set(DeliverableState.values)
    payments = list(Payment.objects.all())
    assert sorted((payment.is_paid, payment.is_late) for payment in payments) == [
        (False, True),
        (True, False),
        (True, True),
    ]


def test_the_demo_pages_show_the_campaigns(brand):
    demo_campaigns_ensure(brand=brand)
    page = client_for(brand).get("/activity/").text
    assert "Spring glow" in page
    assert "Holiday gift guide" in page
    assert "Needs you" in page
    # the creator login manages the biggest creator, whose request went all the way to payment
    creator = User.objects.get(role=Role.CREATOR)
    request = CollaborationRequest.objects.get(sent_to=creator.email)
    page = client_for(creator).get(f"/requests/{request.pk}/").text
    assert "Video posted" in page
    assert "Paid on" in page


def test_too_few_creators_make_no_campaign(db):
    demo_logins_ensure()
    assert demo_campaigns_ensure(brand=User.objects.get(role=Role.BRAND)) == 0
    assert not CollaborationRequest.objects.exists()
