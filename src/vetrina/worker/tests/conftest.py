"""`vetrina worker` processes for the delivery tests, sharing the test database. The mail server they
send to is the `mail_server` of the shared conftest."""

import os
import signal
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from vetrina.conftest import VETRINA, database_url
from vetrina.conftest import wait_until as wait_for

# Starting a worker is starting Django in a new process: about 1.5 s of CPU, which took 12 to 19 s on
# this 2-core machine at load 9 to 14 (and twice that at the loads seen during a full run beside other
# work). The fixture waits for it as long as a loaded machine needs, so that each test's own waits, from
# "started" on, measure what the test is about and keep the shared deadline.
WORKER_START_TIMEOUT = 180


class WorkerProcess:
    def __init__(self, process: subprocess.Popen[bytes], log: Path) -> None:
        self.process = process
        self.log_file = log

    def log(self) -> str:
        return self.log_file.read_text(errors="replace")

    def running(self) -> bool:
        return self.process.poll() is None

    def stop(self, timeout: float = 30) -> int:
        """SIGTERM, as a service manager or `make demo` sends it; the exit code."""
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout)

    def kill(self) -> int:
        self.process.kill()
        return self.process.wait(10)


def wait_until(condition: Callable[[], bool], *, what: str, worker: WorkerProcess) -> None:
    """The shared wait_until, failing with the worker's log."""
    wait_for(condition, what=what, details=lambda: f"The worker's log:\n{worker.log()}")


@pytest.fixture
def worker(
    transactional_db: None, tasks_in_database: None, settings, data_dir: Path, smtp_port: int, tmp_path: Path
) -> Iterator[Callable[..., WorkerProcess]]:
    """Starts `vetrina worker` on the test database, sending to `smtp_port`, and returns once it says it
    started (or ended); every one is ended after the test. Retries come every second and a lease runs
    out after two, so that the tests wait seconds."""
    processes: list[WorkerProcess] = []

    def start(*args: str, lock_timeout: int | None = None, port: int | None = None) -> WorkerProcess:
        """`lock_timeout`: seconds the worker waits for a lock held by someone else, instead of five.
        `port`: PostgreSQL's, to reach it through a stand-in (the test database's own by default)."""
        url = database_url(port=port)
        if lock_timeout is not None:
            sqlite = url.startswith("sqlite")
            url += (
                f"?timeout={lock_timeout}"
                if sqlite
                else f"?options=-c%20lock_timeout%3D{lock_timeout * 1000}"
            )
        environment = {
            **os.environ,
            "DATABASE_URL": url,
            "VETRINA_DATA_DIR": str(data_dir),
            "VETRINA_SECRET_KEY": settings.SECRET_KEY,
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
            "VETRINA_MAIL_RETRY_DELAYS": ",".join(["1"] * 30),
            "VETRINA_MAIL_LEASE_SECONDS": "2",
            "VETRINA_LOG_LEVEL": "INFO",
        }
        log = tmp_path / f"worker-{len(processes) + 1}.log"
        with log.open("wb") as output:
            process = subprocess.Popen(
                [str(VETRINA), "worker", "--interval", "0.2", "--jobs-every", "0.5", *args],
                env=environment,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        running = WorkerProcess(process, log)
        processes.append(running)
        # The worker logs "Worker <id> started: ..." once Django is set up and its heartbeat beats.
        wait_for(
            lambda: " started: " in running.log() or not running.running(),
            what="the worker to start",
            timeout=WORKER_START_TIMEOUT,
            details=lambda: f"The worker's log:\n{running.log()}",
        )
        return running

    yield start
    for process in processes:
        if process.running():
            process.kill()
