"""Generating creators in a second process, so that generating and importing run side by side.

Seeding is generate → write JSON → import; on a machine with two cores or more the first two
happen here, in a child process that hands over finished lines in chunks, while the caller's
process spends its time in the import. The lines file a seed may write is written here too, as
the bytes orjson made: the importing process, whose pace is the seed's, neither encodes nor writes
a gigabyte at 100,000 creators. This module is what the child imports: it must not touch Django's
models or database.
"""

import multiprocessing
import traceback
from collections.abc import Generator, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date
from multiprocessing.queues import Queue
from pathlib import Path
from typing import Any

import orjson

from vetrina.demo.generator import generate_creators
from vetrina.lib.workers import exit_with_parent

CHUNK = 100  # creators per hand-over: few enough round trips, little memory in flight
IN_FLIGHT = 16  # chunks the child may run ahead of the import


@dataclass(frozen=True)
class GeneratedLine:
    text: str  # one creator in the import format
    handle: str
    signs: tuple[str, ...]  # the signs of a bought audience it shows; () if authentic
    viral: bool
    family: int | None = None  # the look-alike family it was planted in, if any


class CannotWrite(Exception):
    """The lines file could not be written (a missing folder, a full disk): the system's reason."""


@dataclass(frozen=True)
class _Failure:
    traceback: str


@dataclass(frozen=True)
class _WriteFailure:
    reason: str


def generated_lines(
    *, count: int, seed: int, as_of: date, markets: Sequence[str], out: Path | None = None
) -> Generator[GeneratedLine]:
    """The generator's creators as import lines, made in a child process; the same as in-process.

    With `out`, the child also writes them to that file (JSON Lines, replacing what it held); it is
    whole once the last line has been handed over. Raises CannotWrite, with the system's reason, when
    the file cannot be written."""
    # Check the arguments here, where an OutOfRange can reach the caller as itself.
    generate_creators(count=count, seed=seed, as_of=as_of, markets=markets)
    # spawn, not fork: forking a process that has threads (a progress bar's) or open databases is unsafe.
    context = multiprocessing.get_context("spawn")
    queue: Queue[Any] = context.Queue(maxsize=IN_FLIGHT)
    child = context.Process(
        target=_produce,
        args=(queue, count, seed, as_of, list(markets), out),
        name="vetrina-seed-generator",
    )
    child.start()
    try:
        while (chunk := queue.get()) is not None:
            if isinstance(chunk, _WriteFailure):
                raise CannotWrite(chunk.reason)
            if isinstance(chunk, _Failure):
                raise RuntimeError(f"The generator failed:\n{chunk.traceback}")
            yield from chunk
        child.join()
    finally:
        if child.is_alive():
            # The caller stopped early (an error, Ctrl-C): the child would wait forever to hand over.
            child.terminate()
            child.join()


def _produce(
    queue: "Queue[Any]", count: int, seed: int, as_of: date, markets: list[str], out: Path | None
) -> None:
    exit_with_parent()
    try:
        with out.open("wb") if out is not None else nullcontext() as file:
            chunk: list[GeneratedLine] = []
            for creator in generate_creators(count=count, seed=seed, as_of=as_of, markets=markets):
                # orjson: five times faster than json here, where 100,000 lines of ~10 kB are written.
                data = orjson.dumps(creator.line)
                if file is not None:
                    file.write(data)
                    file.write(b"\n")
                chunk.append(
                    GeneratedLine(
                        text=data.decode(),
                        handle=creator.handle,
                        signs=creator.signs,
                        viral=creator.viral,
                        family=creator.family,
                    )
                )
                if len(chunk) == CHUNK:
                    queue.put(chunk)
                    chunk = []
        # Only now that the file is closed: the caller may read it as soon as it has the last line.
        if chunk:
            queue.put(chunk)
        queue.put(None)
    except OSError as error:
        # The lines file is all the child reads or writes (the queue's pipe is its feeder thread's).
        queue.put(_WriteFailure(error.strerror or str(error)))
    except BaseException:
        queue.put(_Failure(traceback.format_exc()))
