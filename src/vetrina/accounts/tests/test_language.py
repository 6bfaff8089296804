"""Choosing a language: the switcher on every page (Django's set_language), kept on a signed-in user's
account and used for their pages and e-mails; Accept-Language for everybody else."""

import re

import pytest
from django.test import Client

from vetrina.accounts.models import OrganisationKind, User
from vetrina.accounts.services import application_approve, invitation_accept
from vetrina.accounts.tests.factories import ApplicationFactory
from vetrina.collaborations.services import collaboration_request_answer
from vetrina.collaborations.tests.factories import CollaborationRequestFactory
from vetrina.conftest import client_for
from vetrina.mail.models import OutboxMessage

pytestmark = pytest.mark.django_db

LANDING_EN = "Find the creators your audience already watches"
LANDING_IT = "Trova i creator che il tuo pubblico guarda già"


def test_the_landing_page_offers_the_switcher_as_a_form_with_its_csrf_token():
    page = Client().get("/").content.decode()
    assert 'action="/language/"' in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert '<button type="submit" name="language" value="it" lang="it"' in page
    assert ">Italiano</button>" in page


def test_a_visitor_gets_the_language_their_browser_asks_for():
    assert LANDING_IT in Client(headers={"accept-language": "it-IT,it;q=0.9"}).get("/").content.decode()
    assert LANDING_EN in Client(headers={"accept-language": "en-GB,en;q=0.9"}).get("/").content.decode()
    # a language Vetrina does not speak: the default
    assert LANDING_EN in Client(headers={"accept-language": "de-DE"}).get("/").content.decode()


def test_a_visitor_who_chooses_italian_keeps_it_over_the_browsers_language():
    client = Client(headers={"accept-language": "en"})
    # when
    answer = client.post("/language/", {"language": "it", "next": "/apply/"})
    # then
    assert answer.status_code == 302
    assert answer["Location"] == "/apply/"
    assert LANDING_IT in client.get("/").content.decode()


def test_a_signed_in_users_choice_is_kept_on_the_account_and_follows_them_to_another_device(brand_member):
    # when
    client_for(brand_member).post("/language/", {"language": "it", "next": "/"})
    # then
    brand_member.refresh_from_db()
    assert brand_member.language == "it"
    other_device = client_for(brand_member)
    other_device.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    assert "Ricerca creator" in other_device.get("/search/").content.decode()


def test_a_language_vetrina_does_not_offer_changes_nothing(brand_member):
    # when
    answer = client_for(brand_member).post("/language/", {"language": "xx", "next": "/"})
    # then
    assert answer.status_code == 302
    brand_member.refresh_from_db()
    assert brand_member.language == ""


def test_choosing_a_language_takes_a_csrf_token():
    client = Client(enforce_csrf_checks=True)
    assert client.post("/language/", {"language": "it"}).status_code == 403


def test_a_member_who_chose_italian_is_told_of_an_answer_in_italian(brand_member):
    # given
    User.objects.filter(pk=brand_member.pk).update(language="it")
    request = CollaborationRequestFactory.create(campaign__organisation=brand_member.organisation)
    # when
    collaboration_request_answer(request=request, accept=True, message="")
    # then
    message = OutboxMessage.objects.get(recipient=brand_member.email, reason="collaboration_answered")
    assert (
        message.subject
        == f"@{request.creator.handle} ha risposto alla tua richiesta in “{request.campaign.name}”"
    )
    assert "ha accettato la tua richiesta per la campagna" in message.text
    assert message.language == "it"


def test_a_password_reset_is_written_in_the_accounts_language_not_the_browsers(brand_member):
    # given
    User.objects.filter(pk=brand_member.pk).update(language="it", email="anna@acme.test")
    # when
    Client(headers={"accept-language": "en"}).post("/password-reset/", {"email": "anna@acme.test"})
    # then
    message = OutboxMessage.objects.get(recipient="anna@acme.test")
    assert message.subject == "Reimposta la tua password di Vetrina"
    assert "Qualcuno, probabilmente tu, ha chiesto di reimpostare la password" in message.text


def test_an_applicant_who_applied_in_italian_gets_an_account_in_italian(staff_user):
    # given an approved application made in Italian, and the link of its (Italian) invitation
    application = ApplicationFactory.create(applicant_type=OrganisationKind.BRAND, language="it")
    application_approve(application=application, reviewed_by=staff_user)
    invitation = OutboxMessage.objects.get(recipient=application.contact_email, reason="invitation")
    assert invitation.subject == "Il tuo invito a Vetrina"
    token = re.search(r"/invitation/([\w-]+)/", invitation.text).group(1)  # type: ignore[union-attr]
    # when
    user = invitation_accept(token=token, password="velvet-harbour-42")
    # then
    assert user.language == "it"
