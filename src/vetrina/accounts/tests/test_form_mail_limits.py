"""Forms anyone may post that e-mail the address typed (applying, a password reset, a team invitation)
send one address, and let one client ask for, only so many e-mails in a window (accounts.limits)."""

import time

import pytest
from axes.helpers import get_client_ip_address
from django.test import Client

from vetrina.accounts.limits import client_address
from vetrina.accounts.models import Application, MailLimitWindow
from vetrina.accounts.tests.factories import UserFactory
from vetrina.accounts.tests.factories import application_form_data as form_data
from vetrina.conftest import client_for

pytestmark = pytest.mark.django_db

LIMITED = "Too many e-mails were asked for this address, or from your connection"


def test_twenty_applications_for_one_address_send_it_three_e_mails(
    client: Client, mailoutbox, django_capture_on_commit_callbacks
):
    # when someone posts the form 20 times with a stranger's address
    statuses = []
    for _ in range(20):
        with django_capture_on_commit_callbacks(execute=True):
            statuses.append(
                client.post("/apply/", form_data(contact_email="stranger@example.test")).status_code
            )
    # then the stranger got VETRINA_FORM_MAIL_PER_ADDRESS (3) e-mails, and the rest were refused, saying so
    assert len(mailoutbox) == 3
    assert {tuple(message.to) for message in mailoutbox} == {("stranger@example.test",)}
    assert statuses == [302] * 3 + [429] * 17
    assert Application.objects.count() == 1


def test_the_limit_is_stated_on_the_form_and_translated(client: Client, mailoutbox, settings):
    settings.VETRINA_FORM_MAIL_PER_ADDRESS = 1
    client.post("/apply/", form_data())
    response = client.post("/apply/", form_data())
    assert response.status_code == 429
    assert LIMITED in response.content.decode()
    assert "Try again in 60 minutes." in response.content.decode()
    italian = Client(headers={"accept-language": "it"}).post("/apply/", form_data())
    assert "Troppe e-mail" in italian.content.decode()


def test_twenty_password_resets_for_one_address_send_three_e_mails(
    client: Client, brand_member, mailoutbox, django_capture_on_commit_callbacks
):
    statuses = []
    for _ in range(20):
        with django_capture_on_commit_callbacks(execute=True):
            statuses.append(client.post("/password-reset/", {"email": brand_member.email}).status_code)
    assert len(mailoutbox) == 3
    assert statuses == [302] * 3 + [429] * 17
    assert LIMITED in client.post("/password-reset/", {"email": brand_member.email}).content.decode()


def test_resets_for_an_address_without_an_account_are_counted_alike(client: Client, db, mailoutbox):
    # so that the limit does not tell which addresses have an account
    statuses = [
        client.post("/password-reset/", {"email": "nobody@example.test"}).status_code for _ in range(4)
    ]
    assert statuses == [302, 302, 302, 429]
    assert mailoutbox == []


def test_one_client_is_limited_across_addresses(client: Client, db, mailoutbox, settings):
    # given a client allowed 5 e-mails in the window
    settings.VETRINA_FORM_MAIL_PER_CLIENT = 5
    statuses = [
        client.post("/apply/", form_data(contact_email=f"person{n}@example.test")).status_code
        for n in range(8)
    ]
    assert statuses == [302] * 5 + [429] * 3
    # and another client is not held back by it
    other = Client(REMOTE_ADDR="192.0.2.7")
    assert other.post("/apply/", form_data(contact_email="someone@example.test")).status_code == 302


def test_the_window_ends_and_the_address_may_be_mailed_again(
    client: Client, brand_member, mailoutbox, django_capture_on_commit_callbacks
):
    for _ in range(4):
        with django_capture_on_commit_callbacks(execute=True):
            client.post("/password-reset/", {"email": brand_member.email})
    assert len(mailoutbox) == 3
    # when the window (60 minutes) is over
    MailLimitWindow.objects.update(started_at=time.time() - 3601)
    # then the address may be sent a reset again, and the ended windows are gone
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/password-reset/", {"email": brand_member.email}).status_code == 302
    assert len(mailoutbox) == 4
    assert all(row.requests == 1 for row in MailLimitWindow.objects.all())


def test_the_limit_keeps_no_address(client: Client, db):
    client.post("/apply/", form_data(contact_email="stranger@example.test"))
    assert not any("stranger" in key for key in MailLimitWindow.objects.values_list("key", flat=True))


def test_team_invitations_to_one_address_are_limited(
    brand_member, mailoutbox, django_capture_on_commit_callbacks
):
    brand_member.is_owner = True
    brand_member.save(update_fields=["is_owner"])
    client = client_for(brand_member)
    statuses = []
    for _ in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            statuses.append(client.post("/team/invite/", {"email": "colleague@acme.test"}).status_code)
    assert statuses == [302] * 3 + [429] * 2
    assert len(mailoutbox) == 3


