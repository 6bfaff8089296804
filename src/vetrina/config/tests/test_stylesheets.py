import re
from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]
SHEETS = PACKAGE / "static" / "vetrina"


def rules_of(sheet: Path) -> str:
    return re.sub(r"/\*.*?\*/", "", sheet.read_text(), flags=re.S)


def test_the_story_atop_vetrina_css_names_every_sheet_and_every_sheet_a_template_links():
    story = re.match(r"/\*.*?\*/", (SHEETS / "vetrina.css").read_text(), re.S)
    assert story is not None
    named = set(re.findall(r"[\w-]+\.css", story.group(0)))
    on_disk = {sheet.name for sheet in SHEETS.glob("*.css")}
    linked = {
        name
        for template in PACKAGE.rglob("templates/**/*.html")
        for name in re.findall(r"static 'vetrina/([\w-]+\.css)'", template.read_text())
    }
    assert named == on_disk
    assert linked == on_disk


def test_no_selector_is_styled_in_two_sheets():
    # A rule two areas need lives in vetrina.css once; `:root` is where creator.css adds its chart palette.
    sheets_of = defaultdict(set)
    for sheet in SHEETS.glob("*.css"):
        for block in re.findall(r"([^{}]+)\{", rules_of(sheet)):
            if block.strip().startswith("@"):  # @media, @keyframes: the rules inside count
                continue
            for selector in block.split(","):
                selector = " ".join(selector.split())
                if selector not in (":root", "to", "from"):
                    sheets_of[selector].add(sheet.name)
    assert {selector: sheets for selector, sheets in sheets_of.items() if len(sheets) > 1} == {}
