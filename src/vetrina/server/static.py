"""The static files as served: collected once into the data folder, hashed and compressed, served by
whitenoise from every web process."""

import hashlib
import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.finders import get_finders
from django.core.management import call_command
from whitenoise.compress import Compressor
from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Gzip only. Whitenoise adds Brotli whenever the `brotli` package is installed, which a development
    environment has (Locust brings it) and a production one does not: it makes collecting take fifteen
    times as long there, and the two would serve different files."""

    def create_compressor(self, **kwargs: Any) -> Compressor:
        return super().create_compressor(**{**kwargs, "use_brotli": False})


def static_files_collect() -> None:
    """Collects the static files into the data folder, unless they are collected already from the same
    sources: collecting takes tens of seconds (each file is hashed and compressed), a restart should not."""
    sources = hashlib.sha256(settings.STORAGES["staticfiles"]["BACKEND"].encode())
    for finder in get_finders():
        for path, storage in finder.list([]):
            stat = os.stat(storage.path(path))
            sources.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    # Beside the static folder, not in it, where it would be served.
    stamp = Path(settings.DATA_DIR) / "static-collected"
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if stamp.exists() and stamp.read_text() == sources.hexdigest() and manifest.exists():
        return
    call_command("collectstatic", interactive=False, verbosity=0)
    stamp.write_text(sources.hexdigest())
