import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]
PARTIAL = PACKAGE / "templates" / "partials" / "table.html"
# A chart's numbers, folded under it for screen readers and the curious, are part of the chart, not a data
# table of the page.
CHART_NUMBERS = re.compile(r'<details class="chart-table">.*?</details>', re.S)


def test_every_data_table_is_drawn_by_the_one_table_partial():
    others = [
        template.relative_to(PACKAGE)
        for template in PACKAGE.rglob("templates/**/*.html")
        if template != PARTIAL and "<table" in CHART_NUMBERS.sub("", template.read_text())
    ]
    assert others == []
    assert "<table" in PARTIAL.read_text()
