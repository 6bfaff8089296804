from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import F
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from vetrina.accounts.models import Role, User
from vetrina.cli import DEMO_PORT
from vetrina.creators.models import Creator
from vetrina.demo.campaigns import demo_campaigns_ensure
from vetrina.demo.joining import DEMO_APPLICANT, demo_creator_application_ensure
from vetrina.demo.lists import demo_lists_ensure
from vetrina.demo.logins import STAFF, demo_logins_ensure
from vetrina.demo.results import demo_results_ensure
from vetrina.demo.saved_searches import demo_saved_searches_ensure
from vetrina.demo.services import DEMO_CREATORS, SeedReport, demo_creators_ensure
from vetrina.lib.progress import progress_bar
from vetrina.server.serving import ServeOptions, default_web_workers, serve
from vetrina.server.static import static_files_collect


class Command(BaseCommand):
    help = _(
        "Set up Vetrina with demo data (once), print the demo login, and serve it with a worker beside it "
        "(which sends the e-mails); Ctrl-C stops both."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--port", type=int, default=DEMO_PORT, help=_("Port to serve on (127.0.0.1 only).")
        )
        parser.add_argument(
            "--no-serve", action="store_true", help=_("Set up and print the login, then stop.")
        )

    def handle(self, *args: Any, port: int, no_serve: bool, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        static_files_collect()
        if Creator.objects.exists():
            self.stdout.write(_("Demo creators already loaded; reusing them."))
        else:
            with progress_bar(
                _("Seeding demo creators"), total=DEMO_CREATORS, enabled=options["verbosity"] > 0
            ) as advance_to:
                report = demo_creators_ensure(on_progress=advance_to)
            if report is not None:
                self._seeded(report)
        logins = demo_logins_ensure()
        brand = User.objects.filter(username__in=[m.username for m in logins if m.role == Role.BRAND]).first()
        if brand is not None and (made := demo_campaigns_ensure(brand=brand)):
            self.stdout.write(
                _("Demo campaigns: %(count)s requests of the brand, at every stage of a campaign.")
                % {"count": made}
            )
        if demo_creator_application_ensure() is not None:
            self.stdout.write(
                _(
                    "Demo creator application: @%(handle)s waits in staff's review, under Creators who applied."
                )
                % {"handle": DEMO_APPLICANT}
            )
        if brand is not None and (lists := demo_lists_ensure(brand=brand)):
            self.stdout.write(
                _("Demo lists: %(count)s lists of the brand, each with its combined audience.")
                % {"count": lists}
            )
        if brand is not None and (posted := demo_results_ensure(brand=brand)):
            self.stdout.write(
                _(
                    "Demo results: %(count)s posted videos in finished campaigns, with their numbers over time."
                )
                % {"count": posted}
            )
        if brand is not None and (found := demo_saved_searches_ensure(brand=brand)):
            self.stdout.write(
                _("Demo saved searches: %(count)s new matches in the brand's bell.") % {"count": found}
            )
        url = f"http://127.0.0.1:{port}"
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(_("Vetrina demo at %(url)s") % {"url": url}))
        for member in logins:
            if member.role == STAFF:
                self.stdout.write(_("  Staff login:  %(username)s / %(password)s") % member.__dict__)
                continue
            role = Role(member.role).label
            if member.username:
                line = _("  %(role)s login:  %(username)s / %(password)s") % {**member.__dict__, "role": role}
                self.stdout.write(f"{line} ({member.note})" if member.note else line)
            else:
                self.stdout.write(
                    _("  %(role)s login:  none, %(note)s") % {"role": role, "note": member.note}
                )
        self.stdout.write(_("  Admin:        %(url)s/admin/") % {"url": url})
        example = (
            Creator.objects.order_by(F("reach").desc(nulls_last=True))
            .values_list("handle", flat=True)
            .first()
            or "<handle>"
        )
        self.stdout.write(
            _("  API example:  %(url)s/api/v1/creators/%(handle)s") % {"url": url, "handle": example}
        )
        self.stdout.write(_("  API docs:     %(url)s/api/v1/docs (once signed in)") % {"url": url})
        self.stdout.write("")
        if not no_serve:
            self._serve(port)

    def _serve(self, port: int) -> None:
        # As in production (`vetrina serve`): gunicorn, and a worker beside it that sends the e-mails (to
        # files under the data folder unless EMAIL_URL is set); Ctrl-C or SIGTERM stops both.
        options = ServeOptions(
            host="127.0.0.1", port=port, workers=default_web_workers(), threads=4, task_workers=1
        )
        serve(options, stdout=self.stdout)

    def _seeded(self, report: SeedReport) -> None:
        imported = report.imported
        if imported.errors:
            # Every generated line should import: a bad one is a bug in the generator.
            for error in imported.errors:
                self.stderr.write(str(error))
            raise CommandError(
                _("%(count)s generated demo creators did not import.")
                % {"count": number_format(imported.bad, force_grouping=True)}
            )
        self.stdout.write(
            _("Seeded %(count)s demo creators.")
            % {"count": number_format(imported.created, force_grouping=True)}
        )
