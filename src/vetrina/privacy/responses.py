"""What the pages of a person's own data answer, wherever they are (Your data here, a creator's own space
in joining): the data as a JSON file to keep, and erasing with the password given again."""

import json
from collections.abc import Mapping
from typing import Any, Protocol

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from vetrina.accounts.access import AuthenticatedHttpRequest
from vetrina.accounts.models import User


def data_download(document: Mapping[str, Any], *, name: str) -> HttpResponse:
    """`document` as a JSON file to save, named `<name>-<today>.json`."""
    response = HttpResponse(
        json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}-{timezone.now():%Y-%m-%d}.json"'
    return response


class EraseService(Protocol):
    def __call__(self, *, user: User, password: str) -> None: ...


def erased_with_password(
    request: AuthenticatedHttpRequest, form: forms.Form, *, erase: EraseService, done: str
) -> HttpResponse | None:
    """Runs `erase` (a service that checks the password the form holds, raising ValidationError) for the
    signed-in account; then logs out, says `done` and goes home. None, with the reason on the form, when
    the form or the service refused: the caller shows its page again."""
    if not form.is_valid():
        return None
    try:
        erase(user=request.user, password=form.cleaned_data["password"])
    except ValidationError as error:
        form.add_error(None, error)
        return None
    logout(request)
    messages.success(request, done)
    return redirect("home")
