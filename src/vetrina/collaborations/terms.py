"""The terms of an offer (docs/roles.md, step 7): one definition for the contact form, the API and
the service, as `search/filters.py` is for search.

`OfferTerms` is the API's body (and so its OpenAPI description), what the contact form validates its POST
with, and what `collaboration_requests_send` takes: an `OfferTerms` exists only when its terms are good.
Each rule has one message, so the page and the API say the same thing for the same mistake.

The amount and currency belong to the paid options and the commission to the affiliate option. For the
other options they are not asked for, and whatever they hold is dropped unread: the form only hides the
fields of the options not chosen, so they may still hold what was typed before the payment was switched.
"""

from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from itertools import zip_longest
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _
from phonenumber_field.phonenumber import PhoneNumber, to_python
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from vetrina.collaborations.models import PAID_OPTIONS, PaymentOption, UsageRights
from vetrina.lib.money import currency_codes

CAMPAIGN_NAME_MAX_LENGTH = 200
DESCRIPTION_MAX_LENGTH = 5000
CONTACT_NAME_MAX_LENGTH = 200
CONTACT_EMAIL_MAX_LENGTH = 254
CONTACT_PHONE_MAX_LENGTH = 32
# Offer.payment_amount has 12 digits, 2 of them decimals; Offer.commission_percent 5, 2 of them decimals.
AMOUNT_LIMIT = Decimal(10) ** 10
DECIMAL_PLACES = 2
MAX_DELIVERABLES = 10
BRIEF_MAX_LENGTH = 1000
MESSAGE_MAX_LENGTH = 2000


class DeliverableTerms(BaseModel):
    """One video the offer asks for."""

    model_config = ConfigDict(frozen=True)

    brief: str = Field(max_length=BRIEF_MAX_LENGTH, description="What the video must show.")
    due_date: date = Field(description="When the video is due (YYYY-MM-DD), today or later.")


