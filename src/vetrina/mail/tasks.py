from django.tasks import task

from vetrina.mail.services import outbox_message_send


@task
def send_outbox_message(message_id: int) -> bool:
    return outbox_message_send(message_id=message_id)
