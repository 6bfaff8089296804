"""The creator's metrics page (GET /creators/<handle>/): server time in process (Django's test client,
production settings), p50 and p95 over many creators, with the CPU time of each page beside it; on SQLite
at 100,000 creators (goal p95 <= 20 ms) and on PostgreSQL at 1,000,000 (goal p95 <= 30 ms), each creator
with their videos, follower snapshots and audience.

The creators are made once and kept under bench/data/: `vetrina seed` writes TEMPLATE_CREATORS of them
(seed 1, every number computed) into metrics-page-template-10000, and bench.metrics_page_data copies
those into metrics-page-100000 (SQLite) and into a PostgreSQL cluster kept in
metrics-page-postgresql-1000000 (scripts/with-postgres.sh, VETRINA_PG_KEEP). `--data-dir` measures
another SQLite folder instead (it is migrated and written to: use a copy of one you care about);
VETRINA_BENCH_PG_CREATORS sets the PostgreSQL size, 0 leaves PostgreSQL out. A folder is migrated, has
its static files collected (production pages need the manifest) and gets a brand member to sign in as;
the SQLite one also has its peers' numbers recomputed (a migration may have added some). The measuring
runs in a child process with the folder as its data folder, since Django is set up once per process.
Run with `python -m bench metrics-page [--data-dir DIR] [--creators N]`.
"""

import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.brand import brand_member
from bench.commands import environment, run_vetrina
from bench.timing import summary_ms

DEFAULT_CREATORS = 100_000
POSTGRESQL_CREATORS = int(os.environ.get("VETRINA_BENCH_PG_CREATORS", 1_000_000))
TEMPLATE_CREATORS = 10_000  # seeded once; both sizes are whole numbers of copies of them
SEED = 1
GOALS_P95_MS = {"sqlite": 20.0, "postgresql": 30.0}  # issue #26
SAMPLED_CREATORS = 500  # distinct pages, so that no one creator's rows stay hot in every cache
RUNS = 1_000
WARMUP = 50
TOGGLE_RUNS = 300
ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
READY = "bench-ready.json"  # written once a folder is built: a half-built one is built again


def default_data_dir(creators: int) -> Path:
    return DATA / f"metrics-page-{creators}"


def template() -> Path:
    """The seeded creators every size is copied from, made the first time."""
    folder = DATA / f"metrics-page-template-{TEMPLATE_CREATORS}"
    if not (folder / READY).exists():
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        print(f"  seeding {folder} with {TEMPLATE_CREATORS:,} creators (once)…", file=sys.stderr)
        run_vetrina(["migrate", "--verbosity", "0"], folder)
        seeded = run_vetrina(["seed", "--creators", str(TEMPLATE_CREATORS), "--seed", str(SEED)], folder)
        built = {"creators": TEMPLATE_CREATORS, "seed": SEED, "seed_seconds": seeded["seconds"]}
        (folder / READY).write_text(json.dumps(built) + "\n")
    return folder


def _copies_of_template(wrapper: list[str], data_dir: Path, creators: int) -> None:
    """Builds `data_dir` (once) from copies of the template, in a child process: SQLite without a wrapper,
    PostgreSQL under scripts/with-postgres.sh."""
    if (data_dir / READY).exists():
        return
    shutil.rmtree(data_dir, ignore_errors=True)  # half-built
    data_dir.mkdir(parents=True)
    source = template()
    print(f"  building {data_dir} with {creators:,} creators (once)…", file=sys.stderr)
    env = {**environment(data_dir), "PYTHONPATH": str(ROOT)}
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        command = [sys.executable, "-m", "bench.metrics_page_data", "--template", str(source)]
        command += ["--creators", str(creators), "--data-dir", str(data_dir), "--out", out.name]
        subprocess.run([*wrapper, *command], env=env, cwd=ROOT, check=True)
        built = json.loads(Path(out.name).read_text())
    (data_dir / READY).write_text(json.dumps(built) + "\n")


def prepare(data_dir: Path, *, creators: int, build: bool) -> None:
    """Build the folder when it is ours and not built yet; bring any folder to this code's schema."""
    if build:
        _copies_of_template([], data_dir, creators)
    run_vetrina(["migrate", "--verbosity", "0"], data_dir)
    # Numbers a migration added (percentiles) are filled in by the peers' pass: a few seconds.
    run_vetrina(
        ["shell", "-c", "from vetrina.metrics.peers import peers_recompute; peers_recompute()"], data_dir
    )
    run_vetrina(["collectstatic", "--noinput", "--verbosity", "0"], data_dir)


