"""Fixtures shared by every app's tests."""

import os
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from vetrina.accounts.models import User

# Playwright's sync API runs an event loop in the test thread; Django's ORM would refuse to run there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    # Debian's Chromium, never a downloaded one; the flags keep it off this machine's closed network.
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-quic",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Whatever a test writes to the data folder stays out of the developer's own (./var).
    folder = tmp_path_factory.mktemp("data")
    settings.DATA_DIR = folder
    settings.STATIC_ROOT = folder / "static"
    settings.STATIC_ROOT.mkdir()
    return folder


@pytest.fixture
def staff_user(db) -> User:
    return User.objects.create_user(
        username="staff", email="staff@vetrina.test", password="pw", is_staff=True
    )


@pytest.fixture
def staff_client(staff_user: User) -> Client:
    client = Client()
    client.force_login(staff_user)
    return client
