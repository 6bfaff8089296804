import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.tasks import task_backends
from django.utils.translation import gettext as _
from django_tasks_db.backend import DatabaseBackend

from vetrina.worker.runner import Worker


class Command(BaseCommand):
    help = _(
        "Run queued tasks (e-mails) and the periodic jobs (e-mail retries) until stopped. SIGTERM or "
        "Ctrl-C stops it once the task in hand is done."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once",
            action="store_true",
            help=_("Run the periodic jobs and every queued task, then stop (for cron and tests)."),
        )
        parser.add_argument(
            "--interval", type=float, default=1.0, help=_("Seconds between looks at an empty queue.")
        )
        parser.add_argument(
            "--jobs-every", type=float, default=30.0, help=_("Seconds between runs of the periodic jobs.")
        )

    def handle(self, *args: Any, once: bool, interval: float, jobs_every: float, **options: Any) -> None:
        if not isinstance(task_backends["default"], DatabaseBackend):
            raise CommandError(_("The worker runs tasks queued in the database; TASKS runs them elsewhere."))
        if interval <= 0 or jobs_every <= 0:
            raise CommandError(_("--interval and --jobs-every must be positive."))
        code = Worker(interval=interval, jobs_every=jobs_every).run(once=once)
        if code:
            sys.exit(code)
