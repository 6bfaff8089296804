import itertools
import json
from datetime import UTC, date, datetime
from typing import Any

import factory

from vetrina.creators.models import AudienceCountry, Creator, FollowerSnapshot, Video
from vetrina.search.indexing import category_mask, search_text


class CreatorFactory(factory.django.DjangoModelFactory[Creator]):
    class Meta:
        model = Creator

    handle = factory.Sequence(lambda n: f"creator.{n}")
    display_name = factory.Sequence(lambda n: f"Creator {n}")
    country = "US"
    categories = factory.LazyFunction(lambda: ["fashion"])
    primary_category = factory.LazyAttribute(lambda c: c.categories[0] if c.categories else "")
    bio = ""
    languages = factory.LazyFunction(lambda: ["en"])
    verified = True
    search_text = factory.LazyAttribute(
        lambda c: search_text(handle=c.handle, display_name=c.display_name, bio=c.bio)
    )
    category_mask = factory.LazyAttribute(lambda c: category_mask(c.categories))


class VideoFactory(factory.django.DjangoModelFactory[Video]):
    class Meta:
        model = Video

    id = factory.Sequence(lambda n: 7_300_000_000_000_000_000 + n)
    creator = factory.SubFactory(CreatorFactory)
    posted_at = factory.Sequence(lambda n: datetime(2026, 10, 1, 12, tzinfo=UTC).replace(minute=n % 60))
    views = 1000
    likes = 100
    comments = 5
    shares = 2


class FollowerSnapshotFactory(factory.django.DjangoModelFactory[FollowerSnapshot]):
    class Meta:
        model = FollowerSnapshot

    creator = factory.SubFactory(CreatorFactory)
    date = date(2026, 10, 1)
    count = 120_000


class AudienceCountryFactory(factory.django.DjangoModelFactory[AudienceCountry]):
    class Meta:
        model = AudienceCountry

    creator = factory.SubFactory(CreatorFactory)
    country = "US"
    share = 1.0


# Lines of the import format (docs/import-format.md), as dicts that a test tweaks before writing them out.

_line_video_ids = itertools.count(7_300_000_000_000_000_001)


def video_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "id": str(next(_line_video_ids)),
        "posted_at": "2026-10-02T18:00:00Z",
        "views": 1000,
        "likes": 100,
        "comments": 5,
        "shares": 2,
        "duration_s": 31,
        "caption": "Three ways to wear a blazer #fashion",
    }
    return {**data, **overrides}


def line_data(**overrides: Any) -> dict[str, Any]:
    """A valid creator line with every field; each call gets videos of its own."""
    data = {
        "handle": "anna.styles",
        "display_name": "Anna",
        "country": "US",
        "categories": ["fashion", "beauty"],
        "bio": "Outfits for every day",
        "avatar_url": "https://images.anna.example/face.jpg",
        "languages": ["en"],
        "verified": True,
        "manager_email": "team@anna.example",
        "followers": [{"date": "2026-10-01", "count": 120_000}, {"date": "2026-10-02", "count": 121_000}],
        "videos": [
            video_data(posted_at="2026-10-01T18:00:00Z"),
            video_data(posted_at="2026-10-02T18:00:00Z"),
        ],
        "audience": {
            "age": {"18-24": 0.4, "25-34": 0.6},
            "gender": {"female": 0.6, "male": 0.38, "other": 0.02},
            "device": {"ios": 0.5, "android": 0.5},
            "country": {"US": 0.7, "IN": 0.3},
            "activity": {"active": 0.8, "passive": 0.2},
        },
    }
    return {**data, **overrides}


def as_line(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False)


def as_lines(*lines: dict[str, Any] | str) -> list[str]:
    """Lines as a file yields them; a str is taken as it is (a blank or broken line)."""
    return [(line if isinstance(line, str) else as_line(line)) + "\n" for line in lines]
