"""A progress bar for long commands, on stderr so that stdout stays clean for data."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)


@contextmanager
def progress_bar(
    description: str, *, total: int | None, enabled: bool = True
) -> Iterator[Callable[[int], None]]:
    """Yields `advance_to(done)`; the bar disappears when stderr is not a terminal or `enabled` is false."""
    console = Console(stderr=True)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
        disable=not enabled or not console.is_terminal,
        transient=False,
    ) as progress:
        task = progress.add_task(description, total=total)

        def advance_to(done: int) -> None:
            progress.update(task, completed=done)

        yield advance_to
