"""`vetrina serve` and `vetrina demo` as child processes on the test database, for the serving tests."""

import json
import os
import re
import shutil
import signal
import subprocess
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from vetrina.conftest import VETRINA, database_url, free_port
from vetrina.conftest import wait_until as wait_for


def wait_until(
    condition: Callable[[], object], *, what: str, log: Callable[[], str], timeout: float = 90
) -> None:
    """The shared wait_until, failing with the served processes' log."""
    wait_for(lambda: bool(condition()), what=what, timeout=timeout, details=lambda: f"The log:\n{log()}")


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except OSError:
        return 0, b""


class Served:
    """One `vetrina serve` (or `vetrina demo`) process, its port and its log."""

    def __init__(self, process: subprocess.Popen[bytes], port: int, log: Path) -> None:
        self.process = process
        self.port = port
        self.log_file = log

    def log(self) -> str:
        return self.log_file.read_text(errors="replace")

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def wait_healthy(self) -> None:
        wait_until(
            lambda: get(self.url("/healthz"))[0] == 200, what="GET /healthz to answer 200", log=self.log
        )

    def pids(self, name: str) -> list[int]:
        """Every process id the supervisor logged for the child `name`, oldest first."""
        return [
            int(pid) for pid in re.findall(rf"^{name} started \(process (\d+)\)", self.log(), re.MULTILINE)
        ]

    def stop(self, timeout: float = 60) -> int:
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout)


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The static files collected once for the session: collecting takes seconds, each test copies them."""
    folder = tmp_path_factory.mktemp("collected")
    code = "from vetrina.server.static import static_files_collect; static_files_collect()"
    environment = {**os.environ, "VETRINA_DATA_DIR": str(folder)}
    environment.pop("DATABASE_URL", None)
    subprocess.run(
        [str(VETRINA), "shell", "--no-imports", "-c", code], check=True, env=environment, timeout=600
    )
    return folder


@pytest.fixture
def vetrina(
    transactional_db: None,
    tasks_in_database: None,
    settings,
    data_dir: Path,
    collected_static: Path,
    tmp_path: Path,
) -> Iterator[Callable[..., Served]]:
    """Starts `vetrina <command> --port P …` on the test database; every one is ended after the test."""
    shutil.copytree(collected_static / "static", data_dir / "static", dirs_exist_ok=True)
    shutil.copy(collected_static / "static-collected", data_dir / "static-collected")
    started: list[Served] = []

    def start(command: str, *args: str) -> Served:
        environment = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "VETRINA_DATA_DIR": str(data_dir),
            "VETRINA_SECRET_KEY": settings.SECRET_KEY,
            "VETRINA_HTTPS": "false",
            "VETRINA_LOG_LEVEL": "INFO",
        }
        for name in ("EMAIL_URL", "VETRINA_BASE_URL"):
            environment.pop(name, None)
        port = free_port()
        log = tmp_path / f"{command}-{len(started) + 1}.log"
        with log.open("wb") as output:
            process = subprocess.Popen(
                [str(VETRINA), command, "--port", str(port), *args],
                env=environment,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        started.append(Served(process, port, log))
        return started[-1]

    yield start
    for served in started:
        if served.process.poll() is None:
            served.process.send_signal(signal.SIGTERM)
            try:
                served.process.wait(60)
            except subprocess.TimeoutExpired:
                served.process.kill()
                served.process.wait()


def json_of(body: bytes) -> object:
    return json.loads(body)
