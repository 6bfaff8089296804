"""The creator column that stores each audience share (the buckets are vetrina.lib.audience's).

Every bucket of a fixed dimension is its own column, so that search's threshold filters
(docs/api.md) can be served from indexes; countries, an open set, live in their own table.
"""

from vetrina.lib.audience import FIXED_DIMENSIONS


def share_column(dimension: str, bucket: str) -> str:
    """The Creator field holding the share of one bucket, e.g. audience_age_55_plus."""
    slug = bucket.replace("-", "_").replace("+", "_plus")
    return f"audience_{dimension}_{slug}"


SHARE_COLUMNS: dict[str, dict[str, str]] = {
    dimension: {bucket: share_column(dimension, bucket) for bucket in buckets}
    for dimension, buckets in FIXED_DIMENSIONS.items()
}
