"""The supervisor's restart policy: at once after a long run, after a growing pause when a child keeps
dying at start; every death logged with how it ended."""

import logging
import signal
import subprocess
from unittest import mock

import pytest

from vetrina.server.supervisor import MAX_PAUSE_SECONDS, STEADY_SECONDS, Child, Supervisor, exit_description


def dead_child(pid: int) -> Child:
    process = mock.Mock(spec=subprocess.Popen, pid=pid)
    return Child(name="worker 1", argv=["true"], process=process)


def test_a_child_that_keeps_dying_at_start_waits_longer_each_time(caplog: pytest.LogCaptureFixture):
    supervisor = Supervisor([])
    child = dead_child(100)
    pauses = []
    now = 1000.0
    for _ in range(10):
        child.started_at = now - 1  # it lasted a second
        supervisor._died(child, 1, now)
        pauses.append(child.start_at - now)
        child.process = mock.Mock(spec=subprocess.Popen, pid=101)
    assert pauses[:5] == [0, 1, 2, 4, 8]
    assert max(pauses) == MAX_PAUSE_SECONDS
    assert "worker 1 (process 100) exited with code 1 after 1 s; starting it again." in caplog.text
    assert "starting it again in 2 s" in caplog.text


def test_a_child_that_ran_a_while_is_started_again_at_once(caplog: pytest.LogCaptureFixture):
    caplog.set_level(logging.INFO)
    supervisor = Supervisor([])
    child = dead_child(100)
    child.quick_deaths = 5
    child.started_at = 1000.0
    supervisor._died(child, -signal.SIGKILL, 1000.0 + STEADY_SECONDS + 1)
    assert child.start_at == 1000.0 + STEADY_SECONDS + 1
    assert child.process is None
    assert "worker 1 (process 100) was killed by SIGKILL after 31 s; starting it again." in caplog.text


def test_exits_are_described_as_a_person_reads_them():
    assert exit_description(0) == "exited with code 0"
    assert exit_description(3) == "exited with code 3"
    assert exit_description(-signal.SIGTERM) == "was killed by SIGTERM"
