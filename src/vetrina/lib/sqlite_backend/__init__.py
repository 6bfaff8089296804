"""SQLite as Django's backend, with a fairer wait for the write lock (see base)."""

import contextlib
import os
from pathlib import Path
from typing import Any

# The ENGINE settings of a SQLite database: Django's own, and this one, which the settings choose.
SQLITE_ENGINES = frozenset({"django.db.backends.sqlite3", "vetrina.lib.sqlite_backend"})


class WaitingWriters:
    """A note, beside the database file, that some connection is waiting for SQLite's write lock.

    SQLite does not tell a writer that others wait for its lock. A long writer (an import) that wants
    to hold the lock for long stretches when no one else needs it, and let go at once when someone
    does, reads this note between two parts of its work: a writer that finds the lock taken touches
    the file, and touches it again while it waits.
    """

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def of(cls, settings_dict: dict[str, Any]) -> "WaitingWriters | None":
        """The note of this database; None for a database with no file of its own (in memory)."""
        name = str(settings_dict.get("NAME") or "")
        if (
            settings_dict.get("ENGINE") not in SQLITE_ENGINES
            or not name
            or name.startswith(("file:", ":memory:"))
        ):
            return None
        return cls(Path(f"{name}-waiting"))

    def note(self) -> None:
        # A folder we may not write to: the long writer just does not hear of us.
        with contextlib.suppress(OSError):
            try:
                os.utime(self.path)
            except FileNotFoundError:
                self.path.touch()

    def version(self) -> int:
        """Changes whenever a writer notes it waits."""
        try:
            return os.stat(self.path).st_mtime_ns
        except OSError:
            return 0
