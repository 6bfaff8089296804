"""`python -m bench load`: `vetrina serve` under 16 simulated members (Locust, headless): 60 s on SQLite,
60 s on PostgreSQL, and 60 s on SQLite again while `vetrina import` of 6,000 creators runs.

Each part runs in a process of its own (the PostgreSQL one inside scripts/with-postgres.sh, on a
throwaway cluster): `vetrina demo --no-serve` makes the data (the demo's 2,000 creators and logins),
bench.load_setup the members, then `vetrina serve` serves it as in production and Locust drives it
(bench/locustfile.py). Figures per kind of request: requests/s, p50/p95, failures; the 5xx answers are
counted from the server's access log.
"""

import argparse
import csv
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VETRINA = Path(sys.executable).parent / "vetrina"
MEMBERS = 16
IMPORT_CREATORS = 6_000
WRITES = ("add to list", "contact")
GOALS = {"errors": 0, "server_errors": 0, "write_p95_ms_during_import": 1000}


def run(work: Path, *, seconds: int, users: int = MEMBERS) -> dict[str, Any]:
    sqlite_dir, import_dir = work / "sqlite", work / "sqlite-import"
    lines = work / "import.jsonl"
    print(f"  generating {IMPORT_CREATORS:,} creators to import…", file=sys.stderr)
    scratch = work / "scratch"
    _vetrina(["migrate", "--verbosity", "0"], scratch, {})
    _vetrina(["seed", "--creators", str(IMPORT_CREATORS), "--seed", "2", "--out", str(lines)], scratch, {})
    shutil.rmtree(scratch)
    results: dict[str, Any] = {}
    results["sqlite"] = _part([], "sqlite", sqlite_dir, seconds, users, copy_to=import_dir)
    results["postgresql"] = _part(
        [str(ROOT / "scripts" / "with-postgres.sh")], "postgresql", work / "postgresql", seconds, users
    )
    results["sqlite_during_import"] = _part([], "sqlite_during_import", import_dir, seconds, users, lines)
    for part in results.values():
        writes = [part["requests"][kind]["p95_ms"] for kind in WRITES if kind in part["requests"]]
        part["write_p95_ms"] = max(writes, default=None)
    during = results["sqlite_during_import"]
    return {
        "what": f"vetrina serve under {users} simulated brand members (Locust, headless), {seconds} s a run: "
        "search page, metrics pages, API reads (search, one creator), add to list, contact; "
        "a pause of 0.5 to 2 s between two clicks of a member",
        "goals": GOALS,
        "goals_met": {
            "no_errors": all(part["errors"] == 0 for part in results.values()),
            "no_server_errors": all(part["server_errors"] == 0 for part in results.values()),
            # No write answered at all is no goal met.
            "write_p95_within_1s_during_import": during["write_p95_ms"] is not None
            and during["write_p95_ms"] <= GOALS["write_p95_ms_during_import"],
        },
        **results,
    }


