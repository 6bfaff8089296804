import json

from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from vetrina.accounts.access import AuthenticatedHttpRequest, account_required
from vetrina.privacy.exporting import account_export
from vetrina.privacy.forms import AccountDeleteForm
from vetrina.privacy.services import account_delete, account_deletion_blocker


@account_required
@require_GET
def account(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _account_page(request, AccountDeleteForm())


def _account_page(
    request: AuthenticatedHttpRequest, form: AccountDeleteForm, *, status: int = 200
) -> HttpResponse:
    context = {"form": form, "blocker": account_deletion_blocker(request.user)}
    return render(request, "privacy/account.html", context, status=status)


@account_required
@require_GET
def account_export_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    document = account_export(request.user)
    response = HttpResponse(
        json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = f"vetrina-data-{timezone.now():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@account_required
@require_POST
def account_delete_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = AccountDeleteForm(request.POST)
    if form.is_valid():
        try:
            account_delete(user=request.user, password=form.cleaned_data["password"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            logout(request)
            messages.success(request, _("Your account is deleted. Thank you for using Vetrina."))
            return redirect("home")
    return _account_page(request, form, status=400)
