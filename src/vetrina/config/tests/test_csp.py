"""The Content-Security-Policy: on every page, strict, and nothing in the markup that it would refuse."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from playwright.sync_api import Page

from vetrina.config.tests.production import PRODUCTION, run_vetrina
from vetrina.conftest import wait_until

PACKAGE = Path(__file__).resolve().parents[2]


def directives(header: str) -> dict[str, list[str]]:
    return {name: values for name, *values in (part.split() for part in header.split(";"))}


@pytest.mark.parametrize("path", ["/", "/login/", "/apply/", "/no/such/page/"])
def test_every_page_carries_a_policy_that_allows_only_vetrina_itself(client: Client, db, path: str):
    response = client.get(path)
    policy = directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]


def test_a_signed_in_page_carries_it_too(brand_member):
    client = Client()
    client.force_login(brand_member)
    response = client.get("/search/")
    assert response.status_code == 200
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


# What the policy would refuse, looked for in every page template (e-mails are not pages: mail readers
# ignore the policy, and their HTML is styled inline on purpose).
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.IGNORECASE)
HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
STYLE = re.compile(r"<[^>]+\sstyle\s*=|<style", re.IGNORECASE)


def page_templates() -> list[Path]:
    return [
        path
        for path in sorted(PACKAGE.rglob("templates/**/*.html"))
        if "emails" not in path.relative_to(PACKAGE).parts
    ]


def test_no_page_template_has_an_inline_script_handler_or_style():
    offenders = [
        f"{path.relative_to(PACKAGE)}: {pattern.search(text).group(0)}"  # type: ignore[union-attr]
        for path in page_templates()
        for text in [path.read_text()]
        for pattern in (INLINE_SCRIPT, HANDLER, STYLE)
        if pattern.search(text)
    ]
    assert page_templates(), "no templates found"
    assert not offenders, "\n".join(offenders)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_browser_refuses_an_inline_script_and_the_test_sees_it(
    live_server, page: Page, csp_violations: list[str]
):
    # given a page of Vetrina
    page.goto(f"{live_server.url}/login/")
    # when a script is slipped into it (as an injection would)
    page.evaluate(
        """() => {
        const script = document.createElement("script");
        script.textContent = "window.injected = true";
        document.body.append(script);
        }"""
    )
    # then it does not run, and the violation is reported: every browser test would fail on it
    wait_until(lambda: bool(csp_violations), what="the violation to be reported")
    assert page.evaluate("() => window.injected") is None
    assert "script-src" in " ".join(csp_violations)
    csp_violations.clear()  # seen: this test is the one that expects it


def policies_in(tmp_path: Path, **env: str) -> list[str]:
    """The directives enforced and those only reported, in a fresh process with `env`."""
    code = (
        "from django.conf import settings as s; "
        "print(','.join(s.SECURE_CSP)); print(','.join(s.SECURE_CSP_REPORT_ONLY))"
    )
    result = run_vetrina("shell", "--no-imports", "-c", code, data_dir=tmp_path, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_a_server_enforces_the_policy(tmp_path: Path):
    enforced, reported = policies_in(tmp_path, **PRODUCTION)
    assert "script-src" in enforced.split(",")
    assert reported == ""


def test_a_debug_run_reports_what_the_policy_would_refuse_instead_of_refusing_it(tmp_path: Path):
    # Django's debug pages are written with inline styles and scripts.
    enforced, reported = policies_in(tmp_path, VETRINA_DEBUG="true")
    assert enforced == ""
    assert "script-src" in reported.split(",")


def _img_src(avatar_hosts: str | None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "vetrina.config.settings"}
    env.pop("VETRINA_AVATAR_HOSTS", None)
    if avatar_hosts is not None:
        env["VETRINA_AVATAR_HOSTS"] = avatar_hosts
    code = "from django.conf import settings; print(' '.join(settings.SECURE_CSP['img-src']))"
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False)


def test_creators_pictures_show_from_the_avatar_hosts_only():
    # by default only Vetrina's own pictures (and data: URIs) load
    assert _img_src(None).stdout.split() == ["'self'", "data:"]
    # the hosts an operator lists join img-src
    listed = _img_src("https://images.example, https://*.cdn.example:8443")
    assert listed.stdout.split() == [
        "'self'",
        "data:",
        "https://images.example",
        "https://*.cdn.example:8443",
    ]
    # anything else stops Vetrina at start, naming the value
    for bad in ["*", "https:", "javascript:alert(1)", "https://images.example/path"]:
        refused = _img_src(bad)
        assert refused.returncode != 0
        assert f"VETRINA_AVATAR_HOSTS: {bad!r} is not an origin" in refused.stderr
