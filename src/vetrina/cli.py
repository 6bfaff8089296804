"""The `vetrina` command: the project's manage.py, installed into the environment."""

import argparse
import os
import sys

DEMO_PORT = 8000


def command_defaults(argv: list[str]) -> None:
    """Settings a command needs unless the environment says otherwise, set before Django reads them."""
    if argv[1:2] == ["demo"]:
        # The demo serves plain http on 127.0.0.1: no https redirect, no secure-only cookies.
        os.environ.setdefault("VETRINA_HTTPS", "false")
        # Links in its e-mails lead to where it serves: 127.0.0.1, on the port it was given.
        os.environ.setdefault("VETRINA_BASE_URL", f"http://127.0.0.1:{demo_port(argv[2:])}")


def demo_port(args: list[str]) -> int:
    parser = argparse.ArgumentParser(add_help=False, exit_on_error=False)
    parser.add_argument("--port", type=int, default=DEMO_PORT)
    try:
        return int(parser.parse_known_args(args)[0].port)
    except (argparse.ArgumentError, SystemExit):
        return DEMO_PORT  # the demo command's own parser reports the mistake


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vetrina.config.settings")
    command_defaults(sys.argv)
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
