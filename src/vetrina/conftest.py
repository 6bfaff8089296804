"""Fixtures shared by every app's tests."""

import asyncio
import os
import re
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage, Message
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import pytest
from aiosmtpd.controller import Controller
from asgiref.local import Local
from django.core.servers.basehttp import ThreadedWSGIServer
from django.core.signals import setting_changed
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.dispatch import receiver
from django.tasks import task_backends
from django.test import Client
from django.test.testcases import LiveServerThread
from django.utils import translation
from playwright.sync_api import Page, expect

from vetrina.accounts.models import OrganisationKind, Role, User
from vetrina.lib.sqlite_backend import SQLITE_ENGINES

if TYPE_CHECKING:
    from vetrina.connectors.tests.fake_tiktok import FakeTikTok

# Playwright's sync API runs an event loop in the test thread; Django's ORM would refuse to run there.
# That loop also gives the thread a second set of connections (asgiref keeps them apart by the running
# loop), which the test databases' teardown never closes: on PostgreSQL, one left open there makes the
# final DROP DATABASE fail ("being accessed by other users"). Browser tests are transactional and close
# theirs; a test that reaches the database only through request.getfixturevalue() is not known to use it,
# so pytest-django runs it after them, in that loop. Such a test asks for `db` in its signature too.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
# The `vetrina` command (the project's manage.py), installed beside the interpreter: the tests that need a
# fresh process, as a server or the worker would start, run it.
VETRINA = Path(sys.executable).parent / "vetrina"


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Tests marked `slow` (a minute or more) go first, after pytest-django has put the database tests in
    # its order: started last, one would leave a single parallel process working alone at the end (see
    # scripts/test.sh). A transactional test before plain ones is safe here: its flush runs post_migrate
    # again, and no migration leaves rows that tests rely on.
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


class _NoDelayWSGIServer(ThreadedWSGIServer):
    """The live server, answering without the 40 ms pause of Nagle's algorithm.

    Django's handler sends a response's headers and its body in two writes; with Nagle's algorithm on,
    the body waits for the client to acknowledge the headers, which a client delays by up to 40 ms. On
    this project's API that made a request take about 60 ms instead of 3 to 25, in the schemathesis
    and browser tests.
    """

    def get_request(self) -> tuple[socket.socket, Any]:
        connection, address = super().get_request()
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return connection, address


LiveServerThread.server_class = _NoDelayWSGIServer


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix: None, tmp_path_factory
) -> None:
    # The worker tests run `vetrina worker` as a child process, which can share SQLite's test database
    # only as a file. (PostgreSQL's test database is a database like any other.)
    from django.conf import settings

    default = settings.DATABASES["default"]
    if default["ENGINE"] in SQLITE_ENGINES:
        default.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("database") / "test.sqlite3")


@receiver(setting_changed)
def _task_backends_reset(*, setting: str, **kwargs: Any) -> None:
    # Django keeps the task backends it made; a test that changes TASKS (to queue in the database, as
    # production does) needs them made again, and again once the setting is restored.
    if setting == "TASKS":
        state = vars(task_backends)
        state.pop("settings", None)  # a cached_property
        state.update(_settings=None, _connections=Local(task_backends.thread_critical))


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


# Every browser test fails on a Content-Security-Policy violation (settings.SECURE_CSP): an inline script,
# handler or style the policy refused is a feature that silently does not work. Chromium logs each refusal
# as a console error; the init script reports the DOM's own securitypolicyviolation event as well, so that
# none goes unseen. Every page and context the test opens is watched, whichever fixture or call made it.

CSP_VIOLATION = "Content Security Policy"
_REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`Content Security Policy violation: ${event.violatedDirective} refused ${event.blockedURI}`);
});
"""


@pytest.fixture
def csp_violations(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The Content-Security-Policy violations the browser reported during the test, as it reports them."""
    from playwright.sync_api import Browser, ConsoleMessage

    violations: list[str] = []

    def record(message: ConsoleMessage) -> None:
        if message.type == "error" and CSP_VIOLATION in message.text:
            violations.append(f"{message.text} ({message.location.get('url', '')})")

    def watched(open_: Callable[..., Any]) -> Callable[..., Any]:
        def open_watched(self: Browser, *args: Any, **kwargs: Any) -> Any:
            opened = open_(self, *args, **kwargs)
            opened.add_init_script(_REPORT_CSP_VIOLATIONS)
            opened.on("console", record)
            return opened

        return open_watched

    monkeypatch.setattr(Browser, "new_context", watched(Browser.new_context))
    monkeypatch.setattr(Browser, "new_page", watched(Browser.new_page))
    return violations


