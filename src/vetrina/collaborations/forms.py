from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField
from pydantic import BaseModel

from vetrina.collaborations.models import PaymentOption, UsageRights
from vetrina.collaborations.terms import (
    BRIEF_MAX_LENGTH,
    CAMPAIGN_NAME_MAX_LENGTH,
    CONTACT_NAME_MAX_LENGTH,
    DESCRIPTION_MAX_LENGTH,
    MAX_DELIVERABLES,
    MESSAGE_MAX_LENGTH,
    CounterTerms,
    OfferTerms,
    counter_terms_from,
    offer_terms_from,
)
from vetrina.lib.money import currency_choices


def offer_currencies(field: forms.Field) -> None:
    """Makes `field` a choice of the currencies a fee may be in, none chosen at first."""
    assert isinstance(field, forms.ChoiceField)
    field.choices = [("", _("Choose a currency")), *currency_choices()]


class CheckedByTermsForm(forms.Form):
    """A form drawn by its fields and checked by a terms schema (`collaborations.terms`) instead of the
    fields' own rules: one set of rules and messages for the page and the API, and only what the schema
    reads is read. After is_valid(), `checked` holds the schema's result."""

    checked: BaseModel | None = None

    def _checked_by_terms(self) -> BaseModel:
        raise NotImplementedError

    def full_clean(self) -> None:
        self._errors = ErrorDict(renderer=self.renderer)
        self.cleaned_data = {}
        if not self.is_bound:
            return
        try:
            self.checked = self._checked_by_terms()
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
        else:
            self.cleaned_data = self.checked.model_dump()


class ContactForm(CheckedByTermsForm):
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
    # Only carries the deliverables' errors: the rows are drawn by the template from `deliverable_rows`
    # (deliverable_brief and deliverable_due_date, repeated), which the terms read.
    deliverables = forms.CharField(label=_("Videos"), required=False)
    usage_rights_days = forms.TypedChoiceField(
        label=_("Use in your ads"),
        choices=UsageRights.choices,
        coerce=int,
        initial=UsageRights.NONE,
        widget=forms.RadioSelect,
        help_text=_("How long you may reuse the videos in your own ads, from the day each is posted."),
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
        offer_currencies(self.fields["payment_currency"])

    def _checked_by_terms(self) -> BaseModel:
        return offer_terms_from(self.data, phone_region=self.phone_region)

    def terms(self) -> OfferTerms:
        """The checked terms; after is_valid()."""
        assert isinstance(self.checked, OfferTerms)
        return self.checked

    # Rows shown at first; the others wait behind "More videos".
    VISIBLE_ROWS = 3

    def deliverable_rows(self) -> list[dict[str, Any]]:
        """The form's MAX_DELIVERABLES rows of deliverables, with what was typed in them."""
        data: Any = self.data
        briefs = data.getlist("deliverable_brief") if self.is_bound else []
        dues = data.getlist("deliverable_due_date") if self.is_bound else []
        rows = []
        for index in range(MAX_DELIVERABLES):
            rows.append(
                {
                    "number": index + 1,
                    "brief": briefs[index] if index < len(briefs) else "",
                    "due_date": dues[index] if index < len(dues) else "",
                    "max_length": BRIEF_MAX_LENGTH,
                }
            )
        return rows

    def more_rows_used(self) -> bool:
        return any(row["brief"] or row["due_date"] for row in self.deliverable_rows()[self.VISIBLE_ROWS :])


class CounterForm(CheckedByTermsForm):
    """The creator's counter-offer. What it accepts, and its messages, are `CounterTerms`', as in the API."""

    amount = forms.DecimalField(
        label=_("Your price"), min_value=Decimal("0.01"), max_digits=12, decimal_places=2
    )
    currency = forms.ChoiceField(label=_("Currency"))
    message = forms.CharField(
        label=_("Message to the brand"),
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Why this price, and anything else the brand should know."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_currencies(self.fields["currency"])

    def _checked_by_terms(self) -> BaseModel:
        return counter_terms_from(self.data)

    def counter(self) -> CounterTerms:
        assert isinstance(self.checked, CounterTerms)
        return self.checked


class CounterAnswerForm(forms.Form):
    """The brand's answer to a counter-offer: a message to the creator, optional."""

    message = forms.CharField(
        label=_("Message to the creator (optional)"),
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AnswerForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the brand (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class DraftForm(forms.Form):
    """A draft of a video: a link or a file, and a note. Drawn by this form; checked by the service
    (collaborations.deliverables), as in the API."""

    link = forms.URLField(label=_("Link to the draft"), required=False, assume_scheme="https")
    file = forms.FileField(label=_("Or upload the file"), required=False)
    note = forms.CharField(
        label=_("Note for the brand (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("Up to %(size)s MB: %(types)s.") % {
            "size": settings.VETRINA_DRAFT_MAX_MB,
            "types": ", ".join(settings.VETRINA_DRAFT_FILE_TYPES),
        }
        self.fields["file"].widget.attrs["accept"] = ",".join(
            f".{ext}" for ext in settings.VETRINA_DRAFT_FILE_TYPES
        )


class PostForm(forms.Form):
    video = forms.CharField(
        label=_("TikTok video id or link"),
        max_length=300,
        help_text=_("The digits of the video's id, or its full link: https://www.tiktok.com/@handle/video/…"),
    )


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment for the creator"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed when you ask for changes: say what to change."),
    )


class DateInput(forms.DateInput):
    input_type = "date"


class PaymentForm(forms.Form):
    """A payment due. Drawn by this form; checked by `PaymentTerms`, as in the API."""

    amount = forms.DecimalField(label=_("Amount"), min_value=Decimal("0.01"), max_digits=12, decimal_places=2)
    currency = forms.ChoiceField(label=_("Currency"))
    due_date = forms.DateField(label=_("Due on"), widget=DateInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_currencies(self.fields["currency"])


class PaidForm(forms.Form):
    paid_on = forms.DateField(label=_("Paid on"), widget=DateInput)
