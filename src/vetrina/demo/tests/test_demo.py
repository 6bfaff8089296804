import json
import subprocess
from io import StringIO
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from vetrina.conftest import database_url, wait_until
from vetrina.creators.models import Creator
from vetrina.demo.management.commands import demo as demo_command
from vetrina.demo.services import DEMO_CREATORS, SAMPLE_FILE, demo_sample_import
from vetrina.lib.emails import email_queue
from vetrina.mail.models import OutboxMessage


def run_demo() -> str:
    out = StringIO()
    call_command("demo", "--no-serve", stdout=out)
    return out.getvalue()


def test_it_sets_up_the_demo_once_and_reuses_it(transactional_db):
    # when run twice
    first = run_demo()
    second = run_demo()
    # then the demo creators were seeded once, with their numbers computed, and labelled outside the database
    assert DEMO_CREATORS == 2_000
    assert Creator.objects.count() == DEMO_CREATORS
    assert not Creator.objects.filter(metrics_computed_at__isnull=True).exists()
    assert "Seeded 2,000 demo creators." in first
    assert "Demo creators already loaded; reusing them." in second
    assert json.loads((settings.DATA_DIR / "seed-labels.json").read_text())["creators"] == DEMO_CREATORS
    # and both runs print the same staff login, which works
    saved = json.loads((settings.DATA_DIR / "demo-login.json").read_text())
    login_line = f"Staff login:  staff / {saved['password']}"
    assert login_line in first
    assert login_line in second
    client = Client()
    assert client.login(username="staff", password=saved["password"])
    handle = Creator.objects.order_by("-reach").values_list("handle", flat=True)[0]
    assert f"/api/v1/creators/{handle}" in first
    assert client.get(f"/api/v1/creators/{handle}").json()["handle"] == handle


def test_the_demo_sample_imports_every_handle_in_it(db):
    # when
    report = demo_sample_import()
    # then
    sample_handles = {json.loads(line)["handle"] for line in SAMPLE_FILE.read_text().splitlines() if line}
    assert report.created == len(sample_handles)
    assert set(Creator.objects.values_list("handle", flat=True)) == sample_handles


def test_the_demo_serves_with_a_worker_beside_it_and_ctrl_c_stops_both(
    transactional_db, tasks_in_database, data_dir, monkeypatch: pytest.MonkeyPatch
):
    # given the demo's environment: the data folder and the database, no mail server
    monkeypatch.setenv("VETRINA_DATA_DIR", str(data_dir))
    monkeypatch.setenv("DATABASE_URL", database_url())
    monkeypatch.delenv("EMAIL_URL", raising=False)
    workers: list[subprocess.Popen[bytes]] = []
    popen = subprocess.Popen

    def worker_popen(*args: Any, **kwargs: Any) -> subprocess.Popen[bytes]:
        workers.append(popen(*args, **kwargs))
        return workers[-1]

    monkeypatch.setattr(subprocess, "Popen", worker_popen)

    def runserver(*args: Any, **kwargs: Any) -> None:
        # while it serves, someone applies; then Ctrl-C, which runserver turns into exit(0)
        email_queue(to="anna@acme.test", subject="Hello", template="application_again", context={})
        wait_until(
            lambda: OutboxMessage.objects.get().state == OutboxMessage.State.SENT,
            what="the worker to send the e-mail",
        )
        raise SystemExit(0)

    monkeypatch.setattr(demo_command, "call_command", runserver)
    out = StringIO()
    # when
    with pytest.raises(SystemExit):
        demo_command.Command(stdout=out)._serve(port=8765)
    # then the worker wrote the e-mail to a file in the data folder, and stopped with the server
    [worker] = workers
    assert worker.returncode == 0
    assert "Stopping the worker" in out.getvalue()
    [written] = (data_dir / "mail").iterdir()
    assert "To: anna@acme.test" in written.read_text()
