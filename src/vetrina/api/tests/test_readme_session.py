"""The README's API session, run as written against a live server, so that it cannot go stale."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from vetrina.accounts.models import OrganisationKind, Role
from vetrina.accounts.tests.factories import OrganisationFactory, UserFactory
from vetrina.collaborations.models import CollaborationRequest
from vetrina.conftest import database_url
from vetrina.ingest.importing import creators_import

pytestmark = pytest.mark.django_db(transaction=True)

README = Path(__file__).resolve().parents[4] / "README.md"
SAMPLE = Path(__file__).resolve().parents[2] / "demo" / "sample.jsonl"
VETRINA = Path(sys.executable).parent / "vetrina"


def readme_session() -> str:
    text = README.read_text(encoding="utf-8")
    found = re.search(r"<!-- api-session.*?-->\n```bash\n(.*?)```", text, flags=re.S)
    assert found is not None, "README.md has no api-session block"
    return found.group(1)


def test_the_readme_api_session_runs_as_written(live_server, settings, data_dir):
    # given the demo's brand and its sample creators, as `make demo` leaves them
    organisation = OrganisationFactory.create(name="Acme Cosmetics", kind=OrganisationKind.BRAND)
    UserFactory.create(
        username="brand@acme.localhost",
        email="brand@acme.localhost",
        role=Role.BRAND,
        organisation=organisation,
    )
    with SAMPLE.open(encoding="utf-8") as lines:
        creators_import(lines=lines)
    script = readme_session()
    assert "http://127.0.0.1:8000" in script
    script = script.replace("http://127.0.0.1:8000", live_server.url).replace(
        ".venv/bin/vetrina", str(VETRINA)
    )

    # when the block runs, every curl failing on an HTTP error (-f) and the shell on any failure
    run = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        env={
            **os.environ,
            "DATABASE_URL": database_url(),
            "VETRINA_DATA_DIR": str(data_dir),
            "VETRINA_SECRET_KEY": settings.SECRET_KEY,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )

    # then it went through, and said what the README promises
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    # The sample's only Indian fashion creator is the one the session found, read, listed and contacted.
    assert '"handle": "priya.styles"' in run.stdout
    assert organisation.shortlists.get().entries.get().creator.handle == "priya.styles"
    request = CollaborationRequest.objects.get()
    assert (request.campaign.name, request.creator.handle, request.state) == (
        "Diwali launch",
        "priya.styles",
        "pending",
    )
    assert '"already_contacted"' in run.stdout
