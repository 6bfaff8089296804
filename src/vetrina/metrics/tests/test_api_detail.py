import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.test import Client

from vetrina.accounts.models import User
from vetrina.creators.models import Creator
from vetrina.creators.tests.factories import (
    AudienceCountryFactory,
    CreatorFactory,
    FollowerSnapshotFactory,
    VideoFactory,
)
from vetrina.metrics.peers import peers_recompute
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
    peers_recompute()
    return creator


def fashion_creator(
    handle: str, *, active: float, likes: int, comments: int, categories: tuple[str, ...] = ("fashion",)
) -> Creator:
    """A verified creator (of fashion, unless told) with 50,000 followers gaining 10 a day for 15 days,
    and five videos of 1,000 views, each with these likes and comments."""
    creator = CreatorFactory.create(
        handle=handle,
        categories=list(categories),
        audience_activity_active=active,
        audience_activity_passive=1 - active,
    )
    for day in range(5):
        VideoFactory.create(
            creator=creator,
            posted_at=datetime(2026, 11, 10 + day, 18, tzinfo=UTC),
            views=1000,
            likes=likes,
            comments=comments,
            shares=0,
        )
    for day in range(15):
        FollowerSnapshotFactory.create(
            creator=creator, date=date(2026, 11, 1) + timedelta(days=day), count=50_000 + 10 * day
        )
    return creator


@pytest.fixture
def suspicious_creator(db) -> Creator:
    # given a creator with a passive, quiet audience that never comments, two ordinary peers, and a
    # creator of another category in the same tier: a peer for the typical values, not for percentiles
    creator = fashion_creator("bought.fans", active=0.3, likes=20, comments=0)
    peers = [fashion_creator(f"real.fans{n}", active=0.8, likes=100, comments=5) for n in range(2)]
    peers.append(fashion_creator("beauty.fans", active=0.6, likes=60, comments=6, categories=("beauty",)))
    creators_recompute(creator_ids=[creator.pk, *(peer.pk for peer in peers)])
    peers_recompute()
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


def test_it_scores_a_creator_with_little_data_with_low_confidence(staff_client: Client, creator):
    # when
    body = staff_client.get(URL.format(creator.handle)).json()
    # then: three videos and two follower counts, and no peer: only the follower jump can be judged
    authenticity = body["authenticity"]
    assert (authenticity["score"], authenticity["confidence"]) == (100.0, "low")
    assert (authenticity["suspicious"], authenticity["reason"]) == (False, None)
    assert [signal["typical"] for signal in authenticity["signals"]] == [None] * 5
    assert body["percentiles"] == {
        "avg_views": None,
        "avg_likes": None,
        "avg_comments": None,
        "avg_shares": None,
        "median_views": None,
        "engagement_rate": None,
        "follower_growth_rate": None,
        "active_share": None,
    }
    # 1,300 followers; no other verified creator: a group of everyone, and no one in it
    assert body["tier"] == "under-10k"
    assert body["peer_group"] == {"tier": None, "category": None, "size": 0}


def test_a_creator_without_data_has_no_score_and_no_group(staff_client: Client, db):
    CreatorFactory.create(handle="empty.one")
    peers_recompute()
    body = staff_client.get(URL.format("empty.one")).json()
    assert body["authenticity"]["score"] is None
    assert body["authenticity"]["confidence"] is None
    assert body["authenticity"]["reason"].startswith("Not scored: there are too few videos")
    assert (body["tier"], body["peer_group"]) == (None, None)


def test_it_names_a_peer_group_of_its_tier_and_category(staff_client: Client, db):
    # given 31 verified fashion creators with 100k-1M followers: each has 30 peers
    for n in range(31):
        CreatorFactory.create(handle=f"fashion.{n}", categories=["fashion"], reach=200_000, avg_views=n)
    peers_recompute()
    # when
    body = staff_client.get(URL.format("fashion.7")).json()
    # then
    assert body["tier"] == "100k-1m"
    assert body["peer_group"] == {"tier": "100k-1m", "category": "fashion", "size": 30}
    assert body["percentiles"]["avg_views"] == 100 * 7 / 30


