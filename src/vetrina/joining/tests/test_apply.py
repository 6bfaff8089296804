import re
from datetime import date

import pytest
from django.test import Client

from vetrina.accounts.models import User
from vetrina.joining.models import CreatorApplication
from vetrina.joining.tests.helpers import APPLY_FORM as FORM
from vetrina.mail.models import OutboxMessage

pytestmark = pytest.mark.django_db


def sent_to(address: str) -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(recipient=address).order_by("pk"))


def test_it_files_the_application_and_e_mails_a_confirmation_link(post, mailoutbox):
    response = post(Client(), "/join/", FORM)
    assert response.status_code == 302
    assert response["Location"] == "/join/sent/"
    application = CreatorApplication.objects.get()
    assert application.email == "nina@bakes.test"
    assert application.categories == ["food", "lifestyle"]
    assert application.date_of_birth == date(1998, 4, 2)
    assert application.state == CreatorApplication.State.UNCONFIRMED
    assert application.user is None
    # the link is in the message sent, and the outbox keeps no working copy of it
    assert len(mailoutbox) == 1
    assert re.search(r"/join/confirm/[\w:-]+/", mailoutbox[0].body)
    (stored,) = sent_to("nina@bakes.test")
    assert not re.search(r"/join/confirm/[\w:-]+/", stored.text)


def test_the_landing_page_links_to_the_form(post, mailoutbox):
    assert 'href="/join/"' in Client().get("/").content.decode()


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("handle", "Nina Bakes!", "A handle is 2 to 64 lowercase letters"),
        ("country", "FR", "Select a valid choice"),
        ("main_category", "knitting", "Select a valid choice"),
        ("date_of_birth", "2999-01-01", "Enter your real date of birth."),
        ("rate_per_video", "0", "greater than or equal to 0.01"),
        ("rate_currency", "", "This field is required."),
    ],
)
def test_it_refuses_bad_input_with_a_clear_error_and_stores_nothing(field, value, error, post, mailoutbox):
    response = post(Client(), "/join/", {**FORM, field: value})
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not CreatorApplication.objects.exists()
    assert not mailoutbox


def test_an_under_age_applicant_is_not_a_form_error(post, mailoutbox):
    # Age is a condition of eligibility, shown in the creator's space, not a reason to refuse the form.
    response = post(Client(), "/join/", {**FORM, "date_of_birth": "2015-01-01"})
    assert response.status_code == 302
    assert CreatorApplication.objects.get().date_of_birth == date(2015, 1, 1)


def test_an_address_with_an_account_gets_an_e_mail_saying_so_and_the_same_page(
    creator_account, post, mailoutbox
):
    response = post(Client(), "/join/", {**FORM, "email": creator_account.email})
    assert response["Location"] == "/join/sent/"
    assert not CreatorApplication.objects.exists()
    assert "It already has an account" in mailoutbox[0].body


def test_applying_again_before_confirming_replaces_the_form_and_sends_the_link_again(post, mailoutbox):
    post(Client(), "/join/", FORM)
    post(Client(), "/join/", {**FORM, "handle": "nina.bakes.uk"})
    assert CreatorApplication.objects.get().handle == "nina.bakes.uk"
    assert len(mailoutbox) == 2


def test_the_form_is_rate_limited_per_address(settings, post, mailoutbox):
    settings.VETRINA_FORM_MAIL_PER_ADDRESS = 1
    assert post(Client(), "/join/", FORM).status_code == 302
    response = post(Client(), "/join/", FORM)
    assert response.status_code == 429
    assert "Too many e-mails" in response.content.decode()
    assert len(mailoutbox) == 1


def test_a_signed_in_account_is_sent_home(creator_account, post, mailoutbox):
    client = Client()
    client.force_login(creator_account)
    assert client.get("/join/")["Location"] == "/"
    assert User.objects.count() == 1


def test_an_application_never_confirmed_is_deleted_once_its_link_expired(post, mailoutbox):
    from datetime import timedelta

    from django.utils import timezone

    from vetrina.joining.services import creator_applications_unconfirmed_prune

    post(Client(), "/join/", FORM)
    assert creator_applications_unconfirmed_prune() == 0
    CreatorApplication.objects.update(created_at=timezone.now() - timedelta(days=3, minutes=1))
    assert creator_applications_unconfirmed_prune() == 1
    assert not CreatorApplication.objects.exists()
