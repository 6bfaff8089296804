from argparse import ArgumentTypeError
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vetrina.demo.generator import OutOfRange
from vetrina.demo.services import DEMO_AS_OF, DEMO_SEED, demo_seed
from vetrina.demo.streaming import CannotWrite
from vetrina.lib.progress import progress_bar


class Command(BaseCommand):
    help = _(
        "Generate realistic demo creators and import them; write which are inauthentic to "
        "<data folder>/seed-labels.json. The same seed gives the same creators."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--creators", type=_positive, required=True, metavar="N", help=_("How many creators.")
        )
        parser.add_argument(
            "--seed", type=int, default=DEMO_SEED, metavar="S", help=_("Random seed (default %(default)s).")
        )
        parser.add_argument(
            "--out", metavar="FILE", help=_("Also write the generated lines to FILE (JSON Lines).")
        )
        parser.add_argument(
            "--as-of",
            type=_date,
            default=DEMO_AS_OF,
            metavar="YYYY-MM-DD",
            help=_("The day every follower history ends (default %(default)s)."),
        )

    def handle(
        self, *args: Any, creators: int, seed: int, out: str | None, as_of: date, **options: Any
    ) -> None:
        path = Path(out) if out is not None else None
        if path is not None:
            _writable(path)
        try:
            with progress_bar(_("Seeding"), total=creators, enabled=options["verbosity"] > 0) as advance_to:
                report = demo_seed(count=creators, seed=seed, as_of=as_of, out=path, on_progress=advance_to)
        except OutOfRange as error:
            raise CommandError(str(error)) from None
        except CannotWrite as error:
            # Written as the creators are generated: a disk that fills up says so here.
            raise CommandError(_cannot_write(out, str(error))) from None
        imported = report.imported
        for line_error in imported.errors:
            self.stderr.write(str(line_error))
        self.stdout.write(
            _("Created: %(created)s, updated: %(updated)s, unchanged: %(unchanged)s, bad: %(bad)s.")
            % {
                "created": number_format(imported.created, force_grouping=True),
                "updated": number_format(imported.updated, force_grouping=True),
                "unchanged": number_format(imported.unchanged, force_grouping=True),
                "bad": number_format(imported.bad, force_grouping=True),
            }
        )
        self.stdout.write(
            ngettext(
                "%(count)s inauthentic creator, listed in %(path)s.",
                "%(count)s inauthentic creators, listed in %(path)s.",
                report.inauthentic,
            )
            % {"count": number_format(report.inauthentic, force_grouping=True), "path": report.labels_file}
        )
        if out:
            self.stdout.write(_("Lines written to %(file)s.") % {"file": out})
        if imported.errors:
            # Every generated line should import: a bad one is a bug in the generator.
            raise CommandError(
                ngettext(
                    "%(count)d generated line was not imported.",
                    "%(count)d generated lines were not imported.",
                    imported.bad,
                )
                % {"count": imported.bad}
            )


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise ArgumentTypeError(_("must be a whole number of at least 1; got %(value)r") % {"value": value})
    return number


def _date(value: str) -> date:
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise ArgumentTypeError(
            _("must be a date written YYYY-MM-DD; got %(value)r") % {"value": value}
        ) from None


def _writable(path: Path) -> None:
    """Creates FILE (or empties it) before anything is generated, so that a path that cannot be written
    is refused at once."""
    try:
        path.open("wb").close()
    except OSError as error:
        raise CommandError(_cannot_write(str(path), error.strerror or str(error))) from None


def _cannot_write(path: str | None, reason: str) -> str:
    return _("Cannot write %(file)s: %(error)s") % {"file": path, "error": reason}
