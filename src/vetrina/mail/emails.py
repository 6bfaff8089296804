"""E-mails: each message is one template pair, emails/<name>.txt and emails/<name>.html, rendered in the
recipient's language and queued in the outbox (vetrina.mail), which sends it once the caller commits."""

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.functional import Promise

from vetrina.mail.models import OutboxMessage
from vetrina.mail.services import outbox_message_queue


def absolute_url(path: str) -> str:
    """A link for an e-mail, which has no request to take the host from."""
    return settings.VETRINA_BASE_URL.rstrip("/") + path


def email_language(language: str | None) -> str:
    """One of LANGUAGES for the recipient; the default language when theirs is unknown or not offered."""
    try:
        return translation.get_supported_language_variant(language or settings.LANGUAGE_CODE)
    except LookupError:
        return settings.LANGUAGE_CODE


def email_queue(
    *,
    to: str,
    subject: str | Promise,
    template: str,
    context: dict[str, Any],
    language: str | None = None,
    secret_parts: Sequence[str] = (),
) -> OutboxMessage:
    """Renders emails/<template>.txt and .html in the recipient's language and queues the message.

    Call it inside the transaction of the change that causes the message: the message exists exactly
    when the change does. Give the subject as a lazy translation, so that it is translated here too.
    `secret_parts` (a link that opens an account) are kept only until the message is sent.
    """
    language = email_language(language)
    context = {**context, "base_url": settings.VETRINA_BASE_URL.rstrip("/")}
    with translation.override(language):
        subject = str(subject)
        text = render_to_string(f"emails/{template}.txt", context)
        html = render_to_string(f"emails/{template}.html", context)
    return outbox_message_queue(
        to=to,
        subject=subject,
        text=text,
        html=html,
        language=language,
        reason=template,
        secret_parts=secret_parts,
    )
