"""A signed-in user's pages speak the language they chose, on every device; LocaleMiddleware has
already picked one from the language cookie or Accept-Language, which is what everybody else gets."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation


def user_language(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    def middleware(request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        language = getattr(user, "language", "") if user is not None and user.is_authenticated else ""
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return get_response(request)

    return middleware
