import re
from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from vetrina.creators.models import HANDLE_PATTERN
from vetrina.lib.categories import CATEGORY_CHOICES
from vetrina.lib.formatting import language_name
from vetrina.lib.money import currency_choices

# The languages a creator may say they speak on their videos: the served markets' and the most spoken.
LANGUAGE_CODES = (
    "ar", "bn", "de", "en", "es", "fr", "gu", "hi", "id", "it", "ja", "kn", "ko", "ml", "mr", "nl", "pa",
    "pl", "pt", "ru", "ta", "te", "th", "tr", "uk", "ur", "vi", "zh",
)  # fmt: skip
MAX_BIO = 2000  # as the import format allows (docs/import-format.md)


def _language_choices() -> list[tuple[str, str]]:
    return sorted(((code, language_name(code)) for code in LANGUAGE_CODES), key=lambda choice: choice[1])


def _market_choices() -> list[tuple[str, str]]:
    return sorted(((code, countries.name(code)) for code in settings.SERVED_MARKETS), key=lambda c: c[1])


class _ProfileFields(forms.Form):
    main_category = forms.ChoiceField(label=_("Main category"), choices=())
    other_categories = forms.MultipleChoiceField(
        label=_("Other categories"),
        choices=CATEGORY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages of your videos"), choices=(), widget=forms.CheckboxSelectMultiple
    )
    rate_per_video = forms.DecimalField(
        label=_("Your rate per video"), min_value=Decimal("0.01"), max_digits=12, decimal_places=2
    )
    rate_currency = forms.ChoiceField(label=_("Currency"), choices=())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["languages"].choices = _language_choices()  # type: ignore[attr-defined]
        self.fields["rate_currency"].choices = [("", _("Choose a currency")), *currency_choices()]  # type: ignore[attr-defined]
        self.fields["main_category"].choices = [("", _("Choose a category")), *CATEGORY_CHOICES]  # type: ignore[attr-defined]

    def categories(self) -> list[str]:
        """The main category first (peers and percentiles go by it), then the others ticked."""
        main = self.cleaned_data["main_category"]
        return [main, *(category for category in self.cleaned_data["other_categories"] if category != main)]


class CreatorApplicationForm(_ProfileFields):
    # A plain form, not a ModelForm: a ModelForm would check the one-application-per-address constraint
    # and tell a stranger that the address is known. A handle taken and an age under the bar are not
    # form errors either: they are conditions the creator sees in their space (docs/creators-joining.md).
    handle = forms.CharField(
        label=_("Your TikTok handle"),
        max_length=65,
        help_text=_("Without the @: lowercase letters, digits, '.' and '_'."),
    )
    email = forms.EmailField(label=_("Contact e-mail"), help_text=_("We send a link to confirm it."))
    country = forms.ChoiceField(label=_("Country"), choices=())
    date_of_birth = forms.DateField(
        label=_("Date of birth"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    field_order = [
        "handle",
        "email",
        "country",
        "main_category",
        "other_categories",
        "languages",
        "date_of_birth",
        "rate_per_video",
        "rate_currency",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("Choose a country")), *_market_choices()]  # type: ignore[attr-defined]
        self.order_fields(self.field_order)

    def clean_handle(self) -> str:
        # TikTok shows handles with an @ and people type capitals: both are the same handle.
        handle = self.cleaned_data["handle"].strip().removeprefix("@").lower()
        if not re.fullmatch(HANDLE_PATTERN, handle):
            raise forms.ValidationError(_("A handle is 2 to 64 lowercase letters, digits, '.' or '_'."))
        return handle

    def clean_date_of_birth(self) -> Any:
        born = self.cleaned_data["date_of_birth"]
        # A date of birth in the future or over 120 years ago is a typing slip, not an age.
        today = timezone.localdate()
        if born > today or today.year - born.year > 120:
            raise forms.ValidationError(_("Enter your real date of birth."))
        return born


class ProfileForm(_ProfileFields):
    bio = forms.CharField(
        label=_("Bio"), widget=forms.Textarea(attrs={"rows": 4}), max_length=MAX_BIO, required=False
    )
    field_order = ["bio", "main_category", "other_categories", "languages", "rate_per_video", "rate_currency"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(self.field_order)


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason, sent to the creator"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
