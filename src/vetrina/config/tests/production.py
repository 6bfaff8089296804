"""A Vetrina process with a server's settings, for the tests that check what production starts with."""

import os
import secrets
import subprocess
from pathlib import Path

from vetrina.conftest import VETRINA

PRODUCTION = {
    "VETRINA_DEBUG": "false",
    "VETRINA_HTTPS": "true",
    "VETRINA_SECRET_KEY": secrets.token_urlsafe(60),
    "VETRINA_ALLOWED_HOSTS": "vetrina.example",
    "EMAIL_URL": "smtp://mailer:secret@mail.example:587?starttls",
}


def run_vetrina(*args: str, data_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    # A server's environment: none of the test run's own variables (the suite allows async-unsafe calls).
    environment = {**os.environ, "VETRINA_DATA_DIR": str(data_dir), **env}
    for name in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        environment.pop(name, None)
    return subprocess.run([str(VETRINA), *args], capture_output=True, text=True, env=environment, timeout=120)
