"""The `vetrina` command is the project's manage.py, installed beside the interpreter."""

import os
import re
import subprocess
from pathlib import Path

from vetrina.conftest import VETRINA


def run_vetrina(*args: str, data_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "VETRINA_DATA_DIR": str(data_dir), **env}
    environment.pop("DATABASE_URL", None)
    return subprocess.run([str(VETRINA), *args], capture_output=True, text=True, env=environment, timeout=120)


def test_it_runs_django_management_commands(tmp_path: Path):
    result = run_vetrina("migrate", "--plan", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "creators.0001_initial" in result.stdout


def test_it_opens_sqlite_in_wal_mode_with_a_busy_timeout_and_immediate_transactions(tmp_path: Path):
    # when
    code = (
        "from django.db import connection; c = connection.cursor(); "
        "print(c.execute('PRAGMA journal_mode').fetchone()[0], c.execute('PRAGMA busy_timeout').fetchone()[0], "
        "connection.transaction_mode)"
    )
    result = run_vetrina("shell", "--no-imports", "-c", code, data_dir=tmp_path)
    # then
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["wal", "5000", "IMMEDIATE"]
    assert (tmp_path / "vetrina.sqlite3").exists()


def test_it_refuses_a_setting_it_cannot_read(tmp_path: Path):
    result = run_vetrina("check", data_dir=tmp_path, VETRINA_DEBUG="maybe")
    assert result.returncode != 0
    assert "VETRINA_DEBUG must be one of" in result.stderr


def test_env_example_lists_every_setting_read_from_the_environment():
    # given every variable the settings read
    config = Path(__file__).resolve().parents[1]
    read = set(re.findall(r'env_\w+\(\s*"(\w+)"', (config / "settings.py").read_text()))
    # then .env.example lists each of them
    example = (config.parents[2] / ".env.example").read_text()
    listed = set(re.findall(r"^#? ?(\w+)=", example, flags=re.MULTILINE))
    assert {"DATABASE_URL", "VETRINA_DATA_DIR", "VETRINA_SECRET_KEY", "EMAIL_URL"} <= read
    assert read <= listed
