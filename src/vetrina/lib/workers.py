"""Running Vetrina code in worker processes (spawned, so each starts clean).

A spawned worker imports whatever a task names before running it; Vetrina's modules need Django
set up first. So tasks name their function as a dotted path, and this module, which imports
nothing of Vetrina at its top, sets Django up and then imports it.
"""

import os
from importlib import import_module
from typing import Any


def setup_django() -> None:
    """The pool initializer: every worker sets Django up once, as the parent did."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vetrina.config.settings")
    import django

    django.setup()


def call(function: str, *args: Any) -> Any:
    """Run `module:function` with these arguments, in a worker."""
    module, name = function.split(":")
    return getattr(import_module(module), name)(*args)
