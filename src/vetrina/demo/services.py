"""Setting up a demo: the staff login and the sample creators, each made once and reused."""

import json
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from vetrina.accounts.models import User
from vetrina.creators.models import Creator
from vetrina.creators.services import ImportReport, creators_import

SAMPLE_FILE = Path(__file__).resolve().parent / "sample.jsonl"
STAFF_USERNAME = "staff"
STAFF_EMAIL = "staff@vetrina.localhost"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str


def _login_file() -> Path:
    return Path(settings.DATA_DIR) / "demo-login.json"


@transaction.atomic
def demo_staff_ensure() -> DemoLogin:
    """The demo's staff account; its password is kept in the data folder so a second run can print it."""
    login_file = _login_file()
    user = User.objects.filter(username=STAFF_USERNAME).first()
    if user and login_file.exists():
        saved = json.loads(login_file.read_text())
        if user.check_password(saved["password"]):
            return DemoLogin(username=user.username, password=saved["password"])
    password = secrets.token_urlsafe(12)
    if user is None:
        user = User(username=STAFF_USERNAME, email=STAFF_EMAIL, is_staff=True, is_superuser=True)
    user.set_password(password)
    user.save()
    login_file.write_text(json.dumps({"username": user.username, "password": password}))
    login_file.chmod(0o600)
    return DemoLogin(username=user.username, password=password)


def demo_creators_ensure() -> ImportReport | None:
    """Imports the sample creators into an empty database; None when creators already exist."""
    if Creator.objects.exists():
        return None
    with SAMPLE_FILE.open(encoding="utf-8") as sample:
        return creators_import(lines=sample)
