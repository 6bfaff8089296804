"""Staff erase an application on the applicant's request: its personal data goes, a record stays."""

import pytest

from vetrina.accounts.models import Application, Invitation
from vetrina.accounts.services import application_approve
from vetrina.accounts.tests.factories import ApplicationFactory
from vetrina.mail.models import OutboxMessage

pytestmark = pytest.mark.django_db


def test_staff_erase_an_applications_personal_data_and_a_record_stays(staff_client, staff_user):
    # given an approved application, its live invitation and the e-mails sent about it
    application = ApplicationFactory.create(contact_name="Anna Rossi", contact_email="anna@acme.test")
    invitation = application_approve(application=application, reviewed_by=staff_user)
    OutboxMessage.objects.update(state="sent", sent_at=invitation.created_at)

    # when staff erase it
    response = staff_client.post(f"/review/{application.pk}/erase/")

    # then every personal field is empty, the link is dead, the e-mails are gone, and the row says when
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.contact_name, application.contact_email, application.company_name) == ("", "", "")
    assert str(application.phone or "") == ""
    assert application.erased_at is not None
    assert application.erased_by == staff_user
    assert application.state == "approved"
    assert not Invitation.objects.exists()
    assert not OutboxMessage.objects.filter(recipient="anna@acme.test").exists()
    page = staff_client.get(f"/review/{application.pk}/")
    assert "Anna Rossi" not in page.content.decode()
    assert "Erased" in page.content.decode()


def test_a_pending_application_erased_leaves_the_queue_and_frees_its_address(staff_client):
    application = ApplicationFactory.create(contact_email="anna@acme.test")
    staff_client.post(f"/review/{application.pk}/erase/")
    application.refresh_from_db()
    assert application.state == "rejected"
    assert application not in staff_client.get("/review/").context["queue"]
    # two erased applications no longer share an address the one-open-application rule would refuse
    ApplicationFactory.create(contact_email="anna@acme.test")
    assert Application.objects.count() == 2


def test_an_application_is_erased_once(staff_client):
    application = ApplicationFactory.create()
    staff_client.post(f"/review/{application.pk}/erase/")
    response = staff_client.post(f"/review/{application.pk}/erase/", follow=True)
    assert "already erased" in response.content.decode()
