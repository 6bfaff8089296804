from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from vetrina.accounts.access import AuthenticatedHttpRequest, member_required
from vetrina.api.forms import ApiTokenForm
from vetrina.api.selectors import api_tokens_for, get_api_token_for
from vetrina.api.services import api_token_create, api_token_revoke

# The new token rides in the session from the POST to the page that shows it, once.
_NEW_TOKEN_KEY = "vetrina.api.new_token"


@require_http_methods(["GET", "POST"])
@member_required
def tokens(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            row, token = api_token_create(
                user=request.user, name=form.cleaned_data["name"], scope=form.cleaned_data["scope"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            request.session[_NEW_TOKEN_KEY] = {"id": row.pk, "token": token}
            return redirect("api_tokens:index")
    new_token = request.session.pop(_NEW_TOKEN_KEY, None)
    context = {"form": form, "tokens": api_tokens_for(user=request.user), "new_token": new_token}
    return render(request, "api/tokens.html", context)


@member_required
@require_POST
def token_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    token = get_api_token_for(request.user, pk)
    api_token_revoke(token=token)
    messages.success(
        request, _("Token “%(name)s” revoked: it no longer opens the API.") % {"name": token.name}
    )
    return redirect("api_tokens:index")
