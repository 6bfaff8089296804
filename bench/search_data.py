"""Creators for the search benchmark, written straight into the tables search reads: the profile,
the stored numbers, the audience shares and audience countries, the videos (their captions, which a
card shows) and the search columns, as an import and a recompute leave them; no follower snapshots,
which search never reads.

Names, handles, bios and captions come from the demo generator's vocabulary, about as many videos a
creator as the seed gives (44 on average), some captions mentioning other creators as collaborators
do; the numbers are heavy-tailed like the seed's. The same seed gives the same creators."""

import json
import math
import random
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from vetrina.creators.audience import SHARE_COLUMNS
from vetrina.creators.models import AudienceCountry, Creator, Video
from vetrina.demo import identities
from vetrina.demo import vocabulary as words
from vetrina.lib.audience import FIXED_DIMENSIONS
from vetrina.lib.categories import CATEGORIES
from vetrina.search.indexing import search_columns

MARKETS = (("US", 0.34), ("IN", 0.26), ("GB", 0.14), ("DE", 0.14), ("TW", 0.12))
OTHER_AUDIENCE = ("US", "IN", "GB", "DE", "TW", "BR", "ID", "PH", "MX", "CA", "AU", "FR", "JP", "NG", "PK")
BATCH = 5000
# Videos a creator has: 24 to 64, 44 on average, as `vetrina seed` gives. A caption mentions another
# creator one time in MENTION_EVERY, one of the first creators (a creator in MENTIONED: a hundredth of
# them), so that each of those is mentioned by a few hundred others, at any size.
VIDEOS = (24, 64)
MENTION_EVERY = 12
MENTIONED = 100
LAST_POST = datetime(2026, 11, 30, 18, tzinfo=UTC)
FIRST_VIDEO_ID = 7_400_000_000_000_000_000

type Made = tuple[dict[str, Any], dict[str, float], list[str]]


