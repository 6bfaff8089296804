"""Follower tiers (docs/numbers.md): under 10k, 10k–100k, 100k–1M, 1M–10M, 10M and more, by reach.

A creator's peers are the verified creators of the same tier and the same first category, widened to
the tier and then to every verified creator when too few (metrics.peers).
"""

from bisect import bisect

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# The least reach of each tier above the first; a creator on a floor belongs to the tier it opens.
TIER_FLOORS = (10_000, 100_000, 1_000_000, 10_000_000)
TIER_LABELS: tuple[Promise, ...] = (
    _("under 10k"),
    _("10k–100k"),
    _("100k–1M"),
    _("1M–10M"),
    _("10M or more"),
)

# How the API names each tier.
TIER_SLUGS = ("under-10k", "10k-100k", "100k-1m", "1m-10m", "10m-plus")


def tier_of(reach: int | None) -> int | None:
    """0 (under 10k) to 4 (10M and more); None without a reach."""
    return None if reach is None else bisect(TIER_FLOORS, reach)