@pytest.fixture(autouse=True)
def csp_violations_fail(request: pytest.FixtureRequest) -> Iterator[None]:
    # Only tests that drive a browser; set up before their page, so checked after it is closed.
    if not {"page", "context", "browser", "new_context"} & set(request.fixturenames):
        yield
        return
    violations = request.getfixturevalue("csp_violations")
    yield
    assert not violations, "The Content-Security-Policy refused:\n" + "\n".join(violations)


@pytest.fixture(autouse=True)
def import_keeps_its_priority(settings) -> None:
    # `vetrina import` lowers its own CPU priority (VETRINA_IMPORT_NICENESS); run in a test's process, it
    # would lower the test process's for the rest of the run.
    settings.VETRINA_IMPORT_NICENESS = 0


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Whatever a test writes to the data folder stays out of the developer's own (./var).
    folder = tmp_path_factory.mktemp("data")
    settings.DATA_DIR = folder
    settings.STATIC_ROOT = folder / "static"
    settings.STATIC_ROOT.mkdir()
    return folder


@pytest.fixture(autouse=True)
def default_language() -> Iterator[None]:
    # A request in another language leaves it active in the thread; the next test starts in English.
    yield
    translation.deactivate()


@pytest.fixture
def staff_user(db) -> User:
    return User.objects.create_user(
        username="staff", email="staff@vetrina.test", password="pw", is_staff=True
    )


def migrated_to(targets: list[tuple[str, str]]) -> Any:
    """The test database migrated to `targets` (forwards or back), and the models as they were there."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def client_for(user: User | None) -> Client:
    """A test client logged in as `user`; anonymous for None."""
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def staff_client(staff_user: User) -> Client:
    client = Client()
    client.force_login(staff_user)
    return client


# One account per role (accounts.models.Role), for the access tests. Staff is `staff_user` above.


@pytest.fixture
def brand_member(db) -> User:
    from vetrina.accounts.tests.factories import OrganisationFactory, UserFactory

    organisation = OrganisationFactory.create(name="Acme Cosmetics", kind=OrganisationKind.BRAND)
    return UserFactory.create(username="brand@acme.test", role=Role.BRAND, organisation=organisation)


@pytest.fixture
def agency_member(db) -> User:
    from vetrina.accounts.tests.factories import OrganisationFactory, UserFactory

    organisation = OrganisationFactory.create(name="Northstar Agency", kind=OrganisationKind.AGENCY)
    return UserFactory.create(username="agency@northstar.test", role=Role.AGENCY, organisation=organisation)


@pytest.fixture
def visitor(db) -> User:
    from vetrina.accounts.tests.factories import OrganisationFactory, UserFactory

    organisation = OrganisationFactory.create(name="Curious Person", kind=OrganisationKind.VISITOR)
    return UserFactory.create(username="visitor@curious.test", role=Role.VISITOR, organisation=organisation)


@pytest.fixture
def creator_account(db) -> User:
    from vetrina.accounts.tests.factories import UserFactory

    return UserFactory.create(username="team@anna.example", role=Role.CREATOR, organisation=None)


@pytest.fixture
def tasks_in_database(settings) -> None:
    """Tasks queued in the database, as in production, instead of run at once in the test process."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


# E-mails written to files, for the browser tests that follow their links.


@pytest.fixture
def mail_folder(settings, data_dir: Path, live_server) -> Path:
    """E-mails written to files, as a local run does, with links to this server."""
    folder = data_dir / "mail"
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(folder)},
        }
    }
    settings.VETRINA_BASE_URL = live_server.url
    return folder


