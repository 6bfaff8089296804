import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from vetrina.server.backups import BackupError, database_name, database_restore


class Command(BaseCommand):
    help = _(
        "Replace the database's content with a backup made by `vetrina backup`. Asks first; --no-input "
        "answers yes (for scripts)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help=_("The backup to restore."))
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help=_("Do not ask: replace the database without confirmation."),
        )

    def handle(self, *args: Any, file: Path, interactive: bool, **options: Any) -> None:
        database = database_name()
        if interactive:
            if not sys.stdin.isatty():
                raise CommandError(
                    _("Restoring replaces everything in %(database)s; pass --no-input to confirm it.")
                    % {"database": database}
                )
            question = _("This replaces everything in %(database)s with %(file)s. Type 'yes' to go on: ") % {
                "database": database,
                "file": file,
            }
            if input(question).strip().lower() != "yes":
                raise CommandError(_("Nothing restored."))
        try:
            database_restore(source=file)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(_("Restored %(file)s into %(database)s.") % {"file": file, "database": database})
