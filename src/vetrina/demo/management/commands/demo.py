from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import F
from django.utils.translation import gettext as _

from vetrina.creators.models import Creator
from vetrina.demo.services import demo_creators_ensure, demo_staff_ensure


class Command(BaseCommand):
    help = _("Set up Vetrina with demo data (once), print the demo login, and serve it.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000, help=_("Port to serve on (127.0.0.1 only)."))
        parser.add_argument(
            "--no-serve", action="store_true", help=_("Set up and print the login, then stop.")
        )

    def handle(self, *args: Any, port: int, no_serve: bool, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        report = demo_creators_ensure()
        if report is None:
            self.stdout.write(_("Demo creators already loaded; reusing them."))
        elif report.errors:
            raise CommandError(_("The demo sample has %(count)d bad lines.") % {"count": len(report.errors)})
        else:
            self.stdout.write(_("Loaded %(count)d demo creators.") % {"count": report.created})
        login = demo_staff_ensure()
        url = f"http://127.0.0.1:{port}"
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(_("Vetrina demo at %(url)s") % {"url": url}))
        self.stdout.write(_("  Staff login:  %(username)s / %(password)s") % login.__dict__)
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
            call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)
