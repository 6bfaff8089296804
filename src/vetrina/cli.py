"""The `vetrina` command: the project's manage.py, installed into the environment."""

import os
import sys


def command_defaults(argv: list[str]) -> None:
    """Settings a command needs unless the environment says otherwise, set before Django reads them."""
    if argv[1:2] == ["demo"]:
        # The demo serves plain http on 127.0.0.1: no https redirect, no secure-only cookies.
        os.environ.setdefault("VETRINA_HTTPS", "false")


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vetrina.config.settings")
    command_defaults(sys.argv)
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
