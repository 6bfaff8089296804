from datetime import UTC, datetime

import pytest
from django.test import Client

from vetrina.creators.tests.factories import CreatorFactory, VideoFactory

URL = "/api/v1/creators/{}/videos"


@pytest.fixture
def creator(db):
    # given six videos: two posted at the same moment, two with the same views
    creator = CreatorFactory.create(handle="anna.styles")
    rows = [  # id, posted_at (day of November), views
        (11, 1, 500),
        (12, 2, 9_000),
        (13, 3, 9_000),
        (14, 4, 100),
        (15, 5, 700),
        (16, 5, 50),
    ]
    for video_id, day, views in rows:
        VideoFactory.create(
            creator=creator,
            id=video_id,
            posted_at=datetime(2026, 11, day, 18, tzinfo=UTC),
            views=views,
            likes=views // 10,
            comments=3,
            shares=1,
            caption=f"video {video_id}",
        )
    return creator


@pytest.fixture
def client(brand_member) -> Client:
    client = Client()
    client.force_login(brand_member)
    return client


def ids(response) -> list[str]:
    return [video["id"] for video in response.json()["results"]]


def test_it_lists_the_four_most_recent_by_default_ties_by_id(client, creator):
    response = client.get(URL.format(creator.handle))

    assert response.status_code == 200
    # 16 and 15 share a moment: the larger id first
    assert ids(response) == ["16", "15", "14", "13"]
    assert response.json()["sort"] == "recent"


def test_it_lists_the_most_popular_by_views_then_recency(client, creator):
    response = client.get(URL.format(creator.handle), {"sort": "popular", "limit": 3})

    # 12 and 13 have the same views: the more recent (13) first
    assert ids(response) == ["13", "12", "15"]


def test_each_video_has_its_counts_and_its_link_on_tiktok(client, creator):
    response = client.get(URL.format(creator.handle), {"limit": 1})

    assert response.json()["results"] == [
        {
            "id": "16",
            "posted_at": "2026-11-05T18:00:00Z",
            "views": 50,
            "likes": 5,
            "comments": 3,
            "shares": 1,
            "duration_s": None,
            "caption": "video 16",
            "url": "https://www.tiktok.com/@anna.styles/video/16",
        }
    ]


def test_a_limit_past_the_videos_returns_them_all(client, creator):
    assert len(ids(client.get(URL.format(creator.handle), {"limit": 100}))) == 6


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"sort": "oldest"}, "sort"),
        ({"limit": 0}, "limit"),
        ({"limit": 101}, "limit"),
        ({"limit": "four"}, "limit"),
    ],
)
def test_a_bad_sort_or_limit_is_a_400_naming_the_field(client, creator, params, field):
    response = client.get(URL.format(creator.handle), params)

    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "The request has invalid parameters."
    assert [error["field"] for error in body["errors"]] == [field]


def test_an_unverified_creators_videos_are_hidden_from_members(client, db):
    hidden = CreatorFactory.create(handle="not.yet", verified=False)

    response = client.get(URL.format(hidden.handle))

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "errors": []}


def test_the_openapi_schema_describes_the_path(client, db):
    schema = client.get("/api/v1/openapi.json").json()

    operation = schema["paths"]["/api/v1/creators/{handle}/videos"]["get"]
    parameters = {parameter["name"]: parameter for parameter in operation["parameters"]}
    assert set(parameters) == {"handle", "sort", "limit"}
    assert parameters["limit"]["schema"]["maximum"] == 100
    assert "200" in operation["responses"]
