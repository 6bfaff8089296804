"""How fast demo data goes in: seed, import and recompute N creators on SQLite (issue: demo data).

Each phase runs as its own `vetrina` process on a fresh data folder, so its wall time, peak memory
and the database it leaves are its own. Run with `python -m bench ingest [--creators N]`.
"""

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

VETRINA = Path(sys.executable).parent / "vetrina"
DEFAULT_CREATORS = 100_000
SEED = 1


def _run(args: list[str], data_dir: Path) -> dict[str, Any]:
    """Run one `vetrina` command; its wall time and peak resident memory (its own and its children's)."""
    env = {**os.environ, "VETRINA_DATA_DIR": str(data_dir)}
    env.pop("DATABASE_URL", None)
    start = time.perf_counter()
    process = subprocess.Popen([str(VETRINA), *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    out = process.stdout.read().decode() if process.stdout else ""
    err = process.stderr.read().decode() if process.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"vetrina {' '.join(args)} failed:\n{out}\n{err}")
    return {
        "seconds": round(seconds, 2),
        "peak_rss_mib": round(usage.ru_maxrss / 1024, 1),
        "output": out.strip(),
    }


def _rows(data_dir: Path) -> dict[str, int]:
    import sqlite3

    with sqlite3.connect(data_dir / "vetrina.sqlite3") as db:
        tables = {
            "creators": "creators_creator",
            "videos": "creators_video",
            "follower_snapshots": "creators_followersnapshot",
            "audience_countries": "creators_audiencecountry",
        }
        return {
            name: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for name, table in tables.items()
        }


def _database_mib(data_dir: Path) -> float:
    files = [data_dir / name for name in ("vetrina.sqlite3", "vetrina.sqlite3-wal")]
    return round(sum(file.stat().st_size for file in files if file.exists()) / 1024 / 1024, 1)


def _phase(name: str, figures: dict[str, Any], rows: dict[str, int]) -> dict[str, Any]:
    total_rows = sum(rows.values())
    print(f"  {name}: {figures['seconds']} s, peak {figures['peak_rss_mib']} MiB", file=sys.stderr)
    return {
        **figures,
        "rows_per_second": round(total_rows / figures["seconds"]),
        "creators_per_second": round(rows["creators"] / figures["seconds"]),
    }


def run(work: Path, *, creators: int = DEFAULT_CREATORS) -> dict[str, Any]:
    seeded, imported = work / "seeded", work / "imported"
    lines = work / "creators.jsonl"
    for folder in (seeded, imported):
        folder.mkdir()
        _run(["migrate", "--verbosity", "0"], folder)
    print(f"  seeding {creators:,} creators…", file=sys.stderr)
    seed = _run(["seed", "--creators", str(creators), "--seed", str(SEED), "--out", str(lines)], seeded)
    rows = _rows(seeded)
    print(f"  importing {lines.stat().st_size / 1024 / 1024:.0f} MiB…", file=sys.stderr)
    import_ = _run(["import", str(lines)], imported)
    recompute = _run(["recompute"], imported)
    phases = {
        "seed": _phase("seed", seed, rows),
        "import": _phase("import", import_, _rows(imported)),
        "recompute": _phase("recompute", recompute, rows),
    }
    return {
        "what": (
            "vetrina seed (generate + import + numbers), vetrina import of the file it wrote into an "
            "empty database, vetrina recompute of every creator; each a separate process, SQLite"
        ),
        "data": {
            "creators": creators,
            "seed": SEED,
            "rows": rows,
            "file_mib": round(lines.stat().st_size / 2**20),
        },
        "database_mib": _database_mib(imported),
        "phases": phases,
        "total_seconds": round(sum(phase["seconds"] for phase in phases.values()), 2),
        "goal": "each phase under 180 s and 2 GiB peak memory",
    }
