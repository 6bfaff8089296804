import json
from io import StringIO

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client

from vetrina.creators.models import Creator
from vetrina.demo.lists import DEMO_LIST_SIZE, DEMO_LISTS
from vetrina.demo.services import DEMO_AVATARS, DEMO_CREATORS, SAMPLE_FILE, demo_sample_import
from vetrina.shortlists.models import Shortlist
from vetrina.shortlists.selectors import shortlist_audience


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
    # two in three have one of the demo's faces, a file Vetrina serves itself; the rest their initials
    faces = Creator.objects.exclude(avatar_url="")
    assert faces.count() == 1334
    assert all(
        finders.find(url.removeprefix(settings.STATIC_URL))
        for url in faces.values_list("avatar_url", flat=True)
    )
    assert faces.values("avatar_url").distinct().count() == DEMO_AVATARS
    # and both runs print the same staff login, which works
    saved = json.loads((settings.DATA_DIR / "demo-logins.json").read_text())["staff"]
    login_line = f"Staff login:  staff / {saved['password']}"
    assert login_line in first
    assert login_line in second
    client = Client()
    assert client.login(username="staff", password=saved["password"])
    handle = Creator.objects.order_by("-reach").values_list("handle", flat=True)[0]
    assert f"/api/v1/creators/{handle}" in first
    assert client.get(f"/api/v1/creators/{handle}").json()["handle"] == handle
    # and the demo brand's lists show a combined audience at once
    assert "Demo lists: 2 lists of the brand" in first
    for shortlist in Shortlist.objects.filter(name__in=DEMO_LISTS):
        audience = shortlist_audience(shortlist=shortlist)
        assert len(audience.creators) == DEMO_LIST_SIZE
        assert all(weighted.shares for weighted in audience.combined.values())


def test_the_demo_sample_imports_every_handle_in_it(db):
    # when
    report = demo_sample_import()
    # then
    sample_handles = {json.loads(line)["handle"] for line in SAMPLE_FILE.read_text().splitlines() if line}
    assert report.created == len(sample_handles)
    assert set(Creator.objects.values_list("handle", flat=True)) == sample_handles