class OfferTerms(BaseModel):
    """What the contact form (or the API) says about the opportunity, checked."""

    model_config = ConfigDict(frozen=True)

    campaign_name: str = Field(
        max_length=CAMPAIGN_NAME_MAX_LENGTH,
        description="The same name again (ignoring case) adds creators to that campaign.",
    )
    description: str = Field(max_length=DESCRIPTION_MAX_LENGTH)
    payment_option: PaymentOption
    # Declared after payment_option: their rules read it. Checked even when absent (validate_default).
    payment_amount: Decimal | None = Field(
        None, validate_default=True, description="For fixed_fee and per_video: more than 0, 2 decimals."
    )
    payment_currency: str = Field(
        "", validate_default=True, description="ISO 4217, for fixed_fee and per_video."
    )
    commission_percent: Decimal | None = Field(
        None, validate_default=True, description="For affiliate: a percentage, more than 0 and up to 100."
    )
    deliverables: list[DeliverableTerms] = Field(
        default_factory=list,
        validate_default=True,
        max_length=MAX_DELIVERABLES,
        description="The videos asked for: 1 to 10, each with what it must show and its due date.",
    )
    usage_rights_days: int = Field(
        UsageRights.NONE,
        validate_default=True,
        description="How long the brand may use the videos in its ads: 0 (not at all), 7, 30, 60 or 365 days.",
    )
    contact_name: str = Field(max_length=CONTACT_NAME_MAX_LENGTH)
    contact_email: str = Field(max_length=CONTACT_EMAIL_MAX_LENGTH)
    contact_phone: str = Field(
        "", max_length=CONTACT_PHONE_MAX_LENGTH, description="With its country code, e.g. +442079460958."
    )

    @model_validator(mode="before")
    @classmethod
    def _missing_is_blank(cls, data: Any) -> Any:
        # A missing field is checked as an empty one, so that it gets the field's own message.
        if not isinstance(data, dict):
            return data
        return {**{name: "" for name in TEXT_FIELDS}, **data}

    @field_validator("campaign_name", mode="before")
    @classmethod
    def _campaign_name(cls, value: Any) -> str:
        name = " ".join(_text(value).split())
        if not name or len(name) > CAMPAIGN_NAME_MAX_LENGTH:
            raise _invalid(_("Give the campaign a name of up to 200 characters."))
        return name

    @field_validator("description", mode="before")
    @classmethod
    def _description(cls, value: Any) -> str:
        description = _text(value).strip()
        if not description:
            raise _invalid(_("Describe the opportunity: it is what the creator reads first."))
        if len(description) > DESCRIPTION_MAX_LENGTH:
            raise _invalid(_("Keep the description to 5,000 characters or fewer."))
        return description

    @field_validator("payment_option", mode="before")
    @classmethod
    def _payment_option(cls, value: Any) -> PaymentOption:
        if value not in PaymentOption.values:
            raise _invalid(_("Choose how the creator is paid."))
        return PaymentOption(value)

    @field_validator("payment_amount", mode="before")
    @classmethod
    def _payment_amount(cls, value: Any, info: ValidationInfo) -> Decimal | None:
        if not _is_paid(info):
            return None
        return _amount(value)

    @field_validator("payment_currency", mode="before")
    @classmethod
    def _payment_currency(cls, value: Any, info: ValidationInfo) -> str:
        if not _is_paid(info):
            return ""
        return _currency(value)

    @field_validator("commission_percent", mode="before")
    @classmethod
    def _commission_percent(cls, value: Any, info: ValidationInfo) -> Decimal | None:
        if info.data.get("payment_option") != PaymentOption.AFFILIATE:
            return None
        commission = _decimal(value)
        if commission is None or not (0 < commission <= 100) or _decimal_places(commission) > DECIMAL_PLACES:
            raise _invalid(_("Give the commission as a percentage between 0 and 100."))
        return commission

    @field_validator("deliverables", mode="before")
    @classmethod
    def _deliverables(cls, value: Any) -> list[dict[str, Any]]:
        if value is None or value == "":
            value = []
        if not isinstance(value, (list, tuple)):
            raise _invalid(_("Give the videos as a list."))
        if not value:
            raise _invalid(_("Ask for at least one video: what it must show and when it is due."))
        if len(value) > MAX_DELIVERABLES:
            raise _invalid(_("Ask for 10 videos at most."))
        today = timezone.localdate()
        messages, cleaned = [], []
        for number, item in enumerate(value, start=1):
            problem, row = _deliverable(item, today=today)
            if problem:
                messages.append(_("Video %(number)s: %(problem)s") % {"number": number, "problem": problem})
            else:
                cleaned.append(row)
        if messages:
            raise _invalid(" ".join(messages))
        return cleaned

    @field_validator("usage_rights_days", mode="before")
    @classmethod
    def _usage_rights_days(cls, value: Any) -> int:
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        if isinstance(value, bool) or not isinstance(value, int) or value not in UsageRights.values:
            raise _invalid(_("Choose how long the videos may be used in ads: none, 7, 30, 60 or 365 days."))
        return value

    @field_validator("contact_name", mode="before")
    @classmethod
    def _contact_name(cls, value: Any) -> str:
        name = _text(value).strip()
        if not name or len(name) > CONTACT_NAME_MAX_LENGTH:
            raise _invalid(_("Give the name the creator should answer to (up to 200 characters)."))
        return name

    @field_validator("contact_email", mode="before")
    @classmethod
    def _contact_email(cls, value: Any) -> str:
        email = _text(value).strip()
        try:
            if len(email) > CONTACT_EMAIL_MAX_LENGTH:
                raise DjangoValidationError("too long")
            validate_email(email)
        except DjangoValidationError:
            raise _invalid(_("Give an e-mail address the creator can write to.")) from None
        return email

    @field_validator("contact_phone", mode="before")
    @classmethod
    def _contact_phone(cls, value: Any, info: ValidationInfo) -> str:
        text = _text(value).strip()
        if not text:
            return ""
        # The form reads a number as dialled in the organisation's country; the API wants the country code.
        region = (info.context or {}).get("phone_region") or None
        phone = to_python(text, region=region) if len(text) <= CONTACT_PHONE_MAX_LENGTH else None
        if not (isinstance(phone, PhoneNumber) and phone.is_valid()):
            raise _invalid(_("Give the phone number with its country code, e.g. +44 20 7946 0958."))
        return str(phone.as_e164)

    @property
    def is_paid(self) -> bool:
        return self.payment_option in PAID_OPTIONS


TEXT_FIELDS = ("campaign_name", "description", "payment_option", "contact_name", "contact_email")


