"""An import file that the worker processes read themselves, each its own stretch of the file.

Read the plain way, a file's lines are read, decoded and sent to the workers by the importing process,
the one whose pace is the import's: at 100,000 creators a gigabyte of text, pickled into pipes, some six
seconds of its CPU. Instead, `import_file` finds where every CHUNK_LINES-th line starts (one pass over
the file's bytes, the searching in C) and the workers are handed byte ranges (`chunk_lines`): the importing process
never holds the text.

The lines are the ones the plain way reads (`import_file_lines`): UTF-8 with a byte order mark skipped
at the start, bytes that are not UTF-8 kept as lone surrogates (the line is then reported as bad, the
others still land). A line break is "\n"; a file with any "\r" in it (Windows or old Mac line breaks)
is left to the plain way, whose universal newlines split at each, so that line numbers stay the same.
"""

import codecs
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

CHUNK_LINES = 100  # lines per task handed to a worker
ENCODING = "utf-8-sig"
ERRORS = "surrogateescape"


@dataclass(frozen=True)
class ImportFile:
    """A file to import: how many lines it has, and, when the workers may read it themselves, the byte
    offset at which each chunk of `chunk_lines` lines starts (the file's size last)."""

    path: Path
    lines: int
    chunk_lines: int
    starts: tuple[int, ...] | None  # None: read the plain way (a "\r" in the file)

    def __iter__(self) -> Iterator[str]:
        return import_file_lines(self.path)


def import_file(path: Path, *, chunk_lines: int = CHUNK_LINES) -> ImportFile:
    """The file's lines counted and its chunks found. Raises OSError when it cannot be read."""
    with path.open("rb") as file:
        lines, starts, plain = _chunk_starts(file, chunk_lines)
    return ImportFile(path=path, lines=lines, chunk_lines=chunk_lines, starts=None if plain else starts)


SCAN_BYTES = 1 << 24  # read 16 MB at a time: the file's pages are not kept in this process's memory


def _chunk_starts(file: BinaryIO, chunk_lines: int) -> tuple[int, tuple[int, ...], bool]:
    """How many lines (as binary iteration counts them: a last line without its "\n" counts), the
    offset of every chunk_lines-th line's start with the size last, and whether a "\r" is in it."""
    starts = [0]
    lines = size = 0
    carriage = False
    last = b"\n"
    while block := file.read(SCAN_BYTES):
        carriage = carriage or b"\r" in block
        end = block.find(b"\n")
        while end != -1:
            lines += 1
            if lines % chunk_lines == 0:
                starts.append(size + end + 1)
            end = block.find(b"\n", end + 1)
        size += len(block)
        last = block[-1:]
    if last != b"\n":
        lines += 1  # a last line without its line break
    if len(starts) > 1 and starts[-1] == size:
        starts.pop()  # a chunk boundary at the very end starts nothing
    return lines, (*starts, size), carriage


def import_file_lines(path: Path) -> Iterator[str]:
    """The file's lines, the plain way (universal newlines)."""
    with path.open(encoding=ENCODING, errors=ERRORS) as lines:
        yield from lines


def chunk_lines(path: Path, start: int, end: int) -> list[str]:
    """The lines between two of an ImportFile's chunk starts, as `import_file_lines` gives them but
    without their line breaks (which a line's reader ignores)."""
    with path.open("rb") as file:
        file.seek(start)
        data = file.read(end - start)
    if start == 0 and data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    # UTF-8 never has the byte of "\n" inside another character: decoding a stretch that starts after
    # a line break reads as the whole file does.
    lines = data.decode("utf-8", ERRORS).split("\n")
    if lines[-1] == "":
        lines.pop()  # the stretch ends with a line break, not with a last line without one
    return lines
