"""The metrics page's charts, drawn on the server as SVG inside the page.

Why SVG from here rather than a chart library in the browser: the page used to fetch plotly.js
(4.8 MB, 1.47 MB compressed) and drew its charts 1.6–5 s after it arrived. Drawn here, a chart is a
few kilobytes of markup that shows with the first paint, needs no script (so nothing for the
Content-Security-Policy to allow, and it works with JavaScript off), and is labelled by the same
Babel formatting as the tables beside it, in the viewer's language. Colours are CSS classes that read
the page's custom properties (creator.css), so the charts follow the light and dark themes by
themselves. Each mark carries a <title>: the browser shows it on hover, as the old tooltips did.
The price is that the charts do not zoom or pan; the page's charts never needed that. A small
library of our own rather than a Python charting package: the ones that make SVG either load their
tooltips' script from a CDN or are no longer kept, and these six shapes are a few hundred lines.

Every function takes the points and the texts already formatted (presentation.page) and returns the
<svg> element as safe markup; geometry is in the SVG's own units, and the SVG scales to its box.
"""

import math
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, timedelta
from functools import cache

from django.utils.safestring import SafeString, mark_safe

from vetrina.lib.formatting import compact_number, day_month, percent

Formatter = Callable[[float], str]

AUDIENCE_SIZE = (320, 200)  # width, height of an audience chart
TREND_SIZE = (480, 220)
ROW_HEIGHT = 20  # a country's or continent's bar
CHAR_WIDTH = 6.6  # an estimate of one character at the charts' 12-unit font, to leave room for labels
PAD = 8


class _Svg:
    """An <svg> element and the marks drawn in it, each written out as markup when it is added.

    What xml.etree.ElementTree.tostring wrote for the same elements, character for character (its
    escaping, " />" for an empty element), without building a tree of objects first: a metrics page draws
    nine charts of some 200 elements, and the tree and its serialisation were a tenth of the page's time.
    """

    __slots__ = ("attributes", "marks")

    def __init__(self, attributes: dict[str, object]) -> None:
        self.attributes = attributes
        self.marks: list[str] = []


def _svg(width: float, height: float, kind: str) -> _Svg:
    return _Svg(
        {
            "class": f"chart-svg chart-{kind}",
            "viewBox": f"0 0 {width:g} {height:g}",
            "xmlns": "http://www.w3.org/2000/svg",
            "focusable": "false",
            "aria-hidden": "true",
        }
    )


def _render(svg: _Svg) -> SafeString:
    # Every text and attribute is escaped as it is written (_element): labels come from imported data.
    inside = "".join(svg.marks)
    opening = _opening("svg", {name: _written(value) for name, value in svg.attributes.items()})
    return mark_safe(f"{opening}>{inside}</svg>" if inside else f"{opening} />")


def _add(parent: _Svg, tag: str, title: str | None = None, text: str | None = None, **attrs: object) -> None:
    attributes = {_name(key): _written(value) for key, value in attrs.items()}
    parent.marks.append(_element(tag, attributes, title, text))


@cache
def _name(keyword: str) -> str:
    """The attribute a keyword stands for: class_ is class, text_anchor text-anchor."""
    return keyword.rstrip("_").replace("_", "-")


def _written(value: object) -> str:
    """An attribute's value as written: a number as it is (nothing in it to escape), text escaped."""
    if isinstance(value, float):
        return f"{value:.1f}".rstrip("0").rstrip(".")
    if isinstance(value, int):
        return str(value)
    return _escape_attribute(str(value))


def _element(tag: str, attributes: Mapping[str, str], title: str | None, text: str | None) -> str:
    opening = _opening(tag, attributes)
    if not text and title is None:
        return f"{opening} />"
    inside = _escape_text(text) if text else ""
    if title is not None:
        inside += f"<title>{_escape_text(title)}</title>" if title else "<title />"
    return f"{opening}>{inside}</{tag}>"


