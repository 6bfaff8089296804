"""What every connection to the database is told when it opens."""

import pytest
from django.db import connection


@pytest.mark.django_db
def test_postgresql_connections_compile_no_query_just_in_time_and_keep_the_lock_timeout() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("JIT compiling and lock_timeout are PostgreSQL settings")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        jit = cursor.fetchone()[0]
        cursor.execute("SHOW lock_timeout")
        lock_timeout = cursor.fetchone()[0]
    assert (jit, lock_timeout) == ("off", "5s")
