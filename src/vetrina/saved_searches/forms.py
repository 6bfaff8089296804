from django import forms
from django.utils.translation import gettext_lazy as _

from vetrina.saved_searches.services import NAME_MAX_LENGTH


class SavedSearchNameForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=NAME_MAX_LENGTH)


class SaveSearchForm(SavedSearchNameForm):
    """Saving the search page's filters: its canonical query string comes along in `query`."""

    query = forms.CharField(required=False, widget=forms.HiddenInput, max_length=4000)
    alerts = forms.BooleanField(
        label=_("Tell me when new creators match"),
        required=False,
        help_text=_("In the bell, and by e-mail at most once a day."),
    )
