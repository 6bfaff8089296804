"""A request's state badge has a colour of its own: a declined request never looks withdrawn, and every
badge's text meets WCAG AA contrast (4.5:1) on its background, in the light theme and the dark."""

import re
from pathlib import Path

import pytest

SHEET = Path(__file__).resolve().parents[2] / "static" / "vetrina" / "vetrina.css"
STATES = ["pending", "accepted", "declined", "withdrawn", "expired"]


def rules() -> str:
    return re.sub(r"/\*.*?\*/", "", SHEET.read_text(), flags=re.S)


def palette(theme: str) -> dict[str, str]:
    text = rules()
    root = re.search(r":root\s*\{(.*?)\}", text, re.S)
    assert root is not None
    light = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", root[1]))
    if theme == "light":
        return light
    dark_block = re.search(r"prefers-color-scheme:\s*dark\)\s*\{\s*:root\s*\{(.*?)\}", text, re.S)
    assert dark_block is not None
    return {**light, **dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", dark_block[1]))}


def badge_colours(state: str, theme: str) -> tuple[str, str]:
    """The text and background colours of `.badge-<state>`: the custom properties its rule names."""
    colours = palette(theme)
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", rules()):
        if f".badge-{state}" in [selector.strip() for selector in selectors.split(",")]:
            text = re.search(r"(?<![-\w])color:\s*var\(--([\w-]+)\)", body)
            background = re.search(r"background:[^;]*?var\(--([\w-]+)\)", body)
            assert text is not None
            assert background is not None
            return colours[text[1]], colours[background[1]]
    raise AssertionError(f"no rule for .badge-{state}")


def luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    lighter, darker = sorted([luminance(one), luminance(other)], reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_declined_and_withdrawn_have_colours_of_their_own(theme):
    assert badge_colours("declined", theme) != badge_colours("withdrawn", theme)
    assert badge_colours("declined", theme)[0] != badge_colours("withdrawn", theme)[0]  # the text too


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("state", STATES)
def test_every_state_badge_reads_at_aa_contrast(state, theme):
    text, background = badge_colours(state, theme)
    assert contrast(text, background) >= 4.5
    # and on the page's surface, which shows through the expired badge's stripes
    assert contrast(text, palette(theme)["surface"]) >= 4.5
