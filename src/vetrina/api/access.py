"""Who may call the API outside its endpoints: the schema, the docs and unknown paths answer signed-in
sessions and token holders alike, and 401 to everybody else."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from vetrina.api.errors import error_body, unauthenticated_detail


def caller_known(request: HttpRequest) -> bool:
    """Signed in, or holding a live token (which then stands for its owner on this request)."""
    if request.user.is_authenticated:
        return True
    from vetrina.api.auth import TokenAuth  # the models are not ready when the URLs import this module

    header = request.headers.get("Authorization", "")
    scheme, _space, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        return False
    try:
        return TokenAuth().authenticate(request, token) is not None
    except PermissionDenied:
        return True  # a read-only token writing: known, and refused further on


def signed_in_docs(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The schema and the interactive docs are for signed-in users and token holders, like every API path."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not caller_known(request):
            return JsonResponse(error_body(unauthenticated_detail(request)), status=401)
        return view(request, *args, **kwargs)

    return wrapper


def api_fallback(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """Any other path under the API: 401 to anonymous callers like every API path, else a JSON 404."""
    if not caller_known(request):
        return JsonResponse(error_body(unauthenticated_detail(request)), status=401)
    return JsonResponse(error_body(_("Not found.")), status=404)
