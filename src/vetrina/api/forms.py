from django import forms
from django.utils.translation import gettext_lazy as _

from vetrina.api.models import ApiToken


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("What will use it, e.g. “Agency dashboard”.")
    )
    scope = forms.ChoiceField(
        label=_("Access"),
        choices=ApiToken.Scope.choices,
        initial=ApiToken.Scope.READ,
        widget=forms.RadioSelect,
    )