def _opening(tag: str, attributes: Mapping[str, str]) -> str:
    """The start of an element, its attributes' values already written (_written)."""
    return f"<{tag}" + "".join(f' {name}="{value}"' for name, value in attributes.items())


def _escape_text(text: str) -> str:
    # As ElementTree escapes character data.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _escape_attribute(text: str) -> str:
    # As ElementTree escapes an attribute's value.
    text = _escape_text(text).replace('"', "&quot;")
    if "\r" in text or "\n" in text or "\t" in text:
        text = text.replace("\r", "&#13;").replace("\n", "&#10;").replace("\t", "&#09;")
    return text


def nice_ticks(low: float, high: float, count: int = 4) -> list[float]:
    """About `count` round values covering low..high (0, 250K, 500K…), the first ≤ low, the last ≥ high."""
    if high <= low:
        high = low + (abs(low) or 1)
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.floor(low / step) * step
    ticks = [first]
    while ticks[-1] < high - 1e-12:
        ticks.append(first + step * len(ticks))
    return ticks


def _y_axis(
    svg: _Svg,
    ticks: list[float],
    scale: Callable[[float], float],
    left: float,
    right: float,
    fmt: Formatter,
) -> None:
    for tick in ticks:
        y = scale(tick)
        _add(svg, "line", class_="grid", x1=left, x2=right, y1=y, y2=y)
        _add(svg, "text", text=fmt(tick), class_="tick", x=left - 4, y=y + 4, text_anchor="end")


def _label_width(labels: Sequence[str]) -> float:
    return max((len(label) for label in labels), default=0) * CHAR_WIDTH


def bars(labels: Sequence[str], values: Sequence[float], texts: Sequence[str]) -> SafeString:
    """Vertical bars for buckets with an order (age): shares on the y axis, from zero."""
    width, height = AUDIENCE_SIZE
    svg = _svg(width, height, "bars")
    ticks = nice_ticks(0, max(values, default=0) or 0.01)
    formatted = [percent(t, decimals=0) for t in ticks]
    left, right, top, bottom = PAD + _label_width(formatted) + 4, width - PAD, PAD, height - 24

    def y(value: float) -> float:
        return bottom - (value / ticks[-1]) * (bottom - top)

    _y_axis(svg, ticks, y, left, right, lambda t: percent(t, decimals=0))
    slot = (right - left) / max(len(values), 1)
    for index, (label, value, text) in enumerate(zip(labels, values, texts, strict=True)):
        x = left + index * slot
        _add(
            svg,
            "rect",
            f"{label}: {text}",
            class_="mark series-1",
            x=x + slot * 0.15,
            y=y(value),
            width=slot * 0.7,
            height=max(bottom - y(value), 0),
        )
        _add(svg, "text", text=label, class_="tick", x=x + slot / 2, y=height - 8, text_anchor="middle")
    return _render(svg)


def donut(labels: Sequence[str], values: Sequence[float], texts: Sequence[str]) -> SafeString:
    """A ring of parts of a whole (gender, activity, device), clockwise from the top, its legend beside it."""
    width, height = AUDIENCE_SIZE
    svg = _svg(width, height, "donut")
    radius, hole = (height - 2 * PAD) / 2, (height - 2 * PAD) / 2 * 0.55
    cx, cy = PAD + radius, height / 2
    total = sum(values) or 1
    start = 0.0
    for index, (label, value, text) in enumerate(zip(labels, values, texts, strict=True)):
        share = value / total
        series = f"mark series-{index % 6 + 1}"
        title = f"{label}: {text}"
        if share >= 0.9999:
            # One part is the whole ring: an arc from a point back to itself draws nothing.
            _add(
                svg,
                "circle",
                title,
                class_=f"{series} ring",
                cx=cx,
                cy=cy,
                r=(radius + hole) / 2,
                stroke_width=radius - hole,
            )
        elif share > 0:
            _add(svg, "path", title, class_=series, d=_arc(cx, cy, radius, hole, start, start + share))
        start += share
        legend_y = PAD + 14 + index * 22
        _add(svg, "rect", class_=series, x=cx + radius + 24, y=legend_y - 10, width=12, height=12, rx=2)
        _add(svg, "text", text=f"{label} {text}", class_="legend", x=cx + radius + 42, y=legend_y)
    return _render(svg)


