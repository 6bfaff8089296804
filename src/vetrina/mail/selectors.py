from django.db.models import QuerySet

from vetrina.mail.models import OutboxMessage


def outbox_messages_given_up() -> QuerySet[OutboxMessage]:
    """Messages that ran out of retries: staff see them on their home page and in the admin."""
    return OutboxMessage.objects.filter(state=OutboxMessage.State.GIVEN_UP)
