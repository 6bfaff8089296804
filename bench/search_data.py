"""Creators for the search benchmark, written straight into the tables search reads: the profile,
the stored numbers, the audience shares and audience countries, and the search columns, as an import
and a recompute leave them; no videos or follower snapshots, which search never reads.

Names, handles and bios come from the demo generator's vocabulary; the numbers are heavy-tailed like
the seed's. The same seed gives the same creators."""

import json
import math
import random
import time
from collections.abc import Iterator
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from vetrina.creators.audience import SHARE_COLUMNS
from vetrina.creators.models import AudienceCountry, Creator
from vetrina.demo import identities
from vetrina.lib.audience import FIXED_DIMENSIONS
from vetrina.lib.categories import CATEGORIES
from vetrina.search.indexing import search_columns

MARKETS = (("US", 0.34), ("IN", 0.26), ("GB", 0.14), ("DE", 0.14), ("TW", 0.12))
OTHER_AUDIENCE = ("US", "IN", "GB", "DE", "TW", "BR", "ID", "PH", "MX", "CA", "AU", "FR", "JP", "NG", "PK")
BATCH = 5000


def creators(count: int, *, seed: int = 1) -> Iterator[tuple[dict[str, Any], dict[str, float]]]:
    rng = random.Random(seed)
    categories = list(CATEGORIES)
    weights = [1 / (rank + 1) for rank in range(len(categories))]  # a few categories are popular
    taken: set[str] = set()
    for _ in range(count):
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
            **search_columns(handle=handle, display_name=display_name, bio=bio, categories=chosen),
        }
        for dimension, buckets in FIXED_DIMENSIONS.items():
            shares = _shares(rng, len(buckets))
            for bucket, share in zip(buckets, shares, strict=True):
                row[SHARE_COLUMNS[dimension][bucket]] = share
        home = rng.uniform(0.35, 0.95)
        others = rng.sample([c for c in OTHER_AUDIENCE if c != market], rng.randint(2, 5))
        rest = _shares(rng, len(others))
        audience = {market: home, **{c: (1 - home) * share for c, share in zip(others, rest, strict=True)}}
        yield row, audience


def _shares(rng: random.Random, n: int) -> list[float]:
    raw = [rng.expovariate(1) for _ in range(n)]
    total = sum(raw)
    return [value / total for value in raw]


def build(count: int, *, seed: int = 1) -> dict[str, Any]:
    """Write `count` creators into an empty database; the seconds it took."""
    start = time.perf_counter()
    batch: list[tuple[dict[str, Any], dict[str, float]]] = []
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


@transaction.atomic
def _write(batch: list[tuple[dict[str, Any], dict[str, float]]]) -> None:
    if connection.vendor == "postgresql":
        _copy(batch)
        return
    made = Creator.objects.bulk_create([Creator(**row) for row, _ in batch], batch_size=1000)
    pks = {creator.handle: creator.pk for creator in made}
    if None in pks.values():  # SQLite before RETURNING: read them back
        pks = dict(Creator.objects.filter(handle__in=list(pks)).values_list("handle", "pk"))
    AudienceCountry.objects.bulk_create(
        [
            AudienceCountry(creator_id=pks[row["handle"]], country=country, share=share)
            for row, audience in batch
            for country, share in audience.items()
        ],
        batch_size=5000,
    )


def _copy(batch: list[tuple[dict[str, Any], dict[str, float]]]) -> None:
    """PostgreSQL's COPY, with the ids chosen here: a million creators in minutes, not an hour."""
    fields = [field for field in Creator._meta.concrete_fields]
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM creators_creator")
        next_id = cursor.fetchone()[0] + 1
        raw = cursor.cursor  # psycopg's own cursor, for COPY
        columns = ", ".join(str(field.column) for field in fields)
        with raw.copy(f"COPY creators_creator ({columns}) FROM STDIN") as copy:
            for offset, (row, _) in enumerate(batch):
                values = {**row, "id": next_id + offset, "created_at": now, "updated_at": now}
                copy.write_row([_copy_value(field, values) for field in fields])
        with raw.copy("COPY creators_audiencecountry (creator_id, country, share) FROM STDIN") as copy:
            for offset, (_, audience) in enumerate(batch):
                for country, share in audience.items():
                    copy.write_row((next_id + offset, country, share))
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('creators_creator', 'id'), %s)", [next_id + len(batch) - 1]
        )


def _copy_value(field: Any, values: dict[str, Any]) -> Any:
    # A field the row leaves out takes its default: "" for text, null where null is allowed.
    value = values[field.attname] if field.attname in values else field.get_default()
    if isinstance(value, list | dict):
        return json.dumps(value)
    return value
