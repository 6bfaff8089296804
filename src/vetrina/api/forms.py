from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from vetrina.accounts.models import User
from vetrina.api.models import ApiToken
from vetrina.api.selectors import api_token_scopes_for


class ApiTokenForm(forms.Form):
    """A new token; its access offers only what the account may do (api_token_scopes_for)."""

    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("What will use it, e.g. “Agency dashboard”.")
    )
    scope = forms.ChoiceField(
        label=_("Access"),
        choices=ApiToken.Scope.choices,
        initial=ApiToken.Scope.READ,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scopes = api_token_scopes_for(user)
        field = cast(forms.ChoiceField, self.fields["scope"])
        field.choices = [(scope.value, scope.label) for scope in scopes]
        if len(scopes) == 1:
            field.help_text = _(
                "Your account keeps no lists and contacts no creators, so its tokens read only."
            )
