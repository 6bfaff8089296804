"""Every API error has one shape: {"detail": "...", "errors": [{"field": "...", "message": "..."}]}."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

from vetrina.lib.database_busy import busy_response, is_lock_timeout


class FieldError(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    """Every 4xx of the API: what went wrong, and the fields to blame (none when no field is)."""

    detail: str
    errors: list[FieldError]


# The errors any endpoint may answer, for its OpenAPI description: `response={200: X, **ERRORS}`.
# 400 bad input, 401 no or a revoked token, 403 a role (or a read-only token) that may not, 404 not
# found or not the caller's organisation's, 429 the token's rate limit.
ERRORS: dict[int, type[ErrorOut]] = {code: ErrorOut for code in (400, 401, 403, 404, 429)}


def error_body(detail: str, errors: list[dict[str, str]] | None = None) -> dict[str, Any]:
    return {"detail": detail, "errors": errors or []}


def unauthenticated_detail(request: HttpRequest) -> str:
    """Why a 401: no credential at all, a header that is not a bearer token, or a token that opens
    nothing. Each says what to do next; none says whether a token ever existed."""
    header = request.headers.get("Authorization", "").strip()
    if not header:
        return _("Sign in or send an API token.")
    scheme, _space, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return _("Send the API token as “Authorization: Bearer <token>”.")
    return _(
        "This API token is not valid: it is mistyped, revoked, or its account is closed. "
        "Make a new one on the API tokens page."
    )


def _field_of(location: Any) -> str:
    # Ninja reports ("query", "page_size") or ("path", "handle"); the caller knows only the name.
    parts = [str(part) for part in location if part not in ("query", "path", "body", "header", "form")]
    return ".".join(parts)


def install_error_handlers(api: NinjaAPI) -> None:
    def reply(request: HttpRequest, status: int, body: dict[str, Any]) -> HttpResponse:
        return api.create_response(request, body, status=status)

    @api.exception_handler(NinjaValidationError)
    def invalid_input(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        errors = [
            {"field": _field_of(err.get("loc", ())), "message": str(err.get("msg", ""))} for err in exc.errors
        ]
        return reply(request, 400, error_body(_("The request has invalid parameters."), errors))

    @api.exception_handler(DjangoValidationError)
    def invalid_data(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        if hasattr(exc, "error_dict"):
            errors = [
                {"field": field, "message": message}
                for field, messages in exc.message_dict.items()
                for message in messages
            ]
        else:
            errors = [{"field": "", "message": message} for message in exc.messages]
        return reply(request, 400, error_body(_("The request has invalid parameters."), errors))

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return reply(request, 401, error_body(unauthenticated_detail(request)))

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return reply(request, 403, error_body(str(exc) or _("You may not do this.")))

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return reply(request, 404, error_body(_("Not found.")))

    @api.exception_handler(Throttled)
    def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        # ninja adds Retry-After to this response.
        return reply(request, 429, error_body(_("Too many requests for this token; wait and try again.")))

    @api.exception_handler(OperationalError)
    def database_busy(request: HttpRequest, exc: OperationalError) -> HttpResponse:
        # Without this, ninja answers any error with a traceback when DEBUG is on; with it off, the
        # error reaches vetrina.lib.database_busy's middleware, which answers the same 503.
        if is_lock_timeout(exc):
            return busy_response(request)
        raise exc

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return reply(request, exc.status_code, error_body(str(exc)))
