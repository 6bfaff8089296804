"""A refused creator applies again from their space (docs/creators-joining.md, "Applying again after a
refusal"); staff see the earlier refusals."""

import json

import pytest
from django.test import Client

from vetrina.accounts.models import User
from vetrina.joining.models import CreatorApplication, CreatorApplicationRefusal
from vetrina.joining.services import creator_application_refuse
from vetrina.joining.tests.helpers import APPLY_FORM, PASSWORD, client_of, joined, synced

pytestmark = pytest.mark.django_db

State = CreatorApplication.State


def refused(application: CreatorApplication, staff_user: User, reason: str) -> CreatorApplication:
    creator_application_refuse(application=application, reviewed_by=staff_user, reason=reason)
    application.refresh_from_db()
    return application


def test_a_refused_creator_applies_again_and_staff_see_the_refusal(staff_user, staff_client: Client):
    # given a creator who meets every condition, refused
    application = refused(synced(joined()), staff_user, "Reposted videos.")
    client = client_of(application)
    space = client.get("/my-creator/").content.decode()
    assert "Reposted videos." in space
    assert 'action="/my-creator/apply-again/"' in space
    # when they apply again
    response = client.post("/my-creator/apply-again/", follow=True)
    # then they are back in staff's queue, at once since every condition holds
    assert response.status_code == 200
    assert "You applied again and meet every condition" in response.content.decode()
    application.refresh_from_db()
    assert application.state == State.IN_REVIEW
    assert (application.refusal_reason, application.reviewed_by, application.reviewed_at) == ("", None, None)
    assert "@nina.bakes" in staff_client.get("/review/joined/").content.decode()
    # and the refusal is kept in the application's history, which staff see on the application
    [refusal] = CreatorApplicationRefusal.objects.filter(application=application)
    assert (refusal.reason, refusal.refused_by) == ("Reposted videos.", staff_user)
    page = staff_client.get(f"/review/joined/{application.pk}/").content.decode()
    assert "Refused before" in page
    assert "Reposted videos." in page
    assert f'action="/review/joined/{application.pk}/verify/"' in page


def test_a_creator_below_the_bar_applies_again_and_waits_for_the_conditions(staff_user):
    # given a refused creator whose numbers have fallen below the bar since
    application = refused(synced(joined()), staff_user, "Too few videos of your own.")
    synced(application, followers=50)
    # when they apply again
    client_of(application).post("/my-creator/apply-again/")
    # then they wait, as any creator who joined does, until every condition holds
    application.refresh_from_db()
    assert application.state == State.JOINED
    synced(application)
    application.refresh_from_db()
    assert application.state == State.IN_REVIEW


def test_every_refusal_stays_in_the_history_in_order(staff_user, staff_client: Client):
    application = refused(synced(joined()), staff_user, "First reason.")
    client_of(application).post("/my-creator/apply-again/")
    application = refused(application, staff_user, "Second reason.")
    client_of(application).post("/my-creator/apply-again/")
    reasons = list(application.earlier_refusals.values_list("reason", flat=True))
    assert reasons == ["First reason.", "Second reason."]
    page = staff_client.get(f"/review/joined/{application.pk}/").content.decode()
    assert page.index("First reason.") < page.index("Second reason.")
    # and the creator's download holds them too
    document = json.loads(client_of(application).get("/my-creator/export.json").content)
    assert [item["reason"] for item in document["application"]["earlier_refusals"]] == reasons


def test_a_refused_creator_using_the_form_again_is_told_to_apply_again_from_the_space(
    staff_user, post, mailoutbox
):
    # given a refused creator, who has an account
    application = refused(synced(joined()), staff_user, "Reposted videos.")
    mailoutbox.clear()
    # when they fill in the form of step 1 again
    response = post(Client(), "/join/", {**APPLY_FORM, "email": application.email})
    # then the page is the one anybody gets, and the e-mail says where to apply again
    assert response["Location"] == "/join/sent/"
    [message] = mailoutbox
    assert "Our team refused your last application" in message.body
    assert "/my-creator/" in message.body
    assert CreatorApplication.objects.filter(email__iexact=application.email).count() == 1


def test_an_address_with_an_account_and_no_refusal_gets_no_word_of_one(post, mailoutbox):
    application = synced(joined())
    mailoutbox.clear()

    post(Client(), "/join/", {**APPLY_FORM, "email": application.email})

    [message] = mailoutbox
    assert "It already has an account" in message.body
    assert "refused" not in message.body


def test_only_a_refused_application_is_sent_again(staff_user):
    application = synced(joined())
    response = client_of(application).post("/my-creator/apply-again/", follow=True)
    assert "Only an application our team refused can be sent again." in response.content.decode()
    application.refresh_from_db()
    assert application.state == State.IN_REVIEW
    assert not CreatorApplicationRefusal.objects.exists()


def test_leaving_takes_the_history_along(staff_user):
    application = refused(synced(joined()), staff_user, "Reposted videos.")
    client = client_of(application)
    client.post("/my-creator/apply-again/")
    client.post("/my-creator/leave/", {"password": PASSWORD})
    assert not CreatorApplication.objects.exists()
    assert not CreatorApplicationRefusal.objects.exists()
