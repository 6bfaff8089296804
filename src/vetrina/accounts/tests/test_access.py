"""The named decisions of accounts.access, role by role (docs/roles.md)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from vetrina.accounts import access

pytestmark = pytest.mark.django_db

PREDICATES = [
    "is_staff",
    "may_browse_creators",
    "may_use_api",
    "may_contact",
    "may_keep_lists",
    "may_follow_campaigns",
    "has_request_inbox",
    "may_answer_requests",
    "may_see_team",
    "may_manage_team",
]

# What each account may do, in the order of PREDICATES.
EXPECTED = {
    "anonymous": (False, False, False, False, False, False, False, False, False, False),
    "staff_user": (True, True, True, False, False, True, False, False, False, False),
    "brand_member": (False, True, True, True, True, True, False, False, True, False),
    "agency_member": (False, True, True, True, True, True, False, False, True, False),
    "visitor": (False, True, True, False, False, False, False, False, False, False),
    "creator_account": (False, False, False, False, False, False, True, True, False, False),
    # The first member of a brand: its owner, who alone manages the team.
    "brand_owner": (False, True, True, True, True, True, False, False, True, True),
}


@pytest.fixture
def brand_owner(brand_member):
    brand_member.is_owner = True
    return brand_member


@pytest.mark.parametrize("account", EXPECTED)
def test_each_account_may_do_what_its_role_allows_and_nothing_else(request, account):
    user = AnonymousUser() if account == "anonymous" else request.getfixturevalue(account)
    answers = tuple(getattr(access, name)(user) for name in PREDICATES)
    assert dict(zip(PREDICATES, answers, strict=True)) == dict(
        zip(PREDICATES, EXPECTED[account], strict=True)
    )
