from django import forms
from django.utils.translation import gettext_lazy as _


class CreatorLookupForm(forms.Form):
    q = forms.CharField(label=_("Handle or manager e-mail"), required=False, max_length=254)
