"""Running Vetrina code in worker processes (spawned, so each starts clean).

A spawned worker imports whatever a task names before running it; Vetrina's modules need Django
set up first. So tasks name their function as a dotted path, and this module, which imports
nothing of Vetrina at its top, sets Django up and then imports it.
"""

import os
import socket
import threading
import time
from importlib import import_module
from typing import Any


def exit_with_parent() -> None:
    """End this process when the one that started it is gone.

    A parent killed outright (SIGKILL, or SIGTERM, which skips its clean-up) cannot stop its workers,
    and they would wait forever for work that never comes.
    """
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def setup_django(database: str | None = None) -> None:
    """The pool initializer: every worker sets Django up once, as the parent did; with `database`, on that
    database of the parent's server (the test database, in the tests) rather than the settings' own."""
    exit_with_parent()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vetrina.config.settings")
    import django

    django.setup()
    if database is not None:
        from django.db import DEFAULT_DB_ALIAS, connections

        connections[DEFAULT_DB_ALIAS].settings_dict["NAME"] = database


def call(function: str, *args: Any) -> Any:
    """Run `module:function` with these arguments, in a worker."""
    module, name = function.split(":")
    return getattr(import_module(module), name)(*args)


class Backoff:
    """Delays for trying again something that keeps failing: `first`, then twice as long each time, up
    to `cap`; back to `first` after a success (`reset`)."""

    def __init__(self, *, first: float, cap: float) -> None:
        self.first = first
        self.cap = cap
        self._next = first

    def next(self) -> float:
        delay = self._next
        self._next = min(self._next * 2, self.cap)
        return delay

    def reset(self) -> None:
        self._next = self.first


def process_name() -> str:
    """This process among all that share the database: host and process id, as the worker's heartbeat
    and the e-mails it claims name it."""
    return f"{socket.gethostname()}-{os.getpid()}"[-64:]
