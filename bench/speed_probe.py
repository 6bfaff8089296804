"""How fast this machine runs Vetrina's own Python at the moment: the CPU time of making and preparing a
thousand demo creators in one process, as `vetrina seed`'s generating processes do (the generator, then
the rows and numbers an import works out for each line).

The machine's cores are lent by a host that lends them to others too, and what a core gets done in a
second moves with that: on 7 December the same 3,000 lines of the import file were read and prepared at
679-724 µs a line at 03:45 UTC and at 425-430 µs at 04:33, by the same code. A benchmark's wall times
say little on their own then. `bench ingest` records this probe before and after each database's part,
so that two runs can be compared by the machine's speed as well as by their code.

Run as `python -m bench.speed_probe`: it prints the probe's figure, microseconds of CPU a creator.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CREATORS = 1_000
ROUNDS = 3  # the median round is kept: a round can land on a moment the host takes the core away


def probe() -> float:
    """The probe's figure, from a process of its own (Django set up there, not in the caller)."""
    with tempfile.TemporaryDirectory(prefix="vetrina-speed-probe-") as data_dir:
        env = {**os.environ, "VETRINA_DATA_DIR": data_dir}
        env.pop("DATABASE_URL", None)
        # `-m` from ROOT finds the bench package there, as `python -m bench` does.
        done = subprocess.run(
            [sys.executable, "-m", "bench.speed_probe"], env=env, cwd=ROOT, check=True, capture_output=True
        )
    return float(json.loads(done.stdout))


def _measured() -> float:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vetrina.config.settings")
    import django

    django.setup()
    from vetrina.demo.generator import generate_creators
    from vetrina.demo.services import DEMO_AS_OF
    from vetrina.ingest.preparing import prepare_record

    rounds = []
    for _round in range(ROUNDS):
        started = time.process_time()
        for number, creator in enumerate(generate_creators(count=CREATORS, seed=1, as_of=DEMO_AS_OF), 1):
            prepare_record(number, creator.record, vendor="sqlite")
        rounds.append((time.process_time() - started) / CREATORS * 1e6)
    return round(statistics.median(rounds), 1)


if __name__ == "__main__":
    print(json.dumps(_measured()))
