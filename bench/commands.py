"""Running `vetrina` commands on a data folder of their own, as the benchmarks do."""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

VETRINA = Path(sys.executable).parent / "vetrina"


def environment(data_dir: Path, *, database_url: str | None = None) -> dict[str, str]:
    """This process's environment, pointed at `data_dir` and its SQLite database, or at `database_url`."""
    env = {**os.environ, "VETRINA_DATA_DIR": str(data_dir)}
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def run_vetrina(args: list[str], data_dir: Path, *, database_url: str | None = None) -> dict[str, Any]:
    """Run one `vetrina` command; its wall time, CPU time, peak resident memory and output. Fails loudly.

    The CPU time (user + system, of the command and the processes it started and waited for) barely
    moves when other work shares the machine, unlike the wall time: compare runs by it too."""
    # Output goes to files, not pipes: a pipe nobody reads while waiting would block a talkative command.
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(
            [str(VETRINA), *args],
            env=environment(data_dir, database_url=database_url),
            stdout=out,
            stderr=err,
        )
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        output, errors = out.read().decode(), err.read().decode()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"vetrina {' '.join(args)} failed:\n{output}\n{errors}")
    return {
        "seconds": round(seconds, 2),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
        "peak_rss_mib": round(usage.ru_maxrss / 1024, 1),
        "output": output.strip(),
    }
