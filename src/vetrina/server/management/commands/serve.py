from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from vetrina.server.serving import ServeOptions, default_web_workers, serve


def positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


def not_negative(value: str) -> int:
    number = int(value)
    if number < 0:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = _(
        "Serve Vetrina in production: gunicorn, with the background workers (which send the e-mails) "
        "beside it; a worker or web server that dies is started again. SIGTERM or Ctrl-C stops them all."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--host", default="127.0.0.1", help=_("Address to listen on (default 127.0.0.1).")
        )
        parser.add_argument(
            "--port", type=positive, default=8000, help=_("Port to listen on (default 8000).")
        )
        parser.add_argument(
            "--workers",
            type=positive,
            default=default_web_workers(),
            help=_("Web server processes (default: one per CPU, at least 2)."),
        )
        parser.add_argument(
            "--threads", type=positive, default=4, help=_("Threads in each web server process (default 4).")
        )
        parser.add_argument(
            "--task-workers",
            type=not_negative,
            default=1,
            help=_(
                "Background workers to run beside the web server (default 1; 0 when other machines run them)."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        serve_options = ServeOptions(
            host=options["host"],
            port=options["port"],
            workers=options["workers"],
            threads=options["threads"],
            task_workers=options["task_workers"],
        )
        serve(serve_options, stdout=self.stdout)
