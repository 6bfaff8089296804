"""Similar creators (issue #25): how often the lookup finds the look-alikes the demo generator
planted, and how long it takes. Run with `python -m bench similar [--creators N]`.

Two parts, each on a fresh SQLite data folder, each measured in a process of its own
(`python -m bench.similar precision|speed DATA_DIR`, Django reading that folder):
- precision: `vetrina seed` of 10,000 creators; for every verified creator planted in a family, the
  share of its ten similar creators that are of its family (out of at most ten verified kin). The
  families are read from the labels file here, by the benchmark, never by Vetrina.
- speed: 100,000 creators written by bench.search_data (profiles, numbers and audiences: what the
  lookup reads); GET /api/v1/creators/{handle}/similar for 200 verified creators picked at random,
  in process, as a brand member, and the lookup alone beside it.
"""

import json
import os
import random
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

from bench.commands import environment, run_vetrina

ROOT = Path(__file__).resolve().parent.parent
PRECISION_CREATORS = 10_000
SPEED_CREATORS = 100_000
SEED = 1
GOAL_PRECISION = 0.8
GOAL_P95_MS = 50
LOOKUPS = 200
BENCH_USER = "bench-similar@brand.test"


def run(work: Path, *, creators: int | None = None) -> dict[str, Any]:
    seeded = work / "precision"
    seeded.mkdir()
    print(f"  precision: seeding {PRECISION_CREATORS:,} creators…", file=sys.stderr)
    run_vetrina(["migrate", "--verbosity", "0"], seeded)
    run_vetrina(
        ["seed", "--creators", str(PRECISION_CREATORS), "--seed", str(SEED), "--verbosity", "0"], seeded
    )
    precision = _child("precision", seeded)
    large = work / "speed"
    large.mkdir()
    count = creators or SPEED_CREATORS
    print(f"  speed: writing {count:,} creators…", file=sys.stderr)
    run_vetrina(["migrate", "--verbosity", "0"], large)
    speed = _child("speed", large, str(count))
    return {
        "what": (
            "precision@10 of GET /api/v1/creators/{handle}/similar against the demo generator's "
            "look-alike families (seed-labels.json), and its p95 in process on SQLite, beside the "
            "lookup alone (metrics.similar.similar_creators)"
        ),
        "goals": {"precision_at_10": GOAL_PRECISION, "p95_ms": GOAL_P95_MS},
        "precision": precision,
        "speed": speed,
        "goals_met": {
            "precision_at_10": precision["precision_at_10"] >= GOAL_PRECISION,
            "p95_ms": speed["api"]["p95_ms"] <= GOAL_P95_MS,
        },
    }


def _child(part: str, data_dir: Path, *args: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "bench.similar", part, str(data_dir), *args],
        env={**environment(data_dir), "PYTHONPATH": str(ROOT)},
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"bench.similar {part} failed:\n{done.stdout}\n{done.stderr}")
    return dict(json.loads(done.stdout))


def precision() -> dict[str, Any]:
    from django.conf import settings

    from vetrina.creators.models import Creator
    from vetrina.metrics.similar import similar_creators

    labels = json.loads((Path(settings.DATA_DIR) / "seed-labels.json").read_text(encoding="utf-8"))
    family_of = {handle: family for family, handles in labels["families"].items() for handle in handles}
    planted = {c.handle: c for c in Creator.objects.filter(handle__in=list(family_of), verified=True)}
    per_creator = []
    for handle, creator in planted.items():
        kin = {other for other in planted if other != handle and family_of[other] == family_of[handle]}
        if not kin:
            continue
        found = [item.handle for item in similar_creators(creator, limit=10)]
        per_creator.append(sum(other in kin for other in found) / min(10, len(kin)))
    return {
        "creators": Creator.objects.count(),
        "seed": labels["seed"],
        "families": len(labels["families"]),
        "planted_verified": len(planted),
        "measured": len(per_creator),
        "precision_at_10": round(statistics.mean(per_creator), 4),
        "all_ten_found": sum(1 for value in per_creator if value == 1.0),
    }


def speed(count: int) -> dict[str, Any]:
    from django.test import Client

    from bench import search_data
    from bench.brand import brand_member
    from bench.timing import measure_side_by_side_ms
    from vetrina.creators.models import Creator
    from vetrina.metrics.similar import similar_creators

    built = search_data.build(count)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(brand_member(BENCH_USER))
    handles = list(Creator.objects.filter(verified=True).values_list("handle", flat=True))
    picked = random.Random(SEED).sample(handles, LOOKUPS)
    creators = {c.handle: c for c in Creator.objects.filter(handle__in=picked)}
    turn = iter(range(10**9))

    def api() -> None:
        handle = picked[next(turn) % LOOKUPS]
        response = client.get(f"/api/v1/creators/{handle}/similar", secure=True)
        assert response.status_code == 200, response.content

    lookups = iter(range(10**9))

    def lookup_alone() -> None:
        similar_creators(creators[picked[next(lookups) % LOOKUPS]], limit=10)

    timings = measure_side_by_side_ms({"api": api, "lookup": lookup_alone}, warmup=10, runs=LOOKUPS)
    return {"database": "sqlite", **built, **timings}


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vetrina.config.settings")
    import django

    django.setup()
    part, data_dir = sys.argv[1], sys.argv[2]
    figures = precision() if part == "precision" else speed(int(sys.argv[3]))
    print(json.dumps(figures))