def creators(count: int, *, seed: int = 1) -> Iterator[Made]:
    """Each creator's row, audience countries and captions (newest first)."""
    rng = random.Random(seed)
    categories = list(CATEGORIES)
    weights = [1 / (rank + 1) for rank in range(len(categories))]  # a few categories are popular
    taken: set[str] = set()
    mentioned: list[str] = []
    for index in range(count):
        market = rng.choices([m for m, _ in MARKETS], [w for _, w in MARKETS])[0]
        first_category = rng.choices(categories, weights)[0]
        chosen = [
            first_category,
            *rng.sample([c for c in categories if c != first_category], rng.randint(0, 2)),
        ]
        person = identities.person(rng, market)
        handle = identities.claim(rng, identities.handle_base(rng, person, market, first_category), taken)
        display_name = identities.display_name(rng, person, first_category)
        bio = identities.bio(rng, market, first_category)
        said = _captions(rng, market, first_category, mentioned)
        if index < max(1, count // MENTIONED):
            mentioned.append(handle)
        reach = int(math.exp(rng.gauss(10.8, 1.7)))
        views = reach * math.exp(rng.gauss(-1.6, 0.9))
        row: dict[str, Any] = {
            "handle": handle,
            "display_name": display_name,
            "country": market,
            "categories": chosen,
            "primary_category": first_category,
            "bio": bio,
            "languages": ["en"],
            "verified": rng.random() < 0.97,
            "reach": reach,
            "avg_views": round(views, 2) if rng.random() > 0.02 else None,
            "engagement_rate": max(0.0, rng.gauss(0.055, 0.025)) if rng.random() > 0.02 else None,
            "follower_growth_rate_30d": rng.gauss(0.02, 0.04) if rng.random() > 0.1 else None,
            "authenticity_score": min(100.0, max(0.0, rng.gauss(72, 15))) if rng.random() > 0.05 else None,
            **search_columns(
                handle=handle, display_name=display_name, bio=bio, categories=chosen, captions=said
            ),
        }
        for dimension, buckets in FIXED_DIMENSIONS.items():
            shares = _shares(rng, len(buckets))
            for bucket, share in zip(buckets, shares, strict=True):
                row[SHARE_COLUMNS[dimension][bucket]] = share
        home = rng.uniform(0.35, 0.95)
        others = rng.sample([c for c in OTHER_AUDIENCE if c != market], rng.randint(2, 5))
        rest = _shares(rng, len(others))
        audience = {market: home, **{c: (1 - home) * share for c, share in zip(others, rest, strict=True)}}
        yield row, audience, said


def most_mentioned(seed: int = 1) -> str:
    """A creator others mention (the first one made): the same whatever the count."""
    row, _audience, _captions = next(creators(1, seed=seed))
    return str(row["handle"])


def _captions(rng: random.Random, market: str, category: str, mentioned: list[str]) -> list[str]:
    """A creator's captions as the demo generator writes them (a pattern of the market about a subject
    of the category, then hashtags), some mentioning a creator of `mentioned`."""
    topic = words.CATEGORY_WORDS[category]
    patterns = words.CAPTION_PATTERNS[market]
    tags = words.MARKET_HASHTAGS[market]
    said = []
    for _ in range(rng.randint(*VIDEOS)):
        caption = rng.choice(patterns).format(subject=rng.choice(topic.subjects), n=rng.randint(1, 9))
        if mentioned and rng.randrange(MENTION_EVERY) == 0:
            caption += f" with @{rng.choice(mentioned)}"
        hashtags = rng.choice(
            [
                f" {topic.hashtags[0]} {rng.choice(topic.hashtags[1:])} {rng.choice(tags)}",
                f" {topic.hashtags[0]} {tags[0]}",
                f" {rng.choice(topic.hashtags)}",
            ]
        )
        said.append(caption + hashtags)
    return said


def _shares(rng: random.Random, n: int) -> list[float]:
    raw = [rng.expovariate(1) for _ in range(n)]
    total = sum(raw)
    return [value / total for value in raw]


def build(count: int, *, seed: int = 1) -> dict[str, Any]:
    """Write `count` creators into an empty database; the seconds it took."""
    start = time.perf_counter()
    batch: list[Made] = []
    for item in creators(count, seed=seed):
        batch.append(item)
        if len(batch) == BATCH:
            _write(batch)
            batch = []
    if batch:
        _write(batch)
    with connection.cursor() as cursor:
        # What a database's maintenance does after a bulk load: fresh statistics (and, on PostgreSQL,
        # the visibility map that lets a count read an index alone).
        cursor.execute("ANALYZE" if connection.vendor == "sqlite" else "VACUUM ANALYZE")
    return {"creators": count, "seed": seed, "build_seconds": round(time.perf_counter() - start, 1)}


def _videos(creator_id: int, row: dict[str, Any], captions: list[str]) -> Iterator[tuple[Any, ...]]:
    """The creator's video rows (creator, id, posted_at, views, likes, comments, shares, duration_s,
    caption), a day apart, newest first. Their numbers are the creator's averages: search reads none."""
    views = int(row["avg_views"] or 0)
    likes = int(views * (row["engagement_rate"] or 0))
    first_id = FIRST_VIDEO_ID + creator_id * 100
    for days, caption in enumerate(captions):
        posted_at = LAST_POST - timedelta(days=days, minutes=creator_id % 1440)
        yield (creator_id, first_id + days, posted_at, views, likes, likes // 20, likes // 50, 30, caption)


VIDEO_COLUMNS = (
    "creator_id",
    "id",
    "posted_at",
    "views",
    "likes",
    "comments",
    "shares",
    "duration_s",
    "caption",
)


@transaction.atomic
def _write(batch: list[Made]) -> None:
    if connection.vendor == "postgresql":
        _copy(batch)
        return
    made = Creator.objects.bulk_create([Creator(**row) for row, _, _ in batch], batch_size=1000)
    pks = {creator.handle: creator.pk for creator in made}
    if None in pks.values():  # SQLite before RETURNING: read them back
        pks = dict(Creator.objects.filter(handle__in=list(pks)).values_list("handle", "pk"))
    AudienceCountry.objects.bulk_create(
        [
            AudienceCountry(creator_id=pks[row["handle"]], country=country, share=share)
            for row, audience, _ in batch
            for country, share in audience.items()
        ],
        batch_size=5000,
    )
    columns = ", ".join(VIDEO_COLUMNS)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {Video._meta.db_table} ({columns}) VALUES ({', '.join(['%s'] * len(VIDEO_COLUMNS))})",
            [video for row, _, captions in batch for video in _videos(pks[row["handle"]], row, captions)],
        )


def _copy(batch: list[Made]) -> None:
    """PostgreSQL's COPY, with the ids chosen here: a million creators in minutes, not an hour."""
    fields = [field for field in Creator._meta.concrete_fields]
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM creators_creator")
        next_id = cursor.fetchone()[0] + 1
        raw = cursor.cursor  # psycopg's own cursor, for COPY
        columns = ", ".join(str(field.column) for field in fields)
        with raw.copy(f"COPY creators_creator ({columns}) FROM STDIN") as copy:
            for offset, (row, _, _) in enumerate(batch):
                values = {**row, "id": next_id + offset, "created_at": now, "updated_at": now}
                copy.write_row([_copy_value(field, values) for field in fields])
        with raw.copy("COPY creators_audiencecountry (creator_id, country, share) FROM STDIN") as copy:
            for offset, (_, audience, _) in enumerate(batch):
                for country, share in audience.items():
                    copy.write_row((next_id + offset, country, share))
        with raw.copy(f"COPY {Video._meta.db_table} ({', '.join(VIDEO_COLUMNS)}) FROM STDIN") as copy:
            for offset, (row, _, captions) in enumerate(batch):
                for video in _videos(next_id + offset, row, captions):
                    copy.write_row(video)
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('creators_creator', 'id'), %s)", [next_id + len(batch) - 1]
        )


def _copy_value(field: Any, values: dict[str, Any]) -> Any:
    # A field the row leaves out takes its default: "" for text, null where null is allowed.
    value = values[field.attname] if field.attname in values else field.get_default()
    if isinstance(value, list | dict):
        return json.dumps(value)
    return value
