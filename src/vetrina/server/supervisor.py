"""Child processes kept running: each one that dies is started again, with a growing pause when it keeps
dying at once, and the restart is logged. SIGTERM, SIGINT or SIGHUP stop them all."""

import contextlib
import ctypes
import logging
import select
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from types import FrameType

logger = logging.getLogger(__name__)

# A child that ran this long before dying is started again at once; one that dies sooner, after a pause
# that doubles each time (1, 2, 4 … 60 s), so that a child that cannot start does not spin.
STEADY_SECONDS = 30.0
MAX_PAUSE_SECONDS = 60.0
_PR_SET_PDEATHSIG = 1


@dataclass
class Child:
    name: str
    argv: list[str]
    pass_fds: tuple[int, ...] = ()
    process: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0
    quick_deaths: int = 0
    start_at: float = 0.0  # when to start it (again); monotonic


def _die_with_parent() -> None:
    # Run in the child before exec: if the supervisor is killed outright (SIGKILL skips its clean-up),
    # the kernel sends the child SIGTERM, so that no web server or worker is left behind, orphaned.
    if sys.platform == "linux":
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def exit_description(code: int) -> str:
    if code < 0:
        return f"was killed by {signal.Signals(-code).name}"
    return f"exited with code {code}"


class Supervisor:
    def __init__(self, children: list[Child], *, stop_timeout: float = 40.0) -> None:
        self.children = children
        self.stop_timeout = stop_timeout
        self.stopping: int | None = None  # the signal that said to stop

    def run(self) -> None:
        """Starts every child and keeps them running until told to stop; then stops them and returns."""
        # Python writes a byte to this socket for every signal, which wakes the select() below at once: a
        # child's death (SIGCHLD) or SIGTERM. The handlers themselves only note the signal.
        wake, waker = socket.socketpair()
        wake.setblocking(False)
        waker.setblocking(False)
        previous_fd = signal.set_wakeup_fd(waker.fileno(), warn_on_full_buffer=False)
        handled = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGCHLD)
        previous = {signum: signal.signal(signum, self._on_signal) for signum in handled}
        try:
            while self.stopping is None:
                self._tend()
                select.select([wake], [], [], self._next_wait())
                with contextlib.suppress(BlockingIOError):
                    while wake.recv(4096):
                        pass
            logger.info("%s: stopping.", signal.strsignal(self.stopping))
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
            signal.set_wakeup_fd(previous_fd)
            wake.close()
            waker.close()
            self._stop_all()

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        if signum != signal.SIGCHLD and self.stopping is None:
            self.stopping = signum

    def _tend(self) -> None:
        now = time.monotonic()
        for child in self.children:
            if child.process is not None and (code := child.process.poll()) is not None:
                self._died(child, code, now)
            if child.process is None and now >= child.start_at and self.stopping is None:
                self._start(child)

    def _died(self, child: Child, code: int, now: float) -> None:
        ran = now - child.started_at
        child.quick_deaths = 0 if ran >= STEADY_SECONDS else child.quick_deaths + 1
        pause = 0.0 if child.quick_deaths <= 1 else min(MAX_PAUSE_SECONDS, 2.0 ** (child.quick_deaths - 2))
        child.start_at = now + pause
        logger.error(
            "%s (process %s) %s after %.0f s; starting it again%s.",
            child.name,
            child.process.pid if child.process else "?",
            exit_description(code),
            ran,
            f" in {pause:.0f} s" if pause else "",
        )
        child.process = None

    def _start(self, child: Child) -> None:
        # Each child in a process group of its own: Ctrl-C in a terminal reaches the supervisor only,
        # which then stops every child in order.
        child.process = subprocess.Popen(
            child.argv, pass_fds=child.pass_fds, process_group=0, preexec_fn=_die_with_parent
        )
        child.started_at = time.monotonic()
        logger.info("%s started (process %s).", child.name, child.process.pid)

    def _next_wait(self) -> float:
        waiting = [child.start_at for child in self.children if child.process is None]
        # SIGCHLD wakes the loop when a child dies; the timeout is a safety net for a missed one.
        return max(0.0, min([time.monotonic() + 1.0, *waiting]) - time.monotonic())

    def _stop_all(self) -> None:
        running = [child for child in self.children if child.process is not None]
        for child in running:
            assert child.process is not None
            if child.process.poll() is None:
                child.process.send_signal(signal.SIGTERM)
        # SIGTERM lets the web server finish the requests in hand and a worker the task in hand.
        deadline = time.monotonic() + self.stop_timeout
        for child in running:
            assert child.process is not None
            try:
                child.process.wait(max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                logger.warning(
                    "%s (process %s) did not stop in time; killing it.", child.name, child.process.pid
                )
                child.process.kill()
                child.process.wait()
            logger.info("%s stopped.", child.name)
