import re

import pytest
from django.test import Client

SECTIONS = ["My Activity", "Creator Search", "Shortlist", "Requests", "Review"]


def top_bar_sections(page: str) -> list[str]:
    nav = re.search(r'<nav class="sections".*?</nav>', page, flags=re.DOTALL)
    if nav is None:
        return []
    return [label for label in SECTIONS if f">{label}</a>" in nav.group(0)]


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("brand_member", ["My Activity", "Creator Search", "Shortlist"]),
        ("agency_member", ["My Activity", "Creator Search", "Shortlist"]),
        ("visitor", ["Creator Search"]),
        ("creator_account", ["Requests"]),
        ("staff_user", ["My Activity", "Creator Search", "Shortlist", "Review"]),
    ],
)
def test_the_top_bar_shows_the_sections_of_the_role(
    client: Client, role: str, expected: list[str], request, db
):
    client.force_login(request.getfixturevalue(role))
    page = client.get("/").content.decode()
    assert top_bar_sections(page) == expected
    assert "Log out" in page


def test_the_landing_page_says_what_vetrina_is_and_offers_apply_and_log_in(client: Client, db):
    page = client.get("/").content.decode()
    assert "short-video creators" in page
    assert 'href="/apply/"' in page
    assert 'href="/login/"' in page
    assert top_bar_sections(page) == []


def test_a_page_of_another_role_is_refused_with_a_page_in_the_frame(client: Client, visitor):
    client.force_login(visitor)
    response = client.get("/shortlists/")
    assert response.status_code == 403
    assert "Your account cannot open this page." in response.content.decode()


def test_the_stylesheet_is_our_own_and_no_page_loads_anything_from_elsewhere(client: Client, db):
    page = client.get("/").content.decode()
    assert '<link rel="stylesheet" href="/static/vetrina/vetrina.css">' in page
    assert not re.search(r'(src|href)="(https?:)?//', page)
    assert client.get("/static/vetrina/vetrina.css").status_code == 200


def test_the_admin_signs_in_through_vetrina_s_log_in_page(client: Client, brand_member):
    # anonymous visitors land on the one log-in page
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == "/login/?next=/admin/"
    # members may not in
    client.force_login(brand_member)
    assert client.get("/admin/login/?next=/admin/").status_code == 403
