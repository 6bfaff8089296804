import io
import json
import multiprocessing
import os
import time
from pathlib import Path

import orjson
import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command

from vetrina.creators.models import Creator, Video
from vetrina.creators.tests.factories import as_lines, line_data, video_data
from vetrina.demo import streaming
from vetrina.demo.generator import generate_creators
from vetrina.demo.services import DEMO_AS_OF
from vetrina.demo.streaming import CannotWrite, generated_rows
from vetrina.ingest.importing import creators_import


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_imports_the_creators_it_generates_and_writes_their_lines(db, tmp_path, settings):
    # given
    path = tmp_path / "creators.jsonl"
    # when
    out, err = run("seed", "--creators", "50", "--seed", "3", "--out", str(path))
    # then
    assert out.splitlines() == [
        "Created: 50, updated: 0, unchanged: 0, bad: 0.",
        f"1 inauthentic creator, listed in {settings.DATA_DIR / 'seed-labels.json'}.",
        f"Lines written to {path}.",
    ]
    assert err == ""
    assert Creator.objects.count() == 50
    assert not Creator.objects.filter(metrics_computed_at__isnull=True).exists()
    assert Creator.objects.filter(reach__isnull=False, engagement_rate__isnull=False).count() == 50
    # and the file holds exactly what was imported
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 50
    report = creators_import(lines=lines)
    assert (report.created, report.updated, report.unchanged, report.bad) == (0, 0, 50, 0)
    # and it is, byte for byte, the generator's lines as orjson writes them
    generated = generate_creators(count=50, seed=3, as_of=DEMO_AS_OF, markets=settings.SERVED_MARKETS)
    assert path.read_bytes() == b"".join(orjson.dumps(creator.line) + b"\n" for creator in generated)


def test_it_refuses_a_lines_file_it_cannot_write_before_seeding(db, tmp_path):
    # when
    with pytest.raises(
        CommandError, match=r"^Cannot write .*missing/creators\.jsonl: No such file or directory$"
    ):
        run("seed", "--creators", "5", "--out", str(tmp_path / "missing" / "creators.jsonl"))
    # then
    assert not Creator.objects.exists()


def test_generating_says_why_it_cannot_write_the_lines_file(tmp_path):
    # given a folder that is not there (the command checks first; a disk can fill up later)
    rows = generated_rows(
        count=3,
        seed=3,
        as_of=DEMO_AS_OF,
        markets=["US"],
        vendor="sqlite",
        out=tmp_path / "missing" / "creators.jsonl",
    )
    # when / then
    with pytest.raises(CannotWrite, match=r"^No such file or directory$"):
        list(rows)


def test_the_same_seed_again_changes_nothing(db):
    # given
    run("seed", "--creators", "20", "--seed", "3")
    # when
    out, _err = run("seed", "--creators", "20", "--seed", "3")
    # then
    assert out.startswith("Created: 0, updated: 0, unchanged: 20, bad: 0.\n")


def test_it_labels_the_inauthentic_creators_in_the_data_folder_only(db, settings):
    # when
    run("seed", "--creators", "120", "--seed", "3")
    # then the labels file lists the generator's inauthentic creators, its viral ones and its
    # look-alike families (creators 108 to 119 are the first)
    generated = list(generate_creators(count=120, seed=3, as_of=DEMO_AS_OF))
    inauthentic = [
        {"handle": creator.handle, "signs": list(creator.signs)}
        for creator in generated
        if creator.inauthentic
    ]
    assert inauthentic  # seed 3 makes some among its first 120
    labels = json.loads((Path(settings.DATA_DIR) / "seed-labels.json").read_text(encoding="utf-8"))
    assert labels == {
        "seed": 3,
        "as_of": "2026-11-20",
        "creators": 120,
        "inauthentic": inauthentic,
        "viral": [creator.handle for creator in generated if creator.viral],
        "families": {"9": [creator.handle for creator in generated[108:120]]},
    }
    # and nothing in the database holds the label: no column for it, no value mentioning it
    columns = [field.name for model in apps.get_models() for field in model._meta.get_fields()]
    assert not [name for name in columns if "inauthentic" in name or "seed" in name or "family" in name]
    for row in Creator.objects.values():
        assert not [value for value in row.values() if "inauthentic" in str(value).lower()]
    assert not Video.objects.filter(caption__icontains="inauthentic").exists()
    handle = inauthentic[0]["handle"]
    assert Creator.objects.filter(handle=handle).exists()  # imported like any other


def test_it_fails_when_a_generated_line_does_not_import(db):
    # given a creator stored with a video id the first generated creator will claim as its own
    first = next(generate_creators(count=1, seed=1, as_of=DEMO_AS_OF, markets=django_settings.SERVED_MARKETS))
    taken = first.line["videos"][0]["id"]
    creators_import(lines=as_lines(line_data(handle="already.here", videos=[video_data(id=taken)])))
    out, err = io.StringIO(), io.StringIO()
    # when / then
    with pytest.raises(CommandError, match=r"^1 generated line was not imported\.$"):
        call_command("seed", "--creators", "3", stdout=out, stderr=err)
    assert (
        f"line 1 (@{first.handle}): videos[0].id: video {taken} already belongs to another creator, @already.here"
        in (err.getvalue())
    )
    assert out.getvalue().startswith("Created: 2, updated: 0, unchanged: 0, bad: 1.\n")
    assert not Creator.objects.filter(handle=first.handle).exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--creators", "0"], "must be a whole number of at least 1"),
        (["--creators", "5", "--as-of", "20261120"], "must be a date written YYYY-MM-DD"),
        (["--creators", "5", "--as-of", "1999-12-31"], "The data date must be between"),
        # within the generator's range, but the import would refuse every line as from the future
        (["--creators", "5", "--as-of", "2037-01-01"], "The data date must not be after"),
    ],
)
def test_it_refuses_arguments_it_cannot_honour(db, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("seed", *args, stdout=io.StringIO(), stderr=io.StringIO())
    assert not Creator.objects.exists()


def test_it_generates_only_the_markets_vetrina_serves(db, settings):
    # given
    settings.SERVED_MARKETS = ["GB", "DE"]
    # when
    run("seed", "--creators", "20")
    # then
    assert set(Creator.objects.values_list("country", flat=True)) == {"GB", "DE"}


def test_a_generators_process_that_dies_without_a_word_stops_the_seed(monkeypatch):
    # given a child that is gone and handed over nothing (killed, or Django failed to set up in it)
    monkeypatch.setattr(streaming, "CHILD_CHECK_SECONDS", 0.01)
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    dead = context.Process(target=os._exit, args=(9,))
    dead.start()
    dead.join()
    # when / then: the caller hears of it instead of waiting forever
    with pytest.raises(RuntimeError, match=r"ended without finishing \(exit code 9\)"):
        streaming._next_chunk(queue, dead)


def test_a_generators_process_killed_while_another_waits_for_it_stops_the_seed(monkeypatch):
    # given a child waiting (for the handles of the one before it, say) and the one before it killed
    monkeypatch.setattr(streaming, "CHILD_CHECK_SECONDS", 0.01)
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    waiting = context.Process(target=time.sleep, args=(60,))
    killed = context.Process(target=os._exit, args=(9,))
    waiting.start()
    killed.start()
    killed.join()
    try:
        # when / then
        with pytest.raises(RuntimeError, match=r"ended without finishing \(exit code 9\)"):
            streaming._next_chunk(queue, waiting, [killed, waiting])
    finally:
        waiting.terminate()
        waiting.join()
