"""Sending e-mail: each message is one template pair, emails/<name>.txt and emails/<name>.html."""

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def absolute_url(path: str) -> str:
    """A link for an e-mail, which has no request to take the host from."""
    return settings.VETRINA_BASE_URL.rstrip("/") + path


def email_send(*, to: str, subject: str, template: str, context: dict[str, Any]) -> None:
    context = {**context, "base_url": settings.VETRINA_BASE_URL.rstrip("/")}
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"emails/{template}.txt", context),
        to=[to],
    )
    message.attach_alternative(render_to_string(f"emails/{template}.html", context), "text/html")
    message.send()