def text_of(message: Message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            return payload.decode(part.get_content_charset() or "utf-8")
    raise AssertionError("no text part")


def messages_in(mail_folder: Path) -> list[Message]:
    # The file backend appends every message one mailer sends to the same file, each followed by a line
    # of 79 dashes.
    separator = b"\n" + b"-" * 79 + b"\n"
    return [
        message_from_bytes(part)
        for file in sorted(mail_folder.iterdir())
        for part in file.read_bytes().split(separator)
        if part.strip()
    ]


def database_url(*, port: int | None = None) -> str:
    """The test database, for a child process: the file SQLite's tests use, or PostgreSQL's test_<name>
    (on another `port` to go through a stand-in for the server)."""
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{database['NAME']}"
    user = f"{quote(database['USER'], safe='')}:{quote(database['PASSWORD'] or '', safe='')}"
    return f"postgres://{user}@{database['HOST']}:{port or database['PORT']}/{database['NAME']}"


@pytest.fixture
def axes_on(settings) -> None:
    # Axes is off in tests (the test client's login() gives it no request); lock-out tests turn it on.
    # Its attempts live in the database, which each test rolls back: no lock outlives its test.
    settings.AXES_ENABLED = True


# A real mail server (aiosmtpd) on 127.0.0.1, for the tests of e-mail delivery.


class Inbox:
    """The mail server's handler: the messages it accepted, in order.

    `hold_next()` makes it sit on the next message after its DATA arrived, before saying "250 OK", until
    `release()`: a sender in the middle of sending, which the tests can stop or kill there. `refusal`, when
    set, is the server's answer to every message instead (a temporary failure, say).
    """

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.refusal: str | None = None
        self.holding = threading.Event()
        self.controller: Controller | None = None
        self._hold_next = False
        self._release: asyncio.Event | None = None

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self._hold_next:
            self._hold_next = False
            self._release = asyncio.Event()
            self.holding.set()
            # Cancelled, with nothing accepted, if the sender goes away meanwhile.
            await self._release.wait()
        if self.refusal:
            return self.refusal
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        return "250 Message accepted for delivery"

    def hold_next(self) -> None:
        self._hold_next = True

    def release(self) -> None:
        assert self.controller is not None, "the server is not started"
        assert self._release is not None, "no message is held"
        self.controller.loop.call_soon_threadsafe(self._release.set)


def wait_until(
    condition: Callable[[], bool], *, what: str, timeout: float = 30, details: Callable[[], str] = str
) -> None:
    """Waits for `condition`, failing after `timeout` seconds with `what` and `details()` (a log, say).

    For what another process or thread does: the test goes on as soon as it happened, and never takes
    a pause for proof that something did not happen.
    """
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"Waited {timeout}s for {what}.\n{details()}")
        time.sleep(0.1)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_port() -> int:
    """A port on 127.0.0.1 where no mail server listens until `mail_server` starts one."""
    return free_port()


@pytest.fixture
def mail_server(smtp_port: int) -> Iterator[Callable[[], Inbox]]:
    """Starts the mail server on `smtp_port`; stopped after the test."""
    controllers: list[Controller] = []

    def start() -> Inbox:
        inbox = Inbox()
        controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
        controller.start()
        inbox.controller = controller
        controllers.append(controller)
        return inbox

    yield start
    for controller in controllers:
        controller.stop()


def log_in(page: Page, live_server: Any, username: str, password: str = "a-long-pass-phrase") -> None:
    """Logs in through the log-in page, as a person would, and waits for the signed-in navigation."""
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("E-mail or username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("navigation", name="Sections")).to_be_visible()


def answer_link(mail_folder: Path, *, to: str) -> str:
    """The answer link of the collaboration request e-mailed to `to`."""
    messages = messages_in(mail_folder)
    for message in messages:
        if message["To"] == to and "collaboration request" in message["Subject"]:
            found = re.search(r"http://\S+/answer/[\w:-]+/", text_of(message))
            assert found is not None
            return found.group(0)
    raise AssertionError(f"no request to {to} among {[message['To'] for message in messages]}")


@pytest.fixture
def fake_tiktok(settings, monkeypatch: pytest.MonkeyPatch) -> Iterator["FakeTikTok"]:
    """A fake TikTok: a real HTTP server on 127.0.0.1 answering TikTok's documented requests, with Vetrina's
    TikTok settings pointed at it. Its consent page allows at once and sends the browser back to
    VETRINA_BASE_URL's callback (a browser test sets VETRINA_BASE_URL to the live server, as `mail_folder`
    does). `fake_tiktok.account` is the TikTok account that allows; `fail()`, `expire_access_tokens()`,
    `expire_refresh_tokens()`, `revoke_grant()` and `withdraw_scope()` make it misbehave as TikTok does (connectors/tests/fake_tiktok.py)."""
    from vetrina.connectors.tests.fake_tiktok import fake_tiktok_running

    with fake_tiktok_running(settings, monkeypatch) as fake:
        yield fake
