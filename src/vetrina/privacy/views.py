from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from vetrina.accounts.access import AuthenticatedHttpRequest, account_required
from vetrina.privacy.exporting import account_export
from vetrina.privacy.forms import CurrentPasswordForm
from vetrina.privacy.responses import data_download, erased_with_password
from vetrina.privacy.services import account_delete, account_deletion_blocker


@account_required
@require_GET
def account(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _account_page(request, CurrentPasswordForm())


def _account_page(
    request: AuthenticatedHttpRequest, form: CurrentPasswordForm, *, status: int = 200
) -> HttpResponse:
    context = {"form": form, "blocker": account_deletion_blocker(request.user)}
    return render(request, "privacy/account.html", context, status=status)


@account_required
@require_GET
def account_export_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    return data_download(account_export(request.user), name="vetrina-data")


@account_required
@require_POST
def account_delete_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = CurrentPasswordForm(request.POST)
    done = _("Your account is deleted. Thank you for using Vetrina.")
    erased = erased_with_password(request, form, erase=account_delete, done=done)
    return erased or _account_page(request, form, status=400)
