from datetime import date, timedelta

import pytest
from django.utils import timezone

from vetrina.creators.tests.factories import CreatorFactory
from vetrina.joining.eligibility import age_on, eligibility_of
from vetrina.joining.tests.helpers import joined, synced

pytestmark = pytest.mark.django_db


def held(application) -> dict[str, bool]:
    return {condition.key: condition.held for condition in eligibility_of(application).conditions}


def test_a_creator_is_eligible_at_the_marketplace_defaults():
    # given 24,100 followers and three videos of the last 30 days with 1,600 views together
    application = synced(joined(), followers=24_100, videos=[(0, 900), (14, 400), (29, 300)])
    # then every condition holds, with the creator's own numbers
    eligibility = eligibility_of(application)
    assert eligibility.eligible
    shown = {condition.key: condition.shown for condition in eligibility.conditions}
    assert shown["followers"] == "You have 24.1K."
    assert shown["videos"] == "You posted 3 videos."
    assert shown["views"] == "Your videos of the last 30 days have 1.6K."


def test_a_video_posted_thirty_days_before_the_data_date_is_out_of_the_window():
    # given a third video posted 30 days before the data date: the window is that date and the 29 before
    application = synced(joined(), videos=[(0, 900), (14, 400), (30, 5_000)])
    # then two videos count, and their 1,300 views
    assert held(application) == {
        "age": True,
        "handle": True,
        "connected": True,
        "followers": True,
        "videos": False,
        "views": True,
    }
    views = next(c for c in eligibility_of(application).conditions if c.key == "views")
    assert views.shown == "Your videos of the last 30 days have 1.3K."


def test_each_bar_is_a_setting(settings):
    settings.VETRINA_CREATOR_MIN_FOLLOWERS = 30_000
    settings.VETRINA_CREATOR_MIN_VIEWS_30D = 2_000
    application = synced(joined(), followers=24_100, videos=[(0, 900), (14, 400), (29, 300)])
    conditions = held(application)
    assert conditions["followers"] is False
    assert conditions["views"] is False
    assert conditions["videos"] is True


def test_an_under_age_creator_is_not_eligible_whatever_their_numbers():
    today = timezone.localdate()
    born = today.replace(year=today.year - 18) + timedelta(days=1)  # 18 tomorrow
    application = synced(joined(born=born))
    assert held(application)["age"] is False
    assert not eligibility_of(application).eligible


def test_age_counts_full_years():
    assert age_on(date(2008, 12, 6), date(2026, 12, 5)) == 17
    assert age_on(date(2008, 12, 5), date(2026, 12, 5)) == 18
    assert age_on(date(2008, 2, 29), date(2026, 2, 28)) == 17
    assert age_on(date(2008, 2, 29), date(2026, 3, 1)) == 18


def test_before_any_sync_only_age_and_handle_can_hold():
    conditions = held(joined())
    assert conditions == {
        "age": True,
        "handle": True,
        "connected": False,
        "followers": False,
        "videos": False,
        "views": False,
    }


def test_a_handle_another_creator_holds_is_a_condition_not_met():
    CreatorFactory.create(handle="nina.bakes")
    assert held(joined(handle="nina.bakes"))["handle"] is False
