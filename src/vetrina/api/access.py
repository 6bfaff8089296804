"""Who may call the API. Signed-in sessions for now; tokens arrive with the access issue."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from vetrina.api.errors import error_body


def signed_in_docs(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The schema and the interactive docs are for signed-in users, like every other API path."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return JsonResponse(error_body(_("Sign in or send an API token.")), status=401)
        return view(request, *args, **kwargs)

    return wrapper


def api_fallback(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """Any other path under the API: 401 to anonymous callers like every API path, else a JSON 404."""
    if not request.user.is_authenticated:
        return JsonResponse(error_body(_("Sign in or send an API token.")), status=401)
    return JsonResponse(error_body(_("Not found.")), status=404)
