"""Staff verifying or unverifying a creator queues every creator's peer numbers again (metrics.tasks): the
pages show the new numbers once the worker has run the job."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django_tasks_db.models import DBTaskResult

from vetrina.accounts.models import User
from vetrina.creators.models import Creator
from vetrina.creators.tests.factories import CreatorFactory
from vetrina.metrics.peers import peers_recompute

URL = "/creators/{}/"


def standing(client: Client, handle: str) -> str:
    """What the page says of the creator's average views against its peers."""
    html = client.get(URL.format(handle)).content.decode()
    block = html.split('id="metric-avg_views"')[1].split('<p class="metric-standing">')[1].split("</p>")[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", block)).strip()


def run_the_worker() -> None:
    call_command("worker", "--once", stdout=StringIO(), stderr=StringIO())


@pytest.fixture
def creators(transactional_db) -> None:
    # given two verified fashion creators and an unverified one with the fewest average views
    CreatorFactory.create(handle="anna", reach=200_000, avg_views=10.0)
    CreatorFactory.create(handle="ben", reach=200_000, avg_views=30.0)
    CreatorFactory.create(
        handle="cara", reach=200_000, avg_views=5.0, verified=False, manager_email="team@cara.example"
    )
    peers_recompute()


def test_verifying_a_creator_changes_its_peers_numbers_once_the_worker_ran(
    creators, tasks_in_database, staff_user, brand_member
):
    staff, brand = Client(), Client()
    staff.force_login(staff_user)
    brand.force_login(brand_member)
    assert standing(brand, "anna") == "the lowest, against 1 verified creator"
    # when staff verify cara
    response = staff.post("/review/creators/cara/invite/")
    # then the job is queued and the page still shows the numbers of before
    assert response.status_code == 302
    assert Creator.objects.get(handle="cara").verified
    assert DBTaskResult.objects.filter(task_path="vetrina.metrics.tasks.peers_refresh").count() == 1
    assert standing(brand, "anna") == "the lowest, against 1 verified creator"
    # when the worker runs it
    run_the_worker()
    # then anna is held against cara too: higher than her, lower than ben
    assert standing(brand, "anna") == "higher than 50% of 2 verified creators"
    assert Creator.objects.get(handle="anna").peer_group_size == 2


def test_unverifying_a_creator_in_the_admin_changes_its_peers_numbers_once_the_worker_ran(
    creators, tasks_in_database, brand_member
):
    # given cara verified and every number up to date
    Creator.objects.filter(handle="cara").update(verified=True)
    peers_recompute()
    admin = Client()
    admin.force_login(
        User.objects.create_superuser(username="root", email="root@vetrina.test", password="pw")
    )
    brand = Client()
    brand.force_login(brand_member)
    assert standing(brand, "anna") == "higher than 50% of 2 verified creators"
    # when staff untick "verified" for cara in the admin's list
    cara = Creator.objects.get(handle="cara")
    response = admin.post(
        "/admin/creators/creator/?q=cara",
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-MIN_NUM_FORMS": "0",
            "form-MAX_NUM_FORMS": "1000",
            "form-0-id": str(cara.pk),
            "_save": "Save",
        },
    )
    # then
    assert response.status_code == 302
    assert not Creator.objects.get(handle="cara").verified
    assert standing(brand, "anna") == "higher than 50% of 2 verified creators"
    run_the_worker()
    assert standing(brand, "anna") == "the lowest, against 1 verified creator"


def test_saving_a_creator_without_changing_who_is_verified_queues_nothing(creators, tasks_in_database):
    admin = Client()
    admin.force_login(
        User.objects.create_superuser(username="root", email="root@vetrina.test", password="pw")
    )
    anna = Creator.objects.get(handle="anna")
    response = admin.post(
        "/admin/creators/creator/?q=anna",
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-MIN_NUM_FORMS": "0",
            "form-MAX_NUM_FORMS": "1000",
            "form-0-id": str(anna.pk),
            "form-0-verified": "on",
            "_save": "Save",
        },
    )
    assert response.status_code == 302
    assert not DBTaskResult.objects.exists()
