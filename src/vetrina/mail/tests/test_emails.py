from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import Client

from vetrina.accounts.models import Application
from vetrina.accounts.services import application_approve
from vetrina.mail.models import OutboxMessage

EMAILS = Path(settings.PACKAGE_DIR) / "templates" / "emails"
TEMPLATES = sorted(path.stem for path in EMAILS.glob("*.txt") if not path.name.startswith("_"))


def test_every_e_mail_is_a_template_pair():
    assert TEMPLATES
    assert sorted(path.stem for path in EMAILS.glob("*.html") if not path.name.startswith("_")) == TEMPLATES


@pytest.mark.parametrize("template", TEMPLATES)
def test_every_e_mail_names_the_product_and_says_why_it_was_sent(template: str):
    context = {"base_url": "https://vetrina.example", "uid": "MQ", "token": "set-token"}
    for part in [
        render_to_string(f"emails/{template}.txt", context),
        render_to_string(f"emails/{template}.html", context),
    ]:
        assert "You receive this e-mail because" in part
        assert "Vetrina, the creator marketplace:" in part
        assert "https://vetrina.example" in part


def test_an_applicant_gets_every_e_mail_in_the_language_they_applied_in(
    staff_user, mailoutbox, django_capture_on_commit_callbacks
):
    # given someone who applies with their browser set to Italian
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(
            "/apply/",
            {
                "company_name": "Acme Italia",
                "applicant_type": "brand",
                "country": "IT",
                "region": "Milano",
                "phone": "+39 02 1234 5678",
                "contact_name": "Anna Rossi",
                "contact_email": "anna@acme.test",
            },
            HTTP_ACCEPT_LANGUAGE="it",
        )
    application = Application.objects.get()
    assert application.language == "it"
    # when staff, in English, approve it
    with django_capture_on_commit_callbacks(execute=True):
        application_approve(application=application, reviewed_by=staff_user)
    # then both e-mails were written in Italian
    assert list(OutboxMessage.objects.values_list("reason", "language").order_by("pk")) == [
        ("application_received", "it"),
        ("invitation", "it"),
    ]
    assert all('<html lang="it">' in message.alternatives[0].content for message in mailoutbox)
