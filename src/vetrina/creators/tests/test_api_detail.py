from datetime import UTC, date, datetime

import pytest
from django.test import Client

from vetrina.accounts.models import User
from vetrina.creators.tests.factories import (
    AudienceCountryFactory,
    CreatorFactory,
    FollowerSnapshotFactory,
    VideoFactory,
)
from vetrina.metrics.services import creators_recompute

URL = "/api/v1/creators/{}"


@pytest.fixture
def creator(db):
    # given a creator with three videos whose engagement rate has no short decimal form
    creator = CreatorFactory.create(
        handle="anna.styles", audience_activity_active=0.8, audience_activity_passive=0.2
    )
    VideoFactory.create(
        creator=creator,
        id=3,
        posted_at=datetime(2026, 10, 3, tzinfo=UTC),
        views=3,
        likes=1,
        comments=0,
        shares=0,
    )
    VideoFactory.create(
        creator=creator,
        id=2,
        posted_at=datetime(2026, 10, 2, tzinfo=UTC),
        views=0,
        likes=0,
        comments=0,
        shares=0,
    )
    VideoFactory.create(
        creator=creator,
        id=1,
        posted_at=datetime(2026, 10, 1, tzinfo=UTC),
        views=4,
        likes=0,
        comments=1,
        shares=0,
    )
    FollowerSnapshotFactory.create(creator=creator, date=date(2026, 9, 1), count=1000)
    FollowerSnapshotFactory.create(creator=creator, date=date(2026, 10, 3), count=1300)
    AudienceCountryFactory.create(creator=creator, country="IN", share=0.25)
    AudienceCountryFactory.create(creator=creator, country="US", share=0.75)
    creators_recompute(creator_ids=[creator.pk])
    return creator


def test_it_answers_401_with_the_error_shape_to_anonymous_callers(client: Client, creator):
    response = client.get(URL.format(creator.handle))
    assert response.status_code == 401
    assert response.json() == {"detail": "Sign in or send an API token.", "errors": []}


@pytest.mark.parametrize("member", ["brand_member", "agency_member", "visitor"])
def test_members_read_verified_creators_only(client: Client, member: str, request, db):
    # given a verified and an unverified creator
    CreatorFactory.create(handle="verified.one", verified=True)
    CreatorFactory.create(handle="not.yet", verified=False)
    client.force_login(request.getfixturevalue(member))
    # then the unverified one does not exist for a member
    assert client.get(URL.format("verified.one")).json()["handle"] == "verified.one"
    response = client.get(URL.format("not.yet"))
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "errors": []}


def test_staff_read_unverified_creators_too(staff_client: Client, db):
    CreatorFactory.create(handle="not.yet", verified=False)
    assert staff_client.get(URL.format("not.yet")).status_code == 200


def test_it_refuses_creator_side_accounts_and_accounts_without_a_role(
    client: Client, creator, creator_account
):
    for user in [creator_account, User.objects.create_user(username="no-role", password="pw")]:
        client.force_login(user)
        response = client.get(URL.format(creator.handle))
        assert response.status_code == 403
        assert set(response.json()) == {"detail", "errors"}


def test_it_answers_404_with_the_error_shape_for_an_unknown_handle(staff_client: Client, db):
    response = staff_client.get(URL.format("nobody.here"))
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "errors": []}


def test_it_returns_the_profile_and_the_numbers_at_full_precision(staff_client: Client, creator):
    # when
    body = staff_client.get(URL.format(creator.handle)).json()
    # then: figures worked out by hand from the three videos and two snapshots above
    assert body["handle"] == "anna.styles"
    assert body["country"] == "US"
    assert body["categories"] == ["fashion"]
    assert body["reach"] == 1300
    assert body["data_date"] == "2026-10-03"
    metrics = body["metrics"]
    assert metrics["avg_views"] == 7 / 3
    assert metrics["avg_likes"] == 1 / 3
    assert metrics["avg_comments"] == 1 / 3
    assert metrics["avg_shares"] == 0.0
    assert metrics["median_views"] == 3.0
    assert metrics["engagement_rate"] == 2 / 7
    assert metrics["engagement_rate_last_15"] == 2 / 7
    assert metrics["follower_growth_30d"] == 300
    assert metrics["follower_growth_per_day_30d"] == 10.0
    assert metrics["follower_growth_rate_30d"] == 0.3
    assert body["audience"]["activity"] == {"active": 0.8, "passive": 0.2}
    assert body["audience"]["age"] is None
    assert body["audience"]["country"] == {"IN": 0.25, "US": 0.75}
    assert body["audience"]["continent"] == {"NA": 0.75, "AS": 0.25}
    assert body["trends"]["engagement_last_15"] == [
        {"id": "1", "posted_at": "2026-10-01T00:00:00Z", "rate": 0.25},
        {"id": "2", "posted_at": "2026-10-02T00:00:00Z", "rate": None},
        {"id": "3", "posted_at": "2026-10-03T00:00:00Z", "rate": 1 / 3},
    ]
    assert [point["views"] for point in body["trends"]["videos"]] == [4, 0, 3]
    # the followers line starts at the snapshot growth is measured from (32 days back here)
    assert body["trends"]["followers"] == [
        {"date": "2026-09-01", "count": 1000},
        {"date": "2026-10-03", "count": 1300},
    ]


def test_it_reads_a_creator_in_a_fixed_number_of_queries(
    staff_client: Client, creator, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        assert staff_client.get(URL.format(creator.handle)).status_code == 200


def test_it_serves_the_openapi_schema_to_signed_in_users_only(client: Client, staff_client: Client):
    assert client.get("/api/v1/openapi.json").status_code == 401
    schema = staff_client.get("/api/v1/openapi.json").json()
    assert "/api/v1/creators/{handle}" in schema["paths"]


def test_it_serves_the_interactive_docs_from_vetrina_itself(staff_client: Client):
    page = staff_client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()
