"""Sign-in hygiene that lives in the settings: checked in a fresh process, as a server would start."""

import os
from pathlib import Path

from vetrina import cli
from vetrina.config.tests.production import PRODUCTION, run_vetrina


def test_the_deploy_check_reports_nothing_with_production_settings(tmp_path: Path):
    result = run_vetrina("check", "--deploy", "--fail-level", "WARNING", data_dir=tmp_path, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def settings_in(tmp_path: Path, names: str, **env: str) -> list[str]:
    code = f"from django.conf import settings as s; print(*[repr(getattr(s, n)) for n in {names.split()!r}])"
    result = run_vetrina("shell", "--no-imports", "-c", code, data_dir=tmp_path, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_over_https_cookies_are_secure_and_hsts_is_on(tmp_path: Path):
    values = settings_in(
        tmp_path,
        "SESSION_COOKIE_SECURE CSRF_COOKIE_SECURE SECURE_SSL_REDIRECT SECURE_HSTS_SECONDS",
        **PRODUCTION,
    )
    assert values == ["True", "True", "True", "31536000"]


def test_out_of_debug_mode_https_is_on_by_default(tmp_path: Path):
    values = settings_in(
        tmp_path, "SESSION_COOKIE_SECURE CSRF_COOKIE_SECURE SECURE_SSL_REDIRECT SECURE_HSTS_SECONDS"
    )
    assert values == ["True", "True", "True", "31536000"]


def test_a_debug_run_keeps_plain_http(tmp_path: Path):
    values = settings_in(
        tmp_path, "SESSION_COOKIE_SECURE SECURE_SSL_REDIRECT SECURE_HSTS_SECONDS", VETRINA_DEBUG="true"
    )
    assert values == ["False", "False", "0"]


def test_the_demo_serves_plain_http_on_127_0_0_1(monkeypatch):
    # given no VETRINA_HTTPS in the environment (set first, so that monkeypatch restores the original)
    monkeypatch.setenv("VETRINA_HTTPS", "unset")
    monkeypatch.delenv("VETRINA_HTTPS")
    # when the CLI prepares the demo command
    cli.command_defaults(["vetrina", "demo", "--no-serve"])
    # then
    assert os.environ["VETRINA_HTTPS"] == "false"


def test_passwords_are_hashed_with_argon2(tmp_path: Path):
    values = settings_in(tmp_path, "PASSWORD_HASHERS AXES_FAILURE_LIMIT AXES_COOLOFF_TIME", **PRODUCTION)
    assert values[0] == "['django.contrib.auth.hashers.Argon2PasswordHasher',"
    assert "5" in values
    assert "datetime.timedelta(seconds=900)" in values