def _arc(cx: float, cy: float, outer: float, inner: float, start: float, end: float) -> str:
    """The ring's slice from fraction `start` to `end` of a turn, clockwise from twelve o'clock."""

    def point(radius: float, fraction: float) -> str:
        angle = 2 * math.pi * fraction - math.pi / 2
        return f"{cx + radius * math.cos(angle):.2f} {cy + radius * math.sin(angle):.2f}"

    large = 1 if end - start > 0.5 else 0
    return (
        f"M{point(outer, start)} A{outer:.2f} {outer:.2f} 0 {large} 1 {point(outer, end)} "
        f"L{point(inner, end)} A{inner:.2f} {inner:.2f} 0 {large} 0 {point(inner, start)} Z"
    )


def rows(labels: Sequence[str], values: Sequence[float], texts: Sequence[str]) -> SafeString:
    """Horizontal bars, largest first, for many values (countries, continents); each bar says its share."""
    width = AUDIENCE_SIZE[0]
    height = 2 * PAD + ROW_HEIGHT * len(values)
    svg = _svg(width, height, "rows")
    most = int(width * 0.45 / CHAR_WIDTH)  # characters a label may take; a longer one is cut, whole on hover
    shown = [label if len(label) <= most else label[: most - 1].rstrip() + "…" for label in labels]
    left = PAD + _label_width(shown) + 6
    longest = _label_width(texts) + 6
    scale = (width - PAD - longest - left) / (max(values, default=0) or 1)
    for index, (label, short, value, text) in enumerate(zip(labels, shown, values, texts, strict=True)):
        y = PAD + index * ROW_HEIGHT
        _add(svg, "text", text=short, class_="tick", x=left - 6, y=y + 14, text_anchor="end")
        _add(
            svg,
            "rect",
            f"{label}: {text}",
            class_="mark series-2",
            x=left,
            y=y + 3,
            width=max(value * scale, 1),
            height=ROW_HEIGHT - 6,
            rx=2,
        )
        _add(svg, "text", text=text, class_="value", x=left + value * scale + 4, y=y + 14)
    return _render(svg)


# --- Series over time ------------------------------------------------------------------------------


def _moment(value: date | datetime) -> float:
    if isinstance(value, datetime):
        return value.timestamp()
    return datetime(value.year, value.month, value.day).timestamp()


def _time_ticks(first: date, last: date) -> list[date]:
    """Midnights between first and last, a round number of days apart, four or five of them."""
    span = max((last - first).days, 1)
    step = next((s for s in (1, 2, 3, 7, 14, 30, 61, 91) if span / s <= 5), 182)
    ticks, current = [], first
    while current <= last:
        ticks.append(current)
        current += timedelta(days=step)
    return ticks


class _TimePlot:
    """A plot with dates across and values up: its scales, grid and axes labels."""

    def __init__(
        self,
        svg: _Svg,
        moments: Sequence[date | datetime],
        ticks: list[float],
        fmt: Formatter,
        *,
        pad_ends: float = 0.0,
    ) -> None:
        width, height = TREND_SIZE
        labels = [fmt(t) for t in ticks]
        self.left, self.right = PAD + _label_width(labels) + 4, width - PAD - 16
        self.top, self.bottom = PAD, height - 24
        times = [_moment(m) for m in moments]
        self.start, self.end = min(times) - pad_ends, max(times) + pad_ends
        if self.end <= self.start:
            self.start, self.end = self.start - 86400, self.end + 86400
        self.low, self.high = ticks[0], ticks[-1]
        _y_axis(svg, ticks, self.y, self.left, self.right, fmt)
        days = [m.date() if isinstance(m, datetime) else m for m in moments]
        for tick in _time_ticks(min(days), max(days)):
            x = self.x(tick)
            if self.left - 1 <= x <= self.right + 1:
                _add(
                    svg, "text", text=day_month(tick), class_="tick", x=x, y=height - 8, text_anchor="middle"
                )

    def x(self, moment: date | datetime) -> float:
        return self.left + (_moment(moment) - self.start) / (self.end - self.start) * (self.right - self.left)

    def y(self, value: float) -> float:
        return self.bottom - (value - self.low) / ((self.high - self.low) or 1) * (self.bottom - self.top)


