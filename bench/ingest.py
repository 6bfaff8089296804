"""How fast creators go in: seed, import and recompute N creators, on SQLite and on PostgreSQL (issue #26).

Each phase runs as its own `vetrina` process, so that its wall time, CPU time, peak memory and the
database it leaves are its own: `vetrina seed` into one database, the goal's command as a user runs it;
the same seed into another, writing its lines to a file (`--out`, a gigabyte at 100,000 creators:
timed, but with no goal of its own); `vetrina import` of that file into another, empty one (IMPORT_RUNS
times, each into a new one), then `vetrina recompute` of every creator there. The PostgreSQL part runs
in a process of its own inside scripts/with-postgres.sh, on a throwaway cluster, with the same seed and
so the same file. Run with `python -m bench ingest [--creators N] [--database sqlite|postgresql]`; with
one database, the other's figures are kept from the last run (each part says when and at what load it
was measured).
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.commands import run_vetrina
from bench.speed_probe import probe

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CREATORS = 100_000
SEED = 1
DATABASES = ("sqlite", "postgresql")
TABLES = {
    "creators": "creators_creator",
    "videos": "creators_video",
    "follower_snapshots": "creators_followersnapshot",
    "audience_countries": "creators_audiencecountry",
}
GOALS = {"import_seconds": 60, "recompute_seconds": 30, "seed_seconds": 90, "peak_rss_mib": 2048}
# The import runs this many times, each into a new empty database, and its figures are the median run's
# (its peak memory the highest of them), each run's wall time beside them. One run said little: on one
# day the same code's import of 100,000 creators into PostgreSQL took 58.9 to 74.5 s, as other work on
# the machine's host came and went (the CPU time moved with it, the same work taking up to 20 % more).
IMPORT_RUNS = 3


def run(
    work: Path, *, creators: int = DEFAULT_CREATORS, databases: tuple[str, ...] = DATABASES
) -> dict[str, Any]:
    parts: dict[str, Any] = {}
    for database in databases:
        folder = work / database
        folder.mkdir()
        load_before = os.getloadavg()
        speed_before = probe()
        if database == "sqlite":
            part = _phases(folder, creators, seeded=_SQLite(folder / "seeded"))
        else:
            part = _postgresql_part(folder, creators)
        parts[database] = {
            **part,
            "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            # Other work on the machine slows the wall times: the 1, 5 and 15 minute load averages.
            "load_average": {"before": load_before, "after": os.getloadavg()},
            # How fast the machine ran Vetrina's Python meanwhile (bench.speed_probe): µs of CPU a creator.
            "speed_probe_us": {"before": speed_before, "after": probe()},
        }
    for part in parts.values():
        phases = part["phases"]
        part["goals_met"] = {
            "import": phases["import"]["seconds"] <= GOALS["import_seconds"],
            "recompute": phases["recompute"]["seconds"] <= GOALS["recompute_seconds"],
            "seed": phases["seed"]["seconds"] <= GOALS["seed_seconds"],
            "peak_memory": all(phase["peak_rss_mib"] <= GOALS["peak_rss_mib"] for phase in phases.values()),
        }
    return {
        "what": (
            "vetrina seed (generate + import + numbers) into one database; the same seed into another, "
            "writing the lines to a file (seed_writing_lines); vetrina import of that file into another, "
            "empty database; vetrina recompute of every creator there; each a separate process, on SQLite "
            "and on PostgreSQL (a throwaway cluster)"
        ),
        "goals": GOALS,
        **parts,
    }


class _SQLite:
    def __init__(self, data_dir: Path) -> None:
        data_dir.mkdir()
        self.data_dir = data_dir
        self.url: str | None = None

    def another(self, name: str) -> "_SQLite":
        """A new database beside this one."""
        return _SQLite(self.data_dir.parent / name)

    def drop(self) -> None:
        shutil.rmtree(self.data_dir)

    def rows(self) -> dict[str, int]:
        import sqlite3

        with sqlite3.connect(self.data_dir / "vetrina.sqlite3") as db:
            return {
                name: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for name, table in TABLES.items()
            }

    def cpu_seconds(self) -> float | None:
        return None  # SQLite works inside the vetrina process, whose CPU time is counted already

    def mib(self) -> float:
        files = [self.data_dir / name for name in ("vetrina.sqlite3", "vetrina.sqlite3-wal")]
        return round(sum(file.stat().st_size for file in files if file.exists()) / 2**20, 1)


class _PostgreSQL:
    def __init__(self, data_dir: Path, url: str) -> None:
        data_dir.mkdir()
        self.data_dir = data_dir  # the secret key and the seed's labels
        self.url = url

    def another(self, name: str) -> "_PostgreSQL":
        """A new database on the same cluster."""
        database = f"vetrina_{name.replace('-', '_')}"
        self._maintenance(f"CREATE DATABASE {database}")
        return _PostgreSQL(self.data_dir.parent / name, f"{_cluster_and_database(self.url)[0]}/{database}")

    def drop(self) -> None:
        self._maintenance(f"DROP DATABASE {_cluster_and_database(self.url)[1]}")
        shutil.rmtree(self.data_dir)

    def _maintenance(self, sql: str) -> None:
        """A statement that no transaction may hold, run from the cluster's own database."""
        import psycopg

        with psycopg.connect(f"{_cluster_and_database(self.url)[0]}/postgres", autocommit=True) as db:
            db.execute(sql)

    def _one(self, sql: str) -> Any:
        import psycopg

        with psycopg.connect(self.url) as db:
            row = db.execute(sql).fetchone()
            assert row is not None
            return row[0]

    def rows(self) -> dict[str, int]:
        return {name: int(self._one(f"SELECT count(*) FROM {table}")) for name, table in TABLES.items()}

    def cpu_seconds(self) -> float | None:
        """CPU time the cluster's processes have used so far (the server's work is not the vetrina
        process's): the postmaster's own and its ended children's, and its live children's, from /proc."""
        import psycopg

        with psycopg.connect(self.url) as db:
            row = db.execute("SELECT pg_backend_pid()").fetchone()
            assert row is not None
            postmaster = int(_proc_stat(row[0])[1])
        total = sum(int(tick) for tick in _proc_stat(postmaster)[11:15])  # utime stime cutime cstime
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit() and int(entry.name) != postmaster:
                try:
                    fields = _proc_stat(int(entry.name))
                except OSError:
                    continue  # ended meanwhile
                if int(fields[1]) == postmaster:
                    total += int(fields[11]) + int(fields[12])
        return round(total / os.sysconf("SC_CLK_TCK"), 2)

    def mib(self) -> float:
        return round(int(self._one("SELECT pg_database_size(current_database())")) / 2**20, 1)


