"""The audience's dimensions and their buckets (docs/numbers.md): one vocabulary for the import
format, the stored columns, search's filters, the pages and the demo generator."""

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
