"""What every connection to the database is told when it opens."""

import pytest
from django.db import connection


@pytest.mark.django_db
def test_postgresql_connections_compile_nothing_just_in_time_and_keep_their_timeout_and_memory() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("JIT compiling, lock_timeout and work_mem are PostgreSQL settings")
    settings: dict[str, str] = {}
    with connection.cursor() as cursor:
        for name in ("jit", "lock_timeout", "work_mem"):
            cursor.execute(f"SHOW {name}")
            settings[name] = cursor.fetchone()[0]
    assert settings == {"jit": "off", "lock_timeout": "5s", "work_mem": "32MB"}
