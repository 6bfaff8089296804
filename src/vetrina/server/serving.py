"""`vetrina serve`: gunicorn for the web, `vetrina worker` beside it, both kept running by one supervisor.

The supervisor binds the listening socket itself and hands it to gunicorn: a port that is taken is
reported before anything starts, and the socket stays open while a dead web server is started again.
"""

import os
import socket
import sys
from dataclasses import dataclass

from django.core.management.base import CommandError, OutputWrapper
from django.utils.translation import gettext as _

from vetrina.server.static import static_files_collect
from vetrina.server.supervisor import Child, Supervisor


@dataclass(frozen=True)
class ServeOptions:
    host: str
    port: int
    workers: int  # web server processes
    threads: int  # threads in each: a request waiting on the database leaves the CPU to the others
    task_workers: int  # `vetrina worker` processes; 0 when other machines run them


def default_web_workers() -> int:
    return max(2, os.cpu_count() or 1)


def listening_socket(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def web_command(options: ServeOptions, fd: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "vetrina.config.wsgi:application",
        f"--bind=fd://{fd}",
        f"--workers={options.workers}",
        "--worker-class=gthread",
        f"--threads={options.threads}",
        # A web process that stops answering its master for this long is replaced.
        "--timeout=60",
        # On SIGTERM, the requests in hand get this long to finish.
        "--graceful-timeout=30",
        "--access-logfile=-",
        # Gunicorn's control socket is one per user by default: two servers on a machine would share it.
        "--no-control-socket",
    ]


def worker_command() -> list[str]:
    return [sys.executable, "-m", "vetrina.cli", "worker"]


def serve(options: ServeOptions, *, stdout: OutputWrapper) -> None:
    """Collects the static files, binds the address, and serves until SIGTERM or Ctrl-C."""
    # Whitenoise serves the static files from the data folder, under names that carry their hash.
    static_files_collect()
    try:
        sock = listening_socket(options.host, options.port)
    except OSError as error:
        raise CommandError(
            _("Cannot listen on %(host)s:%(port)s: %(error)s")
            % {"host": options.host, "port": options.port, "error": error.strerror or error}
        ) from None
    stdout.write(
        _(
            "Serving at http://%(host)s:%(port)s (web processes: %(workers)s, of %(threads)s threads each; "
            "background workers: %(tasks)s). Ctrl-C stops them all."
        )
        % {
            "host": options.host,
            "port": options.port,
            "workers": options.workers,
            "threads": options.threads,
            "tasks": options.task_workers,
        }
    )
    stdout.flush()
    fd = sock.fileno()
    children = [Child(name="web server", argv=web_command(options, fd), pass_fds=(fd,))]
    children += [
        Child(name=f"worker {number}", argv=worker_command()) for number in range(1, options.task_workers + 1)
    ]
    try:
        Supervisor(children).run()
    finally:
        sock.close()
