"""Fixtures shared by every app's tests."""

import os
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from vetrina.accounts.models import OrganisationKind, Role, User

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


# One account per role of DESIGN.md section 1, for the access tests. Staff is `staff_user` above.


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
def axes_on(settings) -> None:
    # Axes is off in tests (the test client's login() gives it no request); lock-out tests turn it on.
    # Its attempts live in the database, which each test rolls back: no lock outlives its test.
    settings.AXES_ENABLED = True
