"""`{% creator_actions creator %}`: a creator's Contact and Add to list (creators/_actions.html), on the
metrics page; search cards fill stencils of the same templates with the same values (search_format)."""

from typing import Any
from urllib.parse import quote

from django import template
from django.utils.translation import gettext_lazy

from vetrina.creators.models import Creator
from vetrina.lib.labels import Labels, filled
from vetrina.lib.urls import named_url

register = template.Library()

# The same on every card: looked up once per language, not by {% translate %} on each of a search page's
# twenty cards.
_LABELS = Labels(contact=gettext_lazy("Contact"), contact_handle=gettext_lazy("Contact @%(handle)s"))


@register.inclusion_tag("creators/_actions.html", takes_context=True)
def creator_actions(context: template.Context, creator: Creator | dict[str, Any]) -> dict[str, Any]:
    # A search card is a plain dict, a page's creator a model.
    handle = creator["handle"] if isinstance(creator, dict) else creator.handle
    return {"creator": creator, **actions_context(context, handle)}


def actions_context(context: template.Context, handle: str) -> dict[str, Any]:
    """What creators/_actions.html shows for the creator `handle` but its Add to list control."""
    return {
        "viewer_may_contact": context.get("viewer_may_contact"),
        "contact": _LABELS.now()["contact"],
        # For the Add to list control inside (shortlists_picker).
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
        **contact_values(handle),
    }


def contact_values(handle: str) -> dict[str, Any]:
    """What of actions_context changes from one creator to the next (search's cards fill these into a
    stencil of creators/_actions.html)."""
    return {
        # As {% url %}?creator={{ handle|urlencode }} wrote it.
        "contact_url": f"{named_url('collaborations:contact')}?creator={quote(handle, safe='/')}",
        "contact_label": filled(_LABELS.now()["contact_handle"], handle=handle),
    }
