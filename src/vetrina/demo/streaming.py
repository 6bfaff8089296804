"""Generating creators in a second process, so that generating and importing run side by side.

Seeding is generate → prepare the rows → import; on a machine with two cores or more the first two
happen here, in a child process that hands over prepared creators in chunks, while the caller's
process spends its time in the import. The child prepares each creator from the record the
generator makes beside its line (`ingest.preparing.prepare_record`): no line is written as JSON only
to be parsed again, which cost the import's workers more than generating the line did. The lines
file a seed may write is written here too, as the bytes orjson made: the importing process, whose
pace is the seed's, neither encodes nor writes a gigabyte at 100,000 creators. This module is what
the child runs (Django set up, no database used: `prepare_record` needs only the database's kind).
"""

import gc
import multiprocessing
import traceback
from collections.abc import Generator, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date
from multiprocessing.process import BaseProcess
from multiprocessing.queues import Queue
from pathlib import Path
from queue import Empty
from typing import Any, NamedTuple

import orjson

from vetrina.demo.generator import generate_creators
from vetrina.ingest.preparing import Prepared, prepare_record
from vetrina.lib.workers import call_set_up

CHUNK = 100  # creators per hand-over: few enough round trips, little memory in flight
IN_FLIGHT = 16  # chunks the child may run ahead of the import
CHILD_CHECK_SECONDS = 1.0  # how often a caller waiting for the child checks that it still lives


# A named tuple, as `Prepared` is: a hundred thousand of them are unpickled by the importing process.
class GeneratedRows(NamedTuple):
    prepared: Prepared  # the creator's rows, as the import prepares a line (line number: its place)
    signs: tuple[str, ...]  # the signs of a bought audience it shows; () if authentic
    viral: bool
    family: int | None = None  # the look-alike family it was planted in, if any

    @property
    def handle(self) -> str:
        return self.prepared.handle


class CannotWrite(Exception):
    """The lines file could not be written (a missing folder, a full disk): the system's reason."""


@dataclass(frozen=True)
class _Failure:
    traceback: str


@dataclass(frozen=True)
class _WriteFailure:
    reason: str


def generated_rows(
    *, count: int, seed: int, as_of: date, markets: Sequence[str], vendor: str, out: Path | None = None
) -> Generator[GeneratedRows]:
    """The generator's creators prepared for an import into a database of kind `vendor`, made in a
    child process; the same as `prepare_line` of their lines in-process.

    With `out`, the child also writes their lines to that file (JSON Lines, replacing what it held);
    it is whole once the last creator has been handed over. Raises CannotWrite, with the system's
    reason, when the file cannot be written."""
    # Check the arguments here, where an OutOfRange can reach the caller as itself.
    generate_creators(count=count, seed=seed, as_of=as_of, markets=markets)
    # spawn, not fork: forking a process that has threads (a progress bar's) or open databases is unsafe.
    context = multiprocessing.get_context("spawn")
    queue: Queue[Any] = context.Queue(maxsize=IN_FLIGHT)
    child = context.Process(
        # Set up Django first: the generator's records and the rows are the import's.
        target=call_set_up,
        args=(f"{__name__}:_produce", queue, count, seed, as_of, list(markets), vendor, out),
        name="vetrina-seed-generator",
    )
    child.start()
    try:
        while (chunk := _next_chunk(queue, child)) is not None:
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


def _next_chunk(queue: "Queue[Any]", child: BaseProcess) -> Any:
    """What the child hands over next. Raises RuntimeError when it died without a word (killed, or
    Django failed to set up): waiting for it would last forever."""
    while True:
        try:
            return queue.get(timeout=CHILD_CHECK_SECONDS)
        except Empty:
            if child.is_alive():
                continue
        # Dead: whatever it put before it ended is in the pipe by now (a child flushes its queue
        # before exiting).
        try:
            return queue.get(timeout=CHILD_CHECK_SECONDS)
        except Empty:
            raise RuntimeError(
                f"The generator's process ended without finishing (exit code {child.exitcode})."
            ) from None


def _produce(
    queue: "Queue[Any]",
    count: int,
    seed: int,
    as_of: date,
    markets: list[str],
    vendor: str,
    out: Path | None,
) -> None:
    # What Django made is kept out of the garbage collector's full passes, as in the import's workers
    # (`preparing._worker_settled`): the objects each creator makes set them off again and again.
    gc.freeze()
    try:
        with out.open("wb") if out is not None else nullcontext() as file:
            chunk: list[GeneratedRows] = []
            creators = generate_creators(count=count, seed=seed, as_of=as_of, markets=markets)
            for number, creator in enumerate(creators, start=1):
                if file is not None:
                    # orjson: five times faster than json here, where 100,000 lines of ~10 kB are written.
                    file.write(orjson.dumps(creator.line, option=orjson.OPT_APPEND_NEWLINE))
                chunk.append(
                    GeneratedRows(
                        prepare_record(number, creator.record, vendor=vendor),
                        creator.signs,
                        creator.viral,
                        creator.family,
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
