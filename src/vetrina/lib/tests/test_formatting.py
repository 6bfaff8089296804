import math
import random
from datetime import UTC, date, datetime

import pytest
from babel import Locale
from babel.numbers import format_compact_decimal, parse_pattern
from django.template import Context, Template
from django.utils import translation

from vetrina.lib import formatting


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, "—"),
        (0, "0"),
        (3.44, "3.4"),
        (410.6, "411"),
        (1_100, "1.1K"),
        (45_300, "45.3K"),
        (240_000, "240K"),
        (999_999, "1M"),
        (1_234_567, "1.2M"),
        (12_500_000, "12.5M"),
    ],
)
def test_it_shortens_numbers_for_people(value, expected):
    assert formatting.compact_number(value, "en") == expected


def test_it_shortens_in_the_viewers_language():
    assert formatting.compact_number(1_234_567, "it") == "1,2\xa0Mln"
    assert formatting.percent(0.0481, "it") == "4,8%"


def test_it_keeps_every_digit_for_the_tooltip():
    assert formatting.exact_number(1_234_567, "en") == "1,234,567"
    assert formatting.exact_number(410.634, "en") == "410.63"
    assert formatting.exact_percent(0.048123456, "en") == "4.8123%"


def test_it_shows_fractions_as_percentages():
    assert formatting.percent(0.0481, "en") == "4.8%"
    assert formatting.percent(0.035, "en", signed=True) == "+3.5%"
    assert formatting.percent(-0.035, "en", signed=True) == "−3.5%"
    assert formatting.percent(None, "en") == "—"


def test_it_signs_a_change():
    assert formatting.signed_compact_number(41_000, "en") == "+41K"
    assert formatting.signed_compact_number(-1_200, "en") == "−1.2K"
    assert formatting.signed_compact_number(None, "en") == "—"


def test_it_writes_dates_day_first():
    assert formatting.day(date(2026, 11, 12), "en") == "12 Nov 2026"
    assert formatting.day(datetime(2026, 11, 12, 23, tzinfo=UTC), "en") == "12 Nov 2026"
    assert formatting.day(None, "en") == "—"


def test_it_names_languages_in_the_viewers_language():
    assert formatting.language_name("hi", "en") == "Hindi"
    assert formatting.language_name("en", "it") == "inglese"
    assert formatting.language_name("xx", "en") == "xx"


def test_the_figure_tag_puts_the_exact_value_in_a_tooltip():
    template = Template(
        "{% load formatting %}{% figure value %} {% figure rate 'percent' %} {% figure none %}"
    )
    with translation.override("en"):
        html = template.render(Context({"value": 1_234_567, "rate": 0.0481, "none": None}))
    assert html == (
        '<span class="figure" title="1,234,567">1.2M</span> '
        '<span class="figure" title="4.81%">4.8%</span> '
        '<span class="figure" title="—">—</span>'
    )


def test_a_signed_whole_number_groups_its_digits_and_says_its_sign():
    with translation.override("en"):
        assert formatting.signed_whole_number(182_000.4) == "+182,000"
        assert formatting.signed_whole_number(-1_200) == "−1,200"
        assert formatting.signed_whole_number(0) == "0"
        assert formatting.signed_whole_number(None) == "—"
    assert formatting.signed_whole_number(182_000, "it") == "+182.000"


def test_a_fixed_number_keeps_its_decimals():
    assert formatting.fixed_number(2.0, 1, "en") == "2.0"
    assert formatting.fixed_number(1_234.56, 1, "it") == "1.234,6"
    assert formatting.fixed_number(None, 1, "en") == "—"