type _Database = _SQLite | _PostgreSQL


def _cluster_and_database(url: str) -> tuple[str, str]:
    """A database URL's cluster (all before the last "/") and database name."""
    cluster, database = url.rsplit("/", 1)
    return cluster, database


def _proc_stat(pid: int) -> list[str]:
    """A process's /proc stat fields after its name: [state, ppid, …], utime at 11."""
    return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()


def _timed(database: _Database, args: list[str]) -> dict[str, Any]:
    """run_vetrina's figures, and on PostgreSQL the CPU time the server spent meanwhile.

    What the phase before wrote is on disk first (os.sync, untimed): the seed leaves gigabytes in the
    page cache (its file, its database), and the kernel wrote them out during the import, which then
    waited for the disk (6 to 28 s of it at 100,000 creators, the machine's CPUs idle)."""
    os.sync()
    before = database.cpu_seconds()
    figures = run_vetrina(args, database.data_dir, database_url=database.url)
    after = database.cpu_seconds()
    if before is not None and after is not None:
        figures["database_cpu_seconds"] = round(after - before, 2)
    return figures


def _phases(work: Path, creators: int, *, seeded: _Database) -> dict[str, Any]:
    """Seed into `seeded`, seed the same creators again into a database beside it writing their lines to
    a file (the database is then dropped), import the file into IMPORT_RUNS new databases, and recompute
    in the median run's (the others are dropped)."""
    lines = work / "creators.jsonl"
    _migrated(seeded)
    print(f"  seeding {creators:,} creators…", file=sys.stderr)
    seed_args = ["seed", "--creators", str(creators), "--seed", str(SEED)]
    seed = _timed(seeded, seed_args)
    rows = seeded.rows()
    print(f"  seeding {creators:,} creators again, writing their lines…", file=sys.stderr)
    writing = _migrated(seeded.another("writing"))
    seed_writing = _timed(writing, [*seed_args, "--out", str(lines)])
    writing.drop()
    file_mib = round(lines.stat().st_size / 2**20)
    runs: list[tuple[dict[str, Any], _Database]] = []
    for run in range(1, IMPORT_RUNS + 1):
        imported = _migrated(seeded.another(f"imported-{run}"))
        print(f"  importing {file_mib:,} MiB ({run} of {IMPORT_RUNS})…", file=sys.stderr)
        runs.append((_timed(imported, ["import", str(lines)]), imported))
    lines.unlink()  # a gigabyte at 100,000 creators
    import_, imported = sorted(runs, key=lambda run: run[0]["seconds"])[len(runs) // 2]
    for _figures, other in runs:
        if other is not imported:
            other.drop()
    imported_rows = imported.rows()
    recompute = _timed(imported, ["recompute"])
    return {
        "data": {"creators": creators, "seed": SEED, "rows": rows, "file_mib": file_mib},
        "database_mib": imported.mib(),
        "phases": {
            "seed": _phase("seed", seed, rows),
            "seed_writing_lines": _phase("seed writing lines", seed_writing, rows),
            "import": {
                **_phase("import", import_, imported_rows),
                "peak_rss_mib": max(figures["peak_rss_mib"] for figures, _database in runs),
                "runs_seconds": [figures["seconds"] for figures, _database in runs],
            },
            "recompute": _phase("recompute", recompute, imported_rows),
        },
    }


def _migrated[D: _Database](database: D) -> D:
    run_vetrina(["migrate", "--verbosity", "0"], database.data_dir, database_url=database.url)
    return database


def _phase(name: str, figures: dict[str, Any], rows: dict[str, int]) -> dict[str, Any]:
    seconds = figures["seconds"]
    database = (
        f", database CPU {figures['database_cpu_seconds']} s" if "database_cpu_seconds" in figures else ""
    )
    print(
        f"  {name}: {seconds} s (CPU {figures['cpu_seconds']} s{database}), peak {figures['peak_rss_mib']} MiB",
        file=sys.stderr,
    )
    return {
        **figures,
        "rows_per_second": round(sum(rows.values()) / seconds),
        "creators_per_second": round(rows["creators"] / seconds),
    }


def _postgresql_part(work: Path, creators: int) -> dict[str, Any]:
    out = work / "postgresql.json"
    command = [
        sys.executable,
        "-m",
        "bench.ingest",
        "--creators",
        str(creators),
        "--work",
        str(work),
        "--out",
        str(out),
    ]
    # The bench package from here; whatever PYTHONPATH already names (another checkout's src) after it.
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    subprocess.run([str(ROOT / "scripts" / "with-postgres.sh"), *command], check=True, env=env, cwd=ROOT)
    return dict(json.loads(out.read_text()))


def part_main() -> None:
    """The PostgreSQL part, inside scripts/with-postgres.sh: the seed in its database, the imports and the
    recompute in others on the same cluster."""
    parser = argparse.ArgumentParser(prog="python -m bench.ingest")
    parser.add_argument("--creators", type=int, required=True)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    options = parser.parse_args()
    figures = _phases(
        options.work,
        options.creators,
        seeded=_PostgreSQL(options.work / "seeded", os.environ["DATABASE_URL"]),
    )
    options.out.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    part_main()
