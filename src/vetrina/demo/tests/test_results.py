"""The demo's finished campaigns: every video posted and arrived, with a history, so a new user opens a
full results report at once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from vetrina.accounts.models import Role, User
from vetrina.collaborations.models import Campaign
from vetrina.conftest import client_for
from vetrina.creators.tests.factories import CreatorFactory
from vetrina.demo.logins import demo_logins_ensure
from vetrina.demo.results import AUTUMN, SUMMER, TAKEN, demo_results_ensure
from vetrina.results.selectors import campaign_results
from vetrina.results.tests.factories import videos_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def brand() -> User:
    start = timezone.now() - timedelta(days=60)
    for n in range(TAKEN + 8):
        creator = CreatorFactory.create(
            handle=f"creator.{n:02}",
            reach=1_000_000 - n,
            manager_email=f"team{n}@creators.test",
            video_count=14,
        )
        videos_of(
            creator,
            [1000 + 250 * k for k in range(14)],
            first_id=7_500_000_000_000_000_000 + 100 * n,
            start=start,
        )
    demo_logins_ensure()
    return User.objects.get(role=Role.BRAND)


def test_the_demo_has_finished_campaigns_with_full_reports_once(brand):
    # when run twice
    made = demo_results_ensure(brand=brand)
    assert demo_results_ensure(brand=brand) == 0
    # then every video of both campaigns was posted, has arrived and has a history of several points
    assert made == 4 * 2 + 3 + 1
    for name in (AUTUMN, SUMMER):
        results = campaign_results(Campaign.objects.get(name=name))
        assert results.totals.videos_arrived == results.totals.videos_posted > 0
        assert len(results.history) >= 5
        assert all(video.lift is not None for video in results.videos)
    summer = campaign_results(Campaign.objects.get(name=SUMMER)).totals
    assert [costs.currency for costs in summer.costs] == ["EUR"]
    assert summer.videos_without_money == 1
    # and the report opens full
    autumn = Campaign.objects.get(name=AUTUMN)
    page = client_for(brand).get(f"/activity/campaigns/{autumn.pk}/results/").text
    assert "8 of 8 posted videos have arrived through an import" in page
    assert "Not arrived yet" not in page
