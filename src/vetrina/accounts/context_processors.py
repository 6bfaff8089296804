from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from vetrina.accounts.access import (
    ANONYMOUS,
    STAFF,
    has_notifications,
    is_staff,
    may_contact,
    may_save_searches,
    may_use_api,
    role_of,
    sections_for,
)
from vetrina.accounts.models import Role

_ROLE_LABELS = {STAFF: _("Staff"), **{role.value: role.label for role in Role}}


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The top bar's sections for whoever is signed in (none for anonymous visitors)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {
            "nav_sections": [],
            "viewer_role": ANONYMOUS,
            "viewer_may_contact": False,
            "viewer_may_save_searches": False,
            "viewer_has_notifications": False,
            "viewer_may_use_api": False,
            "viewer_is_staff": False,
        }
    sections = []
    for section in sections_for(user):
        url = reverse(section.url_name)
        sections.append({"label": section.label, "url": url, "current": request.path.startswith(url)})
    role = role_of(user)
    return {
        "nav_sections": sections,
        "viewer_role": role,
        "viewer_role_label": _ROLE_LABELS.get(role, ""),
        # Brands and agencies contact creators and keep shortlists; visitors, creators and staff do not.
        "viewer_may_contact": may_contact(user),
        "viewer_may_save_searches": may_save_searches(user),
        # Brands, agencies and creator-side accounts have the bell; staff read it but have none of their own.
        "viewer_has_notifications": has_notifications(user) and not is_staff(user),
        "viewer_may_use_api": may_use_api(user),
        "viewer_is_staff": is_staff(user),
    }
