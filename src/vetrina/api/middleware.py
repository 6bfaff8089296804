"""Nothing under /api/v1/ answers with an HTML page: an error that did not come from an endpoint (a
method not allowed, a failed CSRF check, a crash) is given the API's one error shape too."""

from collections.abc import Callable
from http import HTTPStatus

from django.http import HttpRequest, HttpResponse, JsonResponse

from vetrina.api.errors import error_body

API_PREFIX = "/api/v1/"


def api_json_errors(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if (
            request.path.startswith(API_PREFIX)
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            reason = HTTPStatus(response.status_code).phrase if response.status_code in HTTPStatus else ""
            replacement = JsonResponse(error_body(reason), status=response.status_code)
            for header in ("Allow", "Retry-After", "WWW-Authenticate"):
                if header in response:
                    replacement[header] = response[header]
            return replacement
        return response

    return middleware
