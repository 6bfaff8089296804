"""`{% creator_actions creator %}`: a creator's Contact and Add to list, on a search card and on the
metrics page (creators/_actions.html)."""

from functools import lru_cache
from typing import Any
from urllib.parse import quote

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext_lazy

from vetrina.creators.models import Creator
from vetrina.lib.urls import named_url

register = template.Library()

# The same on every card: looked up once per language, not by {% translate %} on each of a search page's
# twenty cards.
_LABELS = {"contact": gettext_lazy("Contact"), "contact_handle": gettext_lazy("Contact @%(handle)s")}


@register.inclusion_tag("creators/_actions.html", takes_context=True)
def creator_actions(context: template.Context, creator: Creator | dict[str, Any]) -> dict[str, Any]:
    # A search card is a plain dict, a page's creator a model.
    handle = creator["handle"] if isinstance(creator, dict) else creator.handle
    labels = _labels(get_language())
    return {
        "creator": creator,
        "viewer_may_contact": context.get("viewer_may_contact"),
        # As {% url %}?creator={{ handle|urlencode }} wrote it.
        "contact_url": f"{named_url('collaborations:contact')}?creator={quote(handle, safe='/')}",
        "contact": labels["contact"],
        "contact_label": _with_handle(labels["contact_handle"], handle),
        # For the Add to list control inside (shortlists_picker).
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
    }


@lru_cache(maxsize=16)
def _labels(language: str | None) -> dict[str, str]:
    # Called with `language` active, so each label is in it.
    return {key: str(label) for key, label in _LABELS.items()}


def _with_handle(sentence: str, handle: str) -> SafeString:
    # As {% blocktranslate %} fills a sentence: the handle escaped, the translated words as they are.
    return mark_safe(sentence % {"handle": conditional_escape(handle)})
