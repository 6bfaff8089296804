"""Generating creators in other processes, so that generating and importing run side by side.

Seeding is generate → prepare the rows → import; on a machine with two cores or more the first two
happen here, in child processes that hand over prepared creators in chunks, while the caller's
process spends its time in the import. A child prepares each creator from the record the generator
makes beside its line (`ingest.preparing.prepare_record`): no line is written as JSON only to be
parsed again, which cost the import's workers more than generating the line did.

For thousands of creators two children share the work, each making every other chunk: making and
preparing a creator costs about what storing it does, so that one child alone kept the importing
process waiting. A creator's handle may depend on the creators before it (a suffix when the name is
taken), so each child draws its chunk up to the handles (`generator.CreatorMaker`), waits for the
other's handles of the chunk before, claims its own, passes them on, and only then finishes its
creators: the result is the sequential generator's, creator for creator.

The lines file a seed may write is encoded by the children, as the bytes orjson makes, and written
by the caller in order (a chunk's lines in one write). This module is what the children run (Django
set up, no database used: `prepare_record` needs only the database's kind).
"""

import gc
import multiprocessing
import os
import traceback
from collections.abc import Generator, Iterator, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date
from multiprocessing.process import BaseProcess
from multiprocessing.queues import Queue
from pathlib import Path
from queue import Empty
from typing import IO, Any, NamedTuple

import orjson

from vetrina.demo.generator import creator_maker
from vetrina.ingest.preparing import Prepared, prepare_record
from vetrina.lib.workers import call_set_up

CHUNK = 100  # creators per hand-over: few enough round trips, little memory in flight
IN_FLIGHT = 16  # chunks the children together may run ahead of the import
CHILD_CHECK_SECONDS = 1.0  # how often a caller waiting for a child checks that it still lives
# Two children from this many creators on (fewer are made in the time one child starts), given two cores.
SPLIT_FROM = 2_000
CHILDREN = 2
# The garbage collector's thresholds in a child (Python's: 700, 10, 10; see `_produce`).
GC_THRESHOLDS = (50_000, 50, 100)


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


