from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vetrina.creators.models import Creator
from vetrina.ingest.exporting import TextSink, creators_export
from vetrina.lib.progress import progress_bar


class Command(BaseCommand):
    help = _("Export every creator as JSON Lines, in the format that import reads.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE", help=_("The file to write, or - for standard output."))

    def handle(self, *args: Any, file: str, **options: Any) -> None:
        show_progress = options["verbosity"] > 0
        if file == "-":
            count = self._export(self.stdout, show_progress=show_progress)
            self.stdout.flush()
            # Standard output carries the data, so the summary goes to standard error.
            self.stderr.write(
                ngettext("Exported %(count)d creator.", "Exported %(count)d creators.", count)
                % {"count": count},
                style_func=self.style.SUCCESS,
            )
            return
        try:
            with Path(file).open("w", encoding="utf-8", newline="\n") as out:
                count = self._export(out, show_progress=show_progress)
        except OSError as error:
            raise CommandError(
                _("Cannot write %(file)s: %(error)s") % {"file": file, "error": error.strerror or error}
            ) from None
        self.stdout.write(
            ngettext(
                "Exported %(count)d creator to %(file)s.", "Exported %(count)d creators to %(file)s.", count
            )
            % {"count": count, "file": file}
        )

    def _export(self, out: TextSink, *, show_progress: bool) -> int:
        with progress_bar(_("Exporting"), total=Creator.objects.count(), enabled=show_progress) as advance_to:
            return creators_export(out=out, on_progress=advance_to)
