from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client


@pytest.fixture
def post(django_capture_on_commit_callbacks, mailoutbox) -> Callable[..., Any]:
    """Posts as the client and runs what was queued for after the commit (the e-mails) at once."""

    def posted(client: Client, url: str, data: dict[str, Any] | None = None) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data or {})

    return posted
