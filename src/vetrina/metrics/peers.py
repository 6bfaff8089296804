"""Numbers that depend on a creator's peers: percentiles, the typical values of each peer group, and
the authenticity score held against them (docs/numbers.md).

When any creator changes, every peer's numbers may change, so they are not recomputed creator by
creator: `peers_recompute` does every creator in one pass, after an import, a recompute, or staff
verifying or unverifying a creator (the `peers_refresh` task).

Peer group of a creator with a reach: the verified creators of its follower tier (`tiers`) and first
category, the creator itself left out. With fewer than MIN_PEERS of them it widens to the whole tier,
and with fewer there too, to every verified creator (with a reach: one without has no follower
count, no tier, and so no peers either). A creator without a first category starts at the tier. Unverified creators are no one's peers, but they get their own group, percentiles and score. A
creator without a reach has no tier: no group, no percentile, nothing typical to hold its signals
against.

Percentile of a number: the share (0-100) of the group's creators whose number is lower (strictly),
out of those whose number is defined. The percentile is undefined when the creator's own number is, or
when no one in the group has the number defined.

Typical value of a signal: the median over the verified creators of the group's tier and category
(`PeerGroup`), one figure per group, so every creator of a group is held against the same one (a
verified creator counts in its own group's medians; with at least MIN_PEERS others, one value moves
a median little).
"""

import itertools
import logging
import statistics
import time
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Sequence
from functools import cache
from typing import Any, NamedTuple

from django.db import connection, transaction
from django.db.models import Count, Max

from vetrina.creators.models import Creator
from vetrina.metrics import authenticity
from vetrina.metrics.authenticity import FACT_COLUMNS, Typical
from vetrina.metrics.models import PeerGroup
from vetrina.metrics.tiers import tier_of

logger = logging.getLogger(__name__)

# A peer group smaller than this widens (docs/numbers.md): under 30, one creator moves a percentile by
# more than three points and a median by a lot, so the figures would say more about the few peers than
# about the creator.
MIN_PEERS = 30

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
WRITTEN_FIELDS = [
    *PERCENTILES.values(),
    "peer_group_tier",
    "peer_group_category",
    "peer_group_size",
    "authenticity_score",
    "authenticity_confidence",
    "authenticity_unscored",
]
# What the written fields hold before any pass (no group, no percentile, no score).
NOT_COMPUTED: dict[str, Any] = {**dict.fromkeys(WRITTEN_FIELDS), "peer_group_category": ""}
# The medians a PeerGroup keeps: what each authenticity signal is held against.
MEDIANS = authenticity.SIGNALS
# Creators read, and written, per round trip.
CHUNK_SIZE = 2_000


class GroupKey(NamedTuple):
    """A peer group: a tier and first category; a whole tier (category ""); everyone (no tier)."""

    tier: int | None
    category: str


EVERYONE = GroupKey(None, "")


def group_keys(tier: int | None, category: str) -> list[GroupKey]:
    """The groups a creator of this tier and first category belongs to, narrowest first."""
    keys = []
    if tier is not None:
        if category:
            keys.append(GroupKey(tier, category))
        keys.append(GroupKey(tier, ""))
    keys.append(EVERYONE)
    return keys


def peer_group_of(
    tier: int | None, category: str, *, verified: bool, members: dict[GroupKey, int]
) -> tuple[GroupKey, int] | None:
    """The creator's peer group and its size (the creator left out): the narrowest with at least
    MIN_PEERS, else everyone; None without a tier. `members` counts each group's verified creators."""
    if tier is None:
        return None
    for key in group_keys(tier, category):
        size = members.get(key, 0) - (1 if verified else 0)
        if size >= MIN_PEERS or key == EVERYONE:
            return key, max(size, 0)
    raise AssertionError("EVERYONE ends every list")


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
    """The typical values a creator's signals are held against: its peer group's medians; None when it
    has no group."""
    if group is None:
        return None
    return Typical(
        tier=group.tier,
        category=group.category,
        **{name: getattr(group, name) for name in MEDIANS},
    )


def peer_group_row(*, tier: int | None, category: str) -> PeerGroup | None:
    """The stored medians of one peer group (a creator's peer_group_tier and peer_group_category)."""
    return PeerGroup.objects.filter(tier=tier, category=category).first()


def peers_recompute() -> int:
    """Rewrite every peer group's medians and every creator's peer group, percentiles and authenticity
    score; returns how many creators' numbers changed.

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
    sorted_values, members, groups = _peer_values()
    typicals = {key: typical_for(group) for key, group in groups.items()}
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
            found = peer_group_of(
                tier_of(row.reach), row.primary_category, verified=row.verified, members=members
            )
            new: list[Any] = [None] * len(PERCENTILES) + [None, "", None]
            typical = None
            if found is not None:
                key, size = found
                peers = sorted_values.get(key, {})
                new = [
                    *(
                        percentile(getattr(row, field), peers.get(field, ()), is_peer=row.verified)
                        for field in PERCENTILES
                    ),
                    key.tier,
                    key.category,
                    size,
                ]
                # A group of no one has nothing typical, though its row holds the creator's own values.
                typical = typicals.get(key) if size else None
            judged = authenticity.judge(authenticity.facts_of(row), typical)
            new += [
                judged.score,
                judged.confidence.value if judged.confidence else None,
                judged.unscored.value if judged.unscored else None,
            ]
            if new != [getattr(row, field) for field in WRITTEN_FIELDS]:
                updates.append([*new, row.pk])
    return list(groups.values()), updates


def _peer_values() -> tuple[
    dict[GroupKey, dict[str, list[float]]], dict[GroupKey, int], dict[GroupKey, PeerGroup]
]:
    """The verified creators' numbers, sorted, by peer group; each group's number of verified creators;
    and each group's PeerGroup with the medians of its signals."""
    ranked: defaultdict[GroupKey, defaultdict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    signals: defaultdict[GroupKey, defaultdict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    counts: defaultdict[GroupKey, int] = defaultdict(int)
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
        for key in group_keys(tier_of(reach), category):
            counts[key] += 1
            for field, value in values.items():
                if value is not None:
                    ranked[key][field].append(value)
            for name, value in signal_values.items():
                if value is not None:
                    signals[key][name].append(value)
    sorted_values = {
        key: {field: sorted(found) for field, found in values.items()} for key, values in ranked.items()
    }
    groups = {
        key: PeerGroup(
            tier=key.tier,
            category=key.category,
            creators=count,
            **{name: median(signals[key].get(name, [])) for name in MEDIANS},
        )
        for key, count in counts.items()
    }
    return sorted_values, dict(counts), groups


@cache
def _update_sql() -> str:
    quote = connection.ops.quote_name
    columns = {field.name: field.column for field in Creator._meta.concrete_fields}
    assignments = ", ".join(f"{quote(str(columns[name]))} = %s" for name in WRITTEN_FIELDS)
    return f"UPDATE {quote(Creator._meta.db_table)} SET {assignments} WHERE {quote('id')} = %s"
