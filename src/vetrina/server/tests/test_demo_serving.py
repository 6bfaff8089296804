"""`vetrina demo` serves as `vetrina serve` does, and its e-mails link to the port it serves on."""

import http.cookiejar
import re
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

from vetrina.cli import DEMO_PORT, demo_port
from vetrina.creators.tests.factories import CreatorFactory
from vetrina.demo.logins import STAFF_EMAIL
from vetrina.server.tests.conftest import Served, wait_until


def password_reset(served: Served, email: str) -> int:
    """Asks for a password reset link through the form, as a person would."""
    cookies = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cookies))
    opener.open(served.url("/password-reset/"), timeout=30).read()
    [csrf] = [cookie.value for cookie in cookies if cookie.name == "csrftoken"]
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": csrf, "email": email}).encode()
    with opener.open(served.url("/password-reset/"), data=data, timeout=30) as response:
        return int(response.status)


def test_the_demo_serves_with_a_worker_and_its_e_mails_link_to_its_port(
    vetrina: Callable[..., Served], data_dir: Path
):
    # given demo data already loaded (a creator), so that the demo reuses it
    CreatorFactory.create()
    # when the demo serves on a port of its own and the staff member asks for a password reset
    served = vetrina("demo")
    served.wait_healthy()
    assert served.pids("web server")
    assert served.pids("worker 1")
    assert password_reset(served, STAFF_EMAIL) == 200
    # then the worker writes the e-mail, whose link leads to that port
    mail = data_dir / "mail"

    def link_written() -> re.Match[str] | None:
        # The file backend writes the message in parts: the file appears before the link is in it.
        for written in mail.iterdir() if mail.exists() else ():
            if found := re.search(r"http://127\.0\.0\.1:(\d+)/password-reset/", written.read_text()):
                return found
        return None

    wait_until(lambda: link_written() is not None, what="the e-mail with its link", log=served.log)
    assert len(list(mail.iterdir())) == 1
    link = link_written()
    assert link is not None
    assert int(link.group(1)) == served.port != DEMO_PORT
    # and SIGTERM stops it all
    assert served.stop() == 0


def test_the_demo_port_is_read_from_its_arguments_as_its_parser_reads_them():
    assert demo_port(["--port", "9001"]) == 9001
    assert demo_port(["--no-serve", "--port=9002"]) == 9002
    assert demo_port([]) == DEMO_PORT
    assert demo_port(["--port", "many"]) == DEMO_PORT  # left to the command's own error
