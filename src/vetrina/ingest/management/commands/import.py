import io
import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vetrina.ingest.importing import creators_import, import_workers
from vetrina.ingest.reading import import_file
from vetrina.lib.progress import progress_bar


class Command(BaseCommand):
    help = _(
        "Import creators from a JSON Lines file (one creator per line); bad lines are reported and skipped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE", help=_("The file to read, or - for standard input."))

    def handle(self, *args: Any, file: str, **options: Any) -> None:
        # An import is batch work beside a site that may be serving on the same cores: the requests come
        # first (the parser processes started below inherit this).
        if settings.VETRINA_IMPORT_NICENESS:
            os.nice(settings.VETRINA_IMPORT_NICENESS)
        with (
            _lines_of(file) as (lines, total),
            progress_bar(_("Importing"), total=total, enabled=options["verbosity"] > 0) as advance_to,
        ):
            report = creators_import(lines=lines, on_progress=advance_to, workers=import_workers(total))
        for error in report.errors:
            self.stderr.write(str(error))
        self.stdout.write(
            _(
                "Lines read: %(read)d. Created: %(created)d, updated: %(updated)d, "
                "unchanged: %(unchanged)d, bad: %(bad)d."
            )
            % {
                "read": report.lines_read,
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "bad": report.bad,
            }
        )
        if report.errors:
            # A non-zero exit status, so that scripts notice; the good lines are imported all the same.
            raise CommandError(
                ngettext("%(count)d line was not imported.", "%(count)d lines were not imported.", report.bad)
                % {"count": report.bad}
            )


@contextmanager
def _lines_of(file: str) -> Iterator[tuple[Iterable[str], int | None]]:
    """The lines of FILE (or standard input for -) and, for a real file, how many there are.

    Undecodable bytes become lone surrogates rather than an exception, so that the importer can
    report the one bad line and carry on with the others.
    """
    if file == "-":
        buffer = getattr(sys.stdin, "buffer", None)
        if buffer is None:  # already text, e.g. replaced in tests
            yield sys.stdin, None
            return
        stdin = io.TextIOWrapper(buffer, encoding="utf-8-sig", errors="surrogateescape")
        try:
            yield stdin, None
        finally:
            stdin.detach()  # leave sys.stdin's buffer open
        return
    try:
        # The lines are counted, and a big file's worker processes read it themselves (ingest.reading).
        lines = import_file(Path(file))
    except OSError as error:
        raise CommandError(
            _("Cannot read %(file)s: %(error)s") % {"file": file, "error": error.strerror or error}
        ) from None
    yield lines, lines.lines
