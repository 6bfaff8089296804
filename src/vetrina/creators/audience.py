"""Audience dimensions and their buckets, and the creator column that stores each share.

Every bucket of a fixed dimension is its own column, so that search's threshold filters
(DESIGN.md section 5) can be served from indexes; countries, an open set, live in their own table.
"""

from django.utils.translation import gettext_lazy as _

AGE_BRACKETS = ("13-17", "18-24", "25-34", "35-44", "45-54", "55+")
GENDERS = ("female", "male", "other")
DEVICES = ("ios", "android", "other")
ACTIVITY = ("active", "passive")

# Dimension name in the import format -> its buckets, in display order.
FIXED_DIMENSIONS: dict[str, tuple[str, ...]] = {
    "age": AGE_BRACKETS,
    "gender": GENDERS,
    "device": DEVICES,
    "activity": ACTIVITY,
}
DIMENSION_LABELS = {
    "age": _("Age"),
    "gender": _("Gender"),
    "device": _("Device"),
    "activity": _("Activity"),
    "country": _("Country"),
    "continent": _("Continent"),
}


def share_column(dimension: str, bucket: str) -> str:
    """The Creator field holding the share of one bucket, e.g. audience_age_55_plus."""
    slug = bucket.replace("-", "_").replace("+", "_plus")
    return f"audience_{dimension}_{slug}"


SHARE_COLUMNS: dict[str, dict[str, str]] = {
    dimension: {bucket: share_column(dimension, bucket) for bucket in buckets}
    for dimension, buckets in FIXED_DIMENSIONS.items()
}
