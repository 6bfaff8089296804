"""Page-level exceptions to the Content-Security-Policy (settings.SECURE_CSP), each saying why.

Every other page gets the policy as it is; an exception widens one directive for one view, never
script-src.
"""

from typing import Any

from django.conf import settings
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override


def _policy_with(**directives: list[str]) -> dict[str, Any]:
    return {**settings.SECURE_CSP, **{name.replace("_", "-"): values for name, values in directives.items()}}


# plotly.js, which draws the metrics page's charts, writes <style> elements of its own (the global rules
# and one per chart's tool bar) that the policy would refuse, and the charts would lose their tooltips and
# tool bar. Only style elements: style="" attributes and every script stay as strict as everywhere else.
# To go once the charts no longer use plotly.
chart_style_elements_allowed = csp_override(_policy_with(style_src_elem=[CSP.SELF, CSP.UNSAFE_INLINE]))
