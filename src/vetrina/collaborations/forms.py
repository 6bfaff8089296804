from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from vetrina.collaborations.models import PaymentOption
from vetrina.collaborations.terms import (
    CAMPAIGN_NAME_MAX_LENGTH,
    CONTACT_NAME_MAX_LENGTH,
    DESCRIPTION_MAX_LENGTH,
    OfferTerms,
    offer_terms_from,
)
from vetrina.lib.money import currency_choices


class ContactForm(forms.Form):
    """The contact form (docs/roles.md, step 7). Its fields draw the form; what it accepts, and the
    messages it gives, are the terms' (`collaborations.terms.OfferTerms`), as in the API."""

    campaign_name = forms.CharField(
        label=_("Campaign name"),
        max_length=CAMPAIGN_NAME_MAX_LENGTH,
        help_text=_("Contacting more creators later under the same name adds them to this campaign."),
    )
    description = forms.CharField(
        label=_("Description of the opportunity"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=DESCRIPTION_MAX_LENGTH,
        help_text=_("What you would like the creator to make, when, and for whom."),
    )
    payment_option = forms.ChoiceField(
        label=_("Payment"), choices=PaymentOption.choices, widget=forms.RadioSelect
    )
    # The limits below only draw the inputs (min, step, maxlength); the terms check what is sent.
    payment_amount = forms.DecimalField(
        label=_("Amount"),
        required=False,
        min_value=Decimal("0.01"),
        max_digits=12,
        decimal_places=2,
        help_text=_("For a fixed fee or a fee per video."),
    )
    payment_currency = forms.ChoiceField(label=_("Currency"), required=False)
    commission_percent = forms.DecimalField(
        label=_("Commission (%)"),
        required=False,
        min_value=Decimal("0.01"),
        max_value=Decimal(100),
        max_digits=5,
        decimal_places=2,
        help_text=_("For an affiliate commission: the share of each sale."),
    )
    contact_name = forms.CharField(label=_("Contact name"), max_length=CONTACT_NAME_MAX_LENGTH)
    contact_email = forms.EmailField(label=_("Contact e-mail"))
    contact_phone = PhoneNumberField(
        label=_("Contact phone"),
        required=False,
        help_text=_("Optional. With the country code, or as dialled in your organisation's country."),
    )

    def __init__(self, *args: Any, phone_region: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.phone_region = phone_region
        if phone_region:
            self.fields["contact_phone"].region = phone_region  # type: ignore[attr-defined]
        currency = self.fields["payment_currency"]
        assert isinstance(currency, forms.ChoiceField)
        currency.choices = [("", _("Choose a currency")), *currency_choices()]

    def full_clean(self) -> None:
        # The terms' own rules instead of the fields': one set of rules and messages for the page and
        # the API, and only the fields of the chosen payment are read.
        self._errors = ErrorDict(renderer=self.renderer)
        self.cleaned_data = {}
        if not self.is_bound:
            return
        try:
            self._terms = offer_terms_from(self.data, phone_region=self.phone_region)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
        else:
            self.cleaned_data = self._terms.model_dump()

    def terms(self) -> OfferTerms:
        """The checked terms; after is_valid()."""
        return self._terms


class AnswerForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the brand (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
