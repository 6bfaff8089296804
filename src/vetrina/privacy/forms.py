from django import forms
from django.utils.translation import gettext_lazy as _


class CurrentPasswordForm(forms.Form):
    """The account's password, asked again before what cannot be undone: deleting the account, or a
    creator leaving Vetrina."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To be sure it is you."),
    )
