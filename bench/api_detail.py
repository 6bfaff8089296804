"""GET /api/v1/creators/{handle} on the demo sample: latency and queries per request, on SQLite."""

from typing import Any

from django.db import connection
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.timing import measure_ms
from vetrina.accounts.models import User
from vetrina.creators.models import Creator
from vetrina.demo.services import SAMPLE_FILE, demo_sample_import


def run() -> dict[str, Any]:
    demo_sample_import()
    staff = User.objects.create_user(username="bench", is_staff=True)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(staff)
    creator = Creator.objects.order_by(F("reach").desc(nulls_last=True)).first()
    assert creator is not None
    url = f"/api/v1/creators/{creator.handle}"
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return {
        "what": "GET /api/v1/creators/{handle}, in process, signed-in staff session",
        "data": {
            "file": SAMPLE_FILE.name,
            "creators": Creator.objects.count(),
            "videos_of_the_creator": creator.videos.count(),
        },
        "database": connection.vendor,
        "queries_per_request": len(queries),
        "latency": measure_ms(lambda: client.get(url), warmup=10, runs=200),
    }
