"""Staff's creators review table: every cell of a row lines up with the row (the actions cell was a flex
box outside the table's grid, its border and height off the others), at 1440 px and at 390 px."""

import pytest
from playwright.sync_api import Page, expect

from vetrina.accounts.models import User
from vetrina.accounts.services import creator_manager_invitation_send
from vetrina.creators.tests.factories import CreatorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1440, 390])
def test_every_cell_of_a_review_row_lines_up_with_its_row(live_server, page: Page, width):
    # given creators in each state a row can be in: to verify, verified with a manager invited, both done
    staff = User.objects.create_user(username="ada", password="a-long-pass-phrase", is_staff=True)
    CreatorFactory.create(handle="anna.styles", verified=False, manager_email="team@anna.example")
    CreatorFactory.create(handle="anna.cooks", verified=True, manager_email="team@anna.example")
    creator_manager_invitation_send(email="team@anna.example", invited_by=staff)
    CreatorFactory.create(handle="anna.travels", verified=True, manager_email="anna@travels.example")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("E-mail or username").fill("ada")
    page.get_by_label("Password").fill("a-long-pass-phrase")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("navigation", name="Sections")).to_be_visible()

    # when they open the creators to verify
    page.goto(f"{live_server.url}/review/creators/?q=anna")
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(3)

    # then each cell spans its row's full height, from the row's top, and is laid out as a table cell
    misaligned = page.evaluate(
        """() => [...document.querySelectorAll("tbody tr")].flatMap((row) => {
            const box = row.getBoundingClientRect();
            return [...row.children]
              .filter((cell) => {
                const own = cell.getBoundingClientRect();
                return getComputedStyle(cell).display !== "table-cell"
                  || Math.abs(own.top - box.top) > 1 || Math.abs(own.bottom - box.bottom) > 1;
              })
              .map((cell) => `${row.rowIndex}:${cell.cellIndex} ${getComputedStyle(cell).display}`);
        })"""
    )
    assert misaligned == []
