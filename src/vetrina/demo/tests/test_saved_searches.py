"""The demo's saved searches: watched, with new matches in the bell and in an e-mail, made once."""

import pytest

from vetrina.accounts.models import Role, User
from vetrina.creators.tests.factories import CreatorFactory
from vetrina.demo.logins import demo_logins_ensure
from vetrina.demo.saved_searches import DEMO_SEARCHES, NEWLY_VERIFIED, demo_saved_searches_ensure
from vetrina.mail.models import OutboxMessage
from vetrina.notifications.models import Notification
from vetrina.saved_searches.models import SavedSearch, SavedSearchAlert, SavedSearchMatch

pytestmark = pytest.mark.django_db


def test_the_demo_brand_watches_two_saved_searches_with_new_matches_found():
    # given creators, some of them engaged beauty creators
    for n in range(8):
        CreatorFactory.create(
            handle=f"beauty.{n}", categories=["beauty"], engagement_rate=0.05, reach=10_000 + n
        )
    CreatorFactory.create(handle="tech.one", categories=["tech"], engagement_rate=0.09)
    demo_logins_ensure()
    brand = User.objects.get(role=Role.BRAND)
    # when the demo sets them up, twice
    found = demo_saved_searches_ensure(brand=brand)
    assert demo_saved_searches_ensure(brand=brand) == 0
    # then the brand has both, watched, and was told of the three most followed beauty creators
    assert SavedSearch.objects.filter(organisation=brand.organisation).count() == len(DEMO_SEARCHES)
    assert SavedSearchAlert.objects.filter(user=brand).count() == len(DEMO_SEARCHES)
    assert found == NEWLY_VERIFIED
    assert set(SavedSearchMatch.objects.values_list("creator__handle", flat=True)) == {
        "beauty.7",
        "beauty.6",
        "beauty.5",
    }
    assert Notification.objects.get(user=brand).match_count == NEWLY_VERIFIED
    assert OutboxMessage.objects.filter(recipient=brand.email, reason="saved_search_matches").count() == 1
