"""`vetrina backup` and `vetrina restore`: the whole database to one file and back, while Vetrina serves.

SQLite: its online backup API copies a consistent snapshot page by page (readers and the writer go on),
into a standalone database file. PostgreSQL: pg_dump's custom format, restored by pg_restore in one
transaction, so that a restore that fails leaves the database as it was.
"""

import os
import shutil
import sqlite3
import subprocess
from glob import glob
from pathlib import Path

from django.db import connection
from django.utils.translation import gettext as _

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why, for the person running it."""


def database_backup(*, to: Path, overwrite: bool = False) -> None:
    if to.exists() and not overwrite:
        raise BackupError(_("%(file)s exists; pass --overwrite to replace it.") % {"file": to})
    # Written beside the target under another name, then renamed: a backup that fails halfway leaves no
    # file that looks like a backup.
    partial = to.with_name(f".{to.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        if connection.vendor == "sqlite":
            _sqlite_backup(partial)
        elif connection.vendor == "postgresql":
            _pg_run("pg_dump", "--format=custom", "--no-owner", f"--file={partial}")
        else:
            raise BackupError(
                _("Backups support SQLite and PostgreSQL, not %(vendor)s.") % {"vendor": connection.vendor}
            )
        partial.replace(to)
    finally:
        partial.unlink(missing_ok=True)


def database_restore(*, source: Path) -> None:
    """Replaces the database's content with the backup's."""
    if not source.is_file():
        raise BackupError(_("%(file)s is not a file.") % {"file": source})
    with source.open("rb") as file:
        head = file.read(len(SQLITE_MAGIC))
    if connection.vendor == "sqlite":
        if not head.startswith(SQLITE_MAGIC):
            raise BackupError(_("%(file)s is not a SQLite backup.") % {"file": source})
        _sqlite_restore(source)
    elif connection.vendor == "postgresql":
        if not head.startswith(PG_DUMP_MAGIC):
            raise BackupError(
                _("%(file)s is not a PostgreSQL backup (pg_dump's custom format).") % {"file": source}
            )
        # --clean drops each object before making it again; --single-transaction makes it all or nothing.
        _pg_run(
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={connection.settings_dict['NAME']}",
            str(source),
        )
    else:
        raise BackupError(
            _("Backups support SQLite and PostgreSQL, not %(vendor)s.") % {"vendor": connection.vendor}
        )


def database_name() -> str:
    """What the backup is taken from or restored into, to tell the person running it."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return str(settings["NAME"])
    return f"{settings['NAME']} on {settings['HOST'] or 'localhost'}:{settings['PORT'] or 5432}"


def _sqlite_connect(path: str | Path) -> sqlite3.Connection:
    # The web server's own busy timeout: wait for a writer's lock rather than fail.
    return sqlite3.connect(path, timeout=20)


def _sqlite_backup(target: Path) -> None:
    source = _sqlite_connect(connection.settings_dict["NAME"])
    copy = sqlite3.connect(target)
    try:
        # In one step: a snapshot as of one moment (in WAL mode the writer goes on meanwhile). In steps,
        # every write in between would start the copy over.
        source.backup(copy)
        # One self-contained file, with no write-ahead log beside it.
        copy.execute("PRAGMA journal_mode=DELETE")
    finally:
        copy.close()
        source.close()


def _sqlite_restore(source: Path) -> None:
    backup = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        try:
            checked = backup.execute("PRAGMA quick_check").fetchone()[0]
            tables = backup.execute("SELECT count(*) FROM sqlite_master WHERE name = 'django_migrations'")
            is_vetrinas = tables.fetchone()[0] == 1
        except sqlite3.DatabaseError as error:
            raise BackupError(
                _("%(file)s cannot be read: %(error)s") % {"file": source, "error": error}
            ) from None
        if checked != "ok" or not is_vetrinas:
            raise BackupError(_("%(file)s is not a sound Vetrina backup.") % {"file": source})
        live = _sqlite_connect(connection.settings_dict["NAME"])
        try:
            # Page by page under the write lock; the other connections see the restored database once done.
            backup.backup(live)
        finally:
            live.close()
    finally:
        backup.close()


def postgresql_program(name: str) -> str:
    """pg_dump or pg_restore: the one on PATH, else the newest under /usr/lib/postgresql (Debian's)."""
    found = shutil.which(name)
    if found:
        return found
    installed = sorted(glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda path: int(Path(path).parts[-3]))
    if installed:
        return installed[-1]
    raise BackupError(
        _("%(program)s was not found: install PostgreSQL's client programs.") % {"program": name}
    )


def _pg_run(program: str, *args: str) -> None:
    settings = connection.settings_dict
    # The password through the environment, not the command line, where every user of the machine sees it.
    environment = {
        **os.environ,
        "PGHOST": str(settings["HOST"] or ""),
        "PGPORT": str(settings["PORT"] or ""),
        "PGUSER": str(settings["USER"] or ""),
        "PGPASSWORD": str(settings["PASSWORD"] or ""),
        "PGDATABASE": str(settings["NAME"]),
    }
    if sslmode := settings.get("OPTIONS", {}).get("sslmode"):
        environment["PGSSLMODE"] = str(sslmode)
    result = subprocess.run(
        [postgresql_program(program), *args], env=environment, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(
            _("%(program)s failed: %(error)s") % {"program": program, "error": result.stderr.strip()}
        )