class _Fee(BaseModel):
    """An amount of money in a currency, by the same rules as the offer's fee: what a counter-offer and
    a payment have in common."""

    model_config = ConfigDict(frozen=True)

    amount: Decimal = Field(description="More than 0, 2 decimals.")
    currency: str = Field(description="ISO 4217.")

    @model_validator(mode="before")
    @classmethod
    def _missing_fee_is_blank(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        return {"amount": "", "currency": "", **data}

    @field_validator("amount", mode="before")
    @classmethod
    def _amount(cls, value: Any) -> Decimal:
        return _amount(value)

    @field_validator("currency", mode="before")
    @classmethod
    def _currency(cls, value: Any) -> str:
        return _currency(value)


class CounterTerms(_Fee):
    """The creator's counter-offer: another price, and a message to the brand."""

    message: str = Field("", max_length=MESSAGE_MAX_LENGTH)

    @field_validator("message", mode="before")
    @classmethod
    def _message(cls, value: Any) -> str:
        return _message(value)


class PaymentTerms(_Fee):
    """A payment the brand records as due; the due date may be past (a payment recorded late is still
    recorded)."""

    due_date: date = Field(description="YYYY-MM-DD.")

    @model_validator(mode="before")
    @classmethod
    def _missing_date_is_blank(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        return {"due_date": "", **data}

    @field_validator("due_date", mode="before")
    @classmethod
    def _due_date(cls, value: Any) -> date:
        return _date(value, _("Give the date the payment is due (YYYY-MM-DD)."))


def _date(value: Any, message: str) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise _invalid(message)


def payment_terms_from(data: Mapping[str, Any]) -> PaymentTerms:
    values = {name: data.get(name) for name in PaymentTerms.model_fields if name in data}
    try:
        return PaymentTerms.model_validate(values)
    except ValidationError as error:
        raise DjangoValidationError(field_errors(error)) from None


def _amount(value: Any) -> Decimal:
    amount = _decimal(value)
    if amount is None or amount <= 0:
        raise _invalid(_("Give the amount of the fee."))
    if amount >= AMOUNT_LIMIT:
        raise _invalid(_("The amount is too large."))
    if _decimal_places(amount) > DECIMAL_PLACES:
        raise _invalid(_("Give the amount with at most 2 decimals."))
    return amount


def _currency(value: Any) -> str:
    currency = _text(value).strip().upper()
    if not currency:
        raise _invalid(_("Give the currency of the fee."))
    if currency not in currency_codes():
        raise _invalid(_("Give the currency of the fee (ISO 4217, e.g. USD)."))
    return currency


def _message(value: Any) -> str:
    message = _text(value).strip()
    if len(message) > MESSAGE_MAX_LENGTH:
        raise _invalid(_("Keep the message to 2,000 characters or fewer."))
    return message


def _deliverable(item: Any, *, today: date) -> tuple[str, dict[str, Any]]:
    """(the problem, "" if none; the tidied row) of one deliverable."""
    if isinstance(item, DeliverableTerms):
        item = item.model_dump()
    if not isinstance(item, dict):
        return _("give what it must show and a due date."), {}
    brief = item.get("brief")
    if brief is None:
        brief = ""
    if not isinstance(brief, str) or "\x00" in brief:
        return _("say what it must show, as text."), {}
    brief = brief.strip()
    if not brief:
        return _("say what it must show."), {}
    if len(brief) > BRIEF_MAX_LENGTH:
        return _("keep what it must show to 1,000 characters or fewer."), {}
    due = item.get("due_date")
    if isinstance(due, str):
        try:
            due = date.fromisoformat(due.strip())
        except ValueError:
            due = None
    if not isinstance(due, date):
        return _("give its due date (YYYY-MM-DD)."), {}
    if due < today:
        return _("its due date has passed."), {}
    return "", {"brief": brief, "due_date": due}


def _is_paid(info: ValidationInfo) -> bool:
    return info.data.get("payment_option") in PAID_OPTIONS


def _text(value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _invalid(_("Enter text."))
    if "\x00" in value:
        # PostgreSQL cannot store it.
        raise _invalid(_("Null characters are not allowed."))
    return value


def _decimal(value: Any) -> Decimal | None:
    """A number given as a number or as text; None when blank. Whole numbers and decimals only."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float, Decimal)):
        raise _invalid(_("Enter a number."))
    try:
        number = Decimal(value.strip() if isinstance(value, str) else str(value))
    except InvalidOperation:
        raise _invalid(_("Enter a number.")) from None
    if not number.is_finite():
        raise _invalid(_("Enter a number."))
    return number


def _decimal_places(number: Decimal) -> int:
    exponent = number.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _invalid(message: str) -> PydanticCustomError:
    # A message of our own, for people, without pydantic's "Value error, " in front.
    return PydanticCustomError("invalid", "{message}", {"message": message})


def offer_terms_from(data: Mapping[str, Any], *, phone_region: str = "") -> OfferTerms:
    """The terms of a form's data (or any mapping), or Django's ValidationError with a message per field.

    `phone_region` (ISO 3166-1 alpha-2) reads a phone number without its country code as dialled there.
    """
    values = {name: data.get(name) for name in OfferTerms.model_fields if name in data}
    if "deliverables" not in data and hasattr(data, "getlist"):
        values["deliverables"] = deliverable_rows(data)
    try:
        return OfferTerms.model_validate(values, context={"phone_region": phone_region})
    except ValidationError as error:
        raise DjangoValidationError(field_errors(error)) from None


def deliverable_rows(data: Any) -> list[dict[str, str]]:
    """The contact form's rows of deliverables (deliverable_brief and deliverable_due_date, repeated), the
    blank rows left out."""
    rows = zip_longest(data.getlist("deliverable_brief"), data.getlist("deliverable_due_date"), fillvalue="")
    return [
        {"brief": brief, "due_date": due}
        for brief, due in rows
        if (isinstance(brief, str) and brief.strip()) or (isinstance(due, str) and due.strip())
    ]


def counter_terms_from(data: Mapping[str, Any]) -> CounterTerms:
    """A counter-offer from a form's data (or any mapping), or Django's ValidationError per field."""
    values = {name: data.get(name) for name in CounterTerms.model_fields if name in data}
    try:
        return CounterTerms.model_validate(values)
    except ValidationError as error:
        raise DjangoValidationError(field_errors(error)) from None


def field_errors(error: ValidationError) -> dict[str, list[str]]:
    """Pydantic's errors as our messages, by field."""
    errors: dict[str, list[str]] = {}
    for detail in error.errors():
        field = str(detail["loc"][0]) if detail["loc"] else ""
        context = detail.get("ctx") or {}
        message = str(context["message"]) if detail["type"] == "invalid" else str(detail["msg"])
        errors.setdefault(field, []).append(message)
    return errors
