from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from vetrina.collaborations.models import PAID_OPTIONS, PaymentOption
from vetrina.collaborations.services import OfferTerms
from vetrina.lib.money import currency_choices


class ContactForm(forms.Form):
    """The contact form (DESIGN.md section 2, step 7). The service checks the terms again, for the API."""

    campaign_name = forms.CharField(
        label=_("Campaign name"),
        max_length=200,
        help_text=_("Contacting more creators later under the same name adds them to this campaign."),
    )
    description = forms.CharField(
        label=_("Description of the opportunity"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        help_text=_("What you would like the creator to make, when, and for whom."),
    )
    payment_option = forms.ChoiceField(
        label=_("Payment"), choices=PaymentOption.choices, widget=forms.RadioSelect
    )
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
    contact_name = forms.CharField(label=_("Contact name"), max_length=200)
    contact_email = forms.EmailField(label=_("Contact e-mail"))
    contact_phone = PhoneNumberField(
        label=_("Contact phone"),
        required=False,
        help_text=_("Optional. With the country code, or as dialled in your organisation's country."),
    )

    def __init__(self, *args: Any, phone_region: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if phone_region:
            self.fields["contact_phone"].region = phone_region  # type: ignore[attr-defined]
        currency = self.fields["payment_currency"]
        assert isinstance(currency, forms.ChoiceField)
        currency.choices = [("", _("Choose a currency")), *currency_choices()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        option = data.get("payment_option")
        if option in PAID_OPTIONS:
            if data.get("payment_amount") is None:
                self.add_error("payment_amount", _("Give the amount of the fee."))
            if not data.get("payment_currency"):
                self.add_error("payment_currency", _("Give the currency of the fee."))
        if option == PaymentOption.AFFILIATE and data.get("commission_percent") is None:
            self.add_error("commission_percent", _("Give the commission as a percentage."))
        return data

    def terms(self) -> OfferTerms:
        data = self.cleaned_data
        phone = data.get("contact_phone")
        return OfferTerms(
            description=data["description"],
            payment_option=data["payment_option"],
            payment_amount=data.get("payment_amount"),
            payment_currency=data.get("payment_currency") or "",
            commission_percent=data.get("commission_percent"),
            contact_name=data["contact_name"],
            contact_email=data["contact_email"],
            contact_phone=str(phone) if phone else "",
        )


class AnswerForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the brand (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
