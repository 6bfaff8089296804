"""`vetrina serve`: gunicorn with the background worker beside it, kept running, stopped together."""

import json
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from vetrina.mail.emails import email_queue
from vetrina.mail.models import OutboxMessage
from vetrina.server.tests.conftest import Served, free_port, get, wait_until

VETRINA = Path(sys.executable).parent / "vetrina"


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_it_serves_pages_static_files_and_the_health_check_and_sigterm_stops_every_process(
    vetrina: Callable[..., Served],
):
    # given
    served = vetrina("serve", "--workers", "1", "--threads", "2")
    # when
    served.wait_healthy()
    # then the health check, a page and the stylesheet it links to are served
    status, body = get(served.url("/healthz"))
    assert (status, json.loads(body)) == (200, {"status": "ok", "database": "ok"})
    status, page = get(served.url("/login/"))
    assert status == 200
    [stylesheet] = [
        part.split('"')[0] for part in page.decode().split('href="') if ".css" in part.split('"')[0]
    ]
    status, css = get(served.url(stylesheet))
    assert status == 200
    assert b"body" in css
    # and SIGTERM stops the server, the web server and the worker
    [web] = served.pids("web server")
    [worker] = served.pids("worker 1")
    assert served.stop() == 0
    assert not alive(web)
    assert not alive(worker)
    assert "worker 1 stopped." in served.log()


def test_a_worker_that_dies_is_started_again_logged_and_sends_the_mail(vetrina: Callable[..., Served]):
    # given a server and its worker
    served = vetrina("serve", "--workers", "1", "--threads", "2")
    served.wait_healthy()
    wait_until(lambda: served.pids("worker 1"), what="the worker to start", log=served.log)
    [first] = served.pids("worker 1")
    # when the worker is killed
    os.kill(first, signal.SIGKILL)
    # then the supervisor logs it and starts another
    wait_until(lambda: len(served.pids("worker 1")) == 2, what="a second worker", log=served.log)
    assert f"worker 1 (process {first}) was killed by SIGKILL" in served.log()
    second = served.pids("worker 1")[-1]
    assert second != first
    assert alive(second)
    # and the new worker sends what is queued
    email_queue(to="anna@acme.test", subject="Hello", template="application_again", context={})
    wait_until(
        lambda: OutboxMessage.objects.get().state == OutboxMessage.State.SENT,
        what="the e-mail to be sent",
        log=served.log,
    )


def test_a_web_server_that_dies_is_started_again_on_the_same_port(vetrina: Callable[..., Served]):
    # given
    served = vetrina("serve", "--workers", "1", "--threads", "2", "--task-workers", "0")
    served.wait_healthy()
    [first] = served.pids("web server")
    # when gunicorn's master is killed outright
    os.kill(first, signal.SIGKILL)
    # then another serves the same port, and the log says so
    wait_until(lambda: len(served.pids("web server")) == 2, what="a second web server", log=served.log)
    assert f"web server (process {first}) was killed by SIGKILL" in served.log()
    served.wait_healthy()
    assert served.stop() == 0


def test_it_refuses_a_port_already_taken_before_starting_anything(tmp_path: Path):
    # given a port in use
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        environment = {**os.environ, "VETRINA_DATA_DIR": str(tmp_path), "VETRINA_HTTPS": "false"}
        environment.pop("DATABASE_URL", None)
        # when
        result = subprocess.run(
            [str(VETRINA), "serve", "--port", str(port), "--task-workers", "0"],
            capture_output=True,
            text=True,
            env=environment,
            timeout=300,
        )
    # then
    assert result.returncode == 1
    assert f"Cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "started (process" not in result.stdout + result.stderr


@pytest.mark.parametrize("value", ["0", "-1", "many"])
def test_it_refuses_a_worker_count_that_is_not_a_positive_number(value: str, tmp_path: Path):
    environment = {**os.environ, "VETRINA_DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [str(VETRINA), "serve", "--port", str(free_port()), "--workers", value],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )
    assert result.returncode == 2
    assert "--workers" in result.stderr
