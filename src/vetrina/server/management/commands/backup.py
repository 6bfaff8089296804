from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from vetrina.server.backups import BackupError, database_backup, database_name


class Command(BaseCommand):
    help = _(
        "Copy the whole database to FILE while Vetrina serves: SQLite's online backup (a database file), "
        "or pg_dump's custom format for PostgreSQL. `vetrina restore FILE` brings it back."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help=_("Where to write the backup."))
        parser.add_argument("--overwrite", action="store_true", help=_("Replace FILE if it exists."))

    def handle(self, *args: Any, file: Path, overwrite: bool, **options: Any) -> None:
        try:
            database_backup(to=file, overwrite=overwrite)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            _("Backed up %(database)s to %(file)s.") % {"database": database_name(), "file": file}
        )
