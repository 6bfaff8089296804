"""The demo's logins, staff and one per role: made once, reused, and kept in one record in the data folder
(`demo-logins.json`, readable by its owner only) so that a second `vetrina demo` prints the same ones.
This module is the only one that reads or writes that record."""

import json
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from vetrina.accounts.models import Organisation, OrganisationKind, Role, User
from vetrina.creators.models import Creator

LOGINS_FILE_NAME = "demo-logins.json"
# Before the one record, the staff login had a file of its own; its password is read once and moved over.
OLD_STAFF_FILE_NAME = "demo-login.json"
STAFF = "staff"
STAFF_USERNAME = "staff"
STAFF_EMAIL = "staff@vetrina.localhost"


@dataclass(frozen=True)
class DemoLogin:
    role: str  # "staff", or a Role's value
    username: str  # also the account's e-mail; empty when the role has no demo account (see note)
    password: str
    note: str = ""


@dataclass(frozen=True)
class _Member:
    role: Role
    email: str
    name: str
    organisation: str
    country: str
    region: str
    phone: str


_MEMBERS = [
    _Member(
        Role.BRAND, "brand@acme.localhost", "Anna Brand", "Acme Cosmetics", "US", "California", "+14155550132"
    ),
    _Member(
        Role.AGENCY,
        "agency@northstar.localhost",
        "Nico Agent",
        "Northstar Agency",
        "GB",
        "London",
        "+442079460958",
    ),
    _Member(
        Role.VISITOR,
        "visitor@vetrina.localhost",
        "Vera Visitor",
        "Vera Visitor",
        "DE",
        "Berlin",
        "+4930901820",
    ),
]


def logins_file() -> Path:
    return Path(settings.DATA_DIR) / LOGINS_FILE_NAME


@transaction.atomic
def demo_logins_ensure() -> list[DemoLogin]:
    """Staff, a brand, an agency, a visitor and a creator-side account, in that order, each with a working
    password.

    The creator-side account is the manager of the verified creator with the largest reach; with no
    verified creator that has a manager e-mail, the creator entry has no username and says why.
    """
    saved = _saved_passwords()
    staff = User.objects.filter(username=STAFF_USERNAME).first() or User(
        username=STAFF_USERNAME, email=STAFF_EMAIL, is_staff=True, is_superuser=True
    )
    logins = [_with_password(staff, role=STAFF, saved=saved)]
    for member in _MEMBERS:
        organisation, _created = Organisation.objects.get_or_create(
            name=member.organisation,
            kind=OrganisationKind(member.role.value),
            defaults={"country": member.country, "region": member.region, "phone": member.phone},
        )
        user = User.objects.filter(username=member.email).first() or User(
            username=member.email,
            email=member.email,
            first_name=member.name,
            role=member.role,
            organisation=organisation,
        )
        logins.append(_with_password(user, role=member.role.value, saved=saved))
    logins.append(_creator_login(saved))
    _save([login for login in logins if login.username])
    return logins


def _creator_login(saved: dict[str, str]) -> DemoLogin:
    creator = (
        Creator.objects.filter(verified=True)
        .exclude(manager_email="")
        .order_by(F("reach").desc(nulls_last=True), "handle")
        .first()
    )
    if creator is None:
        return DemoLogin(
            role=Role.CREATOR.value,
            username="",
            password="",
            note=_("no verified creator has a manager e-mail, so there is no creator login"),
        )
    email = creator.manager_email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User(username=email, email=email, role=Role.CREATOR)
    elif user.role != Role.CREATOR:
        return DemoLogin(
            role=Role.CREATOR.value,
            username="",
            password="",
            note=_("%(email)s, the manager of @%(handle)s, has an account that is not creator-side")
            % {"email": email, "handle": creator.handle},
        )
    login = _with_password(user, role=Role.CREATOR.value, saved=saved)
    return DemoLogin(
        role=login.role,
        username=login.username,
        password=login.password,
        note=_("manages @%(handle)s") % {"handle": creator.handle},
    )


def _with_password(user: User, *, role: str, saved: dict[str, str]) -> DemoLogin:
    password = saved.get(role, "")
    if user.pk is None or not password or not user.check_password(password):
        password = secrets.token_urlsafe(12)
        user.set_password(password)
        user.save()
    return DemoLogin(role=role, username=user.username, password=password)


def _saved_passwords() -> dict[str, str]:
    saved = {}
    old_staff_file = Path(settings.DATA_DIR) / OLD_STAFF_FILE_NAME
    if old_staff_file.exists():
        saved[STAFF] = json.loads(old_staff_file.read_text())["password"]
    path = logins_file()
    if path.exists():
        saved.update({role: entry["password"] for role, entry in json.loads(path.read_text()).items()})
    return saved


def _save(logins: list[DemoLogin]) -> None:
    path = logins_file()
    # Readable by its owner only, from before the first password is written.
    path.touch(mode=0o600, exist_ok=True)
    path.chmod(0o600)
    entries = {login.role: {"username": login.username, "password": login.password} for login in logins}
    path.write_text(json.dumps(entries, indent=1) + "\n")
    (Path(settings.DATA_DIR) / OLD_STAFF_FILE_NAME).unlink(missing_ok=True)
