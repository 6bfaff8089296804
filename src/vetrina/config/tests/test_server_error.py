"""The site's answer to an error raised outside any view: a lock timeout is "busy, try again" (503),
anything else the plain 500 page."""

from collections.abc import Callable

import pytest
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.test import Client


def raises_after_the_view(error: Exception) -> Callable:
    """A middleware that fails while the response is on its way out, as saving a session does."""

    def middleware(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable:
        def handle(request: HttpRequest) -> HttpResponse:
            get_response(request)
            raise error

        return handle

    return middleware


LOCKED = raises_after_the_view(OperationalError("database is locked"))
BROKEN = raises_after_the_view(ValueError("a bug"))


@pytest.fixture
def outer_middleware(settings) -> Callable[[str], None]:
    def use(name: str) -> None:
        settings.MIDDLEWARE = [f"{__name__}.{name}", *settings.MIDDLEWARE]

    return use


@pytest.mark.django_db
def test_a_lock_timeout_after_the_view_answers_busy_with_retry_after(outer_middleware) -> None:
    outer_middleware("LOCKED")
    response = Client(raise_request_exception=False).get("/login/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "Busy, try again" in response.content.decode()


@pytest.mark.django_db
def test_a_lock_timeout_after_an_api_view_answers_in_the_api_error_shape(outer_middleware) -> None:
    outer_middleware("LOCKED")
    response = Client(raise_request_exception=False).get("/api/v1/creators")
    assert response.status_code == 503
    assert response.json()["detail"].startswith("The database is busy")


@pytest.mark.django_db
def test_any_other_error_after_the_view_is_still_a_500(outer_middleware) -> None:
    outer_middleware("BROKEN")
    response = Client(raise_request_exception=False).get("/login/")
    assert response.status_code == 500
    assert "Retry-After" not in response