def run(*, creators: int = DEFAULT_CREATORS, data_dir: Path | None = None) -> dict[str, Any]:
    folder = data_dir or default_data_dir(creators)
    prepare(folder, creators=creators, build=data_dir is None)
    figures = _measure_in_child([], folder)
    if POSTGRESQL_CREATORS:
        figures["postgresql"] = run_postgresql(POSTGRESQL_CREATORS)
    return figures


def run_postgresql(creators: int) -> dict[str, Any]:
    """The PostgreSQL part, on a cluster kept under bench/data (a million creators take minutes to copy)."""
    folder = DATA / f"metrics-page-postgresql-{creators}"
    wrapper = ["env", f"VETRINA_PG_KEEP={folder / 'cluster'}", str(ROOT / "scripts" / "with-postgres.sh")]
    _copies_of_template(wrapper, folder, creators)
    return _measure_in_child(wrapper, folder)


def _measure_in_child(wrapper: list[str], folder: Path) -> dict[str, Any]:
    print(f"  measuring on {folder}…", file=sys.stderr)
    env = {
        **environment(folder),
        "DJANGO_SETTINGS_MODULE": "vetrina.config.settings",
        "PYTHONPATH": str(ROOT),
    }
    # The child's output goes to a file: a pipe nobody reads while it runs could fill and block it.
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        subprocess.run(
            [*wrapper, sys.executable, "-m", "bench.metrics_page", out.name], env=env, cwd=ROOT, check=True
        )
        figures = json.loads(Path(out.name).read_text())
    figures["data"]["folder"] = str(
        folder.relative_to(ROOT) if folder.resolve().is_relative_to(ROOT) else folder
    )
    if (folder / READY).exists():
        figures["data"]["built"] = json.loads((folder / READY).read_text())
    return figures


# --- In the child process: Django set up on the data folder ------------------------------------


def measure() -> dict[str, Any]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.metrics_page_data import sizes
    from vetrina.creators.models import Creator, Video

    if connection.vendor == "postgresql":  # the SQLite folder was prepared by the parent
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)

    brand = brand_member("bench-brand@vetrina.test")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(brand)

    # Creators drawn at random over the whole table, the same ones each run (a fixed seed).
    ids = list(Creator.objects.filter(verified=True).values_list("pk", flat=True))
    picked = random.Random(SEED).sample(ids, min(SAMPLED_CREATORS + WARMUP, len(ids)))
    handles = dict(Creator.objects.filter(pk__in=picked).values_list("pk", "handle"))
    urls = [f"/creators/{handles[pk]}/" for pk in picked]
    warmup, measured = urls[:WARMUP], urls[WARMUP:]

    def get(url: str, **extra: Any) -> None:
        response = client.get(url, secure=True, **extra)  # production settings redirect plain HTTP
        assert response.status_code == 200, (url, response.status_code)

    for url in warmup:
        get(url)
    queries = set()
    for url in measured[:20]:
        with CaptureQueriesContext(connection) as captured:
            get(url)
        queries.add(len(captured))

    load_before = os.getloadavg()
    wall: list[float] = []
    cpu: list[float] = []
    for n in range(RUNS):
        url = measured[n % len(measured)]
        start, start_cpu = time.perf_counter(), time.process_time()
        get(url)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    toggle = []
    for n in range(TOGGLE_RUNS):
        start = time.perf_counter()
        get(measured[n % len(measured)], query_params={"videos": "popular"}, headers={"HX-Request": "true"})
        toggle.append((time.perf_counter() - start) * 1000)
    load_after = os.getloadavg()

    latency = summary_ms(wall)
    goal = GOALS_P95_MS[connection.vendor]
    return {
        "what": (
            "GET /creators/<handle>/ (the whole metrics page), in process through Django's test client "
            "with production settings, signed in as a brand member; each run a different creator of "
            f"{min(SAMPLED_CREATORS, len(measured))} drawn at random, after {WARMUP} warm-up pages"
        ),
        "data": {
            "creators": Creator.objects.count(),
            "verified_creators": len(ids),
            "videos": Video.objects.count(),
            "sizes": sizes(),
        },
        "database": connection.vendor,
        "queries_per_page": sorted(queries),
        "latency": latency,
        "cpu_time": {key: value for key, value in summary_ms(cpu).items() if key != "runs"},
        "sample_videos_toggle": summary_ms(toggle),
        "goal": f"p95 <= {goal:g} ms",
        "goal_met": latency["p95_ms"] <= goal,
        # Server time is wall time: on a machine shared with other work it grows with the load.
        "load_average_1m": {"before": round(load_before[0], 2), "after": round(load_after[0], 2)},
    }


if __name__ == "__main__":
    Path(sys.argv[1]).write_text(json.dumps(measure()))
