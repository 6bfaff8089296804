from django.test import Client

from vetrina.mail.emails import email_queue
from vetrina.mail.models import OutboxMessage

State = OutboxMessage.State
CHANGELIST = "/admin/mail/outboxmessage/"


def test_staff_see_a_given_up_message_and_retry_it_now(
    admin_client: Client, mailoutbox, django_capture_on_commit_callbacks
):
    # given a message that ran out of retries
    with django_capture_on_commit_callbacks():
        message = email_queue(
            to="anna@acme.test",
            subject="Your application to Vetrina",
            template="application_again",
            context={},
        )
    OutboxMessage.objects.update(
        state=State.GIVEN_UP, attempts=7, last_error="SMTPDataError: 451 Mailbox busy"
    )
    # then staff are told on their home page
    assert "1 e-mail could not be sent after every retry." in admin_client.get("/").content.decode()
    # and find it in the outbox by its state, with the reason it failed
    listing = admin_client.get(CHANGELIST, {"state__exact": "given_up"}).content.decode()
    assert "anna@acme.test" in listing
    assert "Given up" in listing
    detail = admin_client.get(f"{CHANGELIST}{message.pk}/change/")
    assert detail.status_code == 200
    assert "451 Mailbox busy" in detail.content.decode()
    # when they retry it now
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(CHANGELIST, {"action": "retry_now", "_selected_action": [message.pk]})
    # then it is sent, starting its retries afresh
    assert response.status_code == 302
    assert [sent.to for sent in mailoutbox] == [["anna@acme.test"]]
    message.refresh_from_db()
    assert (message.state, message.attempts) == (State.SENT, 1)


def test_the_outbox_is_read_only(admin_client: Client, db):
    message = email_queue(to="anna@acme.test", subject="Hello", template="application_again", context={})
    assert admin_client.get(f"{CHANGELIST}add/").status_code == 403
    assert admin_client.post(f"{CHANGELIST}{message.pk}/delete/").status_code == 403
    page = admin_client.get(f"{CHANGELIST}{message.pk}/change/").content.decode()
    assert 'name="recipient"' not in page