def generated_rows(
    *,
    count: int,
    seed: int,
    as_of: date,
    markets: Sequence[str],
    vendor: str,
    out: Path | None = None,
    children: int | None = None,
    chunk: int = CHUNK,
) -> Generator[GeneratedRows]:
    """The generator's creators prepared for an import into a database of kind `vendor`, made in
    `children` child processes (by default one, or two from SPLIT_FROM creators on a machine with two
    cores or more); the same as `prepare_line` of their lines in-process, in the same order.

    With `out`, their lines are also written to that file (JSON Lines, replacing what it held); it is
    whole once the last creator has been handed over. Raises CannotWrite, with the system's reason,
    when the file cannot be written."""
    # Check the arguments here, where an OutOfRange can reach the caller as itself.
    creator_maker(count=count, seed=seed, as_of=as_of, markets=markets)
    if children is None:
        children = CHILDREN if count >= SPLIT_FROM and (os.cpu_count() or 1) > 1 else 1
    # spawn, not fork: forking a process that has threads (a progress bar's) or open databases is unsafe.
    context = multiprocessing.get_context("spawn")
    queues: list[Queue[Any]] = [context.Queue(maxsize=max(IN_FLIGHT // children, 2)) for _ in range(children)]
    # Child c hears the handles claimed before each of its chunks on handles[c], from child c - 1.
    handles: list[Queue[Any]] = [context.Queue() for _ in range(children)]
    processes = [
        context.Process(
            # Set up Django first: the generator's records and the rows are the import's.
            target=call_set_up,
            args=(
                f"{__name__}:_produce",
                # Plain values only: the child unpickles them before Django is set up.
                (number, children, chunk),
                queues[number],
                handles[number],
                handles[(number + 1) % children],
                (count, seed, as_of, list(markets)),
                vendor,
                out is not None,
            ),
            name=f"vetrina-seed-generator-{number}",
        )
        for number in range(children)
    ]
    try:
        with _opened(out) as file:
            for process in processes:
                process.start()
            for rows, lines in _chunks(queues, processes):
                if file is not None:
                    _write(file, lines)
                yield from rows
        for process in processes:
            process.join()
    finally:
        for process in processes:
            if process.is_alive():
                # The caller stopped early (an error, Ctrl-C): a child would wait forever to hand over.
                process.terminate()
                process.join()


def _opened(out: Path | None) -> Any:
    if out is None:
        return nullcontext()
    try:
        return out.open("wb")
    except OSError as error:
        raise CannotWrite(error.strerror or str(error)) from None


def _write(file: IO[bytes], data: bytes) -> None:
    try:
        file.write(data)
    except OSError as error:
        raise CannotWrite(error.strerror or str(error)) from None


def _chunks(queues: list["Queue[Any]"], processes: Sequence[BaseProcess]) -> Iterator[Any]:
    """Each chunk the children hand over, in order: child c makes chunks c, c + n, c + 2n…"""
    turn = 0
    while (handed := _next_chunk(queues[turn], processes[turn], processes)) is not None:
        if isinstance(handed, _Failure):
            raise RuntimeError(f"The generator failed:\n{handed.traceback}")
        yield handed
        turn = (turn + 1) % len(queues)
    # The child whose turn it was has no chunk left, so neither have the others: they end too.
    for number, queue in enumerate(queues):
        if number != turn:
            handed = _next_chunk(queue, processes[number], processes)
            if isinstance(handed, _Failure):
                raise RuntimeError(f"The generator failed:\n{handed.traceback}")


def _next_chunk(queue: "Queue[Any]", child: BaseProcess, children: Sequence[BaseProcess] = ()) -> Any:
    """What the child hands over next. Raises RuntimeError when it, or another of the `children`, died
    without a word (killed, or Django failed to set up): waiting for it would last forever (a child
    waits for the handles of the one before it)."""
    while True:
        try:
            return queue.get(timeout=CHILD_CHECK_SECONDS)
        except Empty:
            if child.is_alive():
                # A child that failed says so in its turn; one that was killed cannot.
                if killed := [other for other in children if other.exitcode not in (None, 0)]:
                    raise RuntimeError(
                        f"A generator's process ended without finishing (exit code {killed[0].exitcode})."
                    ) from None
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
    part: tuple[int, int, int],
    queue: "Queue[Any]",
    handles_in: "Queue[Any]",
    handles_out: "Queue[Any]",
    arguments: tuple[int, int, date, list[str]],
    vendor: str,
    lines: bool,
) -> None:
    # What Django made is kept out of the garbage collector's full passes, as in the import's workers
    # (`preparing._worker_settled`): the objects each creator makes set them off again and again. And
    # the collector runs less often: at Python's thresholds it ran 1,157 times for 3,000 creators, 0.19
    # to 0.23 s of their 2.5 to 3.0 s. What a creator makes is freed as its chunk is handed over (no
    # cycles), so nothing waits for the collector but what it would find anyway, later.
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        # This child makes chunks `number`, `number + children`, … of `chunk` creators each.
        number, children, chunk = part
        count, seed, as_of, markets = arguments
        maker = creator_maker(count=count, seed=seed, as_of=as_of, markets=markets)
        taken: set[str] = set()
        for start in range(number * chunk, count, chunk * children):
            indices = range(start, min(start + chunk, count))
            drafts = [maker.draft(index) for index in indices]
            # The handles of the chunks since this child's last, claimed by the others (each list one
            # chunk's), then this chunk's own, which the next child needs before it can claim its own.
            since: list[list[str]] = handles_in.get() if start > 0 and children > 1 else []
            for claimed in since:
                taken.update(claimed)
            own = [maker.claim(draft, taken) for draft in drafts]
            if children > 1 and indices.stop < count:
                handles_out.put([*since, own][-(children - 1) :])
            creators = [maker.finish(draft, handle) for draft, handle in zip(drafts, own, strict=True)]
            queue.put(
                (
                    [
                        GeneratedRows(
                            prepare_record(index + 1, creator.record, vendor=vendor),
                            creator.signs,
                            creator.viral,
                            creator.family,
                        )
                        for index, creator in zip(indices, creators, strict=True)
                    ],
                    # orjson: five times faster than json here, where 100,000 lines of ~10 kB are written.
                    b"".join(
                        [orjson.dumps(creator.line, option=orjson.OPT_APPEND_NEWLINE) for creator in creators]
                    )
                    if lines
                    else b"",
                )
            )
        queue.put(None)
    except BaseException:
        queue.put(_Failure(traceback.format_exc()))
