"""money_precise and grouped_whole write what Babel writes, through a template worked out once per
language and currency: the same text in every language and currency, whatever the places."""

from decimal import Decimal

import pytest

from vetrina.lib.formatting import _locale, _money_pattern, exact_number, grouped_whole, money, money_precise

LANGUAGES = ["en", "it", "de", "fr", "en_IN", "ja"]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("currency", ["USD", "EUR", "JPY", "INR"])
def test_an_amount_with_more_places_is_written_as_babel_writes_it(language, currency):
    for value in [0.0, 0.0123456, 1.5, 41.666666, 333.3333333, 1000, 1234567.891]:
        for places in (2, 4, 6):
            babel = _money_pattern(language, places).apply(
                Decimal(repr(value)), _locale(language), currency=currency, currency_digits=False
            )
            assert money_precise(value, currency, language, decimals=places) == babel


@pytest.mark.parametrize("language", LANGUAGES)
def test_with_the_currency_s_own_places_it_is_money(language):
    for currency in ("USD", "EUR", "JPY"):
        for amount in (Decimal("1500"), Decimal("0.5"), Decimal("1234567.25")):
            assert money_precise(amount, currency, language) == money(amount, currency, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_whole_count_is_exact_number(language):
    for count in (0, 7, 1234, 1234567, 98765432101):
        assert grouped_whole(count, language) == exact_number(count, language)
    assert grouped_whole(None) == "—"
