"""A write that waits too long for another writer's lock is answered "busy, try again" (503 with
Retry-After), never 500.

SQLite has one write lock for the whole file: a write waits for it up to the busy timeout (settings
DATABASE_LOCK_TIMEOUT_SECONDS), then fails "database is locked". PostgreSQL locks rows and tables: a
write waits up to lock_timeout, and may also be chosen to fail by a deadlock or a serialization check.
Each of these is someone else's write, not a fault of the request, and trying again later works.
"""

import logging
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# Seconds a client is asked to wait: about one busy timeout, by when most writers let go.
RETRY_AFTER_SECONDS = 5

_SQLITE_LOCKED = ("database is locked", "database table is locked")
# lock_not_available (lock_timeout, NOWAIT), serialization_failure, deadlock_detected.
_POSTGRESQL_LOCKED = frozenset({"55P03", "40001", "40P01"})

API_PREFIX = "/api/"


def is_lock_timeout(error: BaseException) -> bool:
    """True for a database error that only means another writer held the lock too long."""
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__
    sqlstate = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    if sqlstate is not None:
        return sqlstate in _POSTGRESQL_LOCKED
    return str(error).lower().startswith(_SQLITE_LOCKED)


def is_database_unavailable(error: BaseException) -> bool:
    """True for a database error that passes with time: a lock held too long, or the database out of
    reach for a moment (restarting, the network down)."""
    return isinstance(error, (OperationalError, InterfaceError))


def busy_response(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After: in the API's error shape under /api/, else a page in the site's frame."""
    if request.path.startswith(API_PREFIX):
        # The API's one error shape (vetrina.api.errors), written out here so that lib needs no app.
        response: HttpResponse = JsonResponse(
            {
                "detail": _("The database is busy with other changes; try again in a few seconds."),
                "errors": [],
            },
            status=503,
        )
    else:
        response = render(request, "503.html", status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseBusyMiddleware:
    """Turns a lock timeout raised by any view into `busy_response`, once for the whole site."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_lock_timeout(exception):
            return None
        logger.warning(
            "%s %s: the database was busy (%s); answered 503.", request.method, request.path, exception
        )
        return busy_response(request)
