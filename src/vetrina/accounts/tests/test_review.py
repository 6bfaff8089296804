import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from vetrina.accounts.models import Application, Invitation, OrganisationKind
from vetrina.accounts.services import application_approve, application_reject, application_strategy_ask
from vetrina.accounts.tests.factories import ApplicationFactory
from vetrina.accounts.tokens import invitation_token_hash


def test_the_queue_lists_brands_then_agencies_then_visitors_oldest_first(staff_client: Client, db):
    # given applications arriving in a muddle
    day = datetime(2026, 11, 1, tzinfo=UTC)
    for name, kind, days in [
        ("Visitor old", OrganisationKind.VISITOR, 0),
        ("Agency new", OrganisationKind.AGENCY, 5),
        ("Brand new", OrganisationKind.BRAND, 4),
        ("Agency old", OrganisationKind.AGENCY, 1),
        ("Brand old", OrganisationKind.BRAND, 2),
    ]:
        ApplicationFactory.create(
            company_name=name, applicant_type=kind, created_at=day + timedelta(days=days)
        )
    ApplicationFactory.create(company_name="Reviewed", state=Application.State.REJECTED)
    # when
    response = staff_client.get("/review/")
    # then
    queue = [application.company_name for application in response.context["queue"]]
    assert queue == ["Brand old", "Brand new", "Agency old", "Agency new", "Visitor old"]


def test_staff_ask_about_strategy_and_the_answers_show_on_the_application(
    staff_client: Client, staff_user, mailoutbox, django_capture_on_commit_callbacks
):
    # given
    application = ApplicationFactory.create(company_name="Acme")
    # when staff ask
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(f"/review/{application.pk}/ask/")
    # then the applicant gets a signed link to the questions
    [message] = mailoutbox
    link = re.search(r"http://\S+/apply/strategy/\S+/", message.body)
    assert link is not None
    path = link.group(0).split("8000", 1)[1]
    # when the applicant answers through it, signed out
    answerer = Client()
    assert answerer.get(path).status_code == 200
    response = answerer.post(
        path, {"marketing_strategy": "Unboxings", "target_audience": "Women 18-34 in the UK"}
    )
    assert response.status_code == 302
    # then staff see the answers, and the link now says thank you
    page = staff_client.get(f"/review/{application.pk}/").content.decode()
    assert "Unboxings" in page
    assert "Women 18-34 in the UK" in page
    assert "we have your answers" in answerer.get(path).content.decode()


def test_an_altered_questionnaire_link_says_so(client: Client, db):
    response = client.get("/apply/strategy/not-a-signature/")
    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()


def test_a_questionnaire_link_expires(
    client: Client, staff_user, mailoutbox, django_capture_on_commit_callbacks
):
    # given a link sent 15 days ago
    from unittest import mock

    application = ApplicationFactory.create()
    fifteen_days_ago = timezone.now().timestamp() - 15 * 86400
    with (
        mock.patch("django.core.signing.time.time", return_value=fifteen_days_ago),
        django_capture_on_commit_callbacks(execute=True),
    ):
        application_strategy_ask(application=application, asked_by=staff_user)
    path = re.search(r"/apply/strategy/\S+/", mailoutbox[0].body).group(0)  # type: ignore[union-attr]
    # then
    assert client.get(path).status_code == 404


def test_approving_stores_only_a_hash_and_e_mails_a_link_that_expires_in_seven_days(
    staff_client: Client, staff_user, mailoutbox, django_capture_on_commit_callbacks
):
    # given
    application = ApplicationFactory.create(company_name="Acme", contact_email="anna@acme.test")
    # when staff approve from the queue
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(f"/review/{application.pk}/approve/", {"next": "/review/"}, follow=True)
    # then
    assert "Approved Acme" in response.content.decode()
    application.refresh_from_db()
    assert (application.state, application.reviewed_by) == (Application.State.APPROVED, staff_user)
    invitation = Invitation.objects.get()
    assert invitation.expires_at - invitation.created_at == timedelta(days=7)
    [message] = mailoutbox
    assert message.to == ["anna@acme.test"]
    token = re.search(r"/invitation/([\w-]+)/", message.body).group(1)  # type: ignore[union-attr]
    assert invitation.token_hash == invitation_token_hash(token)
    assert token not in invitation.token_hash


def test_rejecting_needs_a_reason_and_e_mails_it(
    staff_client: Client, mailoutbox, django_capture_on_commit_callbacks
):
    # given
    application = ApplicationFactory.create()
    # when without a reason
    response = staff_client.post(f"/review/{application.pk}/reject/", {"reason": ""})
    # then
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()
    # when with one
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(f"/review/{application.pk}/reject/", {"reason": "We list cosmetics brands only."})
    # then
    application.refresh_from_db()
    assert application.state == Application.State.REJECTED
    assert "We list cosmetics brands only." in mailoutbox[0].body


def test_it_refuses_to_review_an_application_twice(staff_user):
    application = ApplicationFactory.create()
    application_reject(application=application, reviewed_by=staff_user, reason="No")
    with pytest.raises(ValidationError, match="already rejected"):
        application_approve(application=application, reviewed_by=staff_user)


def test_it_refuses_a_visitor_past_the_monthly_cap_and_says_why(staff_client: Client, staff_user, settings):
    # given a cap of two, used up this month
    settings.VETRINA_VISITOR_INVITATIONS_PER_MONTH = 2
    for _ in range(2):
        application_approve(
            application=ApplicationFactory.create(applicant_type=OrganisationKind.VISITOR),
            reviewed_by=staff_user,
        )
    visitor = ApplicationFactory.create(applicant_type=OrganisationKind.VISITOR)
    brand = ApplicationFactory.create(applicant_type=OrganisationKind.BRAND)
    # when
    response = staff_client.post(f"/review/{visitor.pk}/approve/", {"next": "/review/"}, follow=True)
    # then the visitor stays pending, with the reason shown; brands are not capped
    page = response.content.decode()
    assert "visitor invitations are used up" in page
    assert "Visitor invitations this month: 2 of 2." in page
    visitor.refresh_from_db()
    assert visitor.state == Application.State.PENDING
    application_approve(application=brand, reviewed_by=staff_user)
    brand.refresh_from_db()
    assert brand.state == Application.State.APPROVED


def test_visitors_approved_last_month_leave_this_month_s_cap_free(staff_user, settings):
    # given a cap of one, used last month
    settings.VETRINA_VISITOR_INVITATIONS_PER_MONTH = 1
    ApplicationFactory.create(
        applicant_type=OrganisationKind.VISITOR,
        state=Application.State.APPROVED,
        reviewed_at=timezone.now().replace(day=1) - timedelta(days=1),
    )
    visitor = ApplicationFactory.create(applicant_type=OrganisationKind.VISITOR)
    # when staff approve a visitor this month
    application_approve(application=visitor, reviewed_by=staff_user)
    # then the visitor is approved and invited
    visitor.refresh_from_db()
    assert visitor.state == Application.State.APPROVED
    assert Invitation.objects.filter(application=visitor).exists()
