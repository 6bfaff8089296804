"""Numbers that depend on a creator's peers: percentiles, the typical values of each follower tier, and
the authenticity score held against them (docs/numbers.md).

When any creator changes, every peer's numbers may change, so they are not recomputed creator by
creator: `peers_recompute` does every creator in one pass, after an import or a recompute.

Peers. For a percentile, a creator's peers are the verified creators of the same follower tier
(`tiers`) and the same first category. For authenticity, the typical value of a signal is the median
of the verified creators of the creator's tier, every category together (issue #6): a tier's peer
group (`PeerGroup`). Unverified creators are no one's peers: they are left out of every percentile's
denominator and every median, but they still get their own percentiles against the verified peers
of their tier and category, and a score. A creator without a reach has no tier: no percentile, and
nothing typical to hold its signals against.

Percentile of a number: the share (0-100) of the creator's peers whose number is lower (strictly),
out of the peers whose number is defined, the creator itself never among them. So the lowest of a
group is at 0 and the highest at 100, whatever the group's size. The percentile is undefined when the
creator's own number is, or when no other peer has the number defined.
"""

import itertools
import logging
import statistics
import time
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Sequence
from functools import cache
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Max

from vetrina.creators.models import Creator
from vetrina.metrics import authenticity
from vetrina.metrics.authenticity import FACT_COLUMNS, Typical
from vetrina.metrics.models import PeerGroup
from vetrina.metrics.tiers import tier_of

logger = logging.getLogger(__name__)

# Creator field of a number -> Creator field of its percentile.
PERCENTILES = {
    "avg_views": "avg_views_percentile",
    "avg_likes": "avg_likes_percentile",
    "avg_comments": "avg_comments_percentile",
    "avg_shares": "avg_shares_percentile",
    "median_views": "median_views_percentile",
    "engagement_rate": "engagement_rate_percentile",
    "follower_growth_rate_30d": "follower_growth_rate_percentile",
    "audience_activity_active": "active_share_percentile",
}
# The fields the pass writes on every creator.
WRITTEN_FIELDS = [*PERCENTILES.values(), "authenticity_score", "authenticity_unscored"]
# The medians a PeerGroup keeps: what each authenticity signal is held against.
MEDIANS = authenticity.SIGNALS
# Creators read, and written, per round trip.
CHUNK_SIZE = 2_000

type GroupKey = tuple[int, str]  # (tier, first category): the peers of a percentile


def percentile(value: float | None, peer_values: Sequence[float], *, is_peer: bool) -> float | None:
    """The percentile of `value` among `peer_values` (sorted, the group's defined values); `is_peer`
    says whether `value` is itself among them (a verified creator's), and so not its own peer."""
    if value is None:
        return None
    others = len(peer_values) - (1 if is_peer else 0)
    if others <= 0:
        return None
    return 100 * bisect_left(peer_values, value) / others


def median(values: Sequence[float]) -> float | None:
    return float(statistics.median(values)) if values else None


def typical_for(group: PeerGroup | None) -> Typical | None:
    """The typical values a creator's signals are held against: the medians of its tier's peer group;
    None when its tier has no verified creator (no group)."""
    if group is None:
        return None
    return Typical(tier=group.tier, **{name: getattr(group, name) for name in MEDIANS})


def peers_recompute() -> int:
    """Rewrite every peer group's medians and every creator's percentiles and authenticity score;
    returns how many creators' numbers changed.

    The numbers are read and worked out outside any transaction, and only what changed is written, in
    one transaction with the peer groups (so that a page always shows a score with the typical values
    it was computed against): on SQLite the write lock is held for the writing only, a fraction of the
    pass. Should the creators' numbers change meanwhile (another import), the pass is done again
    inside that transaction, as it was before it was split."""
    before = _numbers_version()
    groups, updates = _peers_worked_out()
    started = time.perf_counter()
    with transaction.atomic():
        if _numbers_version() != before:
            groups, updates = _peers_worked_out()
        PeerGroup.objects.all().delete()
        PeerGroup.objects.bulk_create(groups)
        # Plain UPDATEs in a batch, as creators_recompute writes: cheaper than bulk_update's CASE WHENs.
        with connection.cursor() as cursor:
            for chunk in itertools.batched(updates, CHUNK_SIZE):
                cursor.executemany(_update_sql(), chunk)
    logger.debug(
        "Wrote the peers' numbers of %d creators in one transaction of %.3f s.",
        len(updates),
        time.perf_counter() - started,
    )
    return len(updates)


