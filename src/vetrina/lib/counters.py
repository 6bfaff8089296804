"""Counting requests in a window, atomically, in the database: the API's rate limit per token
(api.auth) and the limits on forms that e-mail an address the poster typed (accounts.limits).

Every web process counts against the same rows, so a limit holds however many processes or machines
serve. A counter is a row of a table with three columns: its key (the primary key), `started_at` (Unix
time, seconds) and `requests`.
"""

from django.db import connection
from django.db.models import Model


def window_count(
    *, model: type[Model], key_column: str, key: int | str, now: float, window_seconds: float
) -> tuple[int, float]:
    """Counts one request under `key` and returns how many it has made in its current window (this one
    included) and when the window started (Unix time). A window older than `window_seconds` starts
    again at `now`.

    One statement reads and writes the count, so two requests at once can never both read 119 and
    both write 120: on PostgreSQL the second waits for the first's row lock, on SQLite for its write
    lock, and then sees the first's count.
    """
    table = connection.ops.quote_name(model._meta.db_table)
    column = connection.ops.quote_name(key_column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {table} ({column}, started_at, requests) VALUES (%s, %s, 1)
            ON CONFLICT ({column}) DO UPDATE SET
                requests = CASE WHEN {table}.started_at <= %s THEN 1 ELSE {table}.requests + 1 END,
                started_at = CASE WHEN {table}.started_at <= %s THEN %s ELSE {table}.started_at END
            RETURNING requests, started_at
            """,
            [key, now, now - window_seconds, now - window_seconds, now],
        )
        requests, started_at = cursor.fetchone()
    return requests, started_at
