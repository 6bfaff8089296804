"""Why a creator is like another, in a sentence: "same category; audience 82% alike; 1.4× the
followers" (docs/numbers.md, "Similar creators"). Figures through lib.formatting."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vetrina.lib.formatting import category_label, fixed_number, percent
from vetrina.metrics.similar import Similar


def similar_reasons(found: Similar) -> str:
    """The parts of the likeness a reader can check, joined by semicolons."""
    if found.same_categories:
        parts = [ngettext("same category", "same categories", len(found.categories))]
    else:
        labels = ", ".join(category_label(category) for category in found.shared_categories)
        parts = [_("also %(categories)s") % {"categories": labels}]
    if found.audience_alike is not None:
        parts.append(_("audience %(share)s alike") % {"share": percent(found.audience_alike, decimals=0)})
    parts.append(_("%(ratio)s× the followers") % {"ratio": fixed_number(found.reach_ratio, 1)})
    return "; ".join(parts)
