import json
import stat

from django.test import Client

from vetrina.accounts.demo import demo_logins_ensure, logins_file
from vetrina.accounts.models import Role, User
from vetrina.creators.tests.factories import CreatorFactory


def test_it_makes_one_working_login_per_role_once(db):
    # given a verified creator with a manager, and a bigger unverified one
    CreatorFactory.create(handle="anna.styles", reach=500_000, manager_email="Team@Anna.example")
    CreatorFactory.create(handle="not.yet", verified=False, reach=9_000_000, manager_email="x@not.example")
    # when run twice
    first = demo_logins_ensure()
    second = demo_logins_ensure()
    # then the same logins come back, and each signs in
    assert first == second
    assert [login.role for login in first] == ["staff", "brand", "agency", "visitor", "creator"]
    for login in first:
        assert Client().login(username=login.username, password=login.password), login
    by_role = {login.role: login for login in first}
    staff = User.objects.get(username=by_role["staff"].username)
    assert (staff.is_staff, staff.is_superuser) == (True, True)
    brand = User.objects.get(username=by_role["brand"].username)
    assert (brand.role, brand.organisation.name if brand.organisation else None) == (
        Role.BRAND,
        "Acme Cosmetics",
    )
    agency = User.objects.get(username=by_role["agency"].username)
    assert agency.organisation is not None
    assert agency.organisation.name == "Northstar Agency"
    creator = User.objects.get(username=by_role["creator"].username)
    assert (creator.email, creator.role) == ("team@anna.example", Role.CREATOR)
    assert "anna.styles" in by_role["creator"].note
    assert User.objects.count() == 5
    # and the passwords are kept in one record, for the owner's eyes only
    assert stat.S_IMODE(logins_file().stat().st_mode) == 0o600
    saved = json.loads(logins_file().read_text())
    assert {role: entry["password"] for role, entry in saved.items()} == {
        login.role: login.password for login in first
    }
    assert [path.name for path in logins_file().parent.glob("demo-login*.json")] == ["demo-logins.json"]


def test_it_skips_the_creator_login_with_a_note_when_no_verified_creator_has_a_manager(db):
    CreatorFactory.create(verified=True, manager_email="")
    creator = demo_logins_ensure()[-1]
    assert (creator.role, creator.username) == ("creator", "")
    assert "no verified creator" in creator.note


def test_it_keeps_the_staff_password_of_the_former_staff_file(db):
    # given a data folder from before the one record: the staff login in a file of its own
    staff = User.objects.create_user(username="staff", email="staff@vetrina.localhost", is_staff=True)
    staff.set_password("kept-from-before-1")
    staff.save()
    old_file = logins_file().parent / "demo-login.json"
    old_file.write_text(json.dumps({"username": "staff", "password": "kept-from-before-1"}))
    # when
    login = demo_logins_ensure()[0]
    # then the same staff login is printed, from the one record, and the old file is gone
    assert (login.role, login.username, login.password) == ("staff", "staff", "kept-from-before-1")
    assert json.loads(logins_file().read_text())["staff"]["password"] == "kept-from-before-1"
    assert not old_file.exists()


def test_it_replaces_a_password_changed_since(db):
    # given
    first = demo_logins_ensure()[1]
    user = User.objects.get(username=first.username)
    user.set_password("changed-elsewhere-1")
    user.save()
    # when
    again = demo_logins_ensure()[1]
    # then the printed password works again
    assert again.password != first.password
    assert Client().login(username=again.username, password=again.password)
