"""The creator's metrics page (GET /creators/<handle>/) at 100,000 creators on SQLite: server time in
process (Django's test client, production settings), p50 and p95 over many creators; goal p95 ≤ 60 ms.

The data folder is built once by `vetrina seed` (seed 1, numbers computed) into bench/data/ and
reused afterwards; `--data-dir` points at another one instead. Either is migrated, has its peers'
numbers recomputed, gets its static files collected (production pages need the manifest) and a
brand member to sign in as: use a copy of a folder you care about. The measuring runs in a child process with the folder as its data
folder, since Django is set up once per process and other benchmarks set it up on theirs.
Run with `python -m bench metrics-page [--data-dir DIR] [--creators N]`.
"""

import json
import os
import random
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
SEED = 1
GOAL_P95_MS = 60.0
SAMPLED_CREATORS = 500  # distinct pages, so that no one creator's rows stay hot in every cache
RUNS = 1_000
WARMUP = 50
TOGGLE_RUNS = 300
ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
READY = "bench-ready.json"  # written once a folder is built: a half-built one is built again


def default_data_dir(creators: int) -> Path:
    return DATA / f"metrics-page-{creators}"


def prepare(data_dir: Path, *, creators: int, build: bool) -> None:
    """Build the folder when it is ours and not built yet; bring any folder to this code's schema."""
    if build and not (data_dir / READY).exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        for leftover in data_dir.glob("vetrina.sqlite3*"):
            leftover.unlink()
        print(f"  building {data_dir} with {creators:,} creators (once)…", file=sys.stderr)
        run_vetrina(["migrate", "--verbosity", "0"], data_dir)
        seeded = run_vetrina(["seed", "--creators", str(creators), "--seed", str(SEED)], data_dir)
        built = {"creators": creators, "seed": SEED, "seed_seconds": seeded["seconds"]}
        (data_dir / READY).write_text(json.dumps(built) + "\n")
    run_vetrina(["migrate", "--verbosity", "0"], data_dir)
    # Numbers a migration added (percentiles) are filled in by the peers' pass: a few seconds.
    run_vetrina(
        ["shell", "-c", "from vetrina.metrics.peers import peers_recompute; peers_recompute()"], data_dir
    )
    run_vetrina(["collectstatic", "--noinput", "--verbosity", "0"], data_dir)


def run(*, creators: int = DEFAULT_CREATORS, data_dir: Path | None = None) -> dict[str, Any]:
    folder = data_dir or default_data_dir(creators)
    prepare(folder, creators=creators, build=data_dir is None)
    print(f"  measuring on {folder}…", file=sys.stderr)
    # The child's output goes to a file: a pipe nobody reads while it runs could fill and block it.
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        subprocess.run(
            [sys.executable, "-m", "bench.metrics_page", out.name],
            env={**environment(folder), "DJANGO_SETTINGS_MODULE": "vetrina.config.settings"},
            cwd=ROOT,
            check=True,
        )
        figures = json.loads(Path(out.name).read_text())
    root = Path(__file__).resolve().parent.parent
    figures["data"]["folder"] = str(
        folder.relative_to(root) if folder.resolve().is_relative_to(root) else folder
    )
    if (folder / READY).exists():
        figures["data"]["built"] = json.loads((folder / READY).read_text())
    return figures


# --- In the child process: Django set up on the data folder ------------------------------------


def measure() -> dict[str, Any]:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from vetrina.creators.models import Creator, Video

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
        },
        "database": connection.vendor,
        "queries_per_page": sorted(queries),
        "latency": latency,
        "cpu_time": {key: value for key, value in summary_ms(cpu).items() if key != "runs"},
        "sample_videos_toggle": summary_ms(toggle),
        "goal": f"p95 <= {GOAL_P95_MS:g} ms",
        "goal_met": latency["p95_ms"] <= GOAL_P95_MS,
        # Server time is wall time: on a machine shared with other work it grows with the load.
        "load_average_1m": {"before": round(load_before[0], 2), "after": round(load_after[0], 2)},
    }


if __name__ == "__main__":
    Path(sys.argv[1]).write_text(json.dumps(measure()))
