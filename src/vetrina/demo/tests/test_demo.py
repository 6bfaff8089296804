import json
from io import StringIO

from django.conf import settings
from django.core.management import call_command
from django.test import Client

from vetrina.creators.models import Creator
from vetrina.demo.services import SAMPLE_FILE


def run_demo() -> str:
    out = StringIO()
    call_command("demo", "--no-serve", stdout=out)
    return out.getvalue()


def test_it_sets_up_the_demo_once_and_reuses_it(transactional_db):
    # when run twice
    first = run_demo()
    second = run_demo()
    # then the sample was imported once, with its numbers computed
    sample_handles = {json.loads(line)["handle"] for line in SAMPLE_FILE.read_text().splitlines() if line}
    assert set(Creator.objects.values_list("handle", flat=True)) == sample_handles
    assert not Creator.objects.filter(metrics_computed_at__isnull=True).exists()
    assert f"Loaded {len(sample_handles)} demo creators." in first
    assert "Demo creators already loaded; reusing them." in second
    # and both runs print the same staff login, which works
    saved = json.loads((settings.DATA_DIR / "demo-login.json").read_text())
    login_line = f"Staff login:  staff / {saved['password']}"
    assert login_line in first
    assert login_line in second
    client = Client()
    assert client.login(username="staff", password=saved["password"])
    handle = sorted(sample_handles)[0]
    assert client.get(f"/api/v1/creators/{handle}").json()["handle"] == handle
