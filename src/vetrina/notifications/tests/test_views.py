import pytest

from vetrina.accounts.tests.factories import UserFactory
from vetrina.collaborations.services import collaboration_request_answer
from vetrina.collaborations.tests.factories import CollaborationRequestFactory
from vetrina.conftest import client_for
from vetrina.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(brand_member):
    """Two answers to the brand's requests, so two notifications for its member."""
    requests = CollaborationRequestFactory.create_batch(2, campaign__organisation=brand_member.organisation)
    collaboration_request_answer(request=requests[0], accept=True, message="Let's do it")
    collaboration_request_answer(request=requests[1], accept=False)
    return requests


def test_the_bell_counts_the_unread_notifications(brand_member, answered):
    response = client_for(brand_member).get("/notifications/bell/")
    assert '<span class="bell-count">2<span class="visually-hidden"> unread</span></span>' in response.text


def test_every_page_of_a_member_carries_the_bell_which_loads_its_count_after_the_page(brand_member):
    response = client_for(brand_member).get("/activity/")
    assert 'hx-get="/notifications/bell/"' in response.text
    assert 'hx-trigger="load, every 60s"' in response.text


def test_the_list_shows_the_answers_newest_first_unread_marked(brand_member, answered):
    response = client_for(brand_member).get("/notifications/")
    text = response.text
    accepted = f"@{answered[0].creator.handle} accepted your request"
    declined = f"@{answered[1].creator.handle} declined your request"
    assert text.index(declined) < text.index(accepted)
    assert text.count("notification-unread") == 2
    assert "Let&#x27;s do it" in text


def test_marking_one_read_then_all_read_leaves_none_unread_and_no_bell_count(brand_member, answered):
    client = client_for(brand_member)
    first = Notification.objects.filter(user=brand_member).order_by("pk").first()
    assert first is not None
    client.post(f"/notifications/{first.pk}/read/")
    assert Notification.objects.filter(user=brand_member, read_at__isnull=True).count() == 1
    client.post("/notifications/read-all/")
    assert not Notification.objects.filter(user=brand_member, read_at__isnull=True).exists()
    assert "bell-count" not in client.get("/notifications/bell/").text


def test_opening_a_notification_reads_it_and_goes_to_its_campaign(brand_member, answered):
    notification = Notification.objects.filter(user=brand_member).first()
    assert notification is not None
    assert notification.request is not None
    response = client_for(brand_member).post(f"/notifications/{notification.pk}/read/", {"open": "1"})
    assert response["Location"] == notification.request.campaign.get_absolute_url()
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_another_organisations_notifications_are_neither_listed_nor_marked(
    brand_member, agency_member, answered
):
    client = client_for(agency_member)
    assert "accepted your request" not in client.get("/notifications/").text
    notification = Notification.objects.filter(user=brand_member).first()
    assert notification is not None
    assert client.post(f"/notifications/{notification.pk}/read/").status_code == 404
    client.post("/notifications/read-all/")
    assert Notification.objects.filter(user=brand_member, read_at__isnull=True).count() == 2


def test_opening_the_campaign_reads_its_notifications_and_no_others(brand_member, answered):
    # given a colleague told of the same answers, and an answer in another campaign of the brand
    colleague = UserFactory.create(organisation=brand_member.organisation, role=brand_member.role)
    for request in answered:
        Notification.objects.create(user=colleague, kind=Notification.Kind.REQUEST_ANSWERED, request=request)
    other = CollaborationRequestFactory.create(campaign__organisation=brand_member.organisation)
    collaboration_request_answer(request=other, accept=True)
    campaign = answered[0].campaign
    assert answered[1].campaign != campaign  # each factory request has a campaign of its own
    client = client_for(brand_member)

    # when the member opens the first answer's campaign
    assert client.get(campaign.get_absolute_url()).status_code == 200

    # then that campaign's notification is read; the other campaigns' and the colleague's are not
    unread = Notification.objects.filter(read_at__isnull=True)
    assert not unread.filter(user=brand_member, request__campaign=campaign).exists()
    assert set(unread.filter(user=brand_member).values_list("request", flat=True)) == {
        answered[1].pk,
        other.pk,
    }
    assert unread.filter(user=colleague).count() == 3  # the two above and the other campaign's answer
    assert '<span class="bell-count">2<' in client.get("/notifications/bell/").text