def test_the_client_address_is_the_one_axes_counts_log_ins_under(rf, settings):
    # one reading of the client for both: django-axes asks accounts.limits.client_address
    settings.VETRINA_TRUSTED_PROXIES = 1
    request = rf.post("/login/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.4, 198.51.100.9")
    assert get_client_ip_address(request) == client_address(request) == "198.51.100.9"


def test_a_link_in_the_names_e_mailed_to_the_address_is_refused(client: Client, db, mailoutbox):
    for field, value in [
        ("company_name", "Your account is suspended, see https://evil.example/login"),
        ("contact_name", "Support at www.evil-bank"),
        ("company_name", "Call help@evil-bank.example now"),
        ("contact_name", "evil-bank.com security team"),
    ]:
        response = client.post("/apply/", form_data(**{field: value}))
        assert response.status_code == 200
        errors = response.context["form"].errors[field]
        assert errors == ["Write this without web or e-mail addresses: it is e-mailed as plain text."]
    assert mailoutbox == []
    assert not Application.objects.exists()


def test_ordinary_company_and_person_names_pass(client: Client, db):
    response = client.post(
        "/apply/", form_data(company_name="Rossi & Figli S.r.l.", contact_name="J. R. O'Neil")
    )
    assert response.status_code == 302


def test_the_names_e_mailed_to_the_address_are_capped_with_a_clear_error(client: Client, db, mailoutbox):
    response = client.post("/apply/", form_data(contact_name="A" * 101))
    assert response.context["form"].errors["contact_name"] == [
        "Ensure this value has at most 100 characters (it has 101)."
    ]
    assert mailoutbox == []


def test_markup_in_a_name_reaches_the_e_mail_escaped(
    client: Client, db, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/apply/", form_data(contact_name="<b>Anna</b>"))
    [message] = mailoutbox
    html = message.alternatives[0].content
    assert "&lt;b&gt;Anna&lt;/b&gt;" in html
    assert "<b>Anna" not in html


def test_password_reset_accounts_are_not_told_apart_by_the_form(client: Client, db):
    # a sanity check the limit left the reset form as it was for a first request
    UserFactory.create(email="known@example.test", username="known@example.test")
    known = client.post("/password-reset/", {"email": "known@example.test"})
    unknown = client.post("/password-reset/", {"email": "unknown@example.test"})
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])


def test_behind_a_trusted_proxy_each_client_has_its_own_count(db, settings):
    # given one proxy in front, so that every request comes from 127.0.0.1 with the client appended
    settings.VETRINA_TRUSTED_PROXIES = 1
    settings.VETRINA_FORM_MAIL_PER_CLIENT = 2
    first = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1")
    statuses = [
        first.post("/apply/", form_data(contact_email=f"person{n}@example.test")).status_code
        for n in range(3)
    ]
    assert statuses == [302, 302, 429]
    # then another client behind the same proxy is not held back by the first one's count
    second = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert second.post("/apply/", form_data(contact_email="other@example.test")).status_code == 302


def test_a_client_cannot_escape_its_count_by_sending_its_own_forwarded_for(db, settings):
    settings.VETRINA_TRUSTED_PROXIES = 1
    settings.VETRINA_FORM_MAIL_PER_CLIENT = 2
    statuses = []
    for n in range(3):
        # the client writes a new address each time; the proxy appends the one it really came from
        spoofing = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}, 198.51.100.1")
        statuses.append(spoofing.post("/apply/", form_data(contact_email=f"p{n}@example.test")).status_code)
    assert statuses == [302, 302, 429]


def test_without_trusted_proxies_forwarded_for_is_ignored(db, settings):
    settings.VETRINA_FORM_MAIL_PER_CLIENT = 2
    statuses = [
        Client(HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
        .post("/apply/", form_data(contact_email=f"person{n}@example.test"))
        .status_code
        for n in range(3)
    ]
    assert statuses == [302, 302, 429]


@pytest.mark.parametrize(
    ("forwarded", "proxies", "client"),
    [
        ("198.51.100.1", 1, "198.51.100.1"),
        ("203.0.113.9, 198.51.100.1", 1, "198.51.100.1"),
        ("203.0.113.9, 198.51.100.1, 10.0.0.2", 2, "198.51.100.1"),
        ("", 1, "127.0.0.1"),  # did not pass the proxy
        ("not-an-address", 1, "127.0.0.1"),
        ("2001:db8::1", 1, "2001:db8::1"),
    ],
)
def test_client_address_is_read_that_many_places_from_the_right(
    rf, settings, forwarded: str, proxies: int, client: str
):
    settings.VETRINA_TRUSTED_PROXIES = proxies
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == client