def test_a_day_in_a_series_is_its_day_and_month():
    assert formatting.day_month(date(2026, 11, 3), "en") == "3 Nov"
    assert formatting.day_month(datetime(2026, 10, 3, 12, 0), "it") == "3 ott"
    assert formatting.day_month(None, "en") == "—"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # CLDR writes Italian thousands whole (128000); a dashboard shortens them as TikTok's Italian app does.
        (1_100, "1,1K"),
        (45_300, "45,3K"),
        (128_000, "128K"),
        (999_499, "999K"),
        # From a million on, CLDR's Italian: Mln, Mld, with a non-breaking space.
        (999_999, "1\xa0Mln"),
        (1_234_567, "1,2\xa0Mln"),
        (3_400_000_000, "3,4\xa0Mld"),
        (410.6, "411"),
        (3.44, "3,4"),
    ],
)
def test_it_shortens_numbers_for_an_italian_reader(value, expected):
    assert formatting.compact_number(value, "it") == expected


def test_it_writes_growth_percentages_and_exact_figures_the_italian_way():
    with translation.override("it"):
        # the page's "+61K (+2K/day)" of a creator who gained 61,000 followers in 30 days
        per_day = translation.gettext("%(per_day)s/day") % {
            "per_day": formatting.signed_compact_number(61_000 / 30)
        }
        assert formatting.signed_compact_number(61_000) == "+61K"
        assert per_day == "+2K al giorno"
        assert formatting.signed_compact_number(-1_234) == "−1,2K"
        assert formatting.percent(0.0481) == "4,8%"
        assert formatting.percent(0.0481, signed=True) == "+4,8%"
        assert formatting.exact_number(61_000) == "61.000"
        assert formatting.exact_number(2_033.333) == "2.033,33"
        assert formatting.day(date(2026, 11, 8)) == "8 nov 2026"


def _numbers_to_write() -> list[float]:
    """Whole numbers, shares, heavy-tailed figures, negatives and the edges of rounding."""
    rng = random.Random(26)
    values: list[float] = [
        0,
        0.0,
        -0.0,
        1,
        -1,
        0.5,
        2.5,
        3.45,
        999,
        999.5,
        1000,
        999_999,
        1_234_567,
        1e15,
        1e16,
    ]
    values += [-1234.567, 0.00005, 0.123456789, 12_345_678_901, 0.0481, 0.04815, 0.125, 1.005]
    for _ in range(1500):
        kind = rng.random()
        if kind < 0.3:
            values.append(rng.randint(-(10**12), 10**12))
        elif kind < 0.6:
            values.append(math.exp(rng.gauss(8, 5)) * rng.choice([1, 1, -1]))
        else:
            values.append(round(rng.random(), rng.randint(0, 8)))
    return values


@pytest.mark.parametrize("locale", ["en", "it", "de", "en_IN", "ar", "ja"])
def test_numbers_are_written_as_babel_writes_them(locale):
    # The formatting applies Babel's patterns with the locale's symbols looked up once (it is faster);
    # Babel itself, called as the formatting used to call it, says what each number must read.
    babel_locale = Locale.parse(locale)
    for value in _numbers_to_write():
        for pattern in ("#,##0.0%", "#,##0%", "#,##0.####%", "#,##0.00", "#,##0.#"):
            assert formatting._percent(value, pattern, locale) == parse_pattern(pattern).apply(
                value, babel_locale
            ), (pattern, value)
        for shown in (value, round(value, 2), round(value)):
            assert formatting._decimal(shown, locale) == babel_locale.decimal_formats[None].apply(
                shown, babel_locale
            ), shown
        if abs(value) >= 1000:
            rounded = formatting._rounded(value)
            assert formatting._compact(rounded, locale, fraction_digits=1) == format_compact_decimal(
                rounded, format_type="short", fraction_digits=1, locale=babel_locale
            ), value


def test_a_creators_categories_are_named_in_order_in_the_viewers_language():
    template = Template("{% load formatting %}{{ categories|category_labels }}")

    with translation.override("it"):
        shown = template.render(Context({"categories": ["fashion", "beauty"]}))

    with translation.override("it"):
        expected = f"{formatting.category_label('fashion')}, {formatting.category_label('beauty')}"
    assert shown == expected
    assert (
        Template("{% load formatting %}{{ categories|category_labels }}").render(Context({"categories": []}))
        == ""
    )
