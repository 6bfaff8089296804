"""Schemathesis against the running server, with a token, over every operation of the OpenAPI schema.

At least MIN_REQUESTS generated requests in all, positive and negative: no 5xx, and every response (its
status, content type, headers and body) as the schema describes it. The count is printed.

The budget: schemathesis's coverage phase sends a fixed set of edge cases for every operation (about 770
requests over the 16 operations of today's schema), and its fuzzing phase up to MAX_EXAMPLES more per
operation. 25 makes about 1,300 in all (1 made 766, 15 made 1,089, 30 made 1,416), above MIN_REQUESTS with
room to spare; the count grows with every operation added. 100 per operation (about 2,960 requests) made
this one test half of the suite's time.
"""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from vetrina.accounts.tests.factories import UserFactory
from vetrina.api.models import ApiToken
from vetrina.api.services import api_token_create
from vetrina.ingest.importing import creators_import

pytestmark = pytest.mark.django_db(transaction=True)

MIN_REQUESTS = 1000
MAX_EXAMPLES = 25
CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_headers_conformance",
        "response_schema_conformance",
    ]
)
SAMPLE = Path(__file__).resolve().parents[2] / "demo" / "sample.jsonl"


@pytest.mark.slow
def test_schemathesis_finds_no_5xx_and_no_response_off_the_schema(live_server, settings, tmp_path, capsys):
    # given the demo's sample creators, a brand member's read-write token, and no rate limit in the way
    settings.VETRINA_API_RATE_LIMIT = 1_000_000
    with SAMPLE.open(encoding="utf-8") as lines:
        creators_import(lines=lines)
    member = UserFactory.create(username="fuzz@acme.test", email="fuzz@acme.test")
    _row, token = api_token_create(user=member, name="Schemathesis", scope=ApiToken.Scope.READ_WRITE)
    schema = Client().get("/api/v1/openapi.json", headers={"Authorization": f"Bearer {token}"}).json()
    operations = sum(len(methods) for methods in schema["paths"].values())

    # when schemathesis runs against the server
    run = subprocess.run(
        [
            str(Path(sys.executable).with_name("st")),
            "run",
            f"{live_server.url}/api/v1/openapi.json",
            "--header",
            f"Authorization: Bearer {token}",
            "--checks",
            CHECKS,
            "--max-examples",
            str(MAX_EXAMPLES),
            "--seed",
            "20261126",
            "--generation-database",
            "none",
            "--no-color",
            "--workers",
            "1",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=900,
    )

    # then every check passed, over enough requests
    output = run.stdout + run.stderr
    assert run.returncode == 0, output[-6000:]
    generated = re.search(r"(\d+) generated", output)
    assert generated is not None, output[-3000:]
    count = int(generated.group(1))
    with capsys.disabled():
        print(f"\nschemathesis: {count} requests over {operations} operations, no failure")
    assert count >= MIN_REQUESTS
