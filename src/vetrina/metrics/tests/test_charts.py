"""The metrics page's SVG charts (metrics.presentation.charts), shape by shape."""

import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime

import pytest

from vetrina.metrics.presentation import charts

SVG = "{http://www.w3.org/2000/svg}"


def parsed(markup: str) -> ET.Element:
    return ET.fromstring(markup)


def texts(svg: ET.Element) -> list[str]:
    return [text.text or "" for text in svg.iter(f"{SVG}text")]


def titles(svg: ET.Element) -> list[str]:
    return [title.text or "" for title in svg.iter(f"{SVG}title")]


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (0, 0.6, [0, 0.2, 0.4, 0.6]),
        (0, 2200, [0, 1000, 2000, 3000]),
        (205_000, 221_000, [205_000, 210_000, 215_000, 220_000, 225_000]),
        (0, 0, [0, 0.25, 0.5, 0.75, 1]),
    ],
)
def test_the_axis_gets_round_ticks_covering_the_values(low, high, expected):
    assert charts.nice_ticks(low, high) == pytest.approx(expected)


def test_a_row_label_too_long_is_cut_and_whole_on_hover():
    svg = parsed(
        charts.rows(["India", "A country with a very long name indeed"], [0.6, 0.4], ["60.0%", "40.0%"])
    )

    assert "A country with a ver…" in texts(svg)
    assert titles(svg) == ["India: 60.0%", "A country with a very long name indeed: 40.0%"]
    # bars as long as their shares
    bars = [float(rect.get("width", "0")) for rect in svg.iter(f"{SVG}rect")]
    assert bars[1] / bars[0] == pytest.approx(0.4 / 0.6, rel=0.01)


def test_a_donut_of_one_part_is_a_whole_ring():
    svg = parsed(charts.donut(["Android"], [1.0], ["100.0%"]))

    ring = next(svg.iter(f"{SVG}circle"))
    assert "ring" in ring.get("class", "")
    assert titles(svg) == ["Android: 100.0%"]


def test_a_donut_draws_each_part_as_a_slice_with_its_legend():
    svg = parsed(charts.donut(["Female", "Male", "Other"], [0.7, 0.3, 0.0], ["70.0%", "30.0%", "0.0%"]))

    # no slice for a share of 0, but its line in the legend
    assert len(list(svg.iter(f"{SVG}path"))) == 2
    assert texts(svg) == ["Female 70.0%", "Male 30.0%", "Other 0.0%"]


def test_a_video_without_a_rate_breaks_the_line_and_gets_no_mark():
    moments = [datetime(2026, 11, day, 18, tzinfo=UTC) for day in (1, 2, 3)]
    svg = parsed(
        charts.rates(
            moments, [0.05, None, 0.07], ["a", "b", "c"], headline=0.06, headline_text="All 15: 6.0%"
        )
    )

    line = next(path for path in svg.iter(f"{SVG}path") if "line" in path.get("class", ""))
    assert line.get("d", "").count("M") == 2  # two pieces, no segment through the gap
    assert titles(svg) == ["a", "c"]
    assert "All 15: 6.0%" in texts(svg)


def test_labels_from_imported_data_are_escaped():
    markup = charts.rows(['<script>alert("x")</script>'], [1.0], ["100.0%"])

    assert "<script>" not in markup
    assert parsed(markup) is not None


def test_the_day_axis_names_days_in_the_readers_language():
    from django.utils import translation

    days = [date(2026, 10, 21 + n) for n in range(10)]
    with translation.override("it"):
        svg = parsed(charts.line(days, list(range(1000, 1010)), [str(n) for n in range(10)]))
    assert "21 ott" in texts(svg)