def _vetrina(args: list[str], data_dir: Path, env: dict[str, str]) -> str:
    environment = {**os.environ, **env, "VETRINA_DATA_DIR": str(data_dir), "VETRINA_HTTPS": "false"}
    if "DATABASE_URL" not in env:
        environment.pop("DATABASE_URL", None)
    result = subprocess.run([str(VETRINA), *args], env=environment, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"vetrina {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def _part(
    wrapper: list[str],
    name: str,
    data_dir: Path,
    seconds: int,
    users: int,
    import_file: Path | None = None,
    copy_to: Path | None = None,
) -> dict[str, Any]:
    print(f"  {name}: {seconds} s…", file=sys.stderr)
    out = data_dir.with_suffix(".json")
    command = [sys.executable, "-m", "bench.load", "--data-dir", str(data_dir), "--out", str(out)]
    command += ["--seconds", str(seconds), "--users", str(users)]
    if import_file:
        command += ["--import-file", str(import_file)]
    if copy_to:
        command += ["--copy-to", str(copy_to)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if not wrapper:
        env.pop("DATABASE_URL", None)
    subprocess.run([*wrapper, *command], check=True, env=env, cwd=ROOT)
    return dict(json.loads(out.read_text()))


# --- One part, in its own process ---------------------------------------------------------------------


def part_main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.load")
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seconds", type=int, required=True)
    parser.add_argument("--users", type=int, required=True)
    parser.add_argument("--import-file", type=Path)
    parser.add_argument("--copy-to", type=Path, help="copy the prepared data folder here before serving")
    options = parser.parse_args()
    env = {"DATABASE_URL": os.environ["DATABASE_URL"]} if "DATABASE_URL" in os.environ else {}
    data_dir: Path = options.data_dir
    plan = data_dir / "load-plan.json"
    if not plan.exists():
        _vetrina(["demo", "--no-serve"], data_dir, env)
        setup = [
            sys.executable,
            "-m",
            "bench.load_setup",
            "--members",
            str(options.users),
            "--out",
            str(plan),
        ]
        environment = {**os.environ, "VETRINA_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT)}
        subprocess.run(setup, check=True, env=environment, cwd=ROOT)
    if options.copy_to:
        shutil.copytree(data_dir, options.copy_to)
    figures = _serve_and_drive(data_dir, env, plan, options.seconds, options.users, options.import_file)
    options.out.write_text(json.dumps(figures, indent=2))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve_and_drive(
    data_dir: Path, env: dict[str, str], plan: Path, seconds: int, users: int, import_file: Path | None
) -> dict[str, Any]:
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    environment = {**os.environ, **env, "VETRINA_DATA_DIR": str(data_dir), "VETRINA_HTTPS": "false"}
    if "DATABASE_URL" not in env:
        environment.pop("DATABASE_URL", None)
    log = data_dir / "serve.log"
    load_before = os.getloadavg()
    with log.open("wb") as output:
        server = subprocess.Popen(
            [str(VETRINA), "serve", "--port", str(port)],
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_healthy(url, server, log)
        importer, import_started = None, time.monotonic()
        if import_file:
            importer = subprocess.Popen(
                [str(VETRINA), "import", str(import_file)],
                env=environment,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        prefix = data_dir / "locust"
        locust = [sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"), "--headless"]
        locust += ["--users", str(users), "--spawn-rate", str(users), "--run-time", f"{seconds}s"]
        locust += ["--host", url, "--csv", str(prefix), "--only-summary", "--stop-timeout", "30"]
        with (data_dir / "locust.log").open("wb") as locust_log:
            subprocess.run(
                locust,
                env={**environment, "VETRINA_LOAD_PLAN": str(plan), "PYTHONPATH": str(ROOT)},
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=locust_log,
            )
        imported: dict[str, Any] = {}
        if importer is not None:
            # Still importing when the members stopped: every request of the run met the import.
            through = importer.poll() is None
            code = importer.wait()
            imported = {
                "import": {
                    "creators": IMPORT_CREATORS,
                    "exit_code": code,
                    "seconds": round(time.monotonic() - import_started, 1),
                    "ran_through_the_whole_run": through,
                }
            }
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(120)
    figures = _locust_figures(prefix)
    access = log.read_text(errors="replace")
    statuses = re.findall(r'HTTP/[\d.]+" (\d{3}) ', access)
    return {
        **figures,
        "server_errors": sum(status.startswith("5") for status in statuses),
        "statuses": {status: statuses.count(status) for status in sorted(set(statuses))},
        **imported,
        "data": _data_size(data_dir, env),
        "load_average": {"before": load_before, "after": os.getloadavg()},
    }


def _wait_healthy(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"vetrina serve stopped:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=10) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"vetrina serve did not become healthy:\n{log.read_text()}")


def _locust_figures(prefix: Path) -> dict[str, Any]:
    rows = list(csv.DictReader(Path(f"{prefix}_stats.csv").read_text().splitlines()))
    requests: dict[str, Any] = {}
    total: dict[str, Any] = {}
    for row in rows:
        figures = {
            "requests": int(row["Request Count"]),
            "failures": int(row["Failure Count"]),
            "requests_per_second": round(float(row["Requests/s"]), 2),
            "p50_ms": float(row["50%"]),
            "p95_ms": float(row["95%"]),
            "max_ms": float(row["Max Response Time"]),
        }
        if row["Name"] == "Aggregated":
            total = figures
        else:
            requests[row["Name"]] = figures
    failures = list(csv.DictReader(Path(f"{prefix}_failures.csv").read_text().splitlines()))
    return {
        "requests": requests,
        "total": total,
        "errors": total.get("failures", 0),
        "error_kinds": [
            {"name": row["Name"], "error": row["Error"], "occurrences": int(row["Occurrences"])}
            for row in failures
        ][:20],
    }


def _data_size(data_dir: Path, env: dict[str, str]) -> dict[str, Any]:
    code = (
        "import json; from django.db import connection; from vetrina.creators.models import Creator; "
        "c = connection.cursor(); "
        "size = c.execute('SELECT pg_database_size(current_database())').fetchone()[0] "
        "if connection.vendor == 'postgresql' else "
        "c.execute('SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()').fetchone()[0]; "
        "print(json.dumps({'database': connection.vendor, 'creators': Creator.objects.count(), "
        "'database_mib': round(size / 1024 / 1024, 1)}))"
    )
    return dict(
        json.loads(_vetrina(["shell", "--no-imports", "-c", code], data_dir, env).strip().splitlines()[-1])
    )


if __name__ == "__main__":
    part_main()
