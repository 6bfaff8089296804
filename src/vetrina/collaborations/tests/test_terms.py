"""The offer terms: one set of rules and messages for the contact form, the API and the service."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import QueryDict

from vetrina.collaborations.models import PaymentOption
from vetrina.collaborations.terms import counter_terms_from, offer_terms_from
from vetrina.collaborations.tests.factories import deliverables, due_in

GOOD = {
    "campaign_name": "  Spring   glow ",
    "description": "Three videos about our spring serum.",
    "payment_option": "fixed_fee",
    "payment_amount": "1500",
    "payment_currency": "usd",
    "contact_name": "Anna Rossi",
    "contact_email": "anna@acme.test",
    "contact_phone": "+44 20 7946 0958",
    "deliverables": deliverables(1),
}


def errors_of(data, **kwargs) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as raised:
        offer_terms_from(data, **kwargs)
    return raised.value.message_dict


def test_good_terms_are_tidied():
    terms = offer_terms_from(GOOD)
    assert terms.campaign_name == "Spring glow"
    assert terms.payment_option == PaymentOption.FIXED_FEE
    assert terms.payment_amount == Decimal(1500)
    assert terms.payment_currency == "USD"
    assert terms.contact_phone == "+442079460958"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"campaign_name": " "}, "campaign_name", "Give the campaign a name of up to 200 characters."),
        ({"campaign_name": "x" * 201}, "campaign_name", "Give the campaign a name of up to 200 characters."),
        (
            {"description": " "},
            "description",
            "Describe the opportunity: it is what the creator reads first.",
        ),
        ({"payment_option": "barter"}, "payment_option", "Choose how the creator is paid."),
        ({"payment_amount": ""}, "payment_amount", "Give the amount of the fee."),
        ({"payment_amount": "0"}, "payment_amount", "Give the amount of the fee."),
        ({"payment_amount": "a lot"}, "payment_amount", "Enter a number."),
        ({"payment_amount": "10000000000"}, "payment_amount", "The amount is too large."),
        ({"payment_amount": "12.345"}, "payment_amount", "Give the amount with at most 2 decimals."),
        ({"payment_currency": ""}, "payment_currency", "Give the currency of the fee."),
        (
            {"payment_currency": "XYZ"},
            "payment_currency",
            "Give the currency of the fee (ISO 4217, e.g. USD).",
        ),
        (
            {"payment_option": "affiliate"},
            "commission_percent",
            "Give the commission as a percentage between 0 and 100.",
        ),
        (
            {"payment_option": "affiliate", "commission_percent": "101"},
            "commission_percent",
            "Give the commission as a percentage between 0 and 100.",
        ),
        (
            {"contact_name": ""},
            "contact_name",
            "Give the name the creator should answer to (up to 200 characters).",
        ),
        (
            {"contact_email": "not an address"},
            "contact_email",
            "Give an e-mail address the creator can write to.",
        ),
        (
            {"contact_phone": "12"},
            "contact_phone",
            "Give the phone number with its country code, e.g. +44 20 7946 0958.",
        ),
        ({"description": "a\x00b"}, "description", "Null characters are not allowed."),
    ],
)
def test_it_refuses_bad_terms_field_by_field_with_one_message_each(changes, field, message):
    assert errors_of({**GOOD, **changes}) == {field: [message]}


def test_a_missing_field_gets_the_fields_own_message():
    data = {name: value for name, value in GOOD.items() if name != "contact_email"}
    assert errors_of(data) == {"contact_email": ["Give an e-mail address the creator can write to."]}


@pytest.mark.parametrize("option", ["affiliate", "free_product", "open"])
def test_the_amount_and_currency_of_an_option_without_a_fee_are_dropped_unread(option):
    # The form hides these fields for such options; whatever they still hold must not stop the send.
    data = {**GOOD, "payment_option": option, "payment_amount": "0", "payment_currency": "XYZ"}
    data["commission_percent"] = "12.5"
    terms = offer_terms_from(data)
    assert (terms.payment_amount, terms.payment_currency) == (None, "")
    assert terms.commission_percent == (Decimal("12.5") if option == "affiliate" else None)


def test_the_commission_of_a_fee_is_dropped_unread():
    terms = offer_terms_from({**GOOD, "commission_percent": "-3"})
    assert terms.commission_percent is None
    assert terms.payment_amount == Decimal(1500)


def test_a_phone_number_without_its_country_code_is_read_as_dialled_in_the_given_region():
    assert errors_of({**GOOD, "contact_phone": "020 7946 0958"})
    terms = offer_terms_from({**GOOD, "contact_phone": "020 7946 0958"}, phone_region="GB")
    assert terms.contact_phone == "+442079460958"


# --- Deliverables, use in ads, counter-offers -------------------------------------------------------------


def test_deliverables_and_use_in_ads_are_tidied():
    due = due_in(10)
    terms = offer_terms_from(
        {
            **GOOD,
            "deliverables": [{"brief": "  Unboxing  ", "due_date": due.isoformat()}],
            "usage_rights_days": "30",
        }
    )
    assert [(item.brief, item.due_date) for item in terms.deliverables] == [("Unboxing", due)]
    assert terms.usage_rights_days == 30


def test_use_in_ads_is_none_unless_asked_for():
    assert offer_terms_from(GOOD).usage_rights_days == 0


@pytest.mark.parametrize(
    ("deliverables_given", "message"),
    [
        ([], "Ask for at least one video: what it must show and when it is due."),
        (None, "Ask for at least one video: what it must show and when it is due."),
        ("one video", "Give the videos as a list."),
        ([{"brief": "x", "due_date": "2999-01-01"}] * 11, "Ask for 10 videos at most."),
        ([{"brief": " ", "due_date": "2999-01-01"}], "Video 1: say what it must show."),
        (
            [{"brief": "x" * 1001, "due_date": "2999-01-01"}],
            "Video 1: keep what it must show to 1,000 characters or fewer.",
        ),
        ([{"brief": "Unboxing", "due_date": "soon"}], "Video 1: give its due date (YYYY-MM-DD)."),
        ([{"brief": "Unboxing"}], "Video 1: give its due date (YYYY-MM-DD)."),
        (["Unboxing"], "Video 1: give what it must show and a due date."),
        (
            [{"brief": "Unboxing", "due_date": "2999-01-01"}, {"brief": "Review", "due_date": "2000-01-01"}],
            "Video 2: its due date has passed.",
        ),
        (
            [{"brief": "", "due_date": "2999-01-01"}, {"brief": "Review", "due_date": "2000-01-01"}],
            "Video 1: say what it must show. Video 2: its due date has passed.",
        ),
    ],
)
def test_it_refuses_bad_deliverables_naming_the_video(deliverables_given, message):
    assert errors_of({**GOOD, "deliverables": deliverables_given}) == {"deliverables": [message]}


def test_a_due_date_of_today_is_good():
    terms = offer_terms_from(
        {**GOOD, "deliverables": [{"brief": "Unboxing", "due_date": due_in(0).isoformat()}]}
    )
    assert terms.deliverables[0].due_date == due_in(0)


@pytest.mark.parametrize("days", ["3", "-1", "forever", 365.5, True])
def test_it_refuses_a_use_in_ads_not_offered(days):
    assert errors_of({**GOOD, "usage_rights_days": days}) == {
        "usage_rights_days": ["Choose how long the videos may be used in ads: none, 7, 30, 60 or 365 days."]
    }


def test_the_forms_rows_of_deliverables_are_read_and_blank_rows_left_out():
    data = QueryDict(mutable=True)
    for name, value in GOOD.items():
        if name != "deliverables":
            data[name] = str(value)
    for brief, due in [("Unboxing", due_in(5).isoformat()), ("", ""), ("Review", due_in(9).isoformat())]:
        data.appendlist("deliverable_brief", brief)
        data.appendlist("deliverable_due_date", due)
    terms = offer_terms_from(data)
    assert [item.brief for item in terms.deliverables] == ["Unboxing", "Review"]


def test_a_counter_offer_is_tidied():
    counter = counter_terms_from({"amount": "2000", "currency": "eur", "message": "  My rate. "})
    assert (counter.amount, counter.currency, counter.message) == (Decimal(2000), "EUR", "My rate.")


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"currency": "EUR"}, "amount", "Give the amount of the fee."),
        ({"amount": "0", "currency": "EUR"}, "amount", "Give the amount of the fee."),
        ({"amount": "12.345", "currency": "EUR"}, "amount", "Give the amount with at most 2 decimals."),
        ({"amount": "100"}, "currency", "Give the currency of the fee."),
        (
            {"amount": "100", "currency": "XYZ"},
            "currency",
            "Give the currency of the fee (ISO 4217, e.g. USD).",
        ),
        (
            {"amount": "100", "currency": "EUR", "message": "x" * 2001},
            "message",
            "Keep the message to 2,000 characters or fewer.",
        ),
    ],
)
def test_it_refuses_a_bad_counter_offer_field_by_field(data, field, message):
    with pytest.raises(ValidationError) as raised:
        counter_terms_from(data)
    assert raised.value.message_dict == {field: [message]}
