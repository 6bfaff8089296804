"""Running Vetrina code in worker processes (spawned, so each starts clean).

A spawned worker imports whatever a task names before running it; Vetrina's modules need Django
set up first. So tasks name their function as a dotted path, and this module, which imports
nothing of Vetrina at its top, sets Django up and then imports it.
"""

import os
import socket
import threading
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from importlib import import_module
from multiprocessing import get_context
from typing import Any, NamedTuple


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


def call_set_up(function: str, *args: Any) -> Any:
    """Set Django up, then run `module:function` with these arguments: the target of a spawned
    `multiprocessing.Process` whose function lives in a module that needs Django to import."""
    setup_django()
    return call(function, *args)


class WorkerPool(NamedTuple):
    processes: ProcessPoolExecutor
    workers: int


@contextmanager
def worker_pool(workers: int, *, even_one: bool = False) -> Iterator[WorkerPool | None]:
    """`workers` spawned processes on the database this one uses (a test's, in the tests), for several
    `in_processes` calls to share, so that each set of processes starts (and sets Django up) once; None
    where `in_processes` works here instead: with one worker (unless `even_one`: for a caller that has
    other work for this process meanwhile), or on a database no other process can read (SQLite in
    memory)."""
    from django.db import connection

    if workers < 1 or (workers == 1 and not even_one) or _in_memory(connection):
        yield None
        return
    database = connection.settings_dict["NAME"]
    # spawn: forking a process with threads (a progress bar's) or open connections is unsafe.
    with ProcessPoolExecutor(
        workers, mp_context=get_context("spawn"), initializer=setup_django, initargs=(database,)
    ) as processes:
        yield WorkerPool(processes, workers)


def in_processes(
    function: str,
    tasks: list[tuple[Any, ...]],
    *,
    workers: int = 1,
    pool: WorkerPool | None = None,
    all_at_once: bool = False,
) -> Iterator[Any]:
    """`module:function` of each task's arguments, in order. In `pool` (`worker_pool`) if given, else with
    workers > 1 in that many processes started for these tasks alone; a couple of tasks ahead per worker,
    so that they stay busy without holding every task's result, or with `all_at_once` every task handed
    to the pool at once, before this returns: the workers get on with them while this process does
    something else. With neither pool nor workers, or on a database no other process can read, here,
    one after another, as the results are asked for."""
    if pool is not None:
        return _in_pool(pool, function, tasks, all_at_once=all_at_once)
    return _in_own_pool(function, tasks, workers=workers)


def _in_own_pool(function: str, tasks: list[tuple[Any, ...]], *, workers: int) -> Iterator[Any]:
    with worker_pool(workers) as pool:
        if pool is None:
            for arguments in tasks:
                yield call(function, *arguments)
            return
        yield from _in_pool(pool, function, tasks, all_at_once=False)


def _in_pool(
    pool: WorkerPool, function: str, tasks: list[tuple[Any, ...]], *, all_at_once: bool
) -> Iterator[Any]:
    ahead = len(tasks) if all_at_once else 2 * pool.workers + 1
    pending = deque(pool.processes.submit(call, function, *arguments) for arguments in tasks[:ahead])
    return _results(pool.processes, function, tasks[ahead:], pending)


def _results(
    pool: ProcessPoolExecutor, function: str, rest: list[tuple[Any, ...]], pending: deque[Future[Any]]
) -> Iterator[Any]:
    for arguments in rest:
        pending.append(pool.submit(call, function, *arguments))
        yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _in_memory(connection: Any) -> bool:
    """Whether the database lives in this process's memory, where no other process can read it."""
    return connection.vendor == "sqlite" and bool(getattr(connection, "is_in_memory_db", lambda: False)())


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
