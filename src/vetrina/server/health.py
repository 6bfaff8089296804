"""GET /healthz: for a load balancer or a monitor. No login, nothing secret: whether the database answers."""

import logging

from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            # A table of the schema, not just `SELECT 1`: an empty or wrong SQLite file answers that too.
            cursor.execute("SELECT 1 FROM django_migrations LIMIT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.warning("Health check: the database did not answer.", exc_info=True)
        response = JsonResponse({"status": "unavailable", "database": "unavailable"}, status=503)
    else:
        response = JsonResponse({"status": "ok", "database": "ok"})
    # Each look is a fresh one.
    response["Cache-Control"] = "no-store"
    return response