def _numbers_version() -> tuple[Any, ...]:
    """What changes whenever a creator's numbers do: a creator added or removed, its row updated (an
    import sets updated_at) or its numbers recomputed (metrics_computed_at)."""
    return tuple(
        Creator.objects.aggregate(
            count=Count("pk"), updated=Max("updated_at"), computed=Max("metrics_computed_at")
        ).values()
    )


def _peers_worked_out() -> tuple[list[PeerGroup], list[list[Any]]]:
    """The peer groups, and the new numbers of each creator whose numbers change: [*WRITTEN_FIELDS, pk]."""
    sorted_values, groups = _peer_values()
    typicals = {tier: typical_for(group) for tier, group in groups.items()}
    ids = list(Creator.objects.order_by("pk").values_list("pk", flat=True))
    read = [
        "pk",
        "verified",
        "reach",
        "primary_category",
        *PERCENTILES,
        *FACT_COLUMNS.values(),
        *WRITTEN_FIELDS,
    ]
    updates = []
    for chunk in itertools.batched(ids, CHUNK_SIZE):
        for row in Creator.objects.filter(pk__gte=chunk[0], pk__lte=chunk[-1]).values_list(*read, named=True):
            tier = tier_of(row.reach)
            new: list[Any] = [None] * len(PERCENTILES)
            typical = None
            if tier is not None:
                key = (tier, row.primary_category)
                peers = sorted_values.get(key, {})
                new = [
                    percentile(getattr(row, field), peers.get(field, ()), is_peer=row.verified)
                    for field in PERCENTILES
                ]
                typical = typicals.get(tier)
            score, reason = authenticity.score(authenticity.facts_of(row), typical)
            new += [score, reason.value if reason else None]
            if new != [getattr(row, field) for field in WRITTEN_FIELDS]:
                updates.append([*new, row.pk])
    return list(groups.values()), updates


def _peer_values() -> tuple[dict[GroupKey, dict[str, list[float]]], dict[int, PeerGroup]]:
    """The verified creators' numbers, sorted, by (tier, first category); and each tier's peer group
    with the medians of its signals."""
    ranked: defaultdict[GroupKey, defaultdict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    signals: defaultdict[int, defaultdict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    counts: defaultdict[int, int] = defaultdict(int)
    rows = (
        Creator.objects.filter(verified=True, reach__isnull=False)
        .values_list(
            "reach",
            "primary_category",
            *PERCENTILES,
            "views_per_follower",
            "comments_per_like",
            "largest_daily_gain",
            "usual_daily_change",
        )
        .iterator(chunk_size=CHUNK_SIZE)
    )
    fields = list(PERCENTILES)
    for reach, category, *numbers, views_per_follower, comments_per_like, gain, usual in rows:
        tier = tier_of(reach)
        assert tier is not None
        group = (tier, category)
        for field, value in zip(fields, numbers, strict=True):
            if value is not None:
                ranked[group][field].append(value)
        values = dict(zip(fields, numbers, strict=True))
        # The signals' values, as Facts has them (MEDIANS' names), read without building Facts: this
        # loop runs for every verified creator.
        signal_values = {
            "active_share": values["audience_activity_active"],
            "engagement_rate": values["engagement_rate"],
            "follower_spike": authenticity.follower_spike(gain, usual),
            "views_per_follower": views_per_follower,
            "comments_per_like": comments_per_like,
        }
        counts[tier] += 1
        for name, value in signal_values.items():
            if value is not None:
                signals[tier][name].append(value)
    sorted_values = {
        key: {field: sorted(found) for field, found in values.items()} for key, values in ranked.items()
    }
    groups = {
        tier: PeerGroup(
            tier=tier, creators=count, **{name: median(signals[tier].get(name, [])) for name in MEDIANS}
        )
        for tier, count in counts.items()
    }
    return sorted_values, groups


@cache
def _update_sql() -> str:
    quote = connection.ops.quote_name
    columns = {field.name: field.column for field in Creator._meta.concrete_fields}
    assignments = ", ".join(f"{quote(str(columns[name]))} = %s" for name in WRITTEN_FIELDS)
    return f"UPDATE {quote(Creator._meta.db_table)} SET {assignments} WHERE {quote('id')} = %s"
