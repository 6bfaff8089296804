"""Creators with known raw data, shared by the metrics tests: the recompute tests' random samples and
the metrics page's Asha with her peers. Expected figures come from the oracle, never from here."""

import random
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import cast

from vetrina.creators.models import Creator, FollowerSnapshot, Video
from vetrina.creators.tests.factories import (
    AudienceCountryFactory,
    CreatorFactory,
    FollowerSnapshotFactory,
    VideoFactory,
)
from vetrina.metrics.peers import peers_recompute
from vetrina.metrics.services import creators_recompute
from vetrina.metrics.tests import oracle
from vetrina.metrics.tests.oracle import video

NOW = date(2026, 11, 30)


def day(back: int) -> date:
    return NOW - timedelta(days=back)


def posted(back: int, hour: int = 12) -> datetime:
    when = day(back)
    return datetime(when.year, when.month, when.day, hour, tzinfo=UTC)


def sample_data(seed: int, first_id: int) -> tuple[list[oracle.Video], list[oracle.Snapshot]]:
    """Varied raw data: window-edge video counts, zero views, tied posting times, sparse snapshots."""
    rng = random.Random(seed)
    how_many = rng.choice([0, 1, 2, 14, 15, 16, 29, 30, 31, 45])
    # ids from first_id + 1 to first_id + 999: one to three digits when first_id is 0
    ids = rng.sample(range(first_id + 1, first_id + 1000), how_many)
    videos = [
        video(
            id,
            posted(rng.randint(-1, 40), rng.choice([0, 12, 23])),
            views=rng.choice([0, rng.randint(1, 100), rng.randint(1, 10**7)]),
            likes=rng.randint(0, 10**5),
            comments=rng.randint(0, 10**4),
            shares=rng.randint(0, 10**4),
        )
        for id in ids
    ]
    days_back = rng.sample(range(70), rng.randint(0, 8))
    snapshots = [(day(back), rng.randint(0, 10**7)) for back in days_back]
    return videos, snapshots


def creator_with(videos: Sequence[oracle.Video] = (), snapshots: Sequence[oracle.Snapshot] = ()) -> Creator:
    creator = cast(Creator, CreatorFactory())
    add_data(creator, videos, snapshots)
    return creator


def add_data(creator: Creator, videos: Sequence[oracle.Video], snapshots: Sequence[oracle.Snapshot]) -> None:
    Video.objects.bulk_create([Video(creator=creator, **v) for v in videos])
    FollowerSnapshot.objects.bulk_create(
        [FollowerSnapshot(creator=creator, date=when, count=count) for when, count in snapshots]
    )


URL = "/creators/{}/"
FIRST_DAY = date(2026, 10, 18)  # one video a day from here
VIDEO_DAYS = 34
SNAPSHOT_DAYS = 42  # 10 Oct to 20 Nov: the data date is 20 Nov 2026
# Twelve audience countries: the page shows the top ten and the other two as one "Other".
COUNTRY_SHARES = {
    "IN": 0.40,
    "US": 0.20,
    "GB": 0.10,
    "DE": 0.06,
    "TW": 0.05,
    "CA": 0.04,
    "FR": 0.04,
    "JP": 0.03,
    "BR": 0.03,
    "AU": 0.02,
    "MX": 0.02,
    "NG": 0.01,
}


def en(value: float) -> str:
    """A number as an English tooltip writes it: grouped thousands, up to two decimals."""
    value = round(value, 2)
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,}"


def raw_videos() -> list[oracle.Video]:
    return [
        oracle.video(
            101 + i,
            datetime.combine(FIRST_DAY + timedelta(days=i), datetime.min.time(), tzinfo=UTC).replace(hour=18),
            views=1_000 + 37 * i,
            likes=(1_000 + 37 * i) // 20,
            comments=i,
            shares=i % 4,
        )
        for i in range(VIDEO_DAYS)
    ]


def raw_snapshots() -> list[oracle.Snapshot]:
    return [(date(2026, 10, 10) + timedelta(days=k), 200_000 + 500 * k) for k in range(SNAPSHOT_DAYS)]


def peer(handle: str, *, avg_views: float, engagement_rate: float) -> Creator:
    """A verified fashion creator of the same tier (100k–1M) whose numbers are stored as they are: its
    likes a twentieth of its views, its median views its average."""
    return CreatorFactory.create(
        handle=handle,
        reach=300_000,
        avg_views=avg_views,
        avg_likes=avg_views / 20,
        median_views=avg_views,
        engagement_rate=engagement_rate,
    )


def asha_with_peers() -> Creator:
    """Asha: 34 daily videos, 42 days of follower snapshots, an audience in 12 countries; and four
    fashion peers of her tier whose numbers are stored as they are."""
    creator = CreatorFactory.create(
        handle="asha.fits",
        display_name="Asha Sharma",
        country="IN",
        categories=["fashion", "beauty"],
        languages=["hi", "en"],
        audience_age_18_24=0.4,
        audience_age_25_34=0.6,
        audience_gender_female=0.7,
        audience_gender_male=0.3,
        audience_device_ios=0.45,
        audience_device_android=0.55,
        audience_activity_active=0.8,
        audience_activity_passive=0.2,
    )
    for raw in raw_videos():
        VideoFactory.create(creator=creator, caption=f"look {raw['id']}", **raw)
    for on, count in raw_snapshots():
        FollowerSnapshotFactory.create(creator=creator, date=on, count=count)
    for country, share in COUNTRY_SHARES.items():
        AudienceCountryFactory.create(creator=creator, country=country, share=share)
    for n, (views, rate) in enumerate([(500, 0.01), (800, 0.02), (900, 0.5), (50_000, 0.6)]):
        peer(f"peer.{n}", avg_views=views, engagement_rate=rate)
    creators_recompute(creator_ids=[creator.pk])
    peers_recompute()
    return creator
