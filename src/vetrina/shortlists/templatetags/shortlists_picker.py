from typing import Any

from django import template

from vetrina.creators.models import Creator
from vetrina.shortlists.presentation import picker_context
from vetrina.shortlists.selectors import may_keep_shortlists, shortlist_names_by_creator

register = template.Library()


@register.inclusion_tag("shortlists/_picker.html", takes_context=True)
def shortlist_picker(context: template.Context, creator: Creator | dict[str, Any]) -> dict[str, Any]:
    """The Add to list button of a creator, showing the lists that hold it.

    The names come from `creator.shortlist_names` when the page set it for all its creators at once
    (selectors.shortlist_names_attach: one query for the page); otherwise from one query for this creator.
    """
    request = context["request"]
    # A search card is a plain dict (its "id" and "shortlist_names" set by the search view), a page's
    # creator a model.
    if isinstance(creator, dict):
        pk, handle, names = creator["id"], creator["handle"], creator.get("shortlist_names")
    else:
        pk, handle, names = creator.pk, creator.handle, getattr(creator, "shortlist_names", None)
    if names is None:
        names = shortlist_names_by_creator(user=request.user, creator_ids=[pk]).get(pk, [])
    return {"creator": creator, **control_context(context, handle, names)}


def control_context(context: template.Context, handle: str, names: list[str]) -> dict[str, Any]:
    """What shortlists/_picker.html shows, closed, for the creator `handle` on the lists `names`."""
    request = context["request"]
    return {
        "shortlist_names": names,
        "may_keep_shortlists": may_keep_shortlists(request.user),
        "choices": None,
        "request": request,
        "csrf_token": context.get("csrf_token"),
        **picker_context(handle, names),
    }