def test_it_shows_members_the_percentiles_and_the_authenticity_signals(
    client: Client, brand_member, suspicious_creator
):
    # given
    client.force_login(brand_member)
    # when
    body = client.get(URL.format(suspicious_creator.handle)).json()
    # then it ranks lowest of the three on engagement (20 likes per 1,000 views against 105) and on active
    # share; all three average 1,000 views (the median too) and no shares; it has the fewest likes (20
    # against 100) and comments (0 against 5); 14 days of history leave growth over 30 days undefined
    assert body["percentiles"] == {
        "avg_views": 0.0,
        "avg_likes": 0.0,
        "avg_comments": 0.0,
        "avg_shares": 0.0,
        "median_views": 0.0,
        "engagement_rate": 0.0,
        "follower_growth_rate": None,
        "active_share": 0.0,
    }
    # four verified creators: too few for a group of a tier, let alone a category
    assert body["tier"] == "10k-100k"
    assert body["peer_group"] == {"tier": None, "category": None, "size": 3}
    authenticity = body["authenticity"]
    # active share, engagement and comments per like each far under the group's median: full weights
    # (the last two rest on five videos, half of the ten that carry a signal's whole weight)
    assert authenticity["score"] == 100 - 35 - 30 * 5 / 10 - 30 * 5 / 10
    assert authenticity["suspicious"] is True
    assert authenticity["reason"] is None
    signals = {signal["name"]: signal for signal in authenticity["signals"]}
    assert list(signals) == [
        "active_share",
        "engagement_rate",
        "follower_spike",
        "views_per_follower",
        "comments_per_like",
    ]
    assert signals["active_share"] == {
        "name": "active_share",
        "value": 0.3,
        "typical": (0.6 + 0.8) / 2,
        "explanation": (
            "Only 30% of the audience is active, against 70% typical for verified creators: most "
            "followers never watch (−35 points)."
        ),
    }
    # the medians of the group's four creators, every category together: (likes + comments) / 1,000 views
    # and comments / likes of each, the middle two of four averaged
    assert signals["engagement_rate"]["value"] == 0.02
    assert signals["engagement_rate"]["typical"] == (66 / 1000 + 105 / 1000) / 2
    assert (signals["comments_per_like"]["value"], signals["comments_per_like"]["typical"]) == (0.0, 5 / 100)
    # followers grew by 10 every day: the largest day is 1x the usual
    assert (signals["follower_spike"]["value"], signals["follower_spike"]["typical"]) == (1.0, 1.0)
    assert signals["follower_spike"]["explanation"] == (
        "No sudden jump in followers: the biggest day, 2 Nov, brought +10, 1× the usual daily change."
    )
    # a typical video's 1,000 views over the latest count, 50,140 followers
    assert signals["views_per_follower"]["value"] == 1000 / 50_140
    assert "the followers watch" in signals["views_per_follower"]["explanation"]


def test_it_reads_a_creator_in_a_fixed_number_of_queries(
    staff_client: Client, creator, suspicious_creator, django_assert_max_num_queries
):
    for handle in [creator.handle, suspicious_creator.handle]:
        with django_assert_max_num_queries(8):
            assert staff_client.get(URL.format(handle)).status_code == 200


def test_it_serves_the_openapi_schema_to_signed_in_users_only(client: Client, staff_client: Client):
    assert client.get("/api/v1/openapi.json").status_code == 401
    schema = staff_client.get("/api/v1/openapi.json").json()
    assert "/api/v1/creators/{handle}" in schema["paths"]


def test_it_serves_the_interactive_docs_from_vetrina_itself(staff_client: Client):
    page = staff_client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    # Nothing from elsewhere: no address with a host of its own (a CDN's or any other), and every src and
    # href a file Vetrina serves. Not the bare word "cdn", which the page's random CSRF token may hold.
    assert re.search(r"(https?:)?//", page) is None
    links = re.findall(r'(?:src|href)="([^"]*)"', page)
    assert links
    assert all(link.startswith("/static/") for link in links)


def test_it_gives_the_bio_and_the_picture_and_says_so_in_the_schema(staff_client: Client, creator):
    # given a creator with a bio and a picture elsewhere, and one whose face is one of Vetrina's files
    Creator.objects.filter(pk=creator.pk).update(
        bio="Outfits for every day", avatar_url="https://images.anna.example/face.jpg"
    )
    demo = CreatorFactory.create(handle="demo.face", avatar_url="/static/vetrina/demo-avatars/01.svg")
    plain = CreatorFactory.create(handle="plain.face", bio="")
    # when
    body = staff_client.get(URL.format(creator.handle)).json()
    # then
    assert (body["bio"], body["avatar_url"]) == (
        "Outfits for every day",
        "https://images.anna.example/face.jpg",
    )
    # a path of Vetrina's own comes as an address; no picture is null, no bio empty
    assert staff_client.get(URL.format(demo.handle)).json()["avatar_url"] == (
        "http://testserver/static/vetrina/demo-avatars/01.svg"
    )
    plain_body = staff_client.get(URL.format(plain.handle)).json()
    assert (plain_body["bio"], plain_body["avatar_url"]) == ("", None)
    schema = staff_client.get("/api/v1/openapi.json").json()
    detail = schema["components"]["schemas"]["CreatorDetail"]
    assert {"bio", "avatar_url"} <= set(detail["required"])
    assert "picture" in detail["properties"]["avatar_url"]["description"]
