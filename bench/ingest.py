"""How fast demo data goes in: seed, import and recompute N creators on SQLite (issue: demo data).

Each phase runs as its own `vetrina` process on a fresh data folder, so its wall time, peak memory
and the database it leaves are its own. Run with `python -m bench ingest [--creators N]`.
"""

import sys
from pathlib import Path
from typing import Any

from bench.commands import run_vetrina

DEFAULT_CREATORS = 100_000
SEED = 1


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
        run_vetrina(["migrate", "--verbosity", "0"], folder)
    print(f"  seeding {creators:,} creators…", file=sys.stderr)
    seed = run_vetrina(
        ["seed", "--creators", str(creators), "--seed", str(SEED), "--out", str(lines)], seeded
    )
    rows = _rows(seeded)
    print(f"  importing {lines.stat().st_size / 1024 / 1024:.0f} MiB…", file=sys.stderr)
    import_ = run_vetrina(["import", str(lines)], imported)
    recompute = run_vetrina(["recompute"], imported)
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