def _line(
    svg: _Svg,
    plot: _TimePlot,
    points: list[tuple[date | datetime, float | None, str]],
    series: str,
    marker: float,
) -> None:
    """A line through the points with a mark on each; a point without a value (None) breaks the line."""
    steps, pen_down = [], False
    for moment, value, _text in points:
        if value is None:
            pen_down = False
            continue
        steps.append(f"{'L' if pen_down else 'M'}{plot.x(moment):.1f} {plot.y(value):.1f}")
        pen_down = True
    _add(svg, "path", class_=f"line {series}", d=" ".join(steps))
    for moment, value, text in points:
        if value is not None:
            _add(svg, "circle", text, class_=f"mark {series}", cx=plot.x(moment), cy=plot.y(value), r=marker)


def line(moments: Sequence[date | datetime], values: Sequence[float], texts: Sequence[str]) -> SafeString:
    """Followers day by day: a line with a mark a day, the y axis around the values (not from zero)."""
    svg = _svg(*TREND_SIZE, "line")
    low, high = min(values), max(values)
    margin = (high - low) * 0.05 or abs(high) * 0.01 or 1
    plot = _TimePlot(svg, moments, nice_ticks(low - margin, high + margin), compact_number)
    _line(svg, plot, list(zip(moments, values, texts, strict=True)), "series-accent", 2.5)
    return _render(svg)


def candles(moments: Sequence[datetime], values: Sequence[float], texts: Sequence[str]) -> SafeString:
    """One narrow bar a video, at the moment it was posted, as high as its views."""
    svg = _svg(*TREND_SIZE, "candles")
    plot = _TimePlot(svg, moments, nice_ticks(0, max(values) or 1), compact_number, pad_ends=12 * 3600)
    bar = max((plot.right - plot.left) / max(len(values), 1) * 0.5, 2)
    bar = min(bar, 10)
    for moment, value, text in zip(moments, values, texts, strict=True):
        _add(
            svg,
            "rect",
            text,
            class_="mark series-2",
            x=plot.x(moment) - bar / 2,
            y=plot.y(value),
            width=bar,
            height=max(plot.bottom - plot.y(value), 1),
        )
    return _render(svg)


def rates(
    moments: Sequence[datetime],
    values: Sequence[float | None],
    texts: Sequence[str],
    *,
    headline: float | None,
    headline_text: str,
) -> SafeString:
    """Each video's engagement rate from zero, and the rate of all of them as a dashed line, labelled."""
    svg = _svg(*TREND_SIZE, "rates")
    top = max([*(v for v in values if v is not None), headline or 0]) or 0.01
    plot = _TimePlot(
        svg, moments, nice_ticks(0, top * 1.1), lambda t: percent(t, decimals=1), pad_ends=12 * 3600
    )
    if headline is not None:
        y = plot.y(headline)
        _add(svg, "line", class_="headline", x1=plot.left, x2=plot.right, y1=y, y2=y)
        _add(
            svg, "text", text=headline_text, class_="headline-label", x=plot.right, y=y - 4, text_anchor="end"
        )
    _line(svg, plot, list(zip(moments, values, texts, strict=True)), "series-3", 3.5)
    return _render(svg)
