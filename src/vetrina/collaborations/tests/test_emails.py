import re

import pytest
from django.test import Client

from vetrina.collaborations.services import collaboration_requests_send
from vetrina.config.env import email_settings
from vetrina.creators.tests.factories import CreatorFactory

pytestmark = pytest.mark.django_db


def test_the_request_reaches_the_manager_over_smtp_and_its_link_opens_the_request(
    settings, smtp_port, mail_server, tmp_path, brand_member, terms, django_capture_on_commit_callbacks
):
    # given a real mail server, as EMAIL_URL=smtp://… configures it
    settings.MAILERS = email_settings(f"smtp://127.0.0.1:{smtp_port}", data_dir=tmp_path)
    settings.VETRINA_BASE_URL = "http://testserver"
    inbox = mail_server()
    creator = CreatorFactory.create(handle="asha.fits", manager_email="Team@Asha.test", languages=["it"])
    # when the brand contacts the creator
    with django_capture_on_commit_callbacks(execute=True):
        collaboration_requests_send(
            sent_by=brand_member,
            creators=[creator],
            terms=terms.model_copy(update={"campaign_name": "Primavera"}),
        )
    # then the manager's server has the message, in the creator's language
    [message] = inbox.messages
    assert message["To"] == "team@asha.test"
    assert (
        message["Subject"] == "Una richiesta di collaborazione per @asha.fits"
        or "@asha.fits" in message["Subject"]
    )
    text = message.get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"http://testserver(/answer/\S+/)", text)
    assert link is not None
    # and its link opens the request, with no account
    page = Client().get(link.group(1))
    assert page.status_code == 200
    assert "Primavera" in page.text
